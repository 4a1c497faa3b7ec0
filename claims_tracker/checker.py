"""Orchestration of `claims check`: lease due sources → fetch concurrently → classify → store
checks, source states and schedules in small committed batches → recompute claim statuses.

The caller's thread schedules (all scheduling state lives there and it never waits on the
network or the database); fetch threads only fetch (one :class:`Fetcher`, so one
``requests.Session``, per thread), in this process or in forked fetch processes (see
fetchpool.py); one database thread runs every lease, batch write and lease renewal in order.
Nothing here prints or exits: progress goes to a callback and the run returns a
:class:`CheckSummary`. Unlike most of the core, this module commits: a check is only crash-safe
if each batch of results is committed as it arrives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import itertools
import os
import queue
import re
import secrets
import signal
import socket
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final, Protocol, cast, runtime_checkable
from urllib.parse import urlsplit

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import store
from claims_tracker.config import (
    ARCHIVE_ACCESS_KEY_ENV,
    ARCHIVE_SECRET_KEY_ENV,
    ArchiveKeys,
    Schedule,
    Settings,
)
from claims_tracker.db import transaction
from claims_tracker.errors import UsageError
from claims_tracker.fetch import Fetcher, FetchResult, Hop, fetch_settings_for
from claims_tracker.fetchpool import (
    FetchPool,
    ProcessFetchPool,
    SharedFetchers,
    ThreadFetchPool,
    can_fork,
)
from claims_tracker.models import (
    HEALTHY_STATES,
    READABLE_VERDICTS,
    UNAVAILABLE_STATES,
    Check,
    CheckVerdict,
    Claim,
    ClaimSource,
    Source,
    SourceState,
    StatusChange,
    utc_now,
)
from claims_tracker.urls import snapshot_timestamp
from claims_tracker.verdicts import (
    Classification,
    classify_response,
    random_missing_url,
    says_not_found,
)
from claims_tracker.wayback import (
    Capture,
    CaptureState,
    capture_status,
    request_capture,
    wayback_lookup,
)

__all__ = [
    "AfterCheck",
    "CheckProgress",
    "CheckRef",
    "CheckSummary",
    "CheckedPage",
    "ProgressCallback",
    "RunTuning",
    "Selection",
    "SourceFacts",
    "SourceOutcome",
    "StagedAfterCheck",
    "auto_processes",
    "count_candidates",
    "decide_source_outcome",
    "failing_states",
    "fetch_settings_for",
    "lease_sources",
    "next_check_delay",
    "parse_duration",
    "release_leases",
    "run_check",
    "selection_from_options",
    "settings_with_overrides",
    "stop_on_signals",
    "worker_identity",
]

AfterCheck = Callable[[Session, Source, Check, FetchResult], None]
"""Called inside the batch transaction for every stored check (evidence plugs in here)."""


@runtime_checkable
class StagedAfterCheck(Protocol):
    """An after-check hook in two stages, for hooks with CPU-heavy work such as main-text
    extraction and passage ranking. `prepare` runs where the page was fetched (a worker thread
    or a fetch process), for sources linked to a claim whose page bytes differ from their last
    check, with the texts of the claims citing the source when it was leased. The database
    thread, which every batch waits for, then hands the hook every check of the batch with what
    `prepare` returned (None if it was not run); the hook skips pages no claim cites."""

    def warm_up(self) -> None:
        """Called once before fetch processes are forked, in the process that forks them, so
        that they share what it loads instead of each loading it again."""

    def prepare(self, result: FetchResult, claims: Sequence[str]) -> object | None: ...

    def store_batch(self, session: Session, checked: Sequence[CheckedPage]) -> None: ...


class SourceRef(Protocol):
    """What the staged hook reads of a source (a `Source` row or a leased source)."""

    @property
    def id(self) -> int: ...

    @property
    def url(self) -> str | None: ...

    @property
    def host(self) -> str | None: ...


class CheckRef(Protocol):
    """What the staged hook reads and sets of a stored check (a `Check` row or a `StoredCheck`)."""

    @property
    def id(self) -> int: ...

    @property
    def verdict(self) -> CheckVerdict: ...

    @property
    def archived(self) -> bool: ...

    main_text_sha256: str | None


@dataclass(slots=True)
class StoredCheck:
    """A check row just inserted, without the weight of an ORM object; the checker writes back
    the `main_text_sha256` a hook sets."""

    id: int
    verdict: CheckVerdict
    archived: bool = False
    main_text_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class CheckedPage:
    """A check just stored, with what the staged hook prepared for it (None if nothing)."""

    source: SourceRef
    check: CheckRef
    result: FetchResult
    prepared: object | None = None


ProgressCallback = Callable[["CheckProgress"], None]

Clock = Callable[[], dt.datetime]

# --------------------------------------------------------------------------- small helpers

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> dt.timedelta:
    """ "3d", "12h", "90m", "45s", "2w" or a bare number of seconds ("0") → a timedelta."""
    match = _DURATION.match(text)
    if match is None:
        raise UsageError(
            f"invalid duration {text!r}: use a number with s, m, h, d or w (e.g. 3d, 12h, 0)"
        )
    number, unit = match.groups()
    try:
        return dt.timedelta(seconds=float(number) * _DURATION_UNITS[(unit or "s").lower()])
    except OverflowError:
        raise UsageError(f"invalid duration {text!r}: too long") from None


# The single scheduling and writing process spends, per URL, about as much CPU as a fetch process
# (profiles on 2 cores): a few fetch processes keep it busy, more only take memory. An estimate,
# not measured on more cores.
MAX_AUTO_PROCESSES = 4


def auto_processes() -> int:
    """`--processes auto`: the CPUs this process may run on (a container's CPU set, not the
    host's), at most MAX_AUTO_PROCESSES."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_AUTO_PROCESSES))


def worker_identity() -> str:
    """Unique per process and run, readable in the leases and the audit log."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def settings_with_overrides(
    settings: Settings,
    *,
    concurrency: int | None = None,
    per_host: int | None = None,
    host_interval: float | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    allow_private: bool = False,
    respect_robots: bool = False,
    dead_after: int | None = None,
    dead_span: str | None = None,
    lease_seconds: int | None = None,
    wayback: bool | None = None,
    wayback_url: str | None = None,
    archive_live: bool = False,
    archive_every: str | None = None,
    archive_keys: ArchiveKeys | None = None,
    user_agent: str | None = None,
    host_user_agents: Sequence[str] = (),
    processes: int | None = None,
) -> Settings:
    """Settings with the `claims check` options that were given (None: keep the default).
    `timeout` is the total deadline of one fetch; connect and read timeouts never exceed it.
    `archive_live` needs `archive_keys` (or keys already in `settings`). `host_user_agents` are
    "HOST=AGENT" overrides of `user_agent` for a host and its subdomains."""
    keys = archive_keys or settings.archive_keys
    if archive_live and keys is None:
        raise UsageError(
            f"--archive-live needs the keys of an Internet Archive account: set "
            f"{ARCHIVE_ACCESS_KEY_ENV} and {ARCHIVE_SECRET_KEY_ENV} "
            "(from https://archive.org/account/s3.php)"
        )
    changes: dict[str, Any] = {
        "concurrency": concurrency,
        "per_host": per_host,
        "host_interval": host_interval,
        "max_bytes": max_bytes,
        "dead_after": dead_after,
        "lease_seconds": lease_seconds,
        "wayback_enabled": wayback,
        "wayback_url": wayback_url.rstrip("/") if wayback_url else None,
        "archive_live": archive_live or None,
        "archive_every": parse_duration(archive_every) if archive_every is not None else None,
        "archive_keys": keys,
        "user_agent": _user_agent(user_agent, "--user-agent") if user_agent is not None else None,
        "user_agent_by_host": _host_user_agents(settings, host_user_agents) or None,
        "dead_span": parse_duration(dead_span) if dead_span is not None else None,
        "allow_private": allow_private or None,
        "respect_robots": respect_robots or None,
        "processes": processes,
    }
    if timeout is not None:
        changes["total_deadline"] = timeout
        changes["connect_timeout"] = min(settings.connect_timeout, timeout)
        changes["read_timeout"] = min(settings.read_timeout, timeout)
    return dataclasses.replace(
        settings, **{name: value for name, value in changes.items() if value is not None}
    )


def _user_agent(agent: str, option: str) -> str:
    agent = agent.strip()
    if not agent or any(ord(c) < 32 or ord(c) == 127 for c in agent):
        raise UsageError(f"{option}: a user agent must be one line of text, not {agent!r}")
    return agent


def _host_user_agents(settings: Settings, pairs: Sequence[str]) -> dict[str, str]:
    """ "example.org=Agent/1.0" options → {host: agent}, on top of the settings' own."""
    agents = dict(settings.user_agent_by_host)
    for pair in pairs:
        host, separator, agent = pair.partition("=")
        host = host.strip().lower().rstrip(".")
        if not separator or not host or "/" in host:
            raise UsageError(f"--host-user-agent takes HOST=AGENT, not {pair!r}")
        agents[host] = _user_agent(agent, "--host-user-agent")
    return agents


@dataclass(slots=True)
class StopRequest:
    """Set by SIGINT/SIGTERM: `event` is what the run watches, `signal` what the exit code
    reports."""

    event: threading.Event = field(default_factory=threading.Event)
    # Set by a second signal: abandon the fetches in flight now rather than wait them out.
    abandon: threading.Event = field(default_factory=threading.Event)
    signal: int | None = None

    @property
    def terminated(self) -> bool:
        return self.signal == signal.SIGTERM


@contextmanager
def stop_on_signals(notice: Callable[[str], None] | None = None) -> Iterator[StopRequest]:
    """For the command line only: turn SIGINT/SIGTERM into a graceful stop of the run (a
    second one abandons the fetches in flight), and restore the previous handlers afterwards.
    `notice` is told what a first signal does. The core never installs handlers itself."""
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request  # handlers can only be installed from the main thread
        return

    def handle(signum: int, _frame: object) -> None:
        if request.signal is None:
            request.signal = signum
            if notice is not None:
                notice(
                    "stopping: finishing the fetches in flight and storing what is done; "
                    "interrupt again to abandon the fetches"
                )
        else:
            request.abandon.set()
        request.event.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield request
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --------------------------------------------------------------------------- the dead rule


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the dead rule needs to know about a source before this check."""

    state: SourceState
    consecutive_failures: int
    first_failure_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    state: SourceState
    consecutive_failures: int
    first_failure_at: dt.datetime | None
    next_check_at: dt.datetime


def decide_source_outcome(
    prior: SourceFacts,
    verdict: CheckVerdict,
    is_failure: bool,
    now: dt.datetime,
    *,
    dead_after: int,
    dead_span: dt.timedelta,
    schedule: Schedule,
) -> SourceOutcome:
    """The multi-check rule of SPEC §4: one bad answer never condemns a link.

    A failure counts toward death; a success resets the count; `blocked` says nothing about the
    page (a bot wall or a login), so it neither counts nor resets. A source is dead once it has
    failed `dead_after` times in a row over at least `dead_span`.
    """
    failures = prior.consecutive_failures
    first_failure_at = prior.first_failure_at
    if is_failure:
        failures += 1
        first_failure_at = first_failure_at or now
        if failures >= dead_after and now - first_failure_at >= dead_span:
            state = SourceState.DEAD
        elif verdict is CheckVerdict.SOFT_404:
            state = SourceState.SOFT_404
        else:
            state = SourceState.FAILING
    elif verdict is CheckVerdict.BLOCKED:
        state = SourceState.BLOCKED
    else:
        failures, first_failure_at = 0, None
        state = SourceState(verdict.value)
    return SourceOutcome(
        state=state,
        consecutive_failures=failures,
        first_failure_at=first_failure_at,
        next_check_at=now + next_check_delay(state, failures, schedule),
    )


def next_check_delay(state: SourceState, failures: int, schedule: Schedule) -> dt.timedelta:
    """Healthy pages are re-checked after days, failing ones soon and then less often, dead
    ones rarely."""
    if state is SourceState.FAILING:
        # The exponent is capped so a source failing for years cannot overflow a timedelta.
        backoff = schedule.failing_first * (1 << min(max(failures - 1, 0), 20))
        return min(backoff, schedule.failing_max)
    fixed: dict[SourceState, dt.timedelta] = {
        SourceState.ALIVE: schedule.alive,
        SourceState.REDIRECTED: schedule.redirected,
        SourceState.BLOCKED: schedule.blocked,
        SourceState.SOFT_404: schedule.soft_404,
        SourceState.DEAD: schedule.dead,
    }
    return fixed.get(state, schedule.failing_first)


def failing_states(fail_on: str) -> frozenset[SourceState]:
    """The states `--fail-on` treats as findings: "failing" includes soft-404s and the dead."""
    if fail_on == "dead":
        return frozenset({SourceState.DEAD})
    return frozenset({SourceState.FAILING, SourceState.SOFT_404, SourceState.DEAD})


# --------------------------------------------------------------------------- selection & leases


@dataclass(frozen=True, slots=True)
class Selection:
    """Which sources a run checks. `due` checks only what the schedule says is due; the filters
    narrow either mode. Sources without a URL are never selected."""

    due: bool = True
    claim_id: int | None = None
    source_id: int | None = None
    host: str | None = None


@dataclass(frozen=True, slots=True)
class LeasedSource:
    id: int
    url: str
    host: str
    facts: SourceFacts
    archived_url: str | None
    wayback_checked_at: dt.datetime | None = None
    archive_requested_at: dt.datetime | None = None
    # Only looked up for a staged hook: the texts of the claims citing the source when it was
    # leased, and the content hash of its last check.
    claims: tuple[str, ...] = ()
    last_sha256: str | None = None


def _selection_filters(
    selection: Selection, now: dt.datetime, run_started: dt.datetime
) -> list[Any]:
    """On the tables' columns: leasing and counting are Core statements, which SQLAlchemy
    compiles in a fifth of the time of the ORM's (the first lease is on the way to the first
    fetch)."""
    sources, links = _SOURCES_TABLE.c, _CLAIM_SOURCES_TABLE.c
    filters: list[Any] = [
        sources.url.is_not(None),
        or_(sources.lease_expires_at.is_(None), sources.lease_expires_at < now),
        # What this run (or a run that started after it) already checked is done, whatever
        # the mode: without this, --all would lease its own finished sources again.
        or_(sources.last_checked_at.is_(None), sources.last_checked_at < run_started),
    ]
    if selection.due:
        filters.append(or_(sources.next_check_at.is_(None), sources.next_check_at <= now))
    if selection.source_id is not None:
        filters.append(sources.id == selection.source_id)
    if selection.claim_id is not None:
        filters.append(
            sources.id.in_(select(links.source_id).where(links.claim_id == selection.claim_id))
        )
    if selection.host is not None:
        filters.append(store.host_condition(selection.host, sources.host))
    return filters


def selection_from_options(
    mode: str | None, claim_id: int | None, source_id: int | None, host: str | None
) -> Selection:
    """`--due` (the default) or `--all`, narrowed by `--claim`/`--source`/`--host`. Naming a
    claim, source or host without `--due` means "check them now", due or not."""
    narrowed = claim_id is not None or source_id is not None or host is not None
    due = mode == "due" or (mode is None and not narrowed)
    return Selection(due=due, claim_id=claim_id, source_id=source_id, host=host)


def validate_selection(session: Session, selection: Selection) -> None:
    """An unknown claim or source id, a source that cannot be checked or that is not the named
    claim's, is a usage error, not an empty run."""
    if selection.claim_id is not None:
        store.get_claim(session, selection.claim_id)
    if selection.source_id is not None:
        source = store.get_source(session, selection.source_id)
        if source.url is None:
            raise UsageError(
                f"source {source.id} has no URL yet (a title from a reference list): "
                f"`claims source resolve {source.id} URL` gives it one"
            )
        if selection.claim_id is not None and not store.find_link(
            session, selection.claim_id, source.id
        ):
            raise UsageError(f"source {source.id} is not a source of claim {selection.claim_id}")


