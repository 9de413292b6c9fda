"""Section 3, scaling: time and peak memory from 1 KB to 4 MB of body and 0 to 5,000 entries.

Linear means the time per KB stays flat: the ratio of time per KB on the largest page to
time per KB on the smallest must stay within 1.2 (a ratio below 1 is the fixed cost per
page spread over more bytes). Throughput is reported in MB/s (10^6 bytes) of body text.

Times here are CPU time of the benchmark's thread (one core), not wall-clock time: the
question is how the work grows with the page, and CPU time leaves out the waits for a core
that other processes on a shared machine cause.

>>> result = run(body_sizes=(1024, 4096), history_counts=(0, 10), budget=0.01)
>>> sorted(result.data)
['body', 'history']
"""

from __future__ import annotations

import statistics
import tracemalloc
from collections.abc import Callable, Sequence

from bench.core import reference_times, varied
from bench.pages import aggregator_page, dateline_page
from bench.report import SectionResult
from bench.stats import human_seconds, time_for_budget

BODY_SIZES = tuple(1024 * 4**k for k in range(7))  # 1 KB .. 4 MB
HISTORY_COUNTS = (0, 10, 100, 500, 1000, 2000, 5000)
HISTORY_BODY = 4096
LAYOUTS: dict[str, Callable[[int], str]] = {
    "dateline": dateline_page,
    "aggregator": lambda size: aggregator_page(size, history=0),
}
TARGET_RATIO = 1.2
TARGET_MB_S = 20.0
_TOO_SLOW = 30.0  # seconds for one page: larger sizes are not tried


def _measure(page: str, budget: float) -> dict[str, float]:
    # A new reference time for every run, as in the core section: cached stamps of an
    # earlier run cannot help (cached parses of the same age text still can, as in service).
    call = varied(page, reference_times(510))
    call()
    samples = time_for_budget(call, budget=budget, most=500, least=3, cpu=True)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "bytes": len(page.encode()),
        "median_s": statistics.median(samples),
        "runs": len(samples),
        "peak_bytes": peak,
    }


def _label(size: int) -> str:
    return f"{size // 1048576} MB" if size >= 1048576 else f"{size // 1024} KB"


def _sweep(make: Callable[[int], str], sizes: Sequence[int], budget: float, notes: list[str]):
    points = []
    for size in sizes:
        point = _measure(make(size), budget)
        point["size"] = size
        points.append(point)
        if point["median_s"] > _TOO_SLOW:
            notes.append(f"stopped after {_label(size)}: one page took {point['median_s']:.0f} s")
            break
    return points


def run(
    body_sizes: Sequence[int] = BODY_SIZES,
    history_counts: Sequence[int] = HISTORY_COUNTS,
    budget: float = 1.0,
) -> SectionResult:
    """Sweep body size for both layouts, then history length on an aggregator page."""
    result = SectionResult("scaling", "Scaling")
    body: dict[str, list[dict[str, float]]] = {}
    for layout, make in LAYOUTS.items():
        points = _sweep(make, body_sizes, budget, result.notes)
        body[layout] = points
        small, large = points[0], points[-1]
        per_kb_small = small["median_s"] / (small["bytes"] / 1024)
        per_kb_large = large["median_s"] / (large["bytes"] / 1024)
        ratio = per_kb_large / per_kb_small
        mb_s = large["bytes"] / 1e6 / large["median_s"]
        for point in points:
            result.add(
                f"{layout} {_label(int(point['size']))}",
                f"{human_seconds(point['median_s'])}, peak {point['peak_bytes'] / 1048576:.1f} MiB",
            )
        span = f"{_label(int(large['size']))}/{_label(int(small['size']))}"
        result.add(f"{layout} time per KB ratio {span}", f"{ratio:.2f}")
        if len(points) > 3:
            mid = points[-3]
            marginal = (large["median_s"] / large["bytes"]) / (mid["median_s"] / mid["bytes"])
            result.add(
                f"{layout} time per KB ratio {_label(int(large['size']))}/"
                f"{_label(int(mid['size']))}",
                f"{marginal:.2f}",
            )
        result.add(f"{layout} throughput at {_label(int(large['size']))}", f"{mb_s:.1f} MB/s")
        result.add(
            f"{layout} peak memory / body at {_label(int(large['size']))}",
            f"{large['peak_bytes'] / large['bytes']:.1f}x",
        )
        result.target(
            f"{layout}: linear within 20% ({span})", f"{ratio:.2f}", ratio <= TARGET_RATIO
        )
        result.target(
            f"{layout}: >= 20 MB/s on large pages", f"{mb_s:.1f} MB/s", mb_s >= TARGET_MB_S
        )

    history = _sweep(
        lambda n: aggregator_page(HISTORY_BODY, history=n), history_counts, budget, result.notes
    )
    for point in history:
        result.add(
            f"aggregator, {int(point['size']):,} history entries",
            f"{human_seconds(point['median_s'])}, peak {point['peak_bytes'] / 1048576:.1f} MiB",
        )
    base = history[0]["median_s"]
    per_entry = [
        ((p["median_s"] - base) / p["size"], int(p["size"])) for p in history[1:] if p["size"]
    ]
    if len(per_entry) >= 2:
        (first, n_first), (last, n_last) = per_entry[0], per_entry[-1]
        result.add(f"time per history entry at {n_first:,}", human_seconds(first))
        result.add(f"time per history entry at {n_last:,}", human_seconds(last))
        if first > 0:
            result.add(f"per-entry ratio {n_last:,}/{n_first:,}", f"{last / first:.2f}")
    result.data.update(body=body, history=history)
    result.notes.append(
        f"Synthetic pages (bench/pages.py); CPU time of one core, median of as many runs as "
        f"fit in {budget:g} s "
        f"(at least 3); peak memory from tracemalloc on one more run; history pages carry a "
        f"{HISTORY_BODY // 1024} KB body."
    )
    return result
