"""A reference figure for the machine a benchmark ran on.

The project's benchmark machines are small shared virtual machines whose speed differs from one
to the next and from hour to hour; a figure is only comparable with another taken beside the same
reference. The reference is the CPU time of a fixed pure-Python loop (median of 5).
"""

from __future__ import annotations

import statistics
import time


def cpu_reference_s() -> float:
    """CPU seconds of 10 million additions in a Python loop (about 0.5 s on a fast core)."""
    times = []
    for _ in range(5):
        started = time.process_time()
        total = 0
        for number in range(10_000_000):
            total += number
        times.append(time.process_time() - started)
    return statistics.median(times)


def reference_line() -> str:
    return (
        f"machine reference: a 10-million-step Python loop takes {cpu_reference_s():.2f} s of CPU"
    )