def count_candidates(
    session: Session, selection: Selection, now: dt.datetime, run_started: dt.datetime
) -> int:
    query = select(func.count()).select_from(_SOURCES_TABLE)
    return int(session.scalar(query.where(*_selection_filters(selection, now, run_started))) or 0)


def lease_sources(
    session: Session,
    selection: Selection,
    *,
    worker: str,
    now: dt.datetime,
    run_started: dt.datetime,
    lease_seconds: float,
    limit: int,
) -> list[LeasedSource]:
    """Atomically take up to `limit` selected sources nobody else holds (or whose holder's lease
    expired). One statement on both backends: the inner SELECT skips rows another worker has
    locked on PostgreSQL (FOR UPDATE SKIP LOCKED, ignored by SQLite, where the single writer
    already makes the UPDATE atomic), and RETURNING hands back what this worker now owns."""
    table = _SOURCES_TABLE
    chosen = (
        select(table.c.id)
        .where(*_selection_filters(selection, now, run_started))
        # An index's order (ix_sources_lease and the rowid on SQLite, ix_sources_lease_order
        # on PostgreSQL): the scan walks it and stops at the limit, where ordering by the id
        # after the due time sorted every candidate for each chunk (at 50,000 due sources,
        # 17 ms a chunk against 3 on SQLite, 20 against 7 on PostgreSQL).
        .order_by(
            table.c.next_check_at.asc().nulls_first(),
            table.c.lease_expires_at.asc().nulls_first(),
            table.c.id,
        )
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(table)
        .where(table.c.id.in_(chosen))
        .values(lease_owner=worker, lease_expires_at=now + dt.timedelta(seconds=lease_seconds))
        .returning(
            table.c.id,
            table.c.url,
            table.c.host,
            table.c.state,
            table.c.consecutive_failures,
            table.c.first_failure_at,
            table.c.archived_url,
            table.c.wayback_checked_at,
            table.c.archive_requested_at,
        )
    )
    leased = [
        LeasedSource(
            id=row.id,
            url=row.url,
            host=(row.host or urlsplit(row.url).hostname or "").lower(),
            facts=SourceFacts(row.state, row.consecutive_failures or 0, row.first_failure_at),
            archived_url=row.archived_url,
            wayback_checked_at=row.wayback_checked_at,
            archive_requested_at=row.archive_requested_at,
        )
        for row in session.execute(statement)
    ]
    leased.sort(key=lambda source: source.id)
    return leased


