"""What the checker's own libraries can do on this machine, with no checker around them.

    python benchmarks/stack_ceiling.py            # about a minute
    python benchmarks/stack_ceiling.py --runs 5

The check targets (#4: 2,000 URLs at 100 ms within 1.10× the ideal, whole command included;
10,000 URLs at 1 ms at 1,500 URLs/s or more) are set for `claims check`, which is built on
SQLAlchemy's ORM, click and `requests` (SPEC §1, §4). This script measures the floor those
libraries set, so that a figure of `claims check` can be read against what is possible at all:

1. Start-up: the wall time of `python -c pass` and of a Python that only imports
   `sqlalchemy.orm`, `requests` and `click` (what any `claims` command must load).
2. Bare fetching: worker processes, each with threads that each own a `requests.Session`,
   pulling URLs from a shared list and reading each body, against the same latency server and
   URL set as benchmarks/check_throughput.py. No database, no scheduler, no per-host limit
   (that only makes the figure higher than what a polite checker can reach), no address guard,
   no decoding. The process is already running when the clock starts: start-up is figure 1.

The bare figures are ceilings: `claims check` does everything above and more on every URL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.synchronize import Event
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.check_throughput import (  # noqa: E402
    ADDRESSES,
    CONCURRENCY,
    latency_server,
    server_requests,
)
from benchmarks.latency_server import url_set  # noqa: E402
from benchmarks.machine import reference_line  # noqa: E402

IMPORTS = "import sqlalchemy.orm, requests, click"


def start_up_s(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _fetch_all(urls: Sequence[str], threads: int, ready: Event, go: Event) -> None:
    """One worker process: `threads` threads, one Session each, taking URLs in turn."""
    import requests

    position = iter(urls)
    lock = threading.Lock()

    def work() -> None:
        with requests.Session() as session:
            session.trust_env = False
            while True:
                with lock:
                    url = next(position, None)
                if url is None:
                    return
                session.get(url, timeout=30).content  # noqa: B018 - the body is read

    workers = [threading.Thread(target=work) for _ in range(threads)]
    ready.set()
    go.wait()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def bare_fetch_s(urls: Sequence[str], processes: int) -> float:
    """Wall time for worker processes sharing CONCURRENCY threads to fetch every URL once."""
    context = multiprocessing.get_context("fork")
    go = context.Event()
    shares = [urls[i::processes] for i in range(processes)]
    threads = -(-CONCURRENCY // processes)
    readies = [context.Event() for _ in shares]
    workers = [
        context.Process(target=_fetch_all, args=(share, threads, ready, go))
        for share, ready in zip(shares, readies, strict=True)
    ]
    for worker in workers:
        worker.start()
    for ready in readies:
        ready.wait()
    started = time.perf_counter()
    go.set()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise SystemExit(f"a fetch process failed (exit {worker.exitcode})")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--big-urls", type=int, default=10000)
    args = parser.parse_args()

    bare = start_up_s("pass", args.runs * 2)
    imports = start_up_s(IMPORTS, args.runs * 2)
    print(f"start-up: python -c pass {bare:.3f} s; python -c '{IMPORTS}' {imports:.3f} s")

    ideal = args.urls * 0.1 / CONCURRENCY
    with latency_server(0.1, args.urls) as port:
        urls = url_set(args.urls, ADDRESSES, port)
        for processes in (1, 2):
            walls = []
            for _ in range(args.runs):
                server_requests(port, reset=True)
                walls.append(bare_fetch_s(urls, processes))
                if server_requests(port) != len(urls):
                    raise SystemExit("the server did not answer every URL")
            wall = statistics.median(walls)
            print(
                f"100 ms, {args.urls} URLs, {processes} process(es) × "
                f"{-(-CONCURRENCY // processes)} threads: fetching {wall:.2f} s = "
                f"{wall / ideal:.2f}× the ideal {ideal:.3f} s; with the imports' start-up "
                f"{(wall + imports) / ideal:.2f}×"
            )
    with latency_server(0.001, args.big_urls) as port:
        urls = url_set(args.big_urls, ADDRESSES, port)
        for processes in (1, 2, 3, 4):
            walls = []
            for _ in range(args.runs):
                server_requests(port, reset=True)
                walls.append(bare_fetch_s(urls, processes))
            wall = statistics.median(walls)
            print(
                f"1 ms, {args.big_urls} URLs, {processes} process(es) × "
                f"{-(-CONCURRENCY // processes)} threads: {len(urls) / wall:.0f} URLs/s"
            )
    print(reference_line())


if __name__ == "__main__":
    main()
