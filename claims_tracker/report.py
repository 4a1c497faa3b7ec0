"""The data behind `claims report`: SQL aggregation into a typed `ReportData`.

Everything that scales with the number of claims, sources or checks is a GROUP BY, a window
function or an ORDER BY … LIMIT in the database; Python only reshapes the aggregated rows. Turning
the data into text is `render.py`'s job.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from claims_tracker import render, store
from claims_tracker.config import DEFAULT_RISKY_LIMIT, ReportFormat
from claims_tracker.errors import ClaimsError, UsageError
from claims_tracker.models import (
    Article,
    Check,
    CheckVerdict,
    Claim,
    ClaimSource,
    ClaimStatus,
    Evidence,
    EvidenceVerdict,
    Hedge,
    Source,
    SourceState,
    StatusChange,
    iso_utc,
    utc_now,
)

# The digest lists at most this many individual claim changes; the per-transition counts are
# always complete, so a mass recomputation does not turn a weekly mail into a phone book.
MAX_CHANGE_ITEMS = 500
DEFAULT_HEALTH_WINDOW = dt.timedelta(days=28)
# Beyond this window one point per day makes an unreadable chart; weeks it is.
DAILY_BUCKETS_UP_TO = dt.timedelta(days=92)

# How badly founded a claim is. Reviewer refutations and conflicting sources are the worst: the
# claim is probably wrong. Unsupported and unavailable follow: nothing backs it any more.
STATUS_WEIGHTS: Mapping[ClaimStatus, int] = {
    ClaimStatus.REFUTED: 10,
    ClaimStatus.CONFLICTING: 9,
    ClaimStatus.DISPUTED: 8,
    ClaimStatus.UNSUPPORTED: 7,
    ClaimStatus.UNAVAILABLE: 6,
    ClaimStatus.UNSOURCED: 5,
    ClaimStatus.UNRESOLVED: 4,
    ClaimStatus.WEAK: 3,
    ClaimStatus.UNCHECKED: 2,
    ClaimStatus.SUPPORTED: 1,
    ClaimStatus.CORROBORATED: 0,
    ClaimStatus.CONFIRMED: 0,
}
# How much the sentence leans on someone the reader cannot check. An unnamed "reportedly" is the
# headline risk of SPEC §6; a forecast cannot be verified yet; a named attribution can be asked.
HEDGE_WEIGHTS: Mapping[Hedge, int] = {
    Hedge.REPORTED: 4,
    Hedge.SPECULATIVE: 3,
    Hedge.ATTRIBUTED: 2,
    Hedge.ASSERTED: 1,
}
MAX_RISK = max(STATUS_WEIGHTS.values()) * max(HEDGE_WEIGHTS.values())

AT_RISK_STATUSES = frozenset(
    {
        ClaimStatus.UNSUPPORTED,
        ClaimStatus.UNAVAILABLE,
        ClaimStatus.CONFLICTING,
        ClaimStatus.REFUTED,
        ClaimStatus.DISPUTED,
    }
)
WELL_FOUNDED_STATUSES = frozenset(
    {ClaimStatus.SUPPORTED, ClaimStatus.CORROBORATED, ClaimStatus.CONFIRMED}
)
# Source health as the report shows it: the state column, except that a title-only reference
# (no URL) is "unresolved" whatever its state says, since it cannot have been checked.
SOURCE_HEALTH_KEYS: tuple[str, ...] = (
    *(s.value for s in SourceState if s is not SourceState.UNCHECKED),
    "unresolved",
    SourceState.UNCHECKED.value,
)
CHECK_VERDICT_KEYS: tuple[str, ...] = tuple(v.value for v in CheckVerdict)


# --- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportFilters:
    """Which claims the report covers; `since` opens the window of the "changes" section."""

    article_id: int | None = None
    status: ClaimStatus | None = None
    hedge: Hedge | None = None
    host: str | None = None
    since: dt.datetime | None = None
    limit: int = DEFAULT_RISKY_LIMIT

    @property
    def selects_claims(self) -> bool:
        return any(v is not None for v in (self.article_id, self.status, self.hedge, self.host))

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "status": self.status.value if self.status else None,
            "hedge": self.hedge.value if self.hedge else None,
            "host": self.host,
            "since": iso_utc(self.since),
            "limit": self.limit,
        }


_DURATION = re.compile(r"^\s*(\d+)\s*(h|hours?|d|days?|w|weeks?)\s*$", re.IGNORECASE)
_UNIT = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1), "w": dt.timedelta(weeks=1)}


def parse_since(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """`7d`, `24h`, `2w` before now, or an ISO date / datetime (naive means UTC)."""
    now = now or utc_now()
    match = _DURATION.match(text)
    if match:
        try:
            return now - int(match.group(1)) * _UNIT[match.group(2)[0].lower()]
        except OverflowError:
            raise UsageError(f"invalid --since {text!r}: too far back") from None
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"invalid --since {text!r}: use a duration (24h, 7d, 2w) or a date (2026-01-31)"
        ) from None
    parsed = parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)
    if parsed > now:
        raise UsageError(f"invalid --since {text!r}: it is in the future")
    return parsed


# --- the report's data -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    claims: int
    articles: int
    sources: int
    reviewed: int
    at_risk: int
    well_founded: int


@dataclass(frozen=True, slots=True)
class SourceLink:
    id: int
    url: str | None
    title: str | None
    host: str | None
    state: str
    archived_url: str | None


@dataclass(frozen=True, slots=True)
class EvidenceQuote:
    source_id: int
    url: str | None
    archived_url: str | None
    verdict: str
    score: float
    exact: str | None
    prefix: str | None
    suffix: str | None
    archived: bool


@dataclass(frozen=True, slots=True)
class RiskyClaim:
    rank: int
    id: int
    text: str
    status: str
    hedge: str
    risk: int
    source_count: int
    created_at: dt.datetime
    article_id: int | None
    article_title: str | None
    attributed_to: str | None
    status_reason: str | None
    review_note: str | None
    sources: tuple[SourceLink, ...] = ()
    evidence: tuple[EvidenceQuote, ...] = ()  # best first


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: int | None  # None: claims added by hand
    title: str | None
    url: str | None
    claims: int
    at_risk: int
    well_founded: int
    by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class HealthBucket:
    start: dt.date
    counts: dict[str, int]  # check verdict -> checks in this bucket


@dataclass(frozen=True, slots=True)
class HealthSeries:
    bucket: str  # "day" | "week"
    start: dt.date
    end: dt.date
    buckets: tuple[HealthBucket, ...]

    @property
    def checks(self) -> int:
        return sum(sum(b.counts.values()) for b in self.buckets)


@dataclass(frozen=True, slots=True)
class SourceEvent:
    source_id: int
    url: str | None
    title: str | None
    old: str | None
    new: str
    current_state: str
    reason: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ClaimChange:
    claim_id: int
    text: str
    field: str
    old: str | None
    new: str
    reason: str | None
    actor: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Transition:
    field: str
    old: str | None
    new: str
    count: int


@dataclass(frozen=True, slots=True)
class LostEvidence:
    claim_id: int
    claim_text: str
    source_id: int
    url: str | None
    archived_url: str | None
    exact: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Changes:
    since: dt.datetime
    until: dt.datetime
    sources_died: tuple[SourceEvent, ...]
    sources_revived: tuple[SourceEvent, ...]
    claim_changes_total: int
    claim_transitions: tuple[Transition, ...]
    claim_changes: tuple[ClaimChange, ...]  # newest first, at most MAX_CHANGE_ITEMS
    evidence_lost: tuple[LostEvidence, ...]


@dataclass(frozen=True, slots=True)
class ReportData:
    generated_at: dt.datetime
    filters: ReportFilters
    totals: Totals
    by_status: dict[str, int]
    by_hedge: dict[str, int]
    by_status_and_hedge: dict[str, dict[str, int]]
    sources_by_state: dict[str, int]
    health: HealthSeries
    articles: tuple[ArticleSummary, ...]
    risky_claims: tuple[RiskyClaim, ...]
    changes: Changes | None = None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim for the CSV export."""

    id: int
    status: str
    hedge: str
    risk: int
    article_id: int | None
    article_title: str | None
    attributed_to: str | None
    source_count: int
    best_evidence_score: float | None
    best_evidence_verdict: str | None
    best_evidence_url: str | None
    review_verdict: str | None
    created_at: dt.datetime
    text: str


