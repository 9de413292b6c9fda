"""Time against page size, by page shape: a page ten times as large must cost at most eleven
times the time (issue 12), and stay within 25x of a normal page of the same size.

The shapes are ``bench.bounds``'s. Times are CPU time of one core, best of several runs, small
and large pages interleaved so that other load on the machine touches both alike. The core
runs as a service worker runs it: after a warm-up, with everything alive frozen out of the
collector (``gunicorn.conf.py`` does the same once the app is loaded), and on pages it has not
seen (each run numbers a distinct-line shape's lines afresh and uses its own reference time),
so that no cached reading of an earlier run serves a later one.

Run: ``python -m bench.growth [--kib 64] [--factor 10] [--shapes dmy,history]``

>>> rows = measure_growth(["dmy"], 2, factor=2, rounds=1)
>>> rows["dmy"]["ratio"] > 0
True
"""

from __future__ import annotations

import argparse
import gc
import time

from bench.bounds import ALL_SHAPES, page_of, warm_up
from bench.core import reference_times
from service.normalise import normalise

TARGET_RATIO = 11.0
TARGET_VS_NORMAL = 25.0


def _cpu_seconds(text: str, reference: str) -> float:
    started = time.thread_time()
    normalise(text, reference_time=reference)
    return time.thread_time() - started


def measure_growth(
    shapes: list[str], kib: int, factor: int = 10, rounds: int = 3
) -> dict[str, dict[str, float]]:
    """For each shape: best CPU seconds at ``kib`` KiB and at ``factor`` times that, and their
    ratio (call ``bench.bounds.warm_up`` first for a worker's state)."""
    references = iter(reference_times(10_000, first=20_000))
    rows: dict[str, dict[str, float]] = {}
    gc.collect()
    gc.freeze()
    try:
        for shape in shapes:
            small = large = float("inf")
            for round_ in range(rounds):
                for run in range(3):
                    page = page_of(shape, kib * 1024, first=(round_ * 4 + run + 1) * 10**6)
                    small = min(small, _cpu_seconds(page, next(references)))
                page = page_of(shape, factor * kib * 1024, first=(round_ * 4 + 3 + 1) * 10**6)
                large = min(large, _cpu_seconds(page, next(references)))
            rows[shape] = {"small": small, "large": large, "ratio": large / small}
    finally:
        gc.unfreeze()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kib", type=int, default=64, help="the smaller page, KiB (default 64)")
    parser.add_argument("--factor", type=int, default=10, help="size of the larger (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of the larger (default 3)")
    parser.add_argument("--shapes", default=",".join(ALL_SHAPES), help="comma-separated shapes")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    warm_up()
    rows = measure_growth(sorted({*shapes, "normal"}), args.kib, args.factor, args.rounds)
    normal = rows["normal"]["large"]
    print(
        f"| shape | {args.kib} KiB (ms) | {args.kib * args.factor} KiB (ms) | ratio "
        f"(target <= {TARGET_RATIO:g}) | vs normal page (target <= {TARGET_VS_NORMAL:g}) |"
    )
    print("| --- | --- | --- | --- | --- |")
    for shape in shapes:
        row = rows[shape]
        print(
            f"| {shape} | {row['small'] * 1000:.1f} | {row['large'] * 1000:.1f} "
            f"| {row['ratio']:.2f} | {row['large'] / normal:.1f}x |"
        )


if __name__ == "__main__":
    main()
