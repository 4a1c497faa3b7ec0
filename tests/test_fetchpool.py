"""The fetch processes' CPU placement, read from inside the processes themselves."""

from __future__ import annotations

import os
import queue
from typing import Any

import pytest

from claims_tracker.fetch import Fetcher, FetchSettings
from claims_tracker.fetchpool import ProcessFetchPool, can_fork, pinned_cpus

pytestmark = pytest.mark.skipif(
    not can_fork() or not hasattr(os, "sched_getaffinity"), reason="needs fork and CPU affinity"
)


def _affinity(_fetcher: Fetcher, job: int) -> tuple[int, int, frozenset[int]]:
    return job, os.getpid(), frozenset(os.sched_getaffinity(0))


def _lost(job: int, reason: str) -> tuple[int, int, frozenset[int]]:
    raise AssertionError(f"job {job} lost: {reason}")


def affinities(processes: int, jobs: int = 40) -> dict[int, frozenset[int]]:
    """The CPUs each of the pool's processes may run on, by process id."""
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    pool: ProcessFetchPool[int, Any] = ProcessFetchPool(
        processes, 1, lambda: Fetcher(FetchSettings()), _affinity, _lost, done
    )
    try:
        for job in range(jobs):
            pool.submit(job)
        pool.flush()
        answers = [done.get(timeout=10) for _ in range(jobs)]
    finally:
        pool.shutdown()
    assert sorted(job for job, _, _ in answers) == list(range(jobs))
    return {pid: cpus for _, pid, cpus in answers}


def test_each_fetch_process_has_a_cpu_of_its_own() -> None:
    cpus = os.sched_getaffinity(0)
    if len(cpus) < 2:
        pytest.skip("needs two CPUs")
    seen = affinities(2)
    assert len(seen) == 2, "both processes should have answered"
    placed = list(seen.values())
    assert all(len(one) == 1 and one <= cpus for one in placed)
    assert placed[0] != placed[1]
    assert os.sched_getaffinity(0) == cpus, "the parent itself stays where it was"


def test_more_processes_than_cpus_are_left_to_the_kernel() -> None:
    cpus = frozenset(os.sched_getaffinity(0))
    seen = affinities(len(cpus) + 1, jobs=60)
    assert seen, "the processes should have answered"
    assert set(seen.values()) == {cpus}


def test_the_plan_spreads_over_the_allowed_cpus_from_any_start() -> None:
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        pytest.skip("needs two CPUs")
    for _ in range(20):
        plan = pinned_cpus(len(cpus))
        assert sorted(cpu for cpu in plan if cpu is not None) == cpus
    starts = {pinned_cpus(len(cpus))[0] for _ in range(200)}
    assert starts == set(cpus), "every CPU should come first in some run"
    assert pinned_cpus(1) == [None]
    assert pinned_cpus(len(cpus) + 1) == [None] * (len(cpus) + 1)
