"""Evidence in the database: computed after each check, re-anchored when a page changes,
recomputed from stored snapshots by `claims verify`. The ranking itself is in evidence.py."""

from __future__ import annotations

import dataclasses
import re
import threading
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import db, store
from claims_tracker.checker import (
    CheckedPage,
    CheckRef,
    CheckSummary,
    ProgressCallback,
    Selection,
    SourceRef,
    check_row,
    run_check,
)
from claims_tracker.config import Settings
from claims_tracker.fetch import Fetcher, FetchResult, fetch_settings_for
from claims_tracker.models import (
    READABLE_VERDICTS,
    UNAVAILABLE_STATES,
    Check,
    Claim,
    ClaimSource,
    Evidence,
    EvidenceVerdict,
    Snapshot,
    Source,
    StatusChange,
    utc_now,
)
from claims_tracker.verdicts import classify_response

# The evidence code (its lexicons compile about 50 ms of regular expressions) is imported by the
# functions that use it: `claims check` runs that find nothing to assess never load it, and
# fetch processes load it themselves.
if TYPE_CHECKING:
    from claims_tracker import evidence as ev

# Verdicts that point at a passage, and so can be lost when the page changes.
ANCHORED_VERDICTS = frozenset(
    {EvidenceVerdict.SUPPORTS, EvidenceVerdict.PARTIAL, EvidenceVerdict.CONFLICTING}
)


@dataclass
class EvidenceStats:
    assessed: int = 0
    reanchored: int = 0
    unchanged: int = 0
    lost: int = 0
    pages: int = 0
    by_verdict: dict[str, int] = field(default_factory=dict)
    source_ids: set[int] = field(default_factory=set)

    def count(self, verdict: EvidenceVerdict) -> None:
        self.by_verdict[verdict.value] = self.by_verdict.get(verdict.value, 0) + 1

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "assessed": self.assessed,
            "reanchored": self.reanchored,
            "unchanged": self.unchanged,
            "lost": self.lost,
            "by_verdict": dict(sorted(self.by_verdict.items())),
        }


def _snapshot_row(
    sha256: str, text: str, kind: str, content_type: str | None = "text/plain; charset=utf-8"
) -> dict[str, object]:
    data = text.encode("utf-8", "surrogatepass")
    return {
        "sha256": sha256,
        "kind": kind,
        "content_type": content_type,
        "size": len(data),
        "data": zlib.compress(data),
        "created_at": utc_now(),
    }


def _store_text_snapshot(
    session: Session,
    sha256: str,
    text: str,
    kind: str,
    content_type: str | None = "text/plain; charset=utf-8",
) -> None:
    store.insert_snapshots(session, [_snapshot_row(sha256, text, kind, content_type)])


def load_snapshot_text(session: Session, sha256: str | None) -> str | None:
    if sha256 is None:
        return None
    snapshot = session.get(Snapshot, sha256)
    if snapshot is None:
        return None
    return zlib.decompress(snapshot.data).decode("utf-8", "surrogatepass")


def _main_text(
    session: Session,
    page: str,
    content_type: str | None,
) -> ev.MainText:
    from claims_tracker import evidence as ev

    main = ev.extract_main_text(page, content_type=content_type)
    if main.text:
        _store_text_snapshot(session, main.sha256, main.text, "main_text")
    return main


class ClaimRef(Protocol):
    """What evidence updates read of a claim (a `Claim` row, or just its id and text)."""

    @property
    def id(self) -> int: ...

    @property
    def text(self) -> str: ...


class _CitingClaim(NamedTuple):
    id: int
    text: str


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """What `EvidenceUpdater.prepare` computed away from the database."""

    main: ev.MainText
    assessments: Mapping[str, ev.Assessment]  # by claim text, as the claim read when leased
    snapshot: dict[str, object] | None = None  # the main text's snapshot row, compressed here


