"""Claims, sources and links in the database: the operations behind add/link/resolve/review,
status recomputation, and the read models that list/show/sources render."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Select, Table, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from claims_tracker.confidence import LinkFacts, compute_status
from claims_tracker.errors import NotFoundError, UsageError
from claims_tracker.models import (
    Article,
    Check,
    Claim,
    ClaimSource,
    ClaimStatus,
    Evidence,
    Hedge,
    Relation,
    ReviewVerdict,
    Snapshot,
    Source,
    SourceState,
    StatusChange,
    iso_utc,
    utc_now,
)
from claims_tracker.urls import host_of, normalize_url, registrable_domain

MAX_CLAIM_LENGTH = 5000


def host_condition(
    host: str, column: ColumnElement[str | None] | None = None
) -> ColumnElement[bool]:
    """Sources on this host or its subdomains: `example.org` also means `news.example.org`; a
    URL given instead (`https://example.org/page`) means its host. `column` is the sources'
    host column to test (`Source.host` unless a Core statement gives its table's)."""
    host = host.strip()
    if "://" in host:
        host = urlsplit(host).hostname or host
    host = host.lower().rstrip(".")
    tested = Source.host if column is None else column
    return or_(tested == host, tested.endswith("." + host))


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError("claim", claim_id)
    return claim


def get_source(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError("source", source_id)
    return source


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError("article", article_id)
    return article


def source_for_url(
    session: Session,
    url: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    description: str | None = None,
) -> Source:
    """The Source for this page, created if new. Raises InvalidURLError for a non-http(s) URL."""
    normalized = normalize_url(url)
    source = session.scalars(select(Source).where(Source.normalized_url == normalized)).first()
    if source is None:
        source = Source(
            url=url.strip(),
            normalized_url=normalized,
            host=host_of(normalized),
            title=title,
            publisher=publisher,
            description=description,
            state=SourceState.UNCHECKED,
            consecutive_failures=0,
        )
        session.add(source)
        session.flush()
    else:
        source.title = source.title or title
        source.publisher = source.publisher or publisher
        source.description = source.description or description
    return source


def find_link(session: Session, claim_id: int, source_id: int) -> ClaimSource | None:
    return session.scalars(
        select(ClaimSource).where(
            ClaimSource.claim_id == claim_id, ClaimSource.source_id == source_id
        )
    ).first()


def link(
    session: Session, claim: Claim, source: Source, relation: Relation, score: float | None = None
) -> ClaimSource:
    """Link a claim to a source; an existing link stays, upgraded if the new relation is firmer."""
    return _link(session, claim, source, relation, score)[0]


def _link(
    session: Session, claim: Claim, source: Source, relation: Relation, score: float | None = None
) -> tuple[ClaimSource, bool]:
    """`link`, also saying whether the link is new."""
    existing = find_link(session, claim.id, source.id)
    if existing is not None:
        if RELATION_STRENGTH[relation] > RELATION_STRENGTH[existing.relation]:
            existing.relation = relation
            existing.score = score
        return existing, False
    link_row = ClaimSource(claim_id=claim.id, source_id=source.id, relation=relation, score=score)
    session.add(link_row)
    session.flush()
    return link_row, True


# A suggestion is a guess; a manual or cited link is a fact about the claim.
RELATION_STRENGTH = {
    Relation.SUGGESTED: 0,
    Relation.REFERENCE: 1,
    Relation.CITED: 2,
    Relation.MANUAL: 3,
}


def add_claim(
    session: Session,
    text: str,
    *,
    hedge: Hedge,
    source_urls: Sequence[str] = (),
    attributed_to: str | None = None,
    article_id: int | None = None,
    cues: list[dict[str, Any]] | None = None,
    fingerprint: str,
    actor: str,
) -> tuple[Claim, bool]:
    """A claim added by hand (or found again), and whether it is new."""
    text = text.strip()
    if not text:
        raise UsageError("claim text is empty")
    if len(text) > MAX_CLAIM_LENGTH:
        raise UsageError(f"claim text is longer than {MAX_CLAIM_LENGTH} characters")
    if article_id is not None:
        get_article(session, article_id)
    sources = [source_for_url(session, url) for url in source_urls]
    existing = _existing_claim(session, fingerprint, article_id)
    if existing is not None:  # the same claim again: it gains the sources, not a twin
        for source in sources:
            link(session, existing, source, Relation.MANUAL)
        recompute_statuses(session, [existing.id], actor=actor)
        return existing, False
    claim = Claim(
        text=text,
        fingerprint=fingerprint,
        article_id=article_id,
        hedge=hedge,
        cues=cues or [],
        attributed_to=attributed_to,
        status=ClaimStatus.UNSOURCED,
    )
    session.add(claim)
    session.flush()
    for source in sources:
        link(session, claim, source, Relation.MANUAL)
    recompute_statuses(session, [claim.id], actor=actor, initial=True)
    return claim, True


def _existing_claim(session: Session, fingerprint: str, article_id: int | None) -> Claim | None:
    """The claim with this fingerprint in this article (or among those added by hand)."""
    article = Claim.article_id.is_(None) if article_id is None else Claim.article_id == article_id
    return session.scalars(
        select(Claim).where(Claim.fingerprint == fingerprint, article).order_by(Claim.id)
    ).first()


def link_claim(
    session: Session, claim_id: int, url: str, *, actor: str
) -> tuple[ClaimSource, bool]:
    """Link a claim to the source of `url` by hand; also says whether the link is new."""
    claim = get_claim(session, claim_id)
    source = source_for_url(session, url)
    link_row, created = _link(session, claim, source, Relation.MANUAL)
    recompute_statuses(session, [claim.id], actor=actor)
    return link_row, created


def resolve_source(
    session: Session, source_id: int, url: str, *, actor: str, replace: bool = False
) -> Source:
    """Give a title-only source its URL (or, with replace, correct a wrong one). If that page is
    already a Source, merge into it."""
    source = get_source(session, source_id)
    normalized = normalize_url(url)
    if source.url is not None and not replace:
        raise UsageError(
            f"source {source_id} already has a URL ({source.url}); use --replace to change it"
        )
    twin = session.scalars(
        select(Source).where(Source.normalized_url == normalized, Source.id != source.id)
    ).first()
    claim_ids = list(
        session.scalars(select(ClaimSource.claim_id).where(ClaimSource.source_id == source.id))
    )
    if twin is None:
        source.url = url.strip()
        source.normalized_url = normalized
        source.host = host_of(normalized)
        source.state = SourceState.UNCHECKED
        source.next_check_at = None
        target = source
    else:
        for claim_id in claim_ids:
            claim = get_claim(session, claim_id)
            old = session.scalars(
                select(ClaimSource).where(
                    ClaimSource.claim_id == claim_id, ClaimSource.source_id == source.id
                )
            ).one()
            link(session, claim, twin, old.relation, old.score)
        twin.title = twin.title or source.title
        twin.publisher = twin.publisher or source.publisher
        twin.description = twin.description or source.description
        session.execute(delete(Source).where(Source.id == source.id))
        target = twin
    session.add(
        StatusChange(
            source_id=target.id,
            field="url",
            old=None,
            new="resolved",
            reason=f"source {source_id} resolved to {normalized}",
            actor=actor,
        )
    )
    session.flush()
    recompute_statuses(session, claim_ids, actor=actor)
    return target


def review_claim(
    session: Session, claim_id: int, verdict: ReviewVerdict, note: str | None, *, actor: str
) -> Claim:
    claim = get_claim(session, claim_id)
    session.add(
        StatusChange(
            claim_id=claim.id,
            field="review",
            old=claim.review_verdict.value if claim.review_verdict else None,
            new=verdict.value,
            reason=note,
            actor=actor,
        )
    )
    claim.review_verdict = verdict
    claim.review_note = note
    claim.reviewed_at = utc_now()
    session.flush()
    recompute_statuses(session, [claim.id], actor=actor)
    return claim


def link_facts(session: Session, claim_ids: Sequence[int]) -> dict[int, list[LinkFacts]]:
    """Everything the confidence rules need, for many claims, in one query."""
    rows = session.execute(
        select(
            ClaimSource.claim_id,
            Source.url,
            Source.state,
            Source.host,
            Evidence.verdict,
            Evidence.score,
            Evidence.archived,
        )
        .join(Source, Source.id == ClaimSource.source_id)
        .outerjoin(
            Evidence,
            (Evidence.claim_id == ClaimSource.claim_id)
            & (Evidence.source_id == ClaimSource.source_id),
        )
        .where(ClaimSource.claim_id.in_(claim_ids))
    )
    facts: dict[int, list[LinkFacts]] = defaultdict(list)
    for claim_id, url, state, host, verdict, score, archived in rows:
        facts[claim_id].append(
            LinkFacts(
                has_url=url is not None,
                state=state,
                domain=registrable_domain(host) if host else None,
                evidence=verdict,
                evidence_score=score,
                archived_evidence=bool(archived),
            )
        )
    return facts


def recompute_statuses(
    session: Session,
    claim_ids: Iterable[int],
    *,
    actor: str,
    initial: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """Recompute the status of these claims; write each change to the audit log. Returns changes.

    Set-based: one query for the facts and one for the claims per chunk, then bulk statements, so
    importing or checking thousands of claims costs a handful of round trips, not one per claim.
    """
    ids = sorted(set(claim_ids))
    session.flush()
    now = now or utc_now()
    changed = 0
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        facts = link_facts(session, chunk)
        rows = session.execute(
            select(Claim.id, Claim.status, Claim.status_reason, Claim.review_verdict).where(
                Claim.id.in_(chunk)
            )
        ).all()
        updates: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        for claim_id, status, reason, review in rows:
            decision = compute_status(facts.get(claim_id, []), review)
            moved = initial or decision.status is not status
            if not moved and decision.reason == reason:
                continue
            updates.append(
                {
                    "id": claim_id,
                    "status": decision.status,
                    "status_reason": decision.reason,
                    "updated_at": now,
                }
            )
            if moved:
                changes.append(
                    {
                        "claim_id": claim_id,
                        "field": "status",
                        "old": None if initial else status.value,
                        "new": decision.status.value,
                        "reason": decision.reason,
                        "actor": actor,
                        "changed_at": now,
                    }
                )
        if updates:
            session.execute(update(Claim), updates)
            _expire_loaded(session, [row["id"] for row in updates])
        if changes:
            session.execute(insert(StatusChange), changes)
        changed += len(changes)
    return changed


def _expire_loaded(session: Session, claim_ids: Iterable[int]) -> None:
    """Bulk UPDATE bypasses loaded objects; make them reload the new status when next read."""
    for claim_id in claim_ids:
        loaded = session.identity_map.get(identity_key(Claim, claim_id))
        if loaded is not None:
            session.expire(loaded, ["status", "status_reason", "updated_at"])


def claims_for_sources(session: Session, source_ids: Iterable[int]) -> list[int]:
    ids = list(set(source_ids))
    if not ids:
        return []
    return list(
        session.scalars(
            select(ClaimSource.claim_id).where(ClaimSource.source_id.in_(ids)).distinct()
        )
    )


# --- read models ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    status: ClaimStatus | None = None
    hedge: Hedge | None = None
    article_id: int | None = None
    host: str | None = None
    limit: int | None = None


def filtered_claims(filters: ClaimFilters) -> Select[Claim]:
    query = select(Claim).order_by(Claim.id)
    if filters.status is not None:
        query = query.where(Claim.status == filters.status)
    if filters.hedge is not None:
        query = query.where(Claim.hedge == filters.hedge)
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.host is not None:
        query = query.where(
            Claim.id.in_(
                select(ClaimSource.claim_id)
                .join(Source, Source.id == ClaimSource.source_id)
                .where(host_condition(filters.host))
            )
        )
    if filters.limit is not None:
        query = query.limit(filters.limit)
    return query


def list_claims(session: Session, filters: ClaimFilters) -> list[dict[str, Any]]:
    claims = list(session.scalars(filtered_claims(filters)))
    counts = dict(
        session.execute(
            select(ClaimSource.claim_id, func.count())
            .where(ClaimSource.claim_id.in_([c.id for c in claims]))
            .group_by(ClaimSource.claim_id)
        ).all()
    )
    return [claim_summary(claim, counts.get(claim.id, 0)) for claim in claims]


def source_count(session: Session, claim_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(ClaimSource).where(ClaimSource.claim_id == claim_id)
        )
        or 0
    )


def claim_summary(claim: Claim, source_count: int) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "hedge": claim.hedge.value,
        "status": claim.status.value,
        "attributed_to": claim.attributed_to,
        "article_id": claim.article_id,
        "source_count": source_count,
    }


def claim_detail(session: Session, claim_id: int) -> dict[str, Any]:
    claim = get_claim(session, claim_id)
    rows = session.execute(
        select(ClaimSource, Source)
        .join(Source, Source.id == ClaimSource.source_id)
        .where(ClaimSource.claim_id == claim.id)
        .order_by(Source.id)
    ).all()
    evidence = {
        ev.source_id: ev
        for ev in session.scalars(select(Evidence).where(Evidence.claim_id == claim.id))
    }
    history = session.scalars(
        select(StatusChange)
        .where(StatusChange.claim_id == claim.id)
        .order_by(StatusChange.changed_at, StatusChange.id)
    )
    return {
        **claim_summary(claim, len(rows)),
        "sources": [
            {
                "id": source.id,
                "url": source.url,
                "title": source.title,
                "publisher": source.publisher,
                "relation": link_row.relation.value,
                "score": link_row.score,
                "state": source.state.value,
                "archived_url": source.archived_url,
            }
            for link_row, source in rows
        ],
        "status_reason": claim.status_reason,
        "cues": claim.cues,
        "section": claim.section,
        "paragraph": claim.paragraph,
        "start": claim.start,
        "end": claim.end,
        "review": {
            "verdict": claim.review_verdict.value if claim.review_verdict else None,
            "note": claim.review_note,
            "at": iso_utc(claim.reviewed_at),
        },
        "evidence": [evidence_dict(ev, url) for ev, url in _evidence_urls(session, evidence)],
        "history": [
            {
                "field": change.field,
                "old": change.old,
                "new": change.new,
                "reason": change.reason,
                "actor": change.actor,
                "at": iso_utc(change.changed_at),
            }
            for change in history
        ],
        "created_at": iso_utc(claim.created_at),
        "updated_at": iso_utc(claim.updated_at),
    }


def _evidence_urls(
    session: Session, evidence: dict[int, Evidence]
) -> list[tuple[Evidence, str | None]]:
    if not evidence:
        return []
    urls = dict(
        session.execute(select(Source.id, Source.url).where(Source.id.in_(list(evidence)))).all()
    )
    return [(ev, urls.get(source_id)) for source_id, ev in sorted(evidence.items())]


def evidence_dict(ev: Evidence, url: str | None) -> dict[str, Any]:
    return {
        "source_id": ev.source_id,
        "url": url,
        "verdict": ev.verdict.value,
        "score": round(ev.score, 4),
        "reason": ev.reason,
        "quote": {"exact": ev.exact, "prefix": ev.prefix, "suffix": ev.suffix},
        "start": ev.start,
        "end": ev.end,
        "check_id": ev.check_id,
        "archived": ev.archived,
    }


@dataclass(frozen=True, slots=True)
class SourceFilters:
    state: SourceState | None = None
    host: str | None = None
    unresolved: bool = False
    limit: int | None = None


def list_sources(session: Session, filters: SourceFilters) -> list[dict[str, Any]]:
    query = select(Source).order_by(Source.id)
    if filters.state is not None:
        query = query.where(Source.state == filters.state)
    if filters.host is not None:
        query = query.where(host_condition(filters.host))
    if filters.unresolved:
        query = query.where(Source.url.is_(None))
    if filters.limit is not None:
        query = query.limit(filters.limit)
    sources = list(session.scalars(query))
    ids = [s.id for s in sources]
    latest = (
        select(Check.source_id, func.max(Check.id).label("check_id"))
        .where(Check.source_id.in_(ids))
        .group_by(Check.source_id)
        .subquery()
    )
    last_checks = {
        check.source_id: check
        for check in session.scalars(select(Check).join(latest, latest.c.check_id == Check.id))
    }
    claim_counts = dict(
        session.execute(
            select(ClaimSource.source_id, func.count())
            .where(ClaimSource.source_id.in_(ids))
            .group_by(ClaimSource.source_id)
        ).all()
    )
    return [
        source_dict(source, last_checks.get(source.id), claim_counts.get(source.id, 0))
        for source in sources
    ]


def source_dict(source: Source, last_check: Check | None, claims: int) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "description": source.description,
        "host": source.host,
        "state": source.state.value,
        "claims": claims,
        "consecutive_failures": source.consecutive_failures,
        "first_failure_at": iso_utc(source.first_failure_at),
        "last_checked_at": iso_utc(source.last_checked_at),
        "next_check_at": iso_utc(source.next_check_at),
        "archived_url": source.archived_url,
        "archive_requested_at": iso_utc(source.archive_requested_at),
        "last_check": None if last_check is None else check_dict(last_check),
    }


