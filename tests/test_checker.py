"""`claims check` as specified in SPEC §4: real HTTP servers on 127.0.0.x, real databases."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import USER_AGENT, checker, db, store
from claims_tracker.checker import (
    CheckSummary,
    RunTuning,
    Selection,
    SourceFacts,
    decide_source_outcome,
    lease_sources,
    parse_duration,
    run_check,
)
from claims_tracker.cli import cli
from claims_tracker.config import (
    ARCHIVE_ACCESS_KEY_ENV,
    ARCHIVE_SECRET_KEY_ENV,
    ArchiveKeys,
    Schedule,
    Settings,
)
from claims_tracker.errors import NotFoundError, UsageError
from claims_tracker.fetch import Fetcher, FetchResult, FetchSettings
from claims_tracker.models import (
    Check,
    CheckVerdict,
    Claim,
    ClaimStatus,
    Hedge,
    Snapshot,
    Source,
    SourceState,
    StatusChange,
)
from tests.servers import (
    LocalServer,
    Reply,
    Request,
    SavePageNow,
    drip,
    endless,
    gzip_bomb,
    redirect,
    running_server,
    sequence,
    unused_port,
)

DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
PAGE = "<html><head><title>Acme results</title></head><body><p>Acme grew 14%.</p></body></html>"
HOME = "<html><head><title>Example News</title></head><body>Top stories of the day</body></html>"


class Clock:
    """An injectable clock that tests move by whole days."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta) -> None:
        self.current += delta


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return db.make_sessionmaker(engine)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        allow_private=True,
        wayback_enabled=False,
        concurrency=8,
        per_host=4,
        total_deadline=5.0,
        retries=2,
    )


FAST = RunTuning(retry_backoff=0.2, batch_seconds=0.1)


def add_sources(factory: sessionmaker[Session], urls: Sequence[str]) -> list[int]:
    with db.transaction(factory) as session:
        return [store.source_for_url(session, url).id for url in urls]


def add_claim(factory: sessionmaker[Session], urls: Sequence[str]) -> int:
    with db.transaction(factory) as session:
        claim, _ = store.add_claim(
            session,
            "Acme reportedly grew 14% last year.",
            hedge=Hedge.REPORTED,
            source_urls=urls,
            fingerprint=f"fp-{time.monotonic_ns()}",
            actor="test",
        )
        return claim.id


def check(
    factory: sessionmaker[Session],
    settings: Settings,
    selection: Selection | None = None,
    **kwargs: Any,
) -> CheckSummary:
    kwargs.setdefault("tuning", FAST)
    return run_check(factory, settings, selection or Selection(due=False), **kwargs)


def source(factory: sessionmaker[Session], source_id: int) -> Source:
    with factory() as session:
        found = session.get(Source, source_id)
        assert found is not None
        return found


def checks_of(factory: sessionmaker[Session], source_id: int) -> list[Check]:
    with factory() as session:
        return list(
            session.scalars(select_checks().where(Check.source_id == source_id).order_by(Check.id))
        )


def select_checks() -> sa.Select[tuple[Check]]:
    return sa.select(Check)


def last_check(factory: sessionmaker[Session], source_id: int) -> Check:
    return checks_of(factory, source_id)[-1]


# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", dt.timedelta(days=3)),
        ("12h", dt.timedelta(hours=12)),
        ("90m", dt.timedelta(minutes=90)),
        ("45s", dt.timedelta(seconds=45)),
        ("2w", dt.timedelta(weeks=2)),
        ("0", dt.timedelta(0)),
        ("1.5h", dt.timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "3 days", "-1d", "d", "3y"])
def test_parse_duration_refuses_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("prior", "verdict", "is_failure", "state", "failures", "first"),
    [
        # first failure: counted, not yet dead
        (
            SourceFacts(SourceState.ALIVE, 0, None),
            CheckVerdict.FAILING,
            True,
            SourceState.FAILING,
            1,
            T0,
        ),
        # third failure but only two days of failing: still failing
        (
            SourceFacts(SourceState.FAILING, 2, T0 - 2 * DAY),
            CheckVerdict.FAILING,
            True,
            SourceState.FAILING,
            3,
            T0 - 2 * DAY,
        ),
        # third failure spanning three days: dead
        (
            SourceFacts(SourceState.FAILING, 2, T0 - 3 * DAY),
            CheckVerdict.FAILING,
            True,
            SourceState.DEAD,
            3,
            T0 - 3 * DAY,
        ),
        # long span but too few failures
        (
            SourceFacts(SourceState.FAILING, 1, T0 - 9 * DAY),
            CheckVerdict.FAILING,
            True,
            SourceState.FAILING,
            2,
            T0 - 9 * DAY,
        ),
        # a soft-404 that is not dead yet keeps its own state
        (
            SourceFacts(SourceState.ALIVE, 0, None),
            CheckVerdict.SOFT_404,
            True,
            SourceState.SOFT_404,
            1,
            T0,
        ),
        # blocked neither counts nor resets
        (
            SourceFacts(SourceState.FAILING, 2, T0 - DAY),
            CheckVerdict.BLOCKED,
            False,
            SourceState.BLOCKED,
            2,
            T0 - DAY,
        ),
        # any success resets, even a dead source
        (
            SourceFacts(SourceState.DEAD, 5, T0 - 9 * DAY),
            CheckVerdict.REDIRECTED,
            False,
            SourceState.REDIRECTED,
            0,
            None,
        ),
    ],
)
def test_dead_rule(
    prior: SourceFacts,
    verdict: CheckVerdict,
    is_failure: bool,
    state: SourceState,
    failures: int,
    first: dt.datetime | None,
) -> None:
    outcome = decide_source_outcome(
        prior, verdict, is_failure, T0, dead_after=3, dead_span=3 * DAY, schedule=Schedule()
    )
    assert (outcome.state, outcome.consecutive_failures, outcome.first_failure_at) == (
        state,
        failures,
        first,
    )