@dataclass(frozen=True, slots=True)
class ReviewedClaim:
    """A claim with a reviewer verdict, and what a ClaimReview needs to describe it."""

    id: int
    text: str
    verdict: str
    note: str | None
    reviewed_at: dt.datetime | None
    reviewer: str | None
    hedge: str
    attributed_to: str | None
    created_at: dt.datetime
    article_url: str | None
    article_title: str | None
    article_publisher: str | None
    article_published_at: dt.datetime | None
    source_urls: tuple[str, ...] = field(default=())


# --- SQL building blocks -----------------------------------------------------------------------


def risk_expression() -> ColumnElement[int]:
    """status weight × hedge weight, as SQL, so the database can ORDER BY it."""
    status_weight = case(
        {s.value: w for s, w in STATUS_WEIGHTS.items()}, value=Claim.status, else_=0
    )
    hedge_weight = case({h.value: w for h, w in HEDGE_WEIGHTS.items()}, value=Claim.hedge, else_=1)
    return status_weight * hedge_weight


def risk_of(status: ClaimStatus, hedge: Hedge) -> int:
    return STATUS_WEIGHTS[status] * HEDGE_WEIGHTS[hedge]


def _claim_condition(filters: ReportFilters) -> ColumnElement[bool]:
    # The same selection `claims list` makes, so both commands agree on what --host means.
    query = store.filtered_claims(
        store.ClaimFilters(
            status=filters.status,
            hedge=filters.hedge,
            article_id=filters.article_id,
            host=filters.host,
        )
    )
    clause = query.whereclause
    return true() if clause is None else clause