class EvidenceUpdater:
    """The checker's after-check hook: keeps each (claim, source) evidence current.

    The hook is staged: `prepare` (main-text extraction, the CPU-heavy half) runs where the
    page was fetched, in a fetch thread or fetch process; `__call__` runs in the batch transaction.
    """

    def __init__(self, actor: str) -> None:
        self.actor = actor
        self.stats = EvidenceStats()

    def warm_up(self) -> None:
        """Load what `prepare` needs (the extractor takes a quarter of a second to import)."""
        from claims_tracker import evidence as ev

        ev.load_extractor()

    def prepare(self, result: FetchResult, claims: Sequence[str]) -> PreparedPage | None:
        """The CPU-heavy half, without the database: main text and the ranking of each claim
        against it. The checker calls it where the page was fetched and hands the result back
        to ``__call__`` as ``prepared``."""
        from claims_tracker import evidence as ev

        if result.text is None or not result.ok:
            return None
        main = ev.extract_main_text(result.text, content_type=result.content_type)
        return PreparedPage(
            main,
            ev.assess_claims(claims, main.text),
            _snapshot_row(main.sha256, main.text, "main_text") if main.text else None,
        )

    def __call__(
        self,
        session: Session,
        source: Source,
        check: Check,
        result: FetchResult,
        prepared: object | None = None,
    ) -> None:
        """One stored check (see :meth:`store_batch`)."""
        self.store_batch(session, [CheckedPage(source, check, result, prepared)])

    def store_batch(self, session: Session, checked: Sequence[CheckedPage]) -> None:
        """Bring the evidence of every claim citing these freshly checked pages up to date,
        with a fixed number of statements per batch whatever its size."""
        pages = [
            c for c in checked if c.result.text is not None and c.check.verdict in READABLE_VERDICTS
        ]
        if not pages:
            return
        cited = _claims_with_evidence(session, [c.source.id for c in pages])
        known = _known_main_text_shas(
            session,
            [
                (c.source.id, c.result.sha256)
                for c in pages
                if c.result.sha256 and any(e is not None for _, e in cited.get(c.source.id, ()))
            ],
        )
        writes = EvidenceWrites()
        for page in pages:
            rows = cited.get(page.source.id)
            if rows:
                known_sha = known.get((page.source.id, page.result.sha256 or ""))
                self._update_page(session, page, rows, known_sha, writes)
        writes.store(session)

    def _update_page(
        self,
        session: Session,
        page: CheckedPage,
        rows: Sequence[tuple[ClaimRef, Evidence | None]],
        known_sha: str | None,
        writes: EvidenceWrites,
    ) -> None:
        from claims_tracker import evidence as ev

        source, check, result = page.source, page.check, page.result
        existing = {claim.id: evidence for claim, evidence in rows if evidence is not None}
        if (
            known_sha is not None
            and not check.archived
            and all(
                claim.id in existing and existing[claim.id].main_text_sha256 == known_sha
                for claim, _ in rows
            )
        ):
            # The cheap path: same bytes as before, every claim already anchored on them.
            check.main_text_sha256 = known_sha
            self.stats.unchanged += len(rows)
            return
        prepared = page.prepared if isinstance(page.prepared, PreparedPage) else None
        if known_sha is not None:
            main = _reload_main_text(session, known_sha)
        elif prepared is not None:
            main = prepared.main
            writes.main_text(main, prepared.snapshot)
        else:
            main = ev.extract_main_text(result.text or "", content_type=result.content_type)
            writes.main_text(main)
        check.main_text_sha256 = main.sha256 if main.text else None
        self.stats.pages += 1
        ranked = (
            prepared.assessments
            if prepared is not None and prepared.main.sha256 == main.sha256
            else {}
        )
        for claim, _ in rows:
            update_pair_evidence(
                session,
                claim,
                source,
                check,
                main,
                existing.get(claim.id),
                actor=self.actor,
                stats=self.stats,
                writes=writes,
                assessed=ranked.get(claim.text),
            )


@dataclass
class EvidenceWrites:
    """What evidence updates write, gathered so that a batch of them costs one statement per
    table: main-text snapshots, new evidence rows, audit entries and the links' verdicts."""

    snapshots: dict[str, dict[str, object]] = field(default_factory=dict)
    evidence: list[dict[str, object]] = field(default_factory=list)
    changes: list[dict[str, object]] = field(default_factory=list)
    links: list[dict[str, object]] = field(default_factory=list)

    def main_text(self, main: ev.MainText, row: dict[str, object] | None = None) -> None:
        """Store the main text (`row`: its snapshot row, if already made)."""
        if main.text and main.sha256 not in self.snapshots:
            self.snapshots[main.sha256] = row or _snapshot_row(main.sha256, main.text, "main_text")

    def change(
        self,
        claim: ClaimRef,
        source: SourceRef,
        old: EvidenceVerdict | None,
        new: EvidenceVerdict,
        actor: str,
    ) -> None:
        self.changes.append(
            {
                "claim_id": claim.id,
                "source_id": source.id,
                "field": "evidence",
                "old": old.value if old else None,
                "new": new.value,
                "reason": f"evidence from {source.host or source.url}",
                "actor": actor,
                "changed_at": utc_now(),
            }
        )

    def link_verdict(self, claim_id: int, source_id: int, verdict: EvidenceVerdict) -> None:
        """The link keeps a copy of its evidence verdict (reports read it)."""
        self.links.append({"b_claim": claim_id, "b_source": source_id, "b_verdict": verdict})

    def store(self, session: Session) -> None:
        if self.snapshots:
            store.insert_snapshots(session, list(self.snapshots.values()))
        if self.evidence:
            session.execute(insert(Evidence), self.evidence)
        if self.changes:
            session.execute(insert(StatusChange), self.changes)
        if self.links:
            table = ClaimSource.__table__
            assert isinstance(table, Table)
            session.connection().execute(
                update(table)
                .where(
                    table.c.claim_id == bindparam("b_claim"),
                    table.c.source_id == bindparam("b_source"),
                )
                .values(evidence_verdict=bindparam("b_verdict")),
                self.links,
            )
        self.snapshots, self.evidence, self.changes, self.links = {}, [], [], []