def test_schedule_backs_off_failing_sources_and_caps() -> None:
    schedule = Schedule()
    delays = [checker.next_check_delay(SourceState.FAILING, n, schedule) for n in (1, 2, 3, 4, 50)]
    assert delays == [
        dt.timedelta(hours=6),
        dt.timedelta(hours=12),
        dt.timedelta(days=1),
        dt.timedelta(days=2),
        dt.timedelta(days=2),
    ]
    assert checker.next_check_delay(SourceState.ALIVE, 0, schedule) == dt.timedelta(days=7)
    assert checker.next_check_delay(SourceState.DEAD, 9, schedule) == dt.timedelta(days=30)


# --------------------------------------------------------------------------- verdicts end to end


def test_alive_and_redirect_chain_are_recorded(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    routes = {
        "/ok": Reply(body=PAGE),
        "/old": redirect("/older", 301),
        "/older": redirect("/new-home", 301),
        "/new-home": Reply(body=PAGE.replace("14%", "15%")),
    }
    with running_server("127.0.0.2", routes) as server:
        ok, moved = add_sources(factory, [server.url("/ok"), server.url("/old")])
        summary = check(factory, settings)
    assert summary.checked == 2
    assert summary.by_verdict == Counter({"alive": 1, "redirected": 1})
    assert source(factory, ok).state is SourceState.ALIVE
    assert source(factory, moved).state is SourceState.REDIRECTED
    record = last_check(factory, moved)
    assert record.redirects == [
        {"url": server.url("/old"), "status": 301},
        {"url": server.url("/older"), "status": 301},
    ]
    assert record.final_url == server.url("/new-home")
    assert record.http_status == 200
    assert record.page_title == "Acme results"
    alive = last_check(factory, ok)
    assert alive.verdict is CheckVerdict.ALIVE
    assert alive.content_sha256 is not None
    assert alive.elapsed_ms is not None
    assert alive.worker == summary.worker
    # Stored sources carry no lease once their result is in.
    assert source(factory, ok).lease_owner is None


def test_redirect_to_front_page_and_redirect_loop_are_failures(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    routes = {
        "/": Reply(body=HOME),
        "/2019/story": redirect("/", 301),
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
    }
    with running_server("127.0.0.2", routes) as server:
        to_root, loop = add_sources(factory, [server.url("/2019/story"), server.url("/loop-a")])
        check(factory, settings)
    root_check = last_check(factory, to_root)
    assert root_check.is_failure
    assert "redirect to root" in (root_check.reason or "")
    assert source(factory, to_root).state is SourceState.FAILING
    loop_check = last_check(factory, loop)
    assert loop_check.error_kind == "redirect_loop"
    assert loop_check.verdict is CheckVerdict.FAILING
    assert source(factory, loop).consecutive_failures == 1


def test_meta_refresh_to_front_page_is_a_failure_and_elsewhere_a_move(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    def refresh_to(target: str) -> Reply:
        return Reply(body=f'<html><head><meta http-equiv="refresh" content="0; url={target}">')

    routes = {
        "/": Reply(body=HOME),
        "/2019/story": refresh_to("/"),
        "/old-report": refresh_to("/reports/2024"),
        "/reports/2024": Reply(body="<html><head><title>Report</title></head>...</html>"),
    }
    with running_server("127.0.0.2", routes) as server:
        to_root, moved = add_sources(
            factory, [server.url("/2019/story"), server.url("/old-report")]
        )
        check(factory, settings)
    root_check = last_check(factory, to_root)
    assert root_check.is_failure
    assert root_check.reason == f"redirect to root: {server.url('/')}"
    assert root_check.redirects == [
        {"url": server.url("/2019/story"), "status": 200, "refresh": True}
    ]
    assert source(factory, to_root).state is SourceState.FAILING
    moved_check = last_check(factory, moved)
    assert moved_check.verdict is CheckVerdict.REDIRECTED
    assert moved_check.final_url == server.url("/reports/2024")
    assert moved_check.page_title == "Report"


def test_redirect_to_a_private_address_is_refused(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with running_server("127.0.0.3", {"/secret": Reply(body="internal")}) as inside:
        routes = {"/jump": redirect(inside.url("/secret"))}
        with running_server("127.0.0.2", routes) as public:
            (jump,) = add_sources(factory, [public.url("/jump")])
            # Only the first site is exempt from the guard, as a public site would be.
            guarded = FetchSettings(
                allow_private=False, private_host_allowlist=frozenset({"127.0.0.2"})
            )
            check(
                factory,
                replace(settings, allow_private=False),
                make_fetcher=lambda: Fetcher(guarded),
            )
            assert inside.hits["/secret"] == 0
    record = last_check(factory, jump)
    assert record.error_kind == "blocked_private"
    assert record.is_failure


def test_gone_page_becomes_dead_only_after_failures_spanning_the_dead_span(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    clock = Clock()
    rules = replace(settings, dead_after=3, dead_span=3 * DAY)
    with running_server(
        "127.0.0.2", {"/gone": Reply(status=404), "/tomb": Reply(status=410)}
    ) as server:
        gone, tomb = add_sources(factory, [server.url("/gone"), server.url("/tomb")])
        for day in range(3):
            summary = check(factory, rules, now=clock)
            assert source(factory, gone).state is SourceState.FAILING, f"day {day}"
            assert summary.newly_dead == []
            clock.advance(DAY)
        summary = check(factory, rules, now=clock)
        assert server.hits["/gone"] == 4  # 4xx is never retried within a run
    assert sorted(summary.newly_dead) == [gone, tomb]
    dead = source(factory, gone)
    assert dead.state is SourceState.DEAD
    assert dead.consecutive_failures == 4
    assert dead.first_failure_at == T0
    assert dead.next_check_at == clock() + Schedule().dead
    # The check records what the fetch showed; the source records the rule's outcome.
    assert [c.verdict for c in checks_of(factory, gone)] == [CheckVerdict.FAILING] * 4
    with factory() as session:
        changes = session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.source_id == gone, StatusChange.field == "state")
            .order_by(StatusChange.id)
        ).all()
    assert [(c.old, c.new) for c in changes] == [("unchecked", "failing"), ("failing", "dead")]
    assert changes[-1].actor == summary.worker


def test_a_success_resets_the_failure_count(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    clock = Clock()
    rules = replace(settings, dead_after=2, dead_span=DAY)
    flaky = sequence(Reply(status=404), Reply(body=PAGE), Reply(status=404), Reply(status=404))
    with running_server("127.0.0.2", {"/page": flaky}) as server:
        (page,) = add_sources(factory, [server.url("/page")])
        states = []
        for _ in range(4):
            summary = check(factory, rules, now=clock)
            states.append(source(factory, page).state)
            clock.advance(DAY)
    assert states == [
        SourceState.FAILING,
        SourceState.ALIVE,
        SourceState.FAILING,
        SourceState.DEAD,
    ]
    assert summary.newly_dead == [page]


def test_dead_span_zero_means_the_count_alone_decides(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    rules = replace(settings, dead_after=2, dead_span=dt.timedelta(0))
    clock = Clock()
    with running_server("127.0.0.2", {"/gone": Reply(status=410)}) as server:
        (gone,) = add_sources(factory, [server.url("/gone")])
        check(factory, rules, now=clock)
        clock.advance(dt.timedelta(minutes=1))
        summary = check(factory, rules, now=clock)
    assert source(factory, gone).state is SourceState.DEAD
    assert summary.by_state == Counter({"dead": 1})


def test_soft_404_host_is_found_with_one_probe(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    # The host answers every unknown path with its front page and a 200.
    routes = {"/": Reply(body=HOME), "/real": Reply(body=PAGE)}
    with running_server("127.0.0.2", routes, default=Reply(body=HOME)) as server:
        gone1, gone2, real = add_sources(
            factory,
            [server.url("/news/removed-story"), server.url("/news/other"), server.url("/real")],
        )
        summary = check(factory, settings)
        probes = [path for path in server.hits if "ct-missing-" in path]
    assert len(probes) == 1
    assert server.hits[probes[0]] == 1
    assert source(factory, gone1).state is SourceState.SOFT_404
    assert source(factory, gone2).state is SourceState.SOFT_404
    assert source(factory, real).state is SourceState.ALIVE
    soft = last_check(factory, gone1)
    assert soft.soft_404
    assert soft.is_failure
    assert soft.verdict is CheckVerdict.SOFT_404
    assert summary.by_state == Counter({"soft_404": 2, "alive": 1})


def test_blocked_answers_never_make_a_source_dead(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    routes = {
        "/login": Reply(status=401),
        "/forbidden": Reply(status=403),
        "/challenge": Reply(status=403, headers={"cf-mitigated": "challenge"}),
    }
    rules = replace(settings, dead_after=2, dead_span=dt.timedelta(0))
    clock = Clock()
    with running_server("127.0.0.2", routes) as server:
        ids = add_sources(factory, [server.url(path) for path in routes])
        for _ in range(3):
            check(factory, rules, now=clock)
            clock.advance(DAY)
        assert all(server.hits[path] == 3 for path in routes)
    for source_id in ids:
        found = source(factory, source_id)
        assert found.state is SourceState.BLOCKED
        assert found.consecutive_failures == 0
        assert found.next_check_at == clock() - DAY + Schedule().blocked
    assert "cf-mitigated" in (last_check(factory, ids[2]).reason or "")


@dataclass
class Timeline:
    times: dict[str, list[float]]

    def stamp(self, reply: Reply | Callable[[Request], Reply]) -> Callable[[Request], Reply]:
        def answer(request: Request) -> Reply:
            self.times.setdefault(request.path_only, []).append(time.monotonic())
            return reply(request) if callable(reply) else reply

        return answer


def test_retry_after_defers_the_host_not_the_workers(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    timeline = Timeline({})
    limited = sequence(Reply(status=429, headers={"Retry-After": "1"}), Reply(body=PAGE))
    routes = {"/limited": timeline.stamp(limited), "/queued": timeline.stamp(Reply(body=PAGE))}
    with (
        running_server("127.0.0.2", routes) as busy,
        running_server("127.0.0.3", {"/elsewhere": timeline.stamp(Reply(body=PAGE))}) as other,
    ):
        slow = replace(settings, per_host=1, concurrency=2)
        limited_id, queued_id, other_id = add_sources(
            factory, [busy.url("/limited"), busy.url("/queued"), other.url("/elsewhere")]
        )
        summary = check(factory, slow)
    first_429 = timeline.times["/limited"][0]
    assert len(timeline.times["/limited"]) == 2
    assert timeline.times["/limited"][1] - first_429 >= 0.95
    # The deferred host's other URL waited too …
    assert timeline.times["/queued"][0] - first_429 >= 0.95
    # … while another host was served at once.
    assert timeline.times["/elsewhere"][0] - first_429 < 0.5
    assert summary.by_state == Counter({"alive": 3})
    assert source(factory, limited_id).state is SourceState.ALIVE
    assert len(checks_of(factory, limited_id)) == 1
    del queued_id, other_id


def test_server_error_is_retried_within_the_run(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with running_server(
        "127.0.0.2", {"/flaky": sequence(Reply(status=500), Reply(body=PAGE))}
    ) as server:
        (flaky,) = add_sources(factory, [server.url("/flaky")])
        check(factory, settings)
        assert server.hits["/flaky"] == 2
    assert source(factory, flaky).state is SourceState.ALIVE
    assert len(checks_of(factory, flaky)) == 1  # the retry is part of one check


def test_persistent_server_error_gives_up_after_the_retries(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with running_server("127.0.0.2", {"/down": Reply(status=503)}) as server:
        (down,) = add_sources(factory, [server.url("/down")])
        check(factory, replace(settings, retries=2))
        assert server.hits["/down"] == 3
    assert last_check(factory, down).http_status == 503
    assert source(factory, down).state is SourceState.FAILING


def test_dns_failure_and_4xx_are_not_retried(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    lookups: Counter[str] = Counter()

    def resolver(host: str) -> list[str]:
        lookups[host] += 1
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [host]

    # No DNS cache, so a retry would show as a second lookup.
    fetch_settings = FetchSettings(allow_private=True, dns_cache_ttl=0)
    with running_server("127.0.0.2", {"/missing": Reply(status=404)}) as server:
        nowhere, missing = add_sources(
            factory, ["http://no-such-host.invalid/page", server.url("/missing")]
        )
        summary = check(
            factory, settings, make_fetcher=lambda: Fetcher(fetch_settings, resolver=resolver)
        )
        assert server.hits["/missing"] == 1
    assert lookups["no-such-host.invalid"] == 1
    assert last_check(factory, missing).http_status == 404
    assert last_check(factory, nowhere).error_kind == "dns"
    assert summary.errors == 1


def test_slow_drip_endless_body_and_gzip_bomb_are_bounded(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    routes = {
        "/drip": drip("x" * 100, interval=0.5),
        "/endless": endless(),
        "/bomb": gzip_bomb(),
    }
    limits = replace(settings, total_deadline=1.5, max_bytes=256 * 1024, retries=0)
    with running_server("127.0.0.2", routes) as server:
        dripping, endless_id, bomb = add_sources(factory, [server.url(p) for p in routes])
        started = time.monotonic()
        check(factory, limits)
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert last_check(factory, dripping).error_kind == "timeout"
    for capped in (endless_id, bomb):
        record = last_check(factory, capped)
        assert record.error_kind == "too_large"
        assert record.content_length == 256 * 1024


# --------------------------------------------------------------------------- scheduling


def test_due_selection_follows_the_schedule(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    clock = Clock()
    with running_server(
        "127.0.0.2", {"/ok": Reply(body=PAGE), "/gone": Reply(status=404)}
    ) as server:
        ok, gone = add_sources(factory, [server.url("/ok"), server.url("/gone")])
        first = check(factory, settings, Selection(due=True), now=clock)
        assert first.checked == 2
        assert source(factory, ok).next_check_at == T0 + dt.timedelta(days=7)
        assert source(factory, gone).next_check_at == T0 + dt.timedelta(hours=6)

        clock.advance(dt.timedelta(hours=1))
        assert check(factory, settings, Selection(due=True), now=clock).checked == 0
        clock.advance(dt.timedelta(hours=5))
        assert check(factory, settings, Selection(due=True), now=clock).checked == 1
        assert source(factory, gone).next_check_at == clock() + dt.timedelta(hours=12)
        clock.advance(dt.timedelta(days=7))
        assert check(factory, settings, Selection(due=True), now=clock).checked == 2
        assert server.hits["/ok"] == 2
        assert server.hits["/gone"] == 3


def test_selection_by_claim_source_and_host(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with (
        running_server("127.0.0.2", {"/a": Reply(body=PAGE), "/b": Reply(body=PAGE)}) as first,
        running_server("127.0.0.3", {"/c": Reply(body=PAGE)}) as second,
    ):
        a, b, c = add_sources(factory, [first.url("/a"), first.url("/b"), second.url("/c")])
        claim_id = add_claim(factory, [second.url("/c")])
        assert check(factory, settings, Selection(due=False, source_id=b)).final_states.keys() == {
            b
        }
        assert check(
            factory, settings, Selection(due=False, claim_id=claim_id)
        ).final_states.keys() == {c}
        by_host = check(factory, settings, Selection(due=False, host="127.0.0.2"))
        assert by_host.final_states.keys() == {a, b}
        with pytest.raises(NotFoundError):
            check(factory, settings, Selection(due=False, claim_id=99_999))


def test_sources_without_url_are_not_checked(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with db.transaction(factory) as session:
        session.add(Source(title="A title-only reference", state=SourceState.UNCHECKED))
    assert check(factory, settings).checked == 0


# --------------------------------------------------------------------------- storage


def test_identical_pages_share_one_snapshot(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with running_server(
        "127.0.0.2", {"/one": Reply(body=PAGE), "/two": Reply(body=PAGE)}
    ) as server:
        one, two = add_sources(factory, [server.url("/one"), server.url("/two")])
        check(factory, settings)
    with factory() as session:
        snapshots = session.scalars(sa.select(Snapshot)).all()
    assert len(snapshots) == 1
    (snapshot,) = snapshots
    assert snapshot.kind == "page"
    assert zlib.decompress(snapshot.data).decode("utf-8") == PAGE
    assert snapshot.size == len(PAGE.encode())
    assert last_check(factory, one).content_sha256 == snapshot.sha256
    assert last_check(factory, two).content_sha256 == snapshot.sha256


def test_after_check_hook_sees_every_stored_check_in_the_batch(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    seen: list[tuple[int, int, int | None, bool]] = []

    def hook(session: Session, found: Source, record: Check, result: FetchResult) -> None:
        seen.append((found.id, record.id, result.status, session.get(Check, record.id) is not None))

    with running_server("127.0.0.2", {"/a": Reply(body=PAGE), "/b": Reply(status=404)}) as server:
        a, b = add_sources(factory, [server.url("/a"), server.url("/b")])
        check(factory, settings, after_check=hook)
    assert sorted((s, status, visible) for s, _, status, visible in seen) == [
        (a, 200, True),
        (b, 404, True),
    ]
    assert {check_id for _, check_id, _, _ in seen} == {
        last_check(factory, a).id,
        last_check(factory, b).id,
    }


def test_claim_statuses_are_recomputed_after_checks(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    with running_server("127.0.0.2", {"/gone": Reply(status=404)}) as server:
        claim_id = add_claim(factory, [server.url("/gone")])
        summary = check(factory, settings)
    with factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        assert claim.status is ClaimStatus.UNAVAILABLE
        change = session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.claim_id == claim_id)
            .order_by(StatusChange.id.desc())
        ).first()
    assert change is not None
    assert (change.old, change.new, change.actor) == ("unchecked", "unavailable", summary.worker)


def wayback_routes(captures: list[str]) -> dict[str, Any]:
    def replay(request: Request) -> Reply:
        captures.append(request.path)
        target = request.path.split("/", 3)[3]
        return redirect(f"/web/20200102030405/{target}")

    return {"/web/*": replay}


def test_failing_source_gets_the_archived_copy_from_before_the_claim(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    captures: list[str] = []
    with (
        running_server("127.0.0.4", wayback_routes(captures)) as archive,
        running_server("127.0.0.2", {"/gone": Reply(status=404), "/ok": Reply(body=PAGE)}) as site,
    ):
        claim_id = add_claim(factory, [site.url("/gone")])
        (ok,) = add_sources(factory, [site.url("/ok")])
        with_archive = replace(settings, wayback_enabled=True, wayback_url=archive.origin)
        check(factory, with_archive)
        with factory() as session:
            claim = session.get(Claim, claim_id)
            assert claim is not None
            created = claim.created_at
            gone = session.scalars(sa.select(Source).where(Source.id != ok)).one()
        assert gone.archived_url == f"{archive.origin}/web/20200102030405/{site.url('/gone')}"
        assert captures == [f"/web/{created:%Y%m%d%H%M%S}/{site.url('/gone')}"]
        assert source(factory, ok).archived_url is None
        # Already archived and not newly dead: no second lookup.
        check(factory, with_archive)
        assert len(captures) == 1


def test_a_source_without_capture_is_not_looked_up_on_every_run(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    asked: list[str] = []

    def no_capture(request: Request) -> Reply:
        asked.append(request.path_only)
        if request.path_only.startswith("/wayback/available"):
            return Reply(body='{"archived_snapshots": {}}', content_type="application/json")
        return Reply(status=404)

    clock = Clock(T0)
    with (
        running_server("127.0.0.4", {"/web/*": no_capture, "/wayback/*": no_capture}) as archive,
        running_server("127.0.0.2", {"/gone": Reply(status=500)}) as site,
    ):
        (gone,) = add_sources(factory, [site.url("/gone")])
        with_archive = replace(
            settings, wayback_enabled=True, wayback_url=archive.origin, dead_after=5
        )
        check(factory, with_archive, Selection(due=False), now=clock)
        first = len(asked)
        assert first >= 1
        assert source(factory, gone).wayback_checked_at == T0
        clock.advance(dt.timedelta(days=1))
        check(factory, with_archive, Selection(due=False), now=clock)
        assert len(asked) == first  # asked a day ago: not again
        clock.advance(dt.timedelta(days=7))
        check(factory, with_archive, Selection(due=False), now=clock)
        assert len(asked) == 2 * first  # a week on, the archive may have a copy now
        assert source(factory, gone).archived_url is None


# --------------------------------------------------------------------------- Save Page Now

KEYS = ArchiveKeys("access", "secret")
CAPTURING = replace(FAST, capture_poll=0.05, capture_poll_max=0.1)


def archiving(settings: Settings, archive: LocalServer, **changes: Any) -> Settings:
    return replace(
        settings,
        archive_live=True,
        archive_keys=KEYS,
        wayback_url=archive.origin,
        **changes,
    )


def test_archive_live_captures_live_sources_once_per_interval(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    spn = SavePageNow(polls=2, timestamp=f"{T0:%Y%m%d%H%M%S}")
    clock = Clock(T0)
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", {"/ok": Reply(body=PAGE), "/gone": Reply(status=404)}) as site,
    ):
        ok, gone = add_sources(factory, [site.url("/ok"), site.url("/gone")])
        with_archive = archiving(settings, archive)
        summary = check(factory, with_archive, now=clock, tuning=CAPTURING)
        assert summary.captures == Counter(requested=1, saved=1)
        assert summary.to_dict()["archive_live"] == {
            "requested": 1,
            "saved": 1,
            "pending": 0,
            "not_sent": 0,
            "failed": {},
        }
        # Only the live page, with the interval, the keys, and the status asked until done.
        assert spn.forms == [{"url": site.url("/ok"), "if_not_archived_within": "2592000"}]
        assert archive.hits["/save/status/spn2-0001"] == 3
        assert all(r.headers["authorization"] == "LOW access:secret" for r in archive.requests)
        assert all("authorization" not in r.headers for r in site.requests)
        captured = source(factory, ok)
        assert captured.archived_url == archive.url(f"/web/{T0:%Y%m%d%H%M%S}/{site.url('/ok')}")
        assert captured.archive_requested_at == T0
        assert source(factory, gone).archive_requested_at is None

        clock.advance(29 * DAY)
        check(factory, with_archive, now=clock, tuning=CAPTURING)
        assert len(spn.forms) == 1  # captured 29 days ago: not yet
        clock.advance(DAY)
        summary = check(factory, with_archive, now=clock, tuning=CAPTURING)
        assert len(spn.forms) == 2
        assert summary.captures == Counter(requested=1, saved=1)
        # Without --archive-live, nothing is sent.
        clock.advance(60 * DAY)
        check(factory, settings, now=clock, tuning=CAPTURING)
        assert len(spn.forms) == 2


def test_captures_are_requested_from_fetch_processes_too(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    spn = SavePageNow(polls=1)
    pages = {f"/story/{i}": Reply(body=PAGE) for i in range(8)}
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", pages) as site,
    ):
        ids = add_sources(factory, [site.url(path) for path in pages])
        summary = check(factory, archiving(settings, archive, processes=2), tuning=CAPTURING)
    assert len(summary.fetched_in) == 2
    assert summary.captures == Counter(requested=8, saved=8)
    assert sorted(form["url"] for form in spn.forms) == sorted(site.url(p) for p in pages)
    assert all(source(factory, i).archived_url is not None for i in ids)


@pytest.mark.parametrize(
    ("code", "asked_again_next_day"),
    [("error:blocked-url", False), ("error:service-unavailable", True)],
)
def test_a_failed_capture_is_asked_again_only_if_the_page_was_not_the_cause(
    factory: sessionmaker[Session], settings: Settings, code: str, asked_again_next_day: bool
) -> None:
    clock = Clock(T0)
    with running_server("127.0.0.2", {"/ok": Reply(body=PAGE)}) as site:
        spn = SavePageNow(polls=0, job_errors={site.url("/ok"): code})
        with running_server("127.0.0.4", spn.routes()) as archive:
            (ok,) = add_sources(factory, [site.url("/ok")])
            with_archive = archiving(settings, archive)
            summary = check(factory, with_archive, now=clock, tuning=CAPTURING)
            assert summary.captures == Counter(requested=1)
            assert summary.capture_failures == Counter({code: 1})
            assert source(factory, ok).archived_url is None
            assert source(factory, ok).archive_requested_at == (
                None if asked_again_next_day else T0
            )
            clock.advance(DAY)
            check(factory, with_archive, now=clock, tuning=CAPTURING)
            assert len(spn.forms) == (2 if asked_again_next_day else 1)


def test_a_refused_account_stops_the_capture_requests(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    spn = SavePageNow(keys=("access", "other"))
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", {"/a": Reply(body=PAGE), "/b": Reply(body=PAGE)}) as site,
    ):
        sources = add_sources(factory, [site.url(p) for p in ("/a", "/b", "/c", "/d")])
        site.set_route("/c", Reply(body=PAGE))
        site.set_route("/d", Reply(body=PAGE))
        # One request at a time per host: the refusal comes before the next request goes.
        summary = check(factory, archiving(settings, archive, per_host=1), tuning=CAPTURING)
        assert summary.captures == Counter(requested=1, not_sent=3)
        assert summary.capture_failures == Counter({"the archive refused the keys (HTTP 401)": 1})
        assert archive.hits["/save"] == 1
        assert all(source(factory, s).archive_requested_at is None for s in sources)


def test_an_unreachable_archive_stops_the_capture_requests_after_a_few(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    pages = {f"/story/{i}": Reply(body=PAGE) for i in range(8)}
    with running_server("127.0.0.2", pages) as site:
        add_sources(factory, [site.url(path) for path in pages])
        down = replace(
            settings,
            archive_live=True,
            archive_keys=KEYS,
            wayback_url=f"http://127.0.0.5:{unused_port('127.0.0.5')}",
            per_host=1,
        )
        summary = check(factory, down, tuning=CAPTURING)
    assert summary.checked == 8
    assert summary.captures == Counter(requested=5, not_sent=3)
    ((reason, count),) = summary.capture_failures.items()
    assert (reason.startswith("archive unreachable: refused"), count) == (True, 5)


def test_a_busy_archive_is_asked_again_after_its_retry_after(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    spn = SavePageNow(busy=1, polls=0)
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", {"/ok": Reply(body=PAGE)}) as site,
    ):
        (ok,) = add_sources(factory, [site.url("/ok")])
        started = time.monotonic()
        summary = check(factory, archiving(settings, archive), tuning=CAPTURING)
        assert time.monotonic() - started >= 1.0  # Retry-After: 1
        assert archive.hits["/save"] == 2
        assert summary.captures == Counter(requested=1, saved=1)
        assert source(factory, ok).archived_url is not None


def test_a_capture_still_running_is_left_to_the_archive(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    spn = SavePageNow(polls=10_000)
    clock = Clock(T0)
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", {"/ok": Reply(body=PAGE)}) as site,
    ):
        (ok,) = add_sources(factory, [site.url("/ok")])
        tuning = replace(CAPTURING, capture_wait=0.4)
        summary = check(factory, archiving(settings, archive), now=clock, tuning=tuning)
        assert summary.captures == Counter(requested=1, pending=1)
        assert 2 <= archive.hits["/save/status/spn2-0001"] <= 8
        # Requested: the archive has it in hand, the next run does not send it again.
        assert source(factory, ok).archive_requested_at == T0
        assert source(factory, ok).archived_url is None


# --------------------------------------------------------------------------- leases and stopping


def lease_due(
    factory: sessionmaker[Session], worker: str, now: dt.datetime, limit: int
) -> list[int]:
    """The ids of the due sources `worker` leases at `now` (a run started at T0), 60 s each."""
    with db.transaction(factory) as session:
        leased = lease_sources(
            session,
            Selection(due=True),
            worker=worker,
            now=now,
            run_started=T0,
            lease_seconds=60,
            limit=limit,
        )
    return [source.id for source in leased]


def test_leases_take_unchecked_then_earliest_due_then_expired_leases(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    ids = add_sources(factory, [f"http://127.0.0.2/page/{i}" for i in range(5)])
    late, early, unchecked, stale, fresh = ids
    with db.transaction(factory) as session:
        table = Source.__table__
        for source_id, due, lease in [
            (late, T0 - DAY, None),
            (early, T0 - 3 * DAY, None),
            (stale, None, T0 - DAY),  # a crashed worker's lease, expired
        ]:
            session.execute(
                sa.update(table)
                .where(table.c.id == source_id)
                .values(next_check_at=due, lease_expires_at=lease, lease_owner="gone")
            )

    order = [lease_due(factory, f"w{i}", T0, 1) for i in range(5)]
    assert order == [[unchecked], [fresh], [stale], [early], [late]]


def test_leases_are_exclusive_until_they_expire(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    add_sources(factory, [f"http://127.0.0.2/page/{i}" for i in range(5)])

    def lease(worker: str, now: dt.datetime, limit: int) -> set[int]:
        return set(lease_due(factory, worker, now, limit))

    first = lease("a", T0, 3)
    second = lease("b", T0, 10)
    assert len(first) == 3
    assert len(second) == 2
    assert not first & second
    assert lease("c", T0 + dt.timedelta(seconds=59), 10) == set()
    assert lease("c", T0 + dt.timedelta(seconds=61), 10) == first | second
    with db.transaction(factory) as session:
        checker.release_leases(session, "c")
    with factory() as session:
        assert (
            session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None))) == 0
        )


def test_stop_request_commits_finished_work_and_releases_the_rest(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    stop = threading.Event()
    routes = {"/slow/*": Reply(body=PAGE, delay=0.2)}
    with running_server("127.0.0.2", routes) as server:
        ids = add_sources(factory, [server.url(f"/slow/{i}") for i in range(40)])
        summary = check(
            factory,
            replace(settings, concurrency=2, per_host=2),
            progress=lambda p: stop.set() if p.done >= 2 else None,
            stop=stop,
        )
    assert summary.interrupted
    assert 2 <= summary.checked < len(ids)
    with factory() as session:
        stored = session.scalar(sa.select(sa.func.count()).select_from(Check))
        held = session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))
    assert stored == summary.checked
    assert held == 0


# --------------------------------------------------------------------------- the command


@pytest.fixture
def run_cli(database_url: str) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", database_url, *args])

    return invoke


def test_cli_check_json_summary_and_sources_view(
    run_cli: Callable[..., Result], factory: sessionmaker[Session]
) -> None:
    routes = {
        "/story": Reply(body=PAGE),
        "/old-story": redirect("/story", 301),
        "/gone": Reply(status=404),
    }
    with running_server("127.0.0.2", routes) as server:
        ok, moved, gone = add_sources(factory, [server.url(p) for p in routes])
        result = run_cli("check", "--all", "--allow-private", "--no-wayback", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary) >= {
        "checked",
        "by_verdict",
        "by_state",
        "newly_dead",
        "revived",
        "errors",
        "elapsed_s",
        "urls_per_s",
        "interrupted",
    }
    assert summary["checked"] == 3
    assert summary["by_verdict"] == {"alive": 1, "failing": 1, "redirected": 1}
    assert summary["by_state"] == {"alive": 1, "failing": 1, "redirected": 1}
    assert summary["newly_dead"] == []
    assert summary["interrupted"] is False

    listed = run_cli("sources", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = {row["id"]: row for row in json.loads(listed.stdout)["sources"]}
    assert rows[moved]["state"] == "redirected"
    assert rows[moved]["last_check"]["redirects"] == [
        {"url": server.url("/old-story"), "status": 301}
    ]
    assert rows[moved]["last_check"]["final_url"] == server.url("/story")
    assert rows[gone]["last_check"]["http_status"] == 404
    assert rows[gone]["consecutive_failures"] == 1
    assert rows[gone]["next_check_at"] is not None
    assert rows[ok]["last_check"]["verdict"] == "alive"


def test_cli_archive_live_needs_keys_and_reports_the_captures(
    run_cli: Callable[..., Result],
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ARCHIVE_ACCESS_KEY_ENV, raising=False)
    monkeypatch.delenv(ARCHIVE_SECRET_KEY_ENV, raising=False)
    spn = SavePageNow(at_once=True, timestamp="20261130101010")
    with (
        running_server("127.0.0.4", spn.routes()) as archive,
        running_server("127.0.0.2", {"/story": Reply(body=PAGE)}) as site,
    ):
        (story,) = add_sources(factory, [site.url("/story")])
        args = ("check", "--all", "--allow-private", "--no-wayback", "--archive-live")
        refused = run_cli(*args, "--wayback-url", archive.origin)
        assert refused.exit_code == 2
        assert refused.stderr.count("\n") == 1
        assert ARCHIVE_ACCESS_KEY_ENV in refused.stderr
        assert ARCHIVE_SECRET_KEY_ENV in refused.stderr
        assert site.requests == []
        assert archive.requests == []
        assert checks_of(factory, story) == []

        monkeypatch.setenv(ARCHIVE_ACCESS_KEY_ENV, "access")
        monkeypatch.setenv(ARCHIVE_SECRET_KEY_ENV, "secret")
        result = run_cli(*args, "--wayback-url", archive.origin, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["archive_live"] == {
            "requested": 1,
            "saved": 1,
            "pending": 0,
            "not_sent": 0,
            "failed": {},
        }
        table = run_cli(*args, "--wayback-url", archive.origin, "--archive-every", "0")
        assert table.exit_code == 0, table.output
        assert "archive: 1 capture(s) requested, 1 saved" in table.stderr
    (row,) = json.loads(run_cli("sources", "--format", "json").stdout)["sources"]
    assert row["archived_url"] == archive.url(f"/web/20261130101010/{site.url('/story')}")
    (header, line) = run_cli("sources").stdout.splitlines()
    assert header.split() == [
        "id",
        "state",
        "claims",
        "fails",
        "last",
        "check",
        "archived",
        "url",
        "/",
        "title",
    ]
    assert line.split()[:6] == [str(story), "alive", "0", "0", "200", "2026-11-30"]
    assert row["archive_requested_at"] is not None
    assert len(spn.forms) == 2
    assert spn.forms[-1]["if_not_archived_within"] == "1"


def test_cli_user_agent_for_all_hosts_and_for_one(
    run_cli: Callable[..., Result], factory: sessionmaker[Session]
) -> None:
    with (
        running_server("127.0.0.2", {"/a": Reply(body=PAGE)}) as plain,
        running_server("127.0.0.3", {"/b": Reply(body=PAGE)}) as special,
    ):
        add_sources(factory, [plain.url("/a"), special.url("/b")])
        args = ("check", "--all", "--allow-private", "--no-wayback", "--quiet")
        result = run_cli(*args, "--host-user-agent", "127.0.0.3=Special/1.0 (+ops@example.org)")
        assert result.exit_code == 0, result.output
        assert {r.headers["user-agent"] for r in special.requests} == {
            "Special/1.0 (+ops@example.org)"
        }
        assert {r.headers["user-agent"] for r in plain.requests} == {USER_AGENT}
        result = run_cli(*args, "--user-agent", "Desk/2", "--host-user-agent", "127.0.0.3=S/3")
        assert result.exit_code == 0, result.output
        assert plain.requests[-1].headers["user-agent"] == "Desk/2"
        assert special.requests[-1].headers["user-agent"] == "S/3"
        before = len(plain.requests) + len(special.requests)
        for bad in (("--host-user-agent", "Agent/1"), ("--user-agent", "a\r\nX-Evil: 1")):
            refused = run_cli(*args, *bad)
            assert refused.exit_code == 2
            assert refused.stderr.count("\n") == 1
            assert refused.stderr.startswith("error: --")
        assert len(plain.requests) + len(special.requests) == before


def test_cli_fail_on_dead_exits_1(
    run_cli: Callable[..., Result], factory: sessionmaker[Session]
) -> None:
    with running_server(
        "127.0.0.2", {"/gone": Reply(status=410), "/ok": Reply(body=PAGE)}
    ) as server:
        add_sources(factory, [server.url("/gone"), server.url("/ok")])
        args = ("--all", "--allow-private", "--no-wayback", "--quiet", "--fail-on", "dead")
        lenient = run_cli("check", *args, "--dead-after", "2", "--dead-span", "0")
        assert lenient.exit_code == 0, lenient.output
        strict = run_cli("check", *args, "--dead-after", "2", "--dead-span", "0")
    assert strict.exit_code == 1, strict.output
    assert strict.stdout == ""


def test_cli_reports_bad_selection_and_duration(run_cli: Callable[..., Result]) -> None:
    unknown = run_cli("check", "--claim", "424242")
    assert unknown.exit_code == 2
    assert "no claim with id 424242" in unknown.stderr
    bad_span = run_cli("check", "--dead-span", "three days")
    assert bad_span.exit_code == 2
    assert "invalid duration" in bad_span.stderr
    both = run_cli("check", "--all", "--due")
    assert both.exit_code == 2
    assert both.stderr.strip() == "error: --due and --all exclude each other"


def test_cli_says_why_a_named_source_cannot_be_checked(
    run_cli: Callable[..., Result], factory: sessionmaker[Session]
) -> None:
    with db.transaction(factory) as session:
        claim, _ = store.add_claim(session, "Sales may fall.", hedge=Hedge.SPECULATIVE,
                                fingerprint="f", actor="t")  # fmt: skip
        other = store.source_for_url(session, "https://other.example.org/")
        titled = Source(title="Annual report 2024", state=SourceState.UNCHECKED)
        session.add(titled)
        session.flush()
        claim_id, other_id, titled_id = claim.id, other.id, titled.id
    mismatch = run_cli("check", "--claim", str(claim_id), "--source", str(other_id))
    assert mismatch.exit_code == 2
    assert mismatch.stderr.strip() == (
        f"error: source {other_id} is not a source of claim {claim_id}"
    )
    title_only = run_cli("check", "--source", str(titled_id))
    assert title_only.exit_code == 2
    assert title_only.stderr.strip().startswith(f"error: source {titled_id} has no URL yet")


@pytest.mark.parametrize("processes", [1, 2])
def test_fetch_threads_share_keep_alive_connections(
    factory: sessionmaker[Session], settings: Settings, processes: int
) -> None:
    """Eight fetch threads, at most two requests at a time on the host: the host sees about two
    connections per process, not one per thread."""
    pages = {f"/doc/{i}": Reply(body="plain", content_type="text/plain") for i in range(48)}
    with running_server("127.0.0.1", pages) as site:
        add_sources(factory, [site.url(path) for path in pages])
        tuned = replace(settings, concurrency=8, per_host=2, processes=processes)
        summary = check(factory, tuned)
    assert summary.checked == 48
    assert len(summary.fetched_in) == processes
    connections = {request.client_port for request in site.requests}
    assert len(connections) <= 2 * processes


@pytest.mark.parametrize("processes", [1, 2])
def test_jobs_handed_ahead_never_break_the_limits(
    factory: sessionmaker[Session], settings: Settings, processes: int
) -> None:
    """Jobs wait in the pool ahead of time, yet no more fetches run at once than the
    concurrency, and no more per host than its limit: six hosts could take twelve."""
    lock = threading.Lock()
    active: Counter[str] = Counter()
    peaks: Counter[str] = Counter()

    def held(host: str) -> Callable[[Request], Reply]:
        def answer(_request: Request) -> Reply:
            with lock:
                active[host] += 1
                active["all"] += 1
                peaks[host] = max(peaks[host], active[host])
                peaks["all"] = max(peaks["all"], active["all"])
            time.sleep(0.1)  # long enough for every thread to be in a request at once
            with lock:
                active[host] -= 1
                active["all"] -= 1
            return Reply(body="plain", content_type="text/plain")

        return answer

    hosts = [f"127.0.0.{n}" for n in range(2, 8)]
    with contextlib.ExitStack() as stack:
        sites = [
            stack.enter_context(running_server(host, {"/doc/*": held(host)})) for host in hosts
        ]
        add_sources(factory, [site.url(f"/doc/{i}") for site in sites for i in range(12)])
        tuned = replace(settings, concurrency=8, per_host=2, processes=processes)
        summary = check(factory, tuned, tuning=replace(FAST, dispatch_ahead=0.5))
    assert summary.checked == 72
    assert peaks["all"] == 8
    assert max(peaks[host] for host in hosts) == 2


def test_progress_starts_at_zero_and_ends_at_the_total(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    pages = {f"/doc/{i}": Reply(body="plain", content_type="text/plain") for i in range(10)}
    reports: list[checker.CheckProgress] = []
    with running_server("127.0.0.1", pages) as site:
        add_sources(factory, [site.url(path) for path in pages])
        check(factory, settings, progress=reports.append)
    assert (reports[0].done, reports[0].total) == (0, 10)
    assert (reports[-1].done, reports[-1].total) == (10, 10)
    assert [r.done for r in reports] == sorted(r.done for r in reports)


@pytest.mark.parametrize(("usable", "expected"), [({0}, 1), ({0, 1}, 2), (set(range(32)), 4)])
def test_auto_processes_follow_the_usable_cpus_up_to_a_cap(
    monkeypatch: pytest.MonkeyPatch, usable: set[int], expected: int
) -> None:
    monkeypatch.setattr(checker.os, "sched_getaffinity", lambda _pid: usable, raising=False)
    assert checker.auto_processes() == expected
