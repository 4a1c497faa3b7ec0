"""`claims import`: read an article (file or URL), extract its claims and references, store them.

Reading and decoding live here because they decide what counts as bad input; extraction itself is
pure (extract.py) and storage goes through store.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from claims_tracker import pdf, store
from claims_tracker.errors import InputError, InvalidURLError
from claims_tracker.extract import (
    ExtractedArticle,
    ExtractedSource,
    ExtractionError,
    extract_article,
)
from claims_tracker.fetch import Fetcher, FetchSettings
from claims_tracker.models import (
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    Relation,
    Source,
    SourceState,
)

MAX_ARTICLE_BYTES = 20 * 1024 * 1024

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as read: decoded text plus where it came from."""

    location: str  # the path or URL the user gave
    text: str
    url: str | None = None


_OTHER_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def decode_article(data: bytes, location: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), else a charset the document declares."""
    if not data.strip():
        raise InputError(f"{location}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{location}: looks like a binary file, not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _DECLARED_CHARSET.search(data[:4096])
        if declared is None:
            raise InputError(
                f"{location}: not valid UTF-8 (byte {exc.start}) and no charset declared"
            ) from exc
        charset = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as inner:
            raise InputError(f"{location}: cannot decode as declared charset {charset}") from inner


def read_path(location: str) -> ArticleInput:
    path = Path(location)
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise InputError(f"{location}: larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{location}: is a directory") from exc
    except FileNotFoundError as exc:
        if _OTHER_SCHEME.match(location):  # "ftp://…", "file:///…": a URL we do not fetch
            raise InputError(
                f"{location}: unsupported URL scheme (only http and https are imported)"
            ) from exc
        raise InputError(f"{location}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{location}: cannot read ({exc.strerror or exc})") from exc
    if pdf.looks_like_pdf(None, data):
        return ArticleInput(location=location, text=_pdf_article(data, location))
    return ArticleInput(location=location, text=decode_article(data, location))


def _pdf_article(data: bytes, location: str) -> str:
    """A PDF's text as a plain-text article, its title (when the file names one) first."""
    document = pdf.read_pdf(data)
    if document is None:
        raise InputError(f"{location}: a PDF that cannot be read (broken or password-protected)")
    if not document.text.strip():
        raise InputError(f"{location}: a PDF without text (scanned pages need OCR first)")
    title = document.title
    if title and not document.text.startswith(title):
        return f"{title}\n\n{document.text}"
    return document.text


def read_url(location: str, fetcher: Fetcher) -> ArticleInput:
    result = fetcher.fetch(location)
    if result.error_kind is not None:
        detail = f": {result.error_detail}" if result.error_detail else ""
        raise InputError(f"{location}: cannot fetch ({result.error_kind.value}{detail})")
    if result.status is None or not 200 <= result.status < 300:
        raise InputError(f"{location}: the server answered HTTP {result.status}")
    if result.text is None:
        raise InputError(f"{location}: not a text or HTML page ({result.content_type})")
    if not result.text.strip():
        raise InputError(f"{location}: the page is empty")
    return ArticleInput(location=location, text=result.text, url=result.final_url)


def read_article(location: str, fetch_settings: FetchSettings) -> ArticleInput:
    if is_url(location):
        with Fetcher(fetch_settings) as fetcher:
            return read_url(location, fetcher)
    return read_path(location)


def extract(article_input: ArticleInput, *, include_asserted: bool) -> ExtractedArticle:
    try:
        return extract_article(
            article_input.text, include_asserted=include_asserted, base_url=article_input.url
        )
    except ExtractionError as exc:
        raise InputError(f"{article_input.location}: {exc}") from exc


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def describe(article_input: ArticleInput, extracted: ExtractedArticle) -> dict[str, Any]:
    """The --dry-run JSON of one article (SPEC §3 / README)."""
    return {
        "path": article_input.location,
        "url": article_input.url or extracted.url,
        "title": extracted.title,
        "format": extracted.format,
        "claims": [
            {
                "text": claim.text,
                "hedge": claim.hedge.value,
                "cues": [{"text": c.text, "start": c.start, "end": c.end} for c in claim.cues],
                "attributed_to": claim.attributed_to,
                "section": claim.section,
                "paragraph": claim.paragraph,
                "start": claim.start,
                "end": claim.end,
                "cites": list(claim.urls),
            }
            for claim in extracted.claims
        ],
        "sources": [
            {
                "title": source.title,
                "publisher": source.publisher,
                "description": source.description,
                "url": source.url,
                "relation": source.relation.value,
            }
            for source in extracted.sources
        ],
        "suggestions": [
            {"claim": s.claim, "source": s.source, "score": round(s.score, 4)}
            for s in extracted.suggestions
        ],
    }