def _source_condition(filters: ReportFilters) -> ColumnElement[bool]:
    """The sources the report covers: every source, or those of the selected claims."""
    if not filters.selects_claims:
        return true()
    linked = Source.id.in_(
        select(ClaimSource.source_id)
        .join(Claim, Claim.id == ClaimSource.claim_id)
        .where(_claim_condition(filters))
    )
    return and_(linked, store.host_condition(filters.host)) if filters.host else linked


def _source_count() -> ColumnElement[int]:
    # Correlated, so it is computed through the (claim_id, source_id) unique index per claim.
    return (
        select(func.count())
        .where(ClaimSource.claim_id == Claim.id)
        .correlate(Claim)
        .scalar_subquery()
    )


def _day(column: Any, dialect: str, bucket: str) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return func.date_trunc(bucket, func.timezone("UTC", column))
    # SQLite keeps UTC timestamps as ISO text; 'weekday 0' then '-6 days' lands on Monday.
    if bucket == "week":
        return func.date(column, "weekday 0", "-6 days")
    return func.date(column)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --- building the report -----------------------------------------------------------------------


def build_report(
    session: Session, filters: ReportFilters, *, now: dt.datetime | None = None
) -> ReportData:
    """Aggregate the claims selected by `filters` into everything a report shows."""
    now = now or utc_now()
    condition = _claim_condition(filters)
    by_status, by_hedge, matrix = _status_hedge_counts(session, condition)
    articles = _article_summaries(session, condition)
    sources_by_state = _source_health(session, filters)
    totals = Totals(
        claims=sum(by_status.values()),
        articles=sum(1 for a in articles if a.id is not None),
        sources=sum(sources_by_state.values()),
        reviewed=session.scalar(
            select(func.count())
            .select_from(Claim)
            .where(condition, Claim.review_verdict.is_not(None))
        )
        or 0,
        at_risk=sum(by_status[s.value] for s in AT_RISK_STATUSES),
        well_founded=sum(by_status[s.value] for s in WELL_FOUNDED_STATUSES),
    )
    return ReportData(
        generated_at=now,
        filters=filters,
        totals=totals,
        by_status=by_status,
        by_hedge=by_hedge,
        by_status_and_hedge=matrix,
        sources_by_state=sources_by_state,
        health=_health_series(session, filters, now),
        articles=articles,
        risky_claims=risky_claims(session, filters),
        changes=None if filters.since is None else _changes(session, filters, now),
    )


def _status_hedge_counts(
    session: Session, condition: ColumnElement[bool]
) -> tuple[dict[str, int], dict[str, int], dict[str, dict[str, int]]]:
    matrix = {s.value: {h.value: 0 for h in Hedge} for s in ClaimStatus}
    rows = session.execute(
        select(Claim.status, Claim.hedge, func.count())
        .where(condition)
        .group_by(Claim.status, Claim.hedge)
    )
    for status, hedge, count in rows:
        matrix[status.value][hedge.value] = count
    by_status = {s: sum(row.values()) for s, row in matrix.items()}
    by_hedge = {h.value: sum(matrix[s][h.value] for s in matrix) for h in Hedge}
    return by_status, by_hedge, matrix