def _claims_with_evidence(
    session: Session, source_ids: Sequence[int]
) -> dict[int, list[tuple[ClaimRef, Evidence | None]]]:
    """Per source, each claim citing it with its evidence from that source (one query)."""
    cited: dict[int, list[tuple[ClaimRef, Evidence | None]]] = {}
    for source_id, claim_id, text, evidence in session.execute(
        select(ClaimSource.source_id, Claim.id, Claim.text, Evidence)
        .join(Claim, Claim.id == ClaimSource.claim_id)
        .outerjoin(
            Evidence,
            (Evidence.claim_id == Claim.id) & (Evidence.source_id == ClaimSource.source_id),
        )
        .where(ClaimSource.source_id.in_(source_ids))
    ):
        cited.setdefault(source_id, []).append((_CitingClaim(claim_id, text), evidence))
    return cited


def _known_main_text_shas(
    session: Session, pages: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], str]:
    """For each (source, content hash), the main-text hash an earlier check of the same page
    bytes produced, if any."""
    if not pages:
        return {}
    wanted = set(pages)
    known: dict[tuple[int, str], str] = {}
    for source_id, content, main in session.execute(
        select(Check.source_id, Check.content_sha256, Check.main_text_sha256)
        .where(
            Check.source_id.in_({source_id for source_id, _ in pages}),
            Check.content_sha256.in_({content for _, content in pages}),
            Check.main_text_sha256.is_not(None),
        )
        .order_by(Check.id)
    ):
        if content is not None and main is not None and (source_id, content) in wanted:
            known[(source_id, content)] = main  # the newest wins
    return known


def _reload_main_text(session: Session, sha256: str) -> ev.MainText:
    from claims_tracker import evidence as ev

    text = load_snapshot_text(session, sha256) or ""
    return ev.MainText(text, None, None, ev.EXTRACTOR_VERSION, sha256)


def _evidence_by_claim(
    session: Session, source_id: int, claim_ids: Iterable[int]
) -> dict[int, Evidence]:
    return {
        row.claim_id: row
        for row in session.scalars(
            select(Evidence).where(
                Evidence.source_id == source_id, Evidence.claim_id.in_(list(claim_ids))
            )
        )
    }