def release_leases(session: Session, worker: str, source_ids: Iterable[int] | None = None) -> None:
    """Give back leases this worker holds (all of them when no ids are given)."""
    statement = update(Source).where(Source.lease_owner == worker)
    if source_ids is not None:
        ids = list(source_ids)
        if not ids:
            return
        statement = statement.where(Source.id.in_(ids))
    session.execute(
        statement.values(lease_owner=None, lease_expires_at=None).execution_options(
            synchronize_session=False
        )
    )


def _renew_leases(session: Session, worker: str, expires: dt.datetime) -> None:
    session.execute(
        update(Source)
        .where(Source.lease_owner == worker)
        .values(lease_expires_at=expires)
        .execution_options(synchronize_session=False)
    )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class CheckProgress:
    done: int
    total: int
    by_state: Mapping[str, int]
    elapsed_s: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed_s if self.elapsed_s > 0 else 0.0


@dataclass(slots=True)
class CheckSummary:
    """What a run did. `errors` counts fetches that got no usable HTTP answer (DNS, refused,
    timeout, reset, TLS, SSRF refusal …) plus any internal failure of a fetch."""

    worker: str
    checked: int = 0
    by_verdict: Counter[str] = field(default_factory=Counter)
    by_state: Counter[str] = field(default_factory=Counter)
    newly_dead: list[int] = field(default_factory=list)
    revived: list[int] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0
    interrupted: bool = False
    final_states: dict[int, SourceState] = field(default_factory=dict)
    fetched_in: set[int] = field(default_factory=set)  # ids of the processes that fetched
    # Fetches that produced no result (a fetch process died, a bug), by reason: their sources
    # are left unchecked for the next run.
    unfinished: Counter[str] = field(default_factory=Counter)
    # Save Page Now (--archive-live): "requested", "saved", "pending" (still working when the
    # run stopped waiting), "not_sent" (once requests stopped: the account refused, or the
    # archive failing request after request); failures by why.
    captures: Counter[str] = field(default_factory=Counter)
    capture_failures: Counter[str] = field(default_factory=Counter)

    @property
    def urls_per_s(self) -> float:
        return self.checked / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def has_state(self, states: frozenset[SourceState]) -> bool:
        return any(state in states for state in self.final_states.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "by_verdict": dict(sorted(self.by_verdict.items())),
            "by_state": dict(sorted(self.by_state.items())),
            "newly_dead": sorted(self.newly_dead),
            "revived": sorted(self.revived),
            "errors": self.errors,
            "elapsed_s": round(self.elapsed_s, 3),
            "urls_per_s": round(self.urls_per_s, 1),
            "interrupted": self.interrupted,
            "worker": self.worker,
            "fetch_processes": len(self.fetched_in),
            "unfinished": dict(self.unfinished.most_common(10)),
            "archive_live": {
                **{
                    key: self.captures[key] for key in ("requested", "saved", "pending", "not_sent")
                },
                "failed": dict(self.capture_failures.most_common(10)),
            },
        }


@dataclass(frozen=True, slots=True)
class RunTuning:
    """Knobs of the run loop that users rarely need (tests and benchmarks do)."""

    # A batch is committed at this many results or after batch_seconds, whichever comes first.
    # Each commit has a fixed cost (statements, a transaction): at 50 the main process spent a
    # sixth more CPU per result than at 200.
    batch_size: int = 200
    batch_seconds: float = 0.5
    # Bodies held for the next batch are bounded too, so big pages cannot pile up in memory.
    batch_bytes: int = 16 * 1024 * 1024
    retry_backoff: float = 0.5
    # A Retry-After longer than this is not waited for within the run; the schedule retries.
    max_retry_after: float = 60.0
    # Leases are taken this many per concurrency slot at a time, so several workers share.
    lease_chunk_factor: int = 2
    # After a stop request, in-flight fetches get their deadline plus this, then are abandoned.
    stop_grace: float = 1.0
    # Jobs handed to the fetch threads ahead of time, as a share of the concurrency.
    dispatch_ahead: float = 0.25
    # Save Page Now jobs: first status poll after capture_poll seconds, then half as long again
    # each time up to capture_poll_max; a run waits at most capture_wait seconds for a capture
    # (429 answers included) before leaving it to the archive.
    capture_poll: float = 5.0
    capture_poll_max: float = 30.0
    capture_wait: float = 120.0
    # Captures failing this many times in a row for the archive's reasons stop the requests.
    capture_failures_to_stop: int = 5


# --------------------------------------------------------------------------- the run


class _JobKind:
    SOURCE = "source"
    PROBE = "probe"
    WAYBACK = "wayback"
    # Ask Save Page Now to capture the source's page; with capture_job set, how that goes.
    CAPTURE = "capture"


# Jobs about a source's URL that are not fetches of it: never answered from, or into, the
# run's cache of fetched URLs.
_ARCHIVE_KINDS: Final = frozenset({_JobKind.WAYBACK, _JobKind.CAPTURE})


@dataclass(slots=True)
class _Job:
    kind: str
    url: str
    limit_key: str
    source: LeasedSource | None = None
    attempt: int = 0
    before: dt.datetime | None = None  # wayback: the snapshot must predate this
    capture_job: str | None = None  # capture: the archive's job id, once it took the request
    capture_asked_at: dt.datetime | None = None  # capture: when the archive took it
    capture_until: float = 0.0  # capture: the monotonic time the run stops waiting for it
    capture_poll: float = 0.0  # capture: the wait before the next status poll