def _source_health(session: Session, filters: ReportFilters) -> dict[str, int]:
    # Coerced to text so the result is not parsed back into SourceState ("unresolved" is not one).
    health = case(
        (Source.url.is_(None), literal("unresolved")), else_=type_coerce(Source.state, String)
    )
    counts = dict.fromkeys(SOURCE_HEALTH_KEYS, 0)
    rows = session.execute(
        select(health, func.count()).where(_source_condition(filters)).group_by(health)
    )
    for key, count in rows:
        counts[str(key)] += count
    return counts


def _article_summaries(
    session: Session, condition: ColumnElement[bool]
) -> tuple[ArticleSummary, ...]:
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for article_id, status, count in session.execute(
        select(Claim.article_id, Claim.status, func.count())
        .where(condition)
        .group_by(Claim.article_id, Claim.status)
    ):
        counts[article_id][status.value] = count
    meta = {
        row.id: row
        for row in session.execute(
            select(Article.id, Article.title, Article.url).where(
                Article.id.in_(select(Claim.article_id).where(condition))
            )
        )
    }
    summaries = []
    for article_id, by_status in counts.items():
        row = meta.get(article_id) if article_id is not None else None
        summaries.append(
            ArticleSummary(
                id=article_id,
                title=row.title if row is not None else None,
                url=row.url if row is not None else None,
                claims=sum(by_status.values()),
                at_risk=sum(by_status.get(s.value, 0) for s in AT_RISK_STATUSES),
                well_founded=sum(by_status.get(s.value, 0) for s in WELL_FOUNDED_STATUSES),
                by_status={
                    s.value: by_status[s.value] for s in ClaimStatus if s.value in by_status
                },
            )
        )
    # Worst first, so a long list can be cut without hiding the articles that need work.
    summaries.sort(key=lambda a: (-a.at_risk, -a.claims, a.id is None, a.id or 0))
    return tuple(summaries)


def risky_claims(session: Session, filters: ReportFilters) -> tuple[RiskyClaim, ...]:
    """The `limit` claims with the highest risk score; ties: fewer sources, then older, first."""
    risk = risk_expression().label("risk")
    sources = _source_count().label("source_count")
    rows = session.execute(
        select(
            Claim.id,
            Claim.text,
            Claim.status,
            Claim.hedge,
            Claim.created_at,
            Claim.article_id,
            Claim.attributed_to,
            Claim.status_reason,
            Claim.review_note,
            Article.title,
            risk,
            sources,
        )
        .outerjoin(Article, Article.id == Claim.article_id)
        .where(_claim_condition(filters), risk > 0)
        .order_by(risk.desc(), sources.asc(), Claim.created_at.asc(), Claim.id.asc())
        .limit(filters.limit)
    ).all()
    ids = [row.id for row in rows]
    links, evidence = _sources_of(session, ids), _evidence_of(session, ids)
    return tuple(
        RiskyClaim(
            rank=rank,
            id=row.id,
            text=row.text,
            status=row.status.value,
            hedge=row.hedge.value,
            risk=int(row.risk),
            source_count=int(row.source_count),
            created_at=row.created_at,
            article_id=row.article_id,
            article_title=row.title,
            attributed_to=row.attributed_to,
            status_reason=row.status_reason,
            review_note=row.review_note,
            sources=tuple(links.get(row.id, ())),
            evidence=tuple(evidence.get(row.id, ())),
        )
        for rank, row in enumerate(rows, start=1)
    )


def _sources_of(session: Session, claim_ids: list[int]) -> dict[int, list[SourceLink]]:
    found: dict[int, list[SourceLink]] = defaultdict(list)
    if not claim_ids:
        return found
    rows = session.execute(
        select(ClaimSource.claim_id, Source)
        .join(Source, Source.id == ClaimSource.source_id)
        .where(ClaimSource.claim_id.in_(claim_ids))
        .order_by(ClaimSource.claim_id, Source.id)
    )
    for claim_id, source in rows:
        found[claim_id].append(
            SourceLink(
                id=source.id,
                url=source.url,
                title=source.title,
                host=source.host,
                state="unresolved" if source.url is None else source.state.value,
                archived_url=source.archived_url,
            )
        )
    return found