def update_pair_evidence(
    session: Session,
    claim: ClaimRef,
    source: SourceRef,
    check: CheckRef | None,
    main: ev.MainText,
    current: Evidence | None,
    *,
    actor: str,
    stats: EvidenceStats,
    writes: EvidenceWrites,
    force: bool = False,
    assessed: ev.Assessment | None = None,
) -> None:
    """Bring one (claim, source) evidence up to date with this main text.

    Unchanged text: nothing. Changed text: re-anchor the stored quote (exact, then fuzzy); if it
    cannot be found, assess the page afresh, and flag the evidence `lost` if nothing bears on the
    claim any more. No evidence yet (or force): assess. `assessed` is the ranking of this
    claim against this main text if it was already computed elsewhere. Loaded evidence is
    changed in place; new rows, audit entries and link verdicts go to `writes`.
    """
    from claims_tracker import evidence as ev

    archived = bool(check is not None and check.archived)
    check_id = check.id if check is not None else None
    if current is not None and not force and current.main_text_sha256 == main.sha256:
        if current.archived != archived:  # same text, now read from (or back from) the archive
            current.archived = archived
            current.check_id = check_id
        stats.unchanged += 1
        return
    if (
        current is not None
        and not force
        and current.exact
        and current.verdict in ANCHORED_VERDICTS
        and main.text
    ):
        selector = ev.TextQuoteSelector(current.exact, current.prefix or "", current.suffix or "")
        anchor = ev.reanchor(selector, current.start, main.text)
        if anchor is not None:
            moved = ev.quote_selector(main.text, anchor.start, anchor.end)
            current.exact, current.prefix, current.suffix = moved.exact, moved.prefix, moved.suffix
            current.start, current.end = anchor.start, anchor.end
            current.method = f"reanchored-{anchor.method}"
            current.main_text_sha256 = main.sha256
            current.check_id = check_id
            current.archived = archived
            stats.reanchored += 1
            stats.count(current.verdict)
            return
    assessment = assessed or ev.assess(claim.text, main.text)
    if (
        current is not None
        and not force
        and current.verdict in ANCHORED_VERDICTS
        and assessment.verdict is EvidenceVerdict.NOT_FOUND
    ):
        # Keep the old quote for the record: it is what the page used to say.
        writes.change(claim, source, current.verdict, EvidenceVerdict.LOST, actor)
        current.verdict = EvidenceVerdict.LOST
        current.reason = "the quoted passage is no longer on the page"
        current.main_text_sha256 = main.sha256
        current.check_id = check_id
        current.updated_at = utc_now()
        writes.link_verdict(claim.id, source.id, EvidenceVerdict.LOST)
        stats.lost += 1
        stats.count(EvidenceVerdict.LOST)
        return
    quote = assessment.selector
    values = {
        "exact": quote.exact if quote else None,
        "prefix": quote.prefix if quote else None,
        "suffix": quote.suffix if quote else None,
        "start": assessment.start,
        "end": assessment.end,
        "score": assessment.score,
        "method": assessment.method,
        "verdict": assessment.verdict,
        "reason": ("archived copy: " if archived else "") + assessment.reason,
        "extractor": main.extractor,
        "main_text_sha256": main.sha256,
        "check_id": check_id,
        "archived": archived,
    }
    old_verdict = current.verdict if current is not None else None
    if current is None:
        now = utc_now()
        writes.evidence.append(
            {
                "claim_id": claim.id,
                "source_id": source.id,
                **values,
                "created_at": now,
                "updated_at": now,
            }
        )
    else:
        for name, value in values.items():
            setattr(current, name, value)
    if old_verdict is not assessment.verdict:
        writes.change(claim, source, old_verdict, assessment.verdict, actor)
    writes.link_verdict(claim.id, source.id, assessment.verdict)
    stats.assessed += 1
    stats.count(assessment.verdict)


def latest_readable_checks(session: Session, source_ids: Iterable[int]) -> dict[int, Check]:
    """Per source, the newest check that returned a readable page (live or archived)."""
    newest: dict[int, Check] = {}
    rows = session.scalars(
        select(Check)
        .where(
            Check.source_id.in_(list(source_ids)),
            Check.verdict.in_(list(READABLE_VERDICTS)),
            Check.content_sha256.is_not(None),
        )
        .order_by(Check.source_id, Check.id)
    )
    for check in rows:
        newest[check.source_id] = check
    return newest


def verify_claims(
    session: Session, claim_ids: Iterable[int] | None, *, recompute_all: bool, actor: str
) -> EvidenceStats:
    """Evidence from stored snapshots, without fetching.

    Without recompute_all only pairs that have no evidence yet are assessed (claims linked after
    their source was checked); with it every pair is assessed afresh (after a ranking change).
    """
    stats = EvidenceStats()
    query = (
        select(ClaimSource.claim_id, ClaimSource.source_id)
        .join(Source, Source.id == ClaimSource.source_id)
        .where(Source.url.is_not(None))
    )
    if claim_ids is not None:
        query = query.where(ClaimSource.claim_id.in_(list(claim_ids)))
    pairs = list(session.execute(query).all())
    checks = latest_readable_checks(session, {source_id for _, source_id in pairs})
    by_source: dict[int, list[int]] = {}
    for claim_id, source_id in pairs:
        if source_id in checks:
            by_source.setdefault(source_id, []).append(claim_id)
    writes = EvidenceWrites()
    for source_id, ids in by_source.items():
        check = checks[source_id]
        existing = _evidence_by_claim(session, source_id, ids)
        todo = [cid for cid in ids if recompute_all or cid not in existing]
        if not todo:
            continue
        main = _main_text_of_check(session, check)
        if main is None:
            continue
        stats.pages += 1
        stats.source_ids.add(source_id)
        source = session.get_one(Source, source_id)
        for claim in session.scalars(select(Claim).where(Claim.id.in_(todo))):
            update_pair_evidence(
                session,
                claim,
                source,
                check,
                main,
                existing.get(claim.id),
                actor=actor,
                stats=stats,
                writes=writes,
                force=recompute_all,
            )
    writes.store(session)
    return stats