@dataclass(slots=True)
class _Done:
    job: _Job
    result: FetchResult | None = None
    archived_url: str | None = None
    snapshot: bytes | None = None  # the page text, zlib-compressed (done in the worker thread)
    snapshot_size: int = 0  # bytes of the page text before compression
    error: str | None = None
    capture: Capture | None = None  # what the archive said of a capture (request or job)
    prepared: object | None = None  # what a staged after-check hook prepared in the worker
    pid: int = 0  # the process that fetched
    not_found: bool | None = None  # says_not_found(result), computed in the worker


@dataclass(slots=True)
class _Outcome:
    source: LeasedSource
    result: FetchResult
    classification: Classification
    snapshot: bytes | None
    snapshot_size: int
    decided: SourceOutcome
    checked_at: dt.datetime
    wants_archive: bool
    prepared: object | None = None


@dataclass(slots=True)
class _Stored:
    """The database thread's word that a batch is committed (or why it could not be)."""

    lookups: list[tuple[LeasedSource, dt.datetime | None]]
    error: BaseException | None = None


@dataclass(slots=True)
class _Leased:
    sources: list[LeasedSource]
    error: BaseException | None = None


@dataclass(slots=True)
class _Batch:
    outcomes: list[_Outcome]
    archives: dict[int, str]
    capture_requests: dict[int, dt.datetime] = field(default_factory=dict)


class _LeaseRequest:
    pass


class _RenewRequest:
    pass


_Event = _Done | _Stored | _Leased
_DatabaseTask = _Batch | _LeaseRequest | _RenewRequest


class _DatabaseThread:
    """Every database statement of a run happens here, in order, so the scheduler never waits
    for the database (SQLite's single writer lock, a PostgreSQL round trip) and the run's own
    transactions never contend with each other. Answers come back on the scheduler's event
    queue. A bounded queue keeps a slow database from letting results pile up in memory."""

    def __init__(
        self,
        store_batch: Callable[[_Batch], list[tuple[LeasedSource, dt.datetime | None]]],
        lease: Callable[[], list[LeasedSource]],
        renew: Callable[[], None],
        events: queue.SimpleQueue[_Event],
    ) -> None:
        self._store_batch = store_batch
        self._lease = lease
        self._renew = renew
        self._events = events
        self._tasks: queue.Queue[_DatabaseTask | None] = queue.Queue(maxsize=4)
        self._failed = False
        self._thread = threading.Thread(target=self._work, name="check-database", daemon=True)
        self._thread.start()

    def submit(self, task: _DatabaseTask) -> None:
        self._tasks.put(task)

    def close(self) -> None:
        self._tasks.put(None)
        self._thread.join()

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            if self._failed:
                continue  # the scheduler is already raising the first error
            try:
                if isinstance(task, _Batch):
                    self._events.put(_Stored(self._store_batch(task)))
                elif isinstance(task, _LeaseRequest):
                    self._events.put(_Leased(self._lease()))
                else:
                    self._renew()
            except BaseException as exc:
                self._failed = True
                if isinstance(task, _LeaseRequest):
                    self._events.put(_Leased([], exc))
                else:
                    self._events.put(_Stored([], exc))


@dataclass(slots=True)
class _HostState:
    queue: deque[_Job] = field(default_factory=deque)
    active: int = 0
    next_start: float = 0.0  # monotonic time before which no new request may start
    runnable: bool = False


def _is_html_page(result: FetchResult) -> bool:
    return (
        result.status == 200
        and result.error_kind is None
        and result.text is not None
        and "html" in (result.content_type or "")
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True, slots=True)
class _Archive:
    """What the fetch threads need to talk to the archive."""

    base_url: str
    keys: ArchiveKeys | None = None
    capture_every: dt.timedelta | None = None


def _run_job(
    fetcher: Fetcher,
    job: _Job,
    *,
    archive: _Archive,
    prepare: Callable[[FetchResult, Sequence[str]], object | None] | None,
) -> _Done:
    """One job in a worker thread (of this process or of a fetch process)."""
    done = _fetch_job(fetcher, job, archive=archive, prepare=prepare)
    done.pid = os.getpid()
    result = done.result
    if result is not None and result.text is not None and result.status in range(200, 300):
        # The soft-404 text test reads the whole page: here, not in the scheduler's thread.
        done.not_found = says_not_found(result)
    return done


def _fetch_job(
    fetcher: Fetcher,
    job: _Job,
    *,
    archive: _Archive,
    prepare: Callable[[FetchResult, Sequence[str]], object | None] | None,
) -> _Done:
    try:
        if job.kind == _JobKind.WAYBACK:
            found = wayback_lookup(
                job.url, before=job.before or utc_now(), fetcher=fetcher, base_url=archive.base_url
            )
            return _Done(job, archived_url=found)
        if job.kind == _JobKind.CAPTURE:
            if archive.keys is None:
                raise RuntimeError("a capture job without archive keys")
            if job.capture_job is not None:
                capture = capture_status(
                    job.capture_job, fetcher=fetcher, keys=archive.keys, base_url=archive.base_url
                )
            else:
                capture = request_capture(
                    job.url,
                    fetcher=fetcher,
                    keys=archive.keys,
                    base_url=archive.base_url,
                    if_not_archived_within=archive.capture_every,
                )
            return _Done(job, capture=capture)
        # The raw body is not stored (the decoded text is); it need not travel further.
        result = dataclasses.replace(fetcher.fetch(job.url), body=None)
        if job.kind == _JobKind.SOURCE and result.text is not None:
            # zlib releases the GIL, so compressing here keeps the scheduler thread free.
            text = result.text.encode("utf-8", "surrogatepass")
            prepared = None
            source = job.source
            if (
                prepare is not None
                and source is not None
                and source.claims
                and result.sha256 != source.last_sha256  # unchanged bytes: nothing to redo
            ):
                prepared = prepare(result, source.claims)
            return _Done(
                job,
                result=result,
                snapshot=zlib.compress(text),
                snapshot_size=len(text),
                prepared=prepared,
            )
        return _Done(job, result=result)
    except Exception as exc:  # a bug in one fetch must not lose the whole run
        return _Done(job, error=f"{type(exc).__name__}: {exc}")


def _lost_job(job: _Job, reason: str) -> _Done:
    return _Done(job, error=reason)