def _evidence_of(session: Session, claim_ids: list[int]) -> dict[int, list[EvidenceQuote]]:
    found: dict[int, list[EvidenceQuote]] = defaultdict(list)
    if not claim_ids:
        return found
    rows = session.execute(
        select(Evidence, Source.url, Source.archived_url)
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id.in_(claim_ids))
        .order_by(Evidence.claim_id, Evidence.score.desc(), Evidence.id)
    )
    for ev, url, archived_url in rows:
        found[ev.claim_id].append(
            EvidenceQuote(
                source_id=ev.source_id,
                url=url,
                archived_url=archived_url,
                verdict=ev.verdict.value,
                score=round(ev.score, 4),
                exact=ev.exact,
                prefix=ev.prefix,
                suffix=ev.suffix,
                archived=ev.archived,
            )
        )
    return found


def _health_series(session: Session, filters: ReportFilters, now: dt.datetime) -> HealthSeries:
    start = filters.since or now - DEFAULT_HEALTH_WINDOW
    bucket = "day" if now - start <= DAILY_BUCKETS_UP_TO else "week"
    dialect = session.get_bind().dialect.name
    day = _day(Check.checked_at, dialect, bucket).label("bucket")
    query = select(day, Check.verdict, func.count()).where(Check.checked_at >= start)
    if filters.selects_claims:
        query = query.where(
            Check.source_id.in_(select(Source.id).where(_source_condition(filters)))
        )
    counts: dict[dt.date, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(CHECK_VERDICT_KEYS, 0)
    )
    for key, verdict, count in session.execute(query.group_by(day, Check.verdict)):
        counts[_as_date(key)][verdict.value] += count
    first, last = start.date(), now.date()
    if bucket == "week":
        first -= dt.timedelta(days=first.weekday())
        last -= dt.timedelta(days=last.weekday())
    step = dt.timedelta(days=1 if bucket == "day" else 7)
    buckets = []
    day_start = first
    while day_start <= last:
        buckets.append(HealthBucket(day_start, counts[day_start]))
        day_start += step
    return HealthSeries(bucket=bucket, start=first, end=last, buckets=tuple(buckets))


def _empty_verdicts() -> dict[str, int]:
    return dict.fromkeys(CHECK_VERDICT_KEYS, 0)


def _changes(session: Session, filters: ReportFilters, now: dt.datetime) -> Changes:
    since = filters.since or now
    condition = _claim_condition(filters)
    in_window = and_(StatusChange.changed_at >= since, StatusChange.changed_at <= now)
    dead = SourceState.DEAD.value
    events = session.execute(
        select(StatusChange, Source)
        .join(Source, Source.id == StatusChange.source_id)
        .where(
            in_window,
            StatusChange.field == "state",
            or_(StatusChange.new == dead, StatusChange.old == dead),
            _source_condition(filters),
        )
        .order_by(StatusChange.changed_at, StatusChange.id)
    )
    died: list[SourceEvent] = []
    revived: list[SourceEvent] = []
    for change, source in events:
        if (change.old == dead) == (change.new == dead):
            continue
        event = SourceEvent(
            source_id=source.id,
            url=source.url,
            title=source.title,
            old=change.old,
            new=change.new,
            current_state=source.state.value,
            reason=change.reason,
            at=change.changed_at,
        )
        (died if change.new == dead else revived).append(event)

    claim_change = and_(
        in_window,
        StatusChange.field.in_(("status", "review")),
        # Without a filter every claim is selected, and the IN would only cost time.
        StatusChange.claim_id.in_(select(Claim.id).where(condition))
        if filters.selects_claims
        else true(),
    )
    transitions = tuple(
        Transition(field=name, old=old, new=new, count=count)
        for name, old, new, count in session.execute(
            select(StatusChange.field, StatusChange.old, StatusChange.new, func.count())
            .where(claim_change)
            .group_by(StatusChange.field, StatusChange.old, StatusChange.new)
            .order_by(func.count().desc(), StatusChange.field, StatusChange.new)
        )
    )
    items = tuple(
        ClaimChange(
            claim_id=change.claim_id or 0,
            text=text,
            field=change.field,
            old=change.old,
            new=change.new,
            reason=change.reason,
            actor=change.actor,
            at=change.changed_at,
        )
        for change, text in session.execute(
            select(StatusChange, Claim.text)
            .join(Claim, Claim.id == StatusChange.claim_id)
            .where(claim_change)
            .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
            .limit(MAX_CHANGE_ITEMS)
        )
    )
    return Changes(
        since=since,
        until=now,
        sources_died=tuple(died),
        sources_revived=tuple(revived),
        claim_changes_total=sum(t.count for t in transitions),
        claim_transitions=transitions,
        claim_changes=items,
        evidence_lost=_evidence_lost(session, condition, since, now),
    )


