"""Several real `claims check` processes on one database, and processes killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker import db, store
from claims_tracker.models import Check, Source
from tests.servers import LocalServer, Reply, running_server

REPO = Path(__file__).resolve().parents[1]
ENTRY = "from claims_tracker.__main__ import main; main()"
# Plain text, so no soft-404 probe requests muddy the per-path hit counts.
SLOW_PAGE = Reply(body="still here", content_type="text/plain", delay=0.1)


def claims_process(
    database_url: str, *args: str, new_session: bool = False
) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--db", database_url, "check", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=new_session,
    )


def children_of(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited meanwhile
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


CHECK_ARGS = ("--allow-private", "--no-wayback", "--quiet", "--format", "json")


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return db.make_sessionmaker(engine)


@pytest.fixture
def slow_site() -> Iterator[LocalServer]:
    with running_server("127.0.0.2", {"/page/*": SLOW_PAGE}) as server:
        yield server


def add_pages(factory: sessionmaker[Session], server: LocalServer, count: int) -> list[int]:
    with db.transaction(factory) as session:
        return [store.source_for_url(session, server.url(f"/page/{i}")).id for i in range(count)]


def count_checks(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(Check)) or 0)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def finish(process: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def checks_per_source(factory: sessionmaker[Session], ids: Sequence[int]) -> dict[int, int]:
    with factory() as session:
        counted = dict(
            session.execute(
                sa.select(Check.source_id, sa.func.count()).group_by(Check.source_id)
            ).all()
        )
    return {source_id: counted.get(source_id, 0) for source_id in ids}


def test_two_processes_never_check_a_source_twice(
    database_url: str, factory: sessionmaker[Session], slow_site: LocalServer
) -> None:
    ids = add_pages(factory, slow_site, 80)
    args = ("--due", "--concurrency", "4", "--per-host", "8", *CHECK_ARGS)
    workers = [claims_process(database_url, *args) for _ in range(2)]
    results = [finish(worker) for worker in workers]
    for code, _stdout, stderr in results:
        assert code == 0, stderr
    checked = [json.loads(stdout)["checked"] for _code, stdout, _stderr in results]
    assert sum(checked) == 80
    assert all(n > 0 for n in checked), f"one process did all the work: {checked}"
    assert set(slow_site.hits.values()) == {1}
    assert len(slow_site.hits) == 80
    assert set(checks_per_source(factory, ids).values()) == {1}


@pytest.fixture
def sqlite_factory(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    engine = db.make_engine(sqlite_url)
    db.upgrade(engine)
    yield db.make_sessionmaker(engine)
    engine.dispose()


def test_kill_9_loses_no_committed_check_and_leases_expire(
    sqlite_url: str, sqlite_factory: sessionmaker[Session], slow_site: LocalServer
) -> None:
    ids = add_pages(sqlite_factory, slow_site, 60)
    args = ("--due", "--concurrency", "4", "--per-host", "4", "--lease-seconds", "2", *CHECK_ARGS)
    victim = claims_process(sqlite_url, *args, "--processes", "2")
    wait_until(lambda: count_checks(sqlite_factory) >= 8, 15, "the first committed checks")
    fetchers = children_of(victim.pid)
    assert len(fetchers) == 2, "two fetch processes should be running"
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    # Orphaned fetch processes see their pipe close and exit; none goes on fetching.
    wait_until(lambda: not any(alive(pid) for pid in fetchers), 5, "the fetch processes to exit")
    with sqlite_factory() as session:
        committed = set(session.scalars(sa.select(Check.id)))
        stranded = session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))
    assert 8 <= len(committed) < 60
    assert stranded, "the killed worker held leases on unfinished sources"
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    time.sleep(2.2)  # the dead worker's leases run out
    code, stdout, stderr = finish(claims_process(sqlite_url, *args))
    assert code == 0, stderr
    assert json.loads(stdout)["checked"] == 60 - len(committed)
    with sqlite_factory() as session:
        assert committed <= set(session.scalars(sa.select(Check.id)))
        assert not session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))
    assert set(checks_per_source(sqlite_factory, ids).values()) == {1}


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.parametrize("whole_group", [False, True], ids=["to-parent", "to-group"])
def test_signal_stops_cleanly_with_its_exit_code(
    sqlite_url: str,
    sqlite_factory: sessionmaker[Session],
    slow_site: LocalServer,
    signum: int,
    exit_code: int,
    whole_group: bool,
) -> None:
    """`kill` reaches the main process only; Ctrl-C in a terminal (and systemd's stop) reach
    every process of the group, and the fetch processes ignore it. Either way the main process
    commits what finished, releases the rest and lets the fetch processes go."""
    add_pages(sqlite_factory, slow_site, 200)
    args = ("--due", "--processes", "2", "--concurrency", "4", "--per-host", "4", *CHECK_ARGS)
    worker = claims_process(sqlite_url, *args, new_session=whole_group)
    wait_until(lambda: count_checks(sqlite_factory) >= 4, 15, "the first committed checks")
    fetchers = children_of(worker.pid)
    assert len(fetchers) == 2
    if whole_group:
        os.killpg(worker.pid, signum)
    else:
        worker.send_signal(signum)
    started = time.monotonic()
    code, stdout, stderr = finish(worker, timeout=15)
    assert code == exit_code, stderr
    assert time.monotonic() - started < 3
    summary = json.loads(stdout)
    assert summary["interrupted"] is True
    assert summary["checked"] == count_checks(sqlite_factory) < 200
    with sqlite_factory() as session:
        assert not session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))
    assert not any(alive(pid) for pid in fetchers)


def test_second_interrupt_abandons_the_fetches_in_flight(
    sqlite_url: str, sqlite_factory: sessionmaker[Session]
) -> None:
    """A fetch stuck on a server that never answers would hold a stop for its whole deadline
    (here 60 s); a second Ctrl-C gives it up. Finished results stay, every lease is released."""
    pages = {"/quick/*": Reply(body="here", content_type="text/plain"),
             "/stuck/*": Reply(body="late", content_type="text/plain", delay=120)}  # fmt: skip
    with running_server("127.0.0.3", pages) as site:
        with db.transaction(sqlite_factory) as session:
            for i in range(3):
                store.source_for_url(session, site.url(f"/quick/{i}"))
            store.source_for_url(session, site.url("/stuck/0"))
        args = ("--all", "--processes", "1", "--timeout", "60", "--allow-private",
                "--no-wayback", "--format", "json")  # fmt: skip
        worker = claims_process(sqlite_url, *args)
        wait_until(lambda: count_checks(sqlite_factory) >= 3, 15, "the quick pages' checks")
        worker.send_signal(signal.SIGINT)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1.5)  # still waiting for the stuck fetch
        worker.send_signal(signal.SIGINT)
        code, stdout, stderr = finish(worker, timeout=15)
    assert code == 130, stderr
    assert "interrupt again to abandon the fetches" in stderr
    summary = json.loads(stdout)
    assert (summary["checked"], summary["interrupted"]) == (3, True)
    assert count_checks(sqlite_factory) == 3
    with sqlite_factory() as session:
        assert not session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))


def test_fetch_processes_check_every_source_once_and_print_one_summary(
    database_url: str, factory: sessionmaker[Session], slow_site: LocalServer
) -> None:
    ids = add_pages(factory, slow_site, 60)
    args = ("--all", "--processes", "2", "--concurrency", "8", "--per-host", "8", *CHECK_ARGS)
    code, stdout, stderr = finish(claims_process(database_url, *args))
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["checked"] == 60
    assert summary["by_state"] == {"alive": 60}
    assert summary["interrupted"] is False
    assert summary["fetch_processes"] == 2, "both fetch processes should have fetched"
    assert set(slow_site.hits.values()) == {1}
    assert set(checks_per_source(factory, ids).values()) == {1}
    with factory() as session:
        assert not session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))


def test_one_process_fetches_in_threads(
    sqlite_url: str, sqlite_factory: sessionmaker[Session], slow_site: LocalServer
) -> None:
    add_pages(sqlite_factory, slow_site, 12)
    args = ("--all", "--processes", "1", "--concurrency", "4", *CHECK_ARGS)
    code, stdout, stderr = finish(claims_process(sqlite_url, *args))
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert (summary["checked"], summary["fetch_processes"]) == (12, 1)


def test_processes_option_rejects_nonsense(sqlite_url: str) -> None:
    code, _stdout, stderr = finish(claims_process(sqlite_url, "--processes", "zero", "--quiet"))
    assert code == 2
    assert "--processes" in stderr


def test_a_fetch_process_killed_mid_run_leaves_the_rest_to_the_other(
    sqlite_url: str, sqlite_factory: sessionmaker[Session], slow_site: LocalServer
) -> None:
    """An out-of-memory kill of one fetch process: its unanswered fetches are counted as errors
    and left unchecked (their leases are released), the other process checks everything else,
    and the next run picks the leftovers up."""
    ids = add_pages(sqlite_factory, slow_site, 120)
    args = ("--due", "--processes", "2", "--concurrency", "4", "--per-host", "4", *CHECK_ARGS)
    parent = claims_process(sqlite_url, *args)
    wait_until(lambda: count_checks(sqlite_factory) >= 8, 20, "the first committed checks")
    victim = min(children_of(parent.pid))
    os.kill(victim, signal.SIGKILL)
    code, stdout, stderr = finish(parent, timeout=60)
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["fetch_processes"] == 2
    checked = count_checks(sqlite_factory)
    assert summary["checked"] == checked
    # The survivor did the rest; what the victim had in hand (at most its 2 threads' worth)
    # is counted as errors and waits for the next run.
    assert summary["errors"] == 120 - checked <= 2
    if summary["errors"]:
        [(reason, count)] = summary["unfinished"].items()
        assert count == summary["errors"]
        assert reason.startswith("fetch process check-fetch-0 lost: ")
    with sqlite_factory() as session:
        assert not session.scalar(sa.select(sa.func.count()).where(Source.lease_owner.is_not(None)))

    code, stdout, stderr = finish(claims_process(sqlite_url, *args))
    assert code == 0, stderr
    assert json.loads(stdout)["checked"] == 120 - checked
    assert set(checks_per_source(sqlite_factory, ids).values()) == {1}