class _CheckRun:
    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: Settings,
        selection: Selection,
        *,
        worker: str,
        now: Clock,
        stop: threading.Event,
        abandon: threading.Event,
        progress: ProgressCallback | None,
        after_check: AfterCheck | None,
        make_fetcher: Callable[[], Fetcher],
        tuning: RunTuning,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.selection = selection
        self.worker = worker
        self.now = now
        self.stop = stop
        self.abandon = abandon
        self.progress = progress
        self.after_check = after_check
        self.tuning = tuning
        self.make_fetcher = make_fetcher
        self.start_at: dt.datetime | None = None  # given when several processes share a run
        self.summary = CheckSummary(worker=worker)
        self.concurrency = max(1, settings.concurrency)
        # Jobs handed to the pool beyond its threads wait there, so a thread that finishes a
        # fetch starts the next at once instead of waiting for this thread to hear of it and
        # dispatch. Limits still hold: each waiting job counts against its host's limit, and
        # no more fetches run at once than there are threads. Not with a minimum interval
        # between a host's requests, which a job started late could break.
        self.dispatch_limit = self.concurrency
        if settings.host_interval <= 0:
            self.dispatch_limit += int(self.concurrency * tuning.dispatch_ahead)
        self.per_host = max(1, settings.per_host)

        self.hosts: dict[str, _HostState] = {}
        self.runnable: deque[str] = deque()
        self.timers: list[tuple[float, int, str, _Job | None]] = []  # (when, seq, host, job)
        self.sequence = itertools.count()
        self.in_flight = 0
        self.queued = 0  # jobs waiting in host queues or timers
        self.leases_exhausted = False
        self.lease_requested = False

        # Soft-404 probes: one per origin per run, only once a 200 HTML page was seen there.
        self.probes: dict[str, FetchResult | None] = {}
        self.awaiting_probe: dict[str, list[_Done]] = {}
        # Duplicate URLs are fetched once: later jobs for a URL wait for, or reuse, the first.
        self.url_results: dict[str, _Done] = {}
        self.url_waiters: dict[str, list[_Job]] = {}

        # Save Page Now for live sources, until the archive refuses the account or fails
        # request after request (then: why no more are sent).
        self.capturing = settings.archive_live and settings.archive_keys is not None
        self.captures_stopped: str | None = None
        self.capture_failures_in_a_row = 0

        self.pending: list[_Outcome] = []
        self.batches_in_writer = 0
        self.pending_bytes = 0
        self.pending_archives: dict[int, str] = {}
        self.pending_capture_requests: dict[int, dt.datetime] = {}
        self.last_flush = time.monotonic()
        self.started = time.monotonic()
        self.total = 0
        self.wayback_host = (urlsplit(settings.wayback_url).hostname or "wayback").lower()

    # ----------------------------------------------------------------- main loop

    def run(self) -> CheckSummary:
        run_started = self.start_at or self.now()
        self.run_started = run_started
        with transaction(self.factory) as session:
            validate_selection(session, self.selection)
            self.total = count_candidates(session, self.selection, run_started, run_started)
        pool = self._start_pool()
        self.pool = pool
        self.database = _DatabaseThread(
            self._store_batch, self._lease, self._renew_leases, pool.done
        )
        self._report_progress()  # 0 of N: only now, after any fork (a progress bar has a thread)
        stop_deadline: float | None = None
        last_renewal = time.monotonic()
        try:
            while True:
                if self.stop.is_set() and stop_deadline is None:
                    stop_deadline = self._begin_stop()
                if stop_deadline is None:
                    self._lease_more_if_needed()
                    self._release_timers()
                    self._dispatch()
                if (
                    self.in_flight == 0
                    and self.queued == 0
                    and (stop_deadline is not None or self.leases_exhausted)
                ):
                    self._classify_orphans()
                    if self._has_unwritten():
                        # The last batch may call for Wayback lookups: store it and go round.
                        self._flush()
                    if self.batches_in_writer == 0 and not self.lease_requested:
                        break
                if stop_deadline is not None and (
                    time.monotonic() > stop_deadline or self.abandon.is_set()
                ):
                    break  # abandon what is still in flight: its leases are released below
                self._wait_for_results(stop_deadline)
                if self._flush_due():
                    self._flush()
                if time.monotonic() - last_renewal > self.settings.lease_seconds / 3:
                    last_renewal = time.monotonic()
                    self.database.submit(_RenewRequest())
            self._classify_orphans()
            self._flush()
        finally:
            pool.shutdown()
            if isinstance(self.make_fetcher, SharedFetchers):
                self.make_fetcher.close()
            self.database.close()
            with transaction(self.factory) as session:
                release_leases(session, self.worker)
        self.summary.interrupted = self.stop.is_set()
        self.summary.elapsed_s = time.monotonic() - self.started
        return self.summary

    def _start_pool(self) -> FetchPool[_Job]:
        """Fetch threads here, or fetch processes to use more cores (where fork exists)."""
        settings = self.settings
        run_job = partial(
            _run_job,
            archive=_Archive(
                settings.wayback_url,
                settings.archive_keys if self.capturing else None,
                settings.archive_every,
            ),
            prepare=self.after_check.prepare
            if isinstance(self.after_check, StagedAfterCheck)
            else None,
        )
        events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
        # A handful of sources is not worth a process each.
        processes = min(self.settings.processes, self.concurrency, max(1, self.total // 4))
        if processes > 1 and can_fork():
            if isinstance(self.after_check, StagedAfterCheck):
                # Loaded once here, the extractor is shared by every fetch process (and is ready
                # when their results are unpickled here) instead of being imported in each. A
                # failure only means each page tries again, and reports it, in `prepare`.
                with suppress(Exception):
                    self.after_check.warm_up()
            return ProcessFetchPool(
                processes,
                -(-self.concurrency // processes),
                self.make_fetcher,
                run_job,
                _lost_job,
                events,
            )
        return ThreadFetchPool(self.concurrency, self.make_fetcher, run_job, events)

    def _renew_leases(self) -> None:
        """Queued sources can wait long behind a deferred host; keep them ours meanwhile."""
        with transaction(self.factory) as session:
            expires = self.now() + dt.timedelta(seconds=self.settings.lease_seconds)
            _renew_leases(session, self.worker, expires)

    def _begin_stop(self) -> float:
        """Take no more work; what is queued goes back to the pool of unleased sources."""
        for host in self.hosts.values():
            host.queue.clear()
        self.timers.clear()
        self.queued = 0
        self.runnable.clear()
        return time.monotonic() + self.settings.total_deadline + self.tuning.stop_grace

    def _wait_for_results(self, stop_deadline: float | None) -> None:
        timeout = self.tuning.batch_seconds
        if self.timers and stop_deadline is None:
            timeout = min(timeout, max(self.timers[0][0] - time.monotonic(), 0.0))
        if stop_deadline is not None:
            timeout = min(timeout, max(stop_deadline - time.monotonic(), 0.0))
        expecting = self.in_flight or self.batches_in_writer or self.lease_requested
        if not expecting:
            if self.queued == 0 and stop_deadline is None:
                return  # nothing to wait for: lease more (or finish) right away
            if timeout > 0:
                # Nothing can arrive; only a timer (deferred host, retry) or a stop can matter.
                self.stop.wait(timeout)
            return
        events = self.pool.done
        try:
            event = events.get(timeout=timeout) if timeout > 0 else events.get_nowait()
        except queue.Empty:
            return
        self._handle_event(event)
        # Drain whatever else finished meanwhile without blocking, but keep the batch bounded.
        while not self._flush_due():
            try:
                event = events.get_nowait()
            except queue.Empty:
                break
            self._handle_event(event)

    def _handle_event(self, event: _Event) -> None:
        if isinstance(event, _Stored):
            self._handle_stored(event)
        elif isinstance(event, _Leased):
            self._handle_leased(event)
        else:
            self._handle(event)

    def _handle_stored(self, stored: _Stored) -> None:
        self.batches_in_writer -= 1
        if stored.error is not None:
            raise stored.error
        if not self.stop.is_set():
            for source, before in stored.lookups:
                job = _Job(_JobKind.WAYBACK, source.url, self.wayback_host, source=source)
                job.before = before
                self._enqueue(job)
        self._report_progress()

    def _report_progress(self) -> None:
        if self.progress is not None:
            self.progress(
                CheckProgress(
                    done=self.summary.checked,
                    total=max(self.total, self.summary.checked),
                    by_state=dict(self.summary.by_state),
                    elapsed_s=time.monotonic() - self.started,
                )
            )

    # ----------------------------------------------------------------- leasing

    def _lease_more_if_needed(self) -> None:
        if self.leases_exhausted or self.lease_requested:
            return
        idle = self.concurrency - self.in_flight
        starving = not self.runnable and idle > 0 and not self.timers
        if self.queued >= self.concurrency and not starving:
            return
        if self.queued >= self.concurrency * 8:
            return
        self.lease_requested = True
        self.database.submit(_LeaseRequest())

    def _lease(self) -> list[LeasedSource]:
        """On the database thread."""
        with transaction(self.factory) as session:
            leased = lease_sources(
                session,
                self.selection,
                worker=self.worker,
                now=self.now(),
                run_started=self.run_started,
                lease_seconds=self.settings.lease_seconds,
                limit=self.concurrency * self.tuning.lease_chunk_factor,
            )
            if not isinstance(self.after_check, StagedAfterCheck) or not leased:
                return leased
            claims, hashes = _claims_and_last_hashes(session, [source.id for source in leased])
            return [
                dataclasses.replace(
                    s, claims=tuple(claims.get(s.id, ())), last_sha256=hashes.get(s.id)
                )
                for s in leased
            ]

    def _handle_leased(self, leased: _Leased) -> None:
        self.lease_requested = False
        if leased.error is not None:
            raise leased.error
        if not leased.sources:
            self.leases_exhausted = True
            return
        if self.stop.is_set():
            return  # leased while stopping: released with the rest at the end
        for source in leased.sources:
            self._enqueue(_Job(_JobKind.SOURCE, source.url, source.host, source=source))

    # ----------------------------------------------------------------- scheduling

    def _host(self, key: str) -> _HostState:
        state = self.hosts.get(key)
        if state is None:
            state = self.hosts[key] = _HostState()
        return state

    def _mark_runnable(self, key: str, host: _HostState) -> None:
        if not host.runnable and host.queue:
            host.runnable = True
            self.runnable.append(key)

    def _enqueue(self, job: _Job, *, front: bool = False) -> None:
        host = self._host(job.limit_key)
        if front:
            host.queue.appendleft(job)
        else:
            host.queue.append(job)
        self.queued += 1
        self._mark_runnable(job.limit_key, host)

    def _enqueue_later(self, job: _Job, when: float) -> None:
        heapq.heappush(self.timers, (when, next(self.sequence), job.limit_key, job))
        self.queued += 1

    def _wake_host_at(self, key: str, when: float) -> None:
        heapq.heappush(self.timers, (when, next(self.sequence), key, None))

    def _release_timers(self) -> None:
        clock = time.monotonic()
        while self.timers and self.timers[0][0] <= clock:
            _when, _seq, key, job = heapq.heappop(self.timers)
            host = self._host(key)
            if job is not None:
                self.queued -= 1
                self._enqueue(job, front=True)
            else:
                self._mark_runnable(key, host)

    def _dispatch(self) -> None:
        """Round-robin over hosts with queued work, within the global and per-host limits and
        each host's minimum interval / Retry-After deferral. Never sleeps."""
        interval = self.settings.host_interval
        while self.in_flight < self.dispatch_limit and self.runnable:
            key = self.runnable.popleft()
            host = self.hosts[key]
            host.runnable = False
            if not host.queue or host.active >= self.per_host:
                continue  # a finishing fetch on this host marks it runnable again
            clock = time.monotonic()
            if host.next_start > clock:
                self._wake_host_at(key, host.next_start)
                continue
            job = host.queue.popleft()
            self.queued -= 1
            if self._answer_from_cache(job) or self._capture_stopped(job):
                self._mark_runnable(key, host)
                continue
            host.active += 1
            host.next_start = clock + interval if interval > 0 else 0.0
            self.in_flight += 1
            if job.kind not in _ARCHIVE_KINDS:
                self.url_waiters.setdefault(job.url, [])
            self.pool.submit(job)
            if host.active < self.per_host:
                self._mark_runnable(key, host)
        self.pool.flush()

    def _answer_from_cache(self, job: _Job) -> bool:
        if job.kind != _JobKind.SOURCE:
            return False
        cached = self.url_results.get(job.url)
        if cached is not None:
            self._handle_source(dataclasses.replace(cached, job=job), from_cache=True)
            return True
        waiters = self.url_waiters.get(job.url)
        if waiters is not None:
            waiters.append(job)
            return True
        return False

    def _capture_stopped(self, job: _Job) -> bool:
        """A capture not yet requested, once requests are stopped, is dropped."""
        if job.kind != _JobKind.CAPTURE or job.capture_job is not None:
            return False
        if self.captures_stopped is None:
            return False
        self.summary.captures["not_sent"] += 1
        return True

    def _defer_host(self, key: str, seconds: float) -> None:
        host = self._host(key)
        host.next_start = max(host.next_start, time.monotonic() + seconds)

    # ----------------------------------------------------------------- completions

    def _handle(self, done: _Done) -> None:
        self.in_flight -= 1
        if done.pid:
            self.summary.fetched_in.add(done.pid)
        host = self._host(done.job.limit_key)
        host.active -= 1
        self._mark_runnable(done.job.limit_key, host)
        if done.job.kind == _JobKind.WAYBACK:
            if done.archived_url and done.job.source is not None:
                self.pending_archives[done.job.source.id] = done.archived_url
            return
        if done.job.kind == _JobKind.CAPTURE:
            self._handle_capture(done)
            return
        waiters = self.url_waiters.pop(done.job.url, [])
        if done.job.kind == _JobKind.PROBE:
            self._handle_probe(done)
        else:
            self._handle_source(done)
        for waiter in waiters:
            self._handle_source(dataclasses.replace(done, job=waiter), from_cache=True)

    def _handle_probe(self, done: _Done) -> None:
        origin = _origin(done.job.url)
        self.probes[origin] = done.result
        for held in self.awaiting_probe.pop(origin, []):
            assert held.result is not None
            self._record(
                held,
                classify_response(held.result, missing_probe=done.result, not_found=held.not_found),
            )

    def _handle_source(self, done: _Done, *, from_cache: bool = False) -> None:
        job = done.job
        result = done.result
        if result is None:  # the fetch itself crashed: count it; its lease is released at the end
            self.summary.errors += 1
            self.summary.unfinished[done.error or "unknown error"] += 1
            return
        if not from_cache:
            self._honour_retry_after(job, result)
        if _is_html_page(result):
            origin = _origin(result.final_url or job.url)
            if origin not in self.probes:
                self._await_probe(origin, done)
                return
            self._record(
                done,
                classify_response(
                    result, missing_probe=self.probes[origin], not_found=done.not_found
                ),
            )
            return
        classification = classify_response(result, not_found=done.not_found)
        if (
            classification.retryable
            and not from_cache
            and job.attempt < self.settings.retries
            and not self.stop.is_set()
            and (result.retry_after or 0.0) <= self.tuning.max_retry_after
        ):
            delay = self.tuning.retry_backoff * (2**job.attempt)
            if result.retry_after is not None:
                delay = max(delay, result.retry_after)
            job.attempt += 1
            self._enqueue_later(job, time.monotonic() + delay)
            return
        if not from_cache:
            self.url_results[job.url] = _slim(done)
        self._record(done, classification)

    def _honour_retry_after(self, job: _Job, result: FetchResult) -> None:
        """A host that says "slow down" is deferred as a whole: its queued URLs wait, while the
        workers go on with other hosts."""
        if result.status not in (429, 503):
            return
        wait = result.retry_after
        if wait is None:
            wait = self.tuning.retry_backoff * (2**job.attempt)
        self._pause_host(job.limit_key, wait)

    def _pause_host(self, key: str, seconds: float) -> None:
        seconds = min(seconds, self.tuning.max_retry_after)
        self._defer_host(key, seconds)
        self._wake_host_at(key, time.monotonic() + seconds)

    def _await_probe(self, origin: str, done: _Done) -> None:
        waiting = self.awaiting_probe.setdefault(origin, [])
        waiting.append(done)
        if len(waiting) == 1 and origin not in self.probes:
            probe_url = random_missing_url(done.result.final_url if done.result else done.job.url)
            self._enqueue(_Job(_JobKind.PROBE, probe_url, done.job.limit_key), front=True)

    def _wants_capture(self, source: LeasedSource, state: SourceState, now: dt.datetime) -> bool:
        """A live page is sent to Save Page Now when neither its newest known capture nor the
        last request for one is within `archive_every`."""
        if not self.capturing or state not in HEALTHY_STATES or self.stop.is_set():
            return False
        captured = snapshot_timestamp(source.archived_url) if source.archived_url else None
        latest = max(filter(None, (captured, source.archive_requested_at)), default=None)
        return latest is None or now - latest >= self.settings.archive_every

    def _handle_capture(self, done: _Done) -> None:
        job, capture, source = done.job, done.capture, done.job.source
        assert source is not None
        counts = self.summary.captures
        if job.capture_job is None:
            counts["requested"] += 1
        if capture is None:  # the job itself crashed
            self._capture_failed(done.error or "unknown error")
            return
        clock = time.monotonic()
        if capture.retry_after is not None:
            # Too many captures at once: the archive host waits, and this one is asked again.
            self._pause_host(job.limit_key, capture.retry_after)
            if clock + capture.retry_after <= job.capture_until and not self.stop.is_set():
                if job.capture_job is None:
                    counts["requested"] -= 1  # asked again: one request in the end
                self._enqueue_later(job, clock + capture.retry_after)
                return
        if capture.state is not CaptureState.FAILED or capture.lasting:
            self.capture_failures_in_a_row = 0  # the archive answers
        if capture.state is CaptureState.PENDING:
            if job.capture_job is None:
                job.capture_job, job.capture_asked_at = capture.job_id, self.now()
                job.capture_poll = self.tuning.capture_poll
            else:
                job.capture_poll = min(job.capture_poll * 1.5, self.tuning.capture_poll_max)
            if clock + job.capture_poll > job.capture_until or self.stop.is_set():
                counts["pending"] += 1  # the archive goes on with it; we stop waiting
                self._capture_asked(job)
                return
            self._enqueue_later(job, clock + job.capture_poll)
            return
        if capture.state is CaptureState.SAVED:
            assert capture.snapshot_url is not None
            self.pending_archives[source.id] = capture.snapshot_url
            counts["saved"] += 1
            self._capture_asked(job)
            return
        reason = capture.reason or "failed"
        if capture.lasting:
            self.summary.capture_failures[reason] += 1
            self._capture_asked(job)  # about the page: not again before the interval
        elif capture.account_refused:
            self.summary.capture_failures[reason] += 1
            self.captures_stopped = self.captures_stopped or reason
        else:
            self._capture_failed(reason)

    def _capture_failed(self, reason: str) -> None:
        """A failure that says nothing about the page; a run of them stops the requests: the
        archive is down or unreachable, and every live page would fail the same way."""
        self.summary.capture_failures[reason] += 1
        self.capture_failures_in_a_row += 1
        if self.capture_failures_in_a_row >= self.tuning.capture_failures_to_stop:
            self.captures_stopped = self.captures_stopped or reason

    def _capture_asked(self, job: _Job) -> None:
        """Remember the request of a capture that ended, or that the archive has in hand: the
        page is not sent again before `archive_every`. A capture that failed for the archive's
        reasons or ours is not remembered, so the next run asks again."""
        assert job.source is not None
        self.pending_capture_requests[job.source.id] = job.capture_asked_at or self.now()

    def _classify_orphans(self) -> None:
        """Results whose soft-404 probe was abandoned at a stop are classified without it."""
        for origin in list(self.awaiting_probe):
            for held in self.awaiting_probe.pop(origin):
                assert held.result is not None
                self._record(held, classify_response(held.result, not_found=held.not_found))

    def _record(self, done: _Done, classification: Classification) -> None:
        source, result = done.job.source, done.result
        assert source is not None
        assert result is not None
        now = self.now()
        settings = self.settings
        decided = decide_source_outcome(
            source.facts,
            classification.verdict,
            classification.is_failure,
            now,
            dead_after=settings.dead_after,
            dead_span=settings.dead_span,
            schedule=settings.schedule,
        )
        newly_dead = (
            decided.state is SourceState.DEAD and source.facts.state is not SourceState.DEAD
        )
        asked = source.wayback_checked_at
        wants_archive = (
            settings.wayback_enabled
            and decided.state in UNAVAILABLE_STATES
            and (
                newly_dead
                or (
                    source.archived_url is None
                    and (asked is None or now - asked >= settings.schedule.wayback_retry)
                )
            )
        )
        _count(self.summary, source, result, classification.verdict, decided.state, newly_dead)
        if self._wants_capture(source, decided.state, now):
            job = _Job(_JobKind.CAPTURE, source.url, self.wayback_host, source=source)
            job.capture_until = time.monotonic() + self.tuning.capture_wait
            self._enqueue(job)
        self.pending.append(
            _Outcome(
                source,
                result,
                classification,
                done.snapshot,
                done.snapshot_size,
                decided,
                now,
                wants_archive,
                done.prepared,
            )
        )
        self.pending_bytes += len(done.snapshot or b"") + len(result.body or b"")

    # ----------------------------------------------------------------- persistence

    def _has_unwritten(self) -> bool:
        return bool(self.pending or self.pending_archives or self.pending_capture_requests)

    def _flush_due(self) -> bool:
        if not self._has_unwritten():
            return False
        return (
            len(self.pending) >= self.tuning.batch_size
            or self.pending_bytes >= self.tuning.batch_bytes
            or time.monotonic() - self.last_flush >= self.tuning.batch_seconds
            # The last fetches are out: write whatever finished whenever the writer is free,
            # so that the batch left when the last answer comes is small.
            or (self.leases_exhausted and self.queued == 0 and self.batches_in_writer == 0)
        )

    def _flush(self) -> None:
        self.last_flush = time.monotonic()
        outcomes, self.pending, self.pending_bytes = self.pending, [], 0
        archives, self.pending_archives = self.pending_archives, {}
        requests, self.pending_capture_requests = self.pending_capture_requests, {}
        if outcomes or archives or requests:
            self.batches_in_writer += 1
            self.database.submit(_Batch(outcomes, archives, requests))

    def _store_batch(self, batch: _Batch) -> list[tuple[LeasedSource, dt.datetime | None]]:
        """On the database thread."""
        with transaction(self.factory) as session:
            return _store_batch(
                session,
                batch.outcomes,
                batch.archives,
                batch.capture_requests,
                worker=self.worker,
                after_check=self.after_check,
            )


def _slim(done: _Done) -> _Done:
    """What the duplicate-URL cache keeps: the answer without its body and text, which the
    first source's batch stores, so a long run does not keep every page in memory."""
    if done.result is None:
        return done
    slim_result = dataclasses.replace(done.result, body=None, text=None)
    return dataclasses.replace(
        done, result=slim_result, snapshot=None, snapshot_size=0, prepared=None
    )


def _claims_and_last_hashes(
    session: Session, source_ids: Sequence[int]
) -> tuple[dict[int, list[str]], dict[int, str]]:
    """The texts of the claims citing each source, and the content hash of its last check."""
    claims: dict[int, list[str]] = {}
    for source_id, text in session.execute(
        select(ClaimSource.source_id, Claim.text)
        .join(Claim, Claim.id == ClaimSource.claim_id)
        .where(ClaimSource.source_id.in_(source_ids))
    ):
        claims.setdefault(source_id, []).append(text)
    if not claims:
        return claims, {}
    latest = (
        select(func.max(Check.id))
        .where(Check.source_id.in_(list(claims)))
        .group_by(Check.source_id)
        .scalar_subquery()
    )
    hashes = {
        source_id: sha
        for source_id, sha in session.execute(
            select(Check.source_id, Check.content_sha256).where(Check.id.in_(latest))
        )
        if sha is not None
    }
    return claims, hashes


def _store_batch(
    session: Session,
    outcomes: Sequence[_Outcome],
    archives: Mapping[int, str],
    capture_requests: Mapping[int, dt.datetime],
    *,
    worker: str,
    after_check: AfterCheck | None,
) -> list[tuple[LeasedSource, dt.datetime | None]]:
    """Write one batch with set-based statements; return the Wayback lookups it calls for."""
    source_rows: list[dict[str, Any]] = []
    check_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    snapshots: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        source, result, classification = outcome.source, outcome.result, outcome.classification
        decided, now = outcome.decided, outcome.checked_at
        source_rows.append(
            {
                "source_id": source.id,
                "state": decided.state,
                "consecutive_failures": decided.consecutive_failures,
                "first_failure_at": decided.first_failure_at,
                "last_checked_at": now,
                "next_check_at": decided.next_check_at,
                "wayback_checked_at": now if outcome.wants_archive else source.wayback_checked_at,
                "lease_owner": None,
                "lease_expires_at": None,
            }
        )
        check_rows.append(check_row(source.id, result, classification, worker, now))
        if outcome.snapshot is not None and result.sha256 is not None:
            snapshots[result.sha256] = {
                "sha256": result.sha256,
                "kind": "page",
                "content_type": result.content_type,
                "size": outcome.snapshot_size,
                "data": outcome.snapshot,
                "created_at": now,
            }
        old = source.facts.state
        if decided.state is not old:
            changes.append(
                {
                    "source_id": source.id,
                    "field": "state",
                    "old": old.value,
                    "new": decided.state.value,
                    "reason": classification.reason,
                    "actor": worker,
                    "changed_at": now,
                }
            )

    if source_rows:
        session.connection().execute(_SOURCE_OUTCOME_UPDATE, source_rows)
    titled = [
        {"source_id": o.source.id, "page_title": o.result.title[:1024]}
        for o in outcomes
        if o.result.title and o.classification.verdict in READABLE_VERDICTS
    ]
    if titled:
        # A source added by URL alone takes the title of its page; a title from a reference
        # list or an earlier check is kept.
        table = _SOURCES_TABLE
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("source_id"), table.c.title.is_(None))
            .values(title=bindparam("page_title")),
            titled,
        )
    if archives:
        session.execute(
            update(Source), [{"id": sid, "archived_url": url} for sid, url in archives.items()]
        )
    if capture_requests:
        session.execute(
            update(Source),
            [{"id": sid, "archive_requested_at": at} for sid, at in capture_requests.items()],
        )
    if snapshots:
        store.insert_snapshots(session, list(snapshots.values()))
    if changes:
        session.connection().execute(_STATUS_CHANGES_TABLE.insert(), changes)
    source_ids = [outcome.source.id for outcome in outcomes]
    if not check_rows:
        pass
    elif after_check is None:
        session.connection().execute(_CHECKS_TABLE.insert(), check_rows)
    elif isinstance(after_check, StagedAfterCheck):
        _run_staged_hook(session, after_check, outcomes, check_rows)
    else:
        checks = session.scalars(
            insert(Check).returning(Check, sort_by_parameter_order=True), check_rows
        )
        loaded = {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(source_ids)))}
        for outcome, check in zip(outcomes, checks, strict=True):
            after_check(session, loaded[outcome.source.id], check, outcome.result)
    store.recompute_statuses(
        session,
        store.claims_for_sources(session, source_ids + list(archives)),
        actor=worker,
        now=outcomes[-1].checked_at if outcomes else None,
    )
    return _wayback_requests(session, [o.source for o in outcomes if o.wants_archive])