def _evidence_lost(
    session: Session, condition: ColumnElement[bool], since: dt.datetime, now: dt.datetime
) -> tuple[LostEvidence, ...]:
    """Evidence flagged `lost` in the window: from the audit log, and from the evidence rows
    themselves (whichever the writer recorded), one entry per claim and source."""
    logged = (
        select(
            StatusChange.claim_id.label("claim_id"),
            StatusChange.source_id.label("source_id"),
            StatusChange.changed_at.label("at"),
        )
        .where(
            StatusChange.field == "evidence",
            StatusChange.new == EvidenceVerdict.LOST.value,
            StatusChange.changed_at >= since,
            StatusChange.changed_at <= now,
            StatusChange.claim_id.is_not(None),
            StatusChange.source_id.is_not(None),
        )
        .union_all(
            select(Evidence.claim_id, Evidence.source_id, Evidence.updated_at).where(
                Evidence.verdict == EvidenceVerdict.LOST,
                Evidence.updated_at >= since,
                Evidence.updated_at <= now,
            )
        )
        .subquery()
    )
    first_seen = (
        select(logged.c.claim_id, logged.c.source_id, func.min(logged.c.at).label("at"))
        .group_by(logged.c.claim_id, logged.c.source_id)
        .subquery()
    )
    rows = session.execute(
        select(
            first_seen.c.claim_id,
            Claim.text,
            first_seen.c.source_id,
            Source.url,
            Source.archived_url,
            Evidence.exact,
            first_seen.c.at,
        )
        .join(Claim, Claim.id == first_seen.c.claim_id)
        .join(Source, Source.id == first_seen.c.source_id)
        .outerjoin(
            Evidence,
            and_(
                Evidence.claim_id == first_seen.c.claim_id,
                Evidence.source_id == first_seen.c.source_id,
            ),
        )
        .where(condition)
        .order_by(first_seen.c.at, first_seen.c.claim_id, first_seen.c.source_id)
        .limit(MAX_CHANGE_ITEMS)
    )
    return tuple(
        LostEvidence(
            claim_id=claim_id,
            claim_text=text,
            source_id=source_id,
            url=url,
            archived_url=archived_url,
            exact=exact,
            at=_as_utc(at),
        )
        for claim_id, text, source_id, url, archived_url, exact, at in rows
    )


def _enum_value(value: Any) -> str:
    # Columns of a subquery may come back as the enum or as its stored string.
    return str(getattr(value, "value", value))


def _as_utc(value: Any) -> dt.datetime:
    # A UNION's column loses the UTC type decorator on SQLite and comes back as text.
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return _as_utc(dt.datetime.fromisoformat(str(value)))


# --- per-claim exports -------------------------------------------------------------------------


def claim_rows(session: Session, filters: ReportFilters) -> Iterator[ClaimRow]:
    """Every selected claim with its best evidence, streamed in id order (for CSV)."""
    best = (
        select(
            Evidence.claim_id,
            Evidence.score,
            Evidence.verdict,
            Source.url,
            func.row_number()
            .over(
                partition_by=Evidence.claim_id,
                order_by=(Evidence.score.desc(), Evidence.id),
            )
            .label("position"),
        )
        .join(Source, Source.id == Evidence.source_id)
        .subquery()
    )
    risk = risk_expression().label("risk")
    query: Select[Any] = (
        select(
            Claim.id,
            Claim.status,
            Claim.hedge,
            risk,
            Claim.article_id,
            Article.title,
            Claim.attributed_to,
            _source_count(),
            best.c.score,
            best.c.verdict,
            best.c.url,
            Claim.review_verdict,
            Claim.created_at,
            Claim.text,
        )
        .outerjoin(Article, Article.id == Claim.article_id)
        .outerjoin(best, and_(best.c.claim_id == Claim.id, best.c.position == 1))
        .where(_claim_condition(filters))
        .order_by(Claim.id)
        .execution_options(yield_per=2000)
    )
    for row in session.execute(query):
        (cid, status, hedge, risk_value, article_id, title, attributed, count) = row[:8]
        score, verdict, url, review, created_at, text = row[8:]
        yield ClaimRow(
            id=cid,
            status=status.value,
            hedge=hedge.value,
            risk=int(risk_value),
            article_id=article_id,
            article_title=title,
            attributed_to=attributed,
            source_count=int(count),
            best_evidence_score=None if score is None else round(float(score), 4),
            best_evidence_verdict=None
            if verdict is None
            else str(getattr(verdict, "value", verdict)),
            best_evidence_url=url,
            review_verdict=review.value if review is not None else None,
            created_at=created_at,
            text=text,
        )