def store_article(
    session: Session, article_input: ArticleInput, extracted: ExtractedArticle, *, actor: str
) -> dict[str, Any]:
    """Store one extracted article; a second import of the same body changes nothing."""
    result = describe(article_input, extracted)
    sha = body_sha256(extracted.body)
    article = session.scalars(select(Article).where(Article.body_sha256 == sha)).first()
    created = article is None
    if article is None:
        article = Article(
            url=article_input.url or extracted.url,
            path=None if article_input.url else article_input.location,
            title=extracted.title,
            publisher=extracted.publisher,
            published_at=extracted.published_at,
            format=extracted.format,
            body=extracted.body,
            body_sha256=sha,
        )
        session.add(article)
        session.flush()
    claim_ids = _store_claims(session, article.id, extracted)
    sources = [_store_source(session, source) for source in extracted.sources]
    if created:
        _link_all(session, extracted, claim_ids, [source.id for source in sources])
        store.recompute_statuses(session, claim_ids, actor=actor, initial=True)
    statuses = dict(
        session.execute(select(Claim.id, Claim.status).where(Claim.id.in_(claim_ids))).all()
    )
    result["id"] = article.id
    result["created"] = created
    for described, claim_id in zip(result["claims"], claim_ids, strict=True):
        described["id"] = claim_id
        described["status"] = statuses[claim_id].value
    for described, source in zip(result["sources"], sources, strict=True):
        described["id"] = source.id
    return result


def _store_claims(session: Session, article_id: int, extracted: ExtractedArticle) -> list[int]:
    """Insert the claims the article does not have yet (one executemany); ids in input order."""
    ids = dict(
        session.execute(
            select(Claim.fingerprint, Claim.id).where(Claim.article_id == article_id)
        ).all()
    )
    fresh: dict[str, dict[str, Any]] = {}
    for item in extracted.claims:
        if item.fingerprint not in ids and item.fingerprint not in fresh:
            fresh[item.fingerprint] = {
                "text": item.text,
                "fingerprint": item.fingerprint,
                "article_id": article_id,
                "paragraph": item.paragraph,
                "start": item.start,
                "end": item.end,
                "section": item.section,
                "hedge": item.hedge,
                "cues": [{"text": c.text, "start": c.start, "end": c.end} for c in item.cues],
                "attributed_to": item.attributed_to,
                "status": ClaimStatus.UNSOURCED,
            }
    if fresh:
        inserted = session.execute(
            insert(Claim).returning(Claim.fingerprint, Claim.id, sort_by_parameter_order=True),
            list(fresh.values()),
        )
        ids.update(dict(inserted.all()))
    return [ids[item.fingerprint] for item in extracted.claims]


def _store_source(session: Session, item: ExtractedSource) -> Source:
    if item.url is not None:
        try:
            return store.source_for_url(
                session,
                item.url,
                title=item.title,
                publisher=item.publisher,
                description=item.description,
            )
        except InvalidURLError:
            pass  # a mailto: or javascript: link in a reference list: keep its title only
    # A title-only reference is the same source when title and publisher agree.
    source = session.scalars(
        select(Source).where(
            Source.url.is_(None),
            Source.title == item.title,
            Source.publisher.is_(None)
            if item.publisher is None
            else Source.publisher == item.publisher,
        )
    ).first()
    if source is None:
        source = Source(
            title=item.title,
            publisher=item.publisher,
            description=item.description,
            state=SourceState.UNCHECKED,
            consecutive_failures=0,
        )
        session.add(source)
        session.flush()
    return source


def _link_all(
    session: Session, extracted: ExtractedArticle, claim_ids: list[int], source_ids: list[int]
) -> None:
    """Links of a newly created article, in one executemany (its claims have no links yet)."""
    by_url = {
        source.url: source_id
        for source, source_id in zip(extracted.sources, source_ids, strict=True)
        if source.url
    }
    links: dict[tuple[int, int], dict[str, Any]] = {}

    def add(claim_id: int, source_id: int, relation: Relation, score: float | None) -> None:
        key = (claim_id, source_id)
        held = links.get(key)
        if (
            held is None
            or store.RELATION_STRENGTH[relation] > store.RELATION_STRENGTH[held["relation"]]
        ):
            links[key] = {
                "claim_id": claim_id,
                "source_id": source_id,
                "relation": relation,
                "score": score,
            }

    for item, claim_id in zip(extracted.claims, claim_ids, strict=True):
        for url in item.urls:
            source_id = by_url.get(url)
            if source_id is None:
                try:
                    source_id = store.source_for_url(session, url).id
                except InvalidURLError:
                    continue
            add(claim_id, source_id, Relation.CITED, None)
    for suggestion in extracted.suggestions:
        add(
            claim_ids[suggestion.claim],
            source_ids[suggestion.source],
            Relation.SUGGESTED,
            suggestion.score,
        )
    if links:
        session.execute(insert(ClaimSource), list(links.values()))


def run_import(
    location: str,
    *,
    fetch_settings: FetchSettings,
    include_asserted: bool,
    dry_run: bool,
    transaction: Callable[[], AbstractContextManager[Session]] | None,
    actor: str,
) -> dict[str, Any]:
    """Read, extract and (unless dry_run) store one article in its own transaction."""
    article_input = read_article(location, fetch_settings)
    extracted = extract(article_input, include_asserted=include_asserted)
    if dry_run or transaction is None:
        return describe(article_input, extracted)
    with transaction() as session:
        return store_article(session, article_input, extracted, actor=actor)
