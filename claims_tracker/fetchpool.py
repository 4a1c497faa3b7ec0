"""Where a check's fetches run: worker threads in this process, or worker processes.

A fetch costs about half a millisecond of CPU in `requests`, and under the GIL one process tops
out near a thousand fetches a second however many threads it has. `ProcessFetchPool` forks
worker processes that each run a pool of fetch threads, so fetching (and whatever CPU-heavy work
the job does with the page, such as main-text extraction) uses every core, while the scheduling
and every database statement stay in the parent. Jobs and results cross a pipe, pickled, in
batches. Both pools have the same face: `submit` jobs, `flush` after a round of submits, read
finished jobs from the `done` queue, `shutdown` at the end.

Worker processes are forked, not spawned: they start in milliseconds and inherit the job
function, the fetcher factory and any after-check hook as they are (nothing has to be
picklable). They ignore SIGINT and SIGTERM (the parent decides when a run stops, and commits what
finished first) and exit when the parent tells them to, or when its end of the pipe closes
because it died.

Each worker process runs on a CPU of its own when there are enough (see `pinned_cpus`).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import random
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, Protocol, TypeVar

from claims_tracker.fetch import Fetcher, FetchSettings, SharedConnections

__all__ = [
    "FetchPool",
    "ProcessFetchPool",
    "SharedFetchers",
    "ThreadFetchPool",
    "can_fork",
    "pinned_cpus",
]

J = TypeVar("J")
D = TypeVar("D")
J_contra = TypeVar("J_contra", contravariant=True)

# Results a worker process sends in one message at most; more wait for the next.
_RESULTS_PER_MESSAGE = 64
_STOP = pickle.dumps(None)


class FetchPool(Protocol[J_contra]):
    done: queue.SimpleQueue[Any]

    def submit(self, job: J_contra) -> None: ...

    def flush(self) -> None: ...

    def shutdown(self) -> None: ...


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def pinned_cpus(processes: int) -> list[int | None]:
    """The CPU each of `processes` worker processes is to stay on; None where it may move.

    A worker's fetch threads take turns holding the GIL. When they run on different CPUs, each
    turn hands the GIL (and the data it works on) across CPUs: on 2 CPUs, 32 threads extracting
    pages took about half as much CPU again per page as one thread, and no more than one
    thread when the process was kept on one CPU. So each worker gets a CPU of its own, when
    there is one for each; otherwise the kernel places them. The CPUs are taken from a random
    starting point, so that several checks running on one machine do not all crowd onto the
    first ones."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:  # no CPU affinity on this platform
        return [None] * processes
    if processes < 2 or processes > len(cpus):
        return [None] * processes
    start = random.randrange(len(cpus))
    return [cpus[(start + i) % len(cpus)] for i in range(processes)]


class SharedFetchers:
    """A fetcher factory for worker threads: one Fetcher (one requests.Session) per thread, all
    sharing the keep-alive connections of their process. A forked process makes its own on its
    first call, so no connection is ever shared between processes."""

    def __init__(self, settings: FetchSettings, *, per_host: int) -> None:
        self._settings = settings
        self._per_host = per_host
        self._connections: SharedConnections | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def __call__(self) -> Fetcher:
        with self._lock:
            if self._connections is None or self._pid != os.getpid():
                self._connections = SharedConnections(self._settings, per_host=self._per_host)
                self._pid = os.getpid()
            return Fetcher(self._settings, connections=self._connections)

    def close(self) -> None:
        with self._lock:
            if self._connections is not None and self._pid == os.getpid():
                self._connections.close()
            self._connections = None


def _fetch_loop(
    jobs: queue.SimpleQueue[J | None],
    finished: Callable[[D], None],
    make_fetcher: Callable[[], Fetcher],
    run_job: Callable[[Fetcher, J], D],
) -> None:
    """One worker thread: its own Fetcher (so its own requests.Session) for every job it runs."""
    fetcher: Fetcher | None = None
    try:
        while (job := jobs.get()) is not None:
            if fetcher is None:
                fetcher = make_fetcher()
            finished(run_job(fetcher, job))
    finally:
        if fetcher is not None:
            fetcher.close()


class ThreadFetchPool(Generic[J, D]):
    """Worker threads in this process. Threads are daemons, so a fetch abandoned at shutdown
    cannot keep the process alive past its deadline."""

    def __init__(
        self,
        size: int,
        make_fetcher: Callable[[], Fetcher],
        run_job: Callable[[Fetcher, J], D],
        done: queue.SimpleQueue[Any],
    ) -> None:
        self.done = done
        self._jobs: queue.SimpleQueue[J | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(
                target=_fetch_loop,
                args=(self._jobs, done.put, make_fetcher, run_job),
                name=f"check-worker-{i}",
                daemon=True,
            )
            for i in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, job: J) -> None:
        self._jobs.put(job)

    def flush(self) -> None:
        pass

    def shutdown(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)


class _Worker(Generic[J]):
    """The parent's view of one worker process."""

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.outbox: list[tuple[int, J]] = []
        self.pending: dict[int, J] = {}  # sent, not yet answered, by sequence number
        self.alive = True
        self.lock = threading.Lock()