def reviewed_claims(session: Session, filters: ReportFilters) -> list[ReviewedClaim]:
    """Selected claims that carry a reviewer verdict, with their reviewer and source URLs."""
    condition = and_(_claim_condition(filters), Claim.review_verdict.is_not(None))
    latest_review = (
        select(
            StatusChange.claim_id,
            StatusChange.actor,
            func.row_number()
            .over(
                partition_by=StatusChange.claim_id,
                order_by=(StatusChange.changed_at.desc(), StatusChange.id.desc()),
            )
            .label("position"),
        )
        .where(StatusChange.field == "review")
        .subquery()
    )
    rows = session.execute(
        select(Claim, Article, latest_review.c.actor)
        .outerjoin(Article, Article.id == Claim.article_id)
        .outerjoin(
            latest_review,
            and_(latest_review.c.claim_id == Claim.id, latest_review.c.position == 1),
        )
        .where(condition)
        .order_by(Claim.id)
    )
    urls: dict[int, list[str]] = defaultdict(list)
    for claim_id, url in session.execute(
        select(ClaimSource.claim_id, Source.url)
        .join(Source, Source.id == ClaimSource.source_id)
        .join(Claim, Claim.id == ClaimSource.claim_id)
        .where(condition, Source.url.is_not(None))
        .order_by(ClaimSource.claim_id, Source.id)
    ):
        if url is not None:
            urls[claim_id].append(url)
    return [
        ReviewedClaim(
            id=claim.id,
            text=claim.text,
            verdict=claim.review_verdict.value if claim.review_verdict else "",
            note=claim.review_note,
            reviewed_at=claim.reviewed_at,
            reviewer=actor,
            hedge=claim.hedge.value,
            attributed_to=claim.attributed_to,
            created_at=claim.created_at,
            article_url=article.url if article else None,
            article_title=article.title if article else None,
            article_publisher=article.publisher if article else None,
            article_published_at=article.published_at if article else None,
            source_urls=tuple(urls.get(claim.id, ())),
        )
        for claim, article, actor in rows
    ]


# --- output ------------------------------------------------------------------------------------


def write_atomically(path: str | Path, chunks: Iterable[str]) -> None:
    """Write the report beside `path` and rename it into place: a reader (a web server, a mail
    job) sees the old file or the new one, never half of one. A symbolic link is written
    through (its target is replaced, the link kept); what is not a regular file (a FIFO,
    /dev/stdout) is written to as it is."""
    if not str(path).strip():
        raise UsageError("-o needs a file name")
    target = Path(os.path.realpath(Path(path).expanduser()))
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise UsageError(f"cannot write {path}: it is a directory")
        _write_through(path, target, chunks)
        return
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"cannot write {path}: {directory} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(_cannot_write(path, exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ClaimsError(_cannot_write(path, exc)) from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_through(path: str | Path, target: Path, chunks: Iterable[str]) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        raise ClaimsError(_cannot_write(path, exc)) from exc


def _cannot_write(path: str | Path, exc: OSError) -> str:
    return f"cannot write {path}: {exc.strerror or exc}"


def generate(
    session: Session,
    filters: ReportFilters,
    fmt: ReportFormat,
    *,
    now: dt.datetime | None = None,
    color: bool = False,
    width: int = 140,
) -> Iterator[str]:
    """The report as text chunks: one for aggregated formats, a stream of rows for csv."""
    if filters.article_id is not None:
        store.get_article(session, filters.article_id)
    now = now or utc_now()
    if fmt is ReportFormat.CSV:
        yield from render.render_csv(claim_rows(session, filters))
    elif fmt is ReportFormat.CLAIMREVIEW:
        yield render.render_claimreview(reviewed_claims(session, filters), now)
    else:
        data = build_report(session, filters, now=now)
        yield render.render(data, fmt, color=color, width=width)