def assess_linked_claim(session: Session, claim_id: int, *, actor: str) -> EvidenceStats:
    """A claim just linked to a source that was checked before: its stored page is assessed
    now, as `claims verify` would, rather than leaving the claim "unsupported" for want of an
    assessment; then its status is recomputed."""
    stats = verify_claims(session, [claim_id], recompute_all=False, actor=actor)
    store.recompute_statuses(session, [claim_id], actor=actor)
    return stats


def _main_text_of_check(session: Session, check: Check) -> ev.MainText | None:
    from claims_tracker import evidence as ev

    if check.main_text_sha256 is not None:
        text = load_snapshot_text(session, check.main_text_sha256)
        if text is not None:
            return ev.MainText(text, None, None, ev.EXTRACTOR_VERSION, check.main_text_sha256)
    page = load_snapshot_text(session, check.content_sha256)
    if page is None:
        return None
    main = _main_text(session, page, check.content_type)
    check.main_text_sha256 = main.sha256 if main.text else None
    return main


# --- archived copies ---------------------------------------------------------------------------

_WAYBACK_REPLAY = re.compile(r"(/web/\d{1,14})(?:[a-z]{2}_)?/")


def raw_archive_url(archived_url: str) -> str:
    """The Wayback capture without the replay toolbar (the `id_` form serves the page as
    archived), so the archive's own chrome never becomes evidence."""
    return _WAYBACK_REPLAY.sub(r"\1id_/", archived_url, count=1)


def evidence_from_archives(
    factory: sessionmaker[Session],
    fetcher: Fetcher,
    updater: EvidenceUpdater,
    *,
    source_ids: Iterable[int] | None = None,
) -> int:
    """Fetch the archived copy of each failing or dead source not yet read from its archive,
    record it as an archived Check and take evidence from it. Returns copies read."""
    with db.transaction(factory) as session:
        query = select(Source.id, Source.archived_url).where(
            Source.archived_url.is_not(None),
            Source.state.in_(list(UNAVAILABLE_STATES)),
            ~select(Check.id)
            .where(
                Check.source_id == Source.id,
                Check.archived.is_(True),
                Check.requested_url == func.coalesce(Source.archived_url, ""),
            )
            .exists(),
        )
        if source_ids is not None:
            query = query.where(Source.id.in_(list(source_ids)))
        todo = [(sid, url) for sid, url in session.execute(query).all() if url]
    read = 0
    for source_id, archived_url in todo:
        result = fetcher.fetch(raw_archive_url(archived_url))
        classification = classify_response(result)
        with db.transaction(factory) as session:
            row = check_row(source_id, result, classification, updater.actor, utc_now())
            row["requested_url"] = archived_url
            row["archived"] = True
            row["reason"] = f"archived copy: {classification.reason}"
            check = session.scalars(insert(Check).returning(Check), [row]).one()
            if result.text is not None and result.sha256 is not None:
                _store_text_snapshot(
                    session, result.sha256, result.text, "page", result.content_type
                )
            updater(session, session.get_one(Source, source_id), check, result)
            store.recompute_statuses(
                session, store.claims_for_sources(session, [source_id]), actor=updater.actor
            )
        read += result.ok
    return read


# --- a whole check run ---------------------------------------------------------------------------


def check_with_evidence(
    factory: sessionmaker[Session],
    settings: Settings,
    selection: Selection,
    *,
    actor: str,
    evidence: bool,
    stop: threading.Event,
    abandon: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[CheckSummary, EvidenceStats | None]:
    """`claims check`: check the selected sources, keeping evidence current unless `evidence`
    is off, then read the archived copies of sources that have just failed. Returns the check
    summary and the evidence counts."""
    updater = EvidenceUpdater(actor) if evidence else None
    if not evidence:
        settings = dataclasses.replace(settings, read_pdfs=False)  # only evidence reads them
    summary = run_check(
        factory,
        settings,
        selection,
        stop=stop,
        abandon=abandon,
        progress=progress,
        after_check=updater,
    )
    if updater is not None and not stop.is_set():
        with Fetcher(fetch_settings_for(settings)) as fetcher:
            evidence_from_archives(factory, fetcher, updater)
    return summary, updater.stats if updater is not None else None