class ProcessFetchPool(Generic[J, D]):
    """`processes` forked worker processes with `threads` fetch threads each.

    A job goes to the worker with the fewest unanswered jobs; jobs beyond a worker's threads
    wait in its queue and start as soon as a thread is free (the caller may hand some out
    ahead, so that no thread waits for the next round of submits). If a worker dies, its
    unanswered jobs come back as `lost(job, reason)` results.
    """

    def __init__(
        self,
        processes: int,
        threads: int,
        make_fetcher: Callable[[], Fetcher],
        run_job: Callable[[Fetcher, J], D],
        lost: Callable[[J, str], D],
        done: queue.SimpleQueue[Any],
    ) -> None:
        self.done = done
        self._lost = lost
        self._sequence = 0
        context = multiprocessing.get_context("fork")
        self._workers: list[_Worker[J]] = []
        # Objects that exist now are left alone by the children's garbage collector, so its
        # passes do not write to (and so copy) the pages the children share with this process.
        gc.freeze()
        try:
            for i, cpu in enumerate(pinned_cpus(processes)):
                parent_end, child_end = context.Pipe(duplex=True)
                # A child must not keep the parent's ends open: it would never see the parent go.
                inherited = [w.conn for w in self._workers] + [parent_end]
                process = context.Process(
                    target=_worker_main,
                    args=(child_end, inherited, cpu, threads, make_fetcher, run_job),
                    name=f"check-fetch-{i}",
                    daemon=True,
                )
                process.start()
                child_end.close()
                self._workers.append(_Worker(process, parent_end))
        finally:
            gc.unfreeze()
        # Only once every child is forked: no fork happens while a thread of ours runs.
        for worker in self._workers:
            threading.Thread(
                target=self._receive,
                args=(worker,),
                name=f"check-receive-{worker.process.name}",
                daemon=True,
            ).start()

    def submit(self, job: J) -> None:
        live = [w for w in self._workers if w.alive]
        if not live:
            self.done.put(self._lost(job, "every fetch process has died"))
            return
        worker = min(live, key=lambda w: len(w.pending) + len(w.outbox))
        self._sequence += 1
        worker.outbox.append((self._sequence, job))

    def flush(self) -> None:
        for worker in self._workers:
            if not worker.outbox:
                continue
            batch, worker.outbox = worker.outbox, []
            with worker.lock:
                worker.pending.update(batch)
            try:
                worker.conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            except OSError:
                self._worker_lost(worker, "its pipe is closed")

    def shutdown(self) -> None:
        for worker in self._workers:
            # A word, not just a closed pipe: a close would not reach the worker while our
            # receiving thread is still blocked reading from the same pipe.
            with contextlib.suppress(OSError):
                worker.conn.send_bytes(_STOP)
        for worker in self._workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()  # a fetch past its deadline; its result is abandoned
                worker.process.join()
            with contextlib.suppress(OSError):
                worker.conn.close()

    def _receive(self, worker: _Worker[J]) -> None:
        """One thread per worker: answers come back as they are finished."""
        while True:
            try:
                answers: list[tuple[int, D]] = pickle.loads(worker.conn.recv_bytes())
            except (EOFError, OSError):
                self._worker_lost(worker, "it exited")
                return
            for sequence, result in answers:
                with worker.lock:
                    worker.pending.pop(sequence, None)
                self.done.put(result)

    def _worker_lost(self, worker: _Worker[J], why: str) -> None:
        with worker.lock:
            if not worker.alive:
                return
            worker.alive = False
            orphans, worker.pending = list(worker.pending.values()), {}
        exitcode = worker.process.exitcode
        reason = f"fetch process {worker.process.name} lost: {why}"
        if exitcode is not None and exitcode < 0:
            reason += f" (signal {-exitcode})"
        for job in orphans:
            self.done.put(self._lost(job, reason))


def _worker_main(
    conn: Connection,
    inherited: list[Connection],
    cpu: int | None,
    threads: int,
    make_fetcher: Callable[[], Fetcher],
    run_job: Callable[[Fetcher, Any], Any],
) -> None:
    """The body of a worker process: read batches of jobs, fetch them in threads, send back
    batches of results. Ends when the parent's end of the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for other in inherited:
        other.close()
    if cpu is not None:
        with contextlib.suppress(OSError):  # the CPU went offline, or a sandbox forbids it
            os.sched_setaffinity(0, {cpu})
    results: queue.SimpleQueue[tuple[int, Any] | None] = queue.SimpleQueue()

    def run_numbered(fetcher: Fetcher, numbered: tuple[int, Any]) -> tuple[int, Any]:
        return numbered[0], run_job(fetcher, numbered[1])

    pool = ThreadFetchPool(threads, make_fetcher, run_numbered, results)
    sender = threading.Thread(target=_send_results, args=(conn, results), daemon=True)
    sender.start()
    try:
        while (batch := pickle.loads(conn.recv_bytes())) is not None:
            for numbered in batch:
                pool.submit(numbered)
    except (EOFError, OSError):
        pass
    # The parent is done, or gone: what is still being fetched can no longer be delivered.
    os._exit(0)


def _send_results(conn: Connection, results: queue.SimpleQueue[tuple[int, Any] | None]) -> None:
    while True:
        first = results.get()
        batch = [first]
        while len(batch) < _RESULTS_PER_MESSAGE:
            try:
                batch.append(results.get_nowait())
            except queue.Empty:
                break
        try:
            conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
        except OSError:
            os._exit(0)