_SOURCES_TABLE: Final = cast(Table, Source.__table__)
_CLAIM_SOURCES_TABLE: Final = cast(Table, ClaimSource.__table__)
_CHECKS_TABLE: Final = cast(Table, Check.__table__)
_STATUS_CHANGES_TABLE: Final = cast(Table, StatusChange.__table__)
# Core statements for the writes of every check (its row, its source's new state, a state
# change): the ORM's bulk paths spent more CPU preparing each row than the database storing it.
_SOURCE_OUTCOME_UPDATE: Final = (
    update(_SOURCES_TABLE)
    .where(_SOURCES_TABLE.c.id == bindparam("source_id"))
    .values(
        {
            column: bindparam(column)
            for column in (
                "state",
                "consecutive_failures",
                "first_failure_at",
                "last_checked_at",
                "next_check_at",
                "wayback_checked_at",
                "lease_owner",
                "lease_expires_at",
            )
        }
    )
)


def _run_staged_hook(
    session: Session,
    hook: StagedAfterCheck,
    outcomes: Sequence[_Outcome],
    rows: Sequence[dict[str, Any]],
) -> None:
    """Insert the checks (ids only come back), let the hook see the whole batch, then write
    back the main-text hashes it recorded: a fixed number of statements per batch."""
    ids = session.scalars(insert(Check).returning(Check.id, sort_by_parameter_order=True), rows)
    pages = [
        CheckedPage(
            outcome.source, StoredCheck(check_id, row["verdict"]), outcome.result, outcome.prepared
        )
        for outcome, check_id, row in zip(outcomes, ids, rows, strict=True)
    ]
    # Each source appears once in a batch, so what the hook adds for one page is never what it
    # queries for another: flush once at the end, not before every query.
    with session.no_autoflush:
        hook.store_batch(session, pages)
    hashes = [
        {"id": page.check.id, "main_text_sha256": page.check.main_text_sha256}
        for page in pages
        if page.check.main_text_sha256 is not None
    ]
    if hashes:
        session.execute(update(Check), hashes)