def check_dict(check: Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "checked_at": iso_utc(check.checked_at),
        "http_status": check.http_status,
        "error_kind": check.error_kind,
        "final_url": check.final_url,
        "redirects": check.redirects,
        "elapsed_ms": check.elapsed_ms,
        "verdict": check.verdict.value,
        "reason": check.reason,
    }


def insert_snapshots(session: Session, rows: list[dict[str, Any]]) -> None:
    """Store content-addressed snapshots; one already there (from any worker) is kept as is."""
    if not rows:
        return
    # Each dialect's insert is imported here, where its engine has already loaded it: importing
    # PostgreSQL's dialect package costs every SQLite run about 25 ms (it pulls in asyncio).
    # Core statements on the table: the ORM's bulk insert costs more CPU per row.
    dialect = session.get_bind().dialect.name
    table = cast(Table, Snapshot.__table__)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        session.connection().execute(postgresql_insert(table).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.connection().execute(sqlite_insert(table).on_conflict_do_nothing(), rows)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        present = set(
            session.scalars(
                select(Snapshot.sha256).where(Snapshot.sha256.in_([r["sha256"] for r in rows]))
            )
        )
        fresh = [row for row in rows if row["sha256"] not in present]
        if fresh:
            session.execute(insert(Snapshot), fresh)
