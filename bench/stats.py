"""Small timing and statistics helpers shared by the sections.

>>> percentile([5.0, 1.0, 3.0], 50)
3.0
>>> human_seconds(0.0004321)
'432.1 µs'
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation between ranks.

    >>> percentile(range(101), 99)
    99.0
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_calls(
    call: Callable[[], object], runs: int, warmup: int, cpu: bool = False
) -> list[float]:
    """Seconds taken by each of ``runs`` calls of ``call``, after ``warmup`` untimed calls.

    Wall-clock time by default; with ``cpu=True`` the CPU time of this thread, which leaves
    out the time spent waiting for a core that other processes hold.

    The garbage collector stays on (a real server has it on too), but a collection is run
    first so that earlier garbage is not billed to these calls.

    >>> len(time_calls(lambda: None, runs=5, warmup=1)), len(time_calls(lambda: 1, 2, 0, True))
    (5, 2)
    """
    for _ in range(warmup):
        call()
    gc.collect()
    clock = time.thread_time_ns if cpu else time.perf_counter_ns
    samples = []
    for _ in range(runs):
        start = clock()
        call()
        samples.append((clock() - start) / 1e9)
    return samples


def time_for_budget(
    call: Callable[[], object], budget: float, most: int, least: int = 1, cpu: bool = False
) -> list[float]:
    """Time ``call`` repeatedly until ``budget`` seconds are spent (at least ``least`` runs).

    ``cpu`` as for :func:`time_calls`.

    >>> 1 <= len(time_for_budget(lambda: None, budget=0.001, most=10)) <= 10
    True
    """
    gc.collect()
    clock = time.thread_time_ns if cpu else time.perf_counter_ns
    samples: list[float] = []
    spent = 0.0
    while len(samples) < most and (len(samples) < least or spent < budget):
        start = clock()
        call()
        took = (clock() - start) / 1e9
        samples.append(took)
        spent += took
    return samples


def human_seconds(seconds: float) -> str:
    """A duration with a unit a person reads at a glance.

    >>> human_seconds(2.5), human_seconds(0.0123), human_seconds(3e-8)
    ('2.50 s', '12.30 ms', '30.0 ns')
    """
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e9:.1f} ns"


def human_interval(seconds: float) -> str:
    """A time error in the largest unit that keeps it readable.

    >>> human_interval(0), human_interval(90), human_interval(7200), human_interval(3 * 86400)
    ('0 s', '1.5 min', '2.0 h', '3.0 d')
    """
    seconds = abs(seconds)
    if seconds == 0:
        return "0 s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