def _count(
    summary: CheckSummary,
    source: LeasedSource,
    result: FetchResult,
    verdict: CheckVerdict,
    state: SourceState,
    newly_dead: bool,
) -> None:
    summary.checked += 1
    summary.by_verdict[verdict.value] += 1
    previous = summary.final_states.get(source.id)
    if previous is not None:
        summary.by_state[previous.value] -= 1
    summary.by_state[state.value] += 1
    summary.final_states[source.id] = state
    if result.error_kind is not None and result.status is None:
        summary.errors += 1
    if newly_dead:
        summary.newly_dead.append(source.id)
    if state in HEALTHY_STATES and source.facts.state in UNAVAILABLE_STATES:
        summary.revived.append(source.id)


def check_row(
    source_id: int,
    result: FetchResult,
    classification: Classification,
    worker: str,
    now: dt.datetime,
    *,
    archived: bool = False,
) -> dict[str, Any]:
    """The Check row recording one fetch."""
    return {
        "source_id": source_id,
        "checked_at": now,
        "requested_url": result.requested_url[:2048],
        "final_url": result.final_url[:2048] if result.final_url else None,
        "redirects": [_hop_row(hop) for hop in result.redirects],
        "http_status": result.status,
        "error_kind": result.error_kind.value if result.error_kind is not None else None,
        "error_detail": result.error_detail,
        "elapsed_ms": result.elapsed_ms,
        "content_type": result.content_type,
        "content_length": result.content_length,
        "content_sha256": result.sha256,
        "main_text_sha256": None,
        "page_title": result.title[:1024] if result.title else None,
        "soft_404": classification.soft_404,
        "is_failure": classification.is_failure,
        "verdict": classification.verdict,
        "reason": classification.reason,
        "archived": archived,
        "worker": worker,
    }


def _hop_row(hop: Hop) -> dict[str, Any]:
    if hop.refresh:
        return {"url": hop.url, "status": hop.status, "refresh": True}
    return {"url": hop.url, "status": hop.status}


def _wayback_requests(
    session: Session, sources: Sequence[LeasedSource]
) -> list[tuple[LeasedSource, dt.datetime | None]]:
    """Each source with the moment its earliest claim was recorded: the archive copy we want
    is the one the claim's author could have read."""
    if not sources:
        return []
    rows = session.execute(
        select(ClaimSource.source_id, func.min(Claim.created_at))
        .join(Claim, Claim.id == ClaimSource.claim_id)
        .where(ClaimSource.source_id.in_([s.id for s in sources]))
        .group_by(ClaimSource.source_id)
    )
    recorded: dict[int, dt.datetime] = dict(rows.all())
    return [(source, recorded.get(source.id)) for source in sources]


def run_check(
    factory: sessionmaker[Session],
    settings: Settings,
    selection: Selection | None = None,
    *,
    worker: str | None = None,
    now: Clock = utc_now,
    stop: threading.Event | None = None,
    abandon: threading.Event | None = None,
    progress: ProgressCallback | None = None,
    after_check: AfterCheck | None = None,
    make_fetcher: Callable[[], Fetcher] | None = None,
    tuning: RunTuning | None = None,
    run_started: dt.datetime | None = None,
) -> CheckSummary:
    """Check the selected sources and store every result; see the module docstring.

    `now` is the clock for everything stored (inject one to span days in tests); `stop` ends
    the run early: no new work, in-flight fetches finish within their deadline or are
    abandoned (at once when `abandon` is set too), finished results are committed, unstarted
    leases released. `run_started` (default: now) marks what counts as checked by this run;
    runs sharing one work together.
    """
    fetch_settings = fetch_settings_for(settings)
    run = _CheckRun(
        factory,
        settings,
        selection or Selection(),
        worker=worker or worker_identity(),
        now=now,
        stop=stop or threading.Event(),
        abandon=abandon or threading.Event(),
        progress=progress,
        after_check=after_check,
        make_fetcher=make_fetcher or SharedFetchers(fetch_settings, per_host=settings.per_host),
        tuning=tuning or RunTuning(),
    )
    run.start_at = run_started
    return run.run()
