"""Bounded answers and memory: answer size and peak core memory per input byte, by page shape.

The targets (issue 12): an answer at most 3x its input plus a constant, and peak memory in the
core (tracemalloc: Python's own allocations while ``normalise`` runs) at most 40x the input.
The shapes are the costly ones a tester found: U+FFFD lines, blank lines, date lines, numeric
date lines, age-and-zone lines, soft-wrapped lines, mojibake, and pages of distinct lines
(numeric dates, history entries); a normal page and a page of long paragraphs are the
yardstick. Also printed: the
memory the API's guard (``service.api.capacity.page_memory``) would reserve for the page.

Run: ``python -m bench.bounds [--kib 5120] [--shapes fffd,blank]``

>>> ALL_SHAPES[:3]
['fffd', 'blank', 'blank_title']
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import orjson

from service.api.capacity import page_memory
from service.normalise import normalise

REFERENCE = "2025-03-24T12:00:00Z"
#: The warm-up's reference time: another than the measured run's, so that no cached reading of
#: a line (keyed by the reference) serves the measured run.
_WARM_REFERENCE = "2025-03-23T12:00:00Z"
SHAPES: dict[str, str] = {
    "fffd": "\ufffd\n",
    "blank": "\n",
    "blank_title": "Title\n\n\n",
    "dates": "Mon, 3 Mar 2025\n",
    "refday": "24 March 2025\n",
    "dmy": "4-6-25\n",
    "ages_zones": "Updated 2 hours ago | IST\n",
    "softwrap": "line\n",
    "mojibake": "Trump\u00e2\u20ac\u2122s day\n",
    "normal": "Title of the story\n2 hours ago\n\nA normal paragraph with some words in it, "
    "about things that happened.\n\n",
    "paragraphs": "A long paragraph of ordinary prose that goes on for a while, with commas, "
    "clauses and the names of places such as Chennai and Delhi, written by a reporter. "
    * 4
    + "\n\n",
}
#: Shapes whose lines differ (a repeated line is read once and shared): an opening, then line
#: ``i`` of each.
DISTINCT_SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "distinct": ("", lambda i: f"Line {i} of the page.\n"),
    "distinct_dates": (
        "",
        lambda i: f"{1 + i % 28}-{1 + (i // 28) % 12}-{10 + (i // 336) % 80}\n",
    ),
    "history": (
        "Title\n2 months ago\n\nTitle\n\nThe Hindu\n\nBody.\n\n",
        lambda i: f"Story {i} about the talks\n{i % 50 + 1} days ago\n",
    ),
}
ALL_SHAPES = [*SHAPES, *DISTINCT_SHAPES]


def page_of(shape: str, size: int, first: int = 0) -> str:
    """``size`` bytes (about) of the shape's unit repeated, or of its distinct lines (numbered
    from ``first``: pages with other ``first`` share no line).

    >>> len(page_of("dmy", 70).encode()), page_of("distinct", 40)
    (70, 'Line 0 of the page.\\nLine 1 of the page.\\n')
    """
    if shape in DISTINCT_SHAPES:
        opening, line = DISTINCT_SHAPES[shape]
        lines = [opening]
        total = len(opening.encode())
        while total < size:
            lines.append(line(first + len(lines) - 1))
            total += len(lines[-1].encode())
        return "".join(lines)
    unit = SHAPES[shape]
    return unit * max(1, size // len(unit.encode()))


def warm_up() -> None:
    """Bring the process to a serving worker's state, untraced: every shape normalised once (the
    first call loads tables, compiles patterns and imports modules, some 60 MB), then pages of
    distinct dates, ages and words that fill the core's caches of readings (each bounded: a few
    thousand entries, about 20 MB in all). A full cache drops an old entry for each new one,
    so what is measured is what a page adds, not the process's one-off growth."""
    for shape in ALL_SHAPES:
        normalise(page_of(shape, 4096), reference_time=_WARM_REFERENCE)
    fill = (
        page_of("distinct_dates", 220_000)
        + "".join(f"Updated {i} minutes ago | IST\n" for i in range(5000))
        + "".join(f"Story {i}\n{i} days ago\n" for i in range(5000))
    )
    normalise(fill, reference_time=_WARM_REFERENCE)
    words = " ".join(f"w{i}" for i in range(70_000))
    normalise(f"Title\n\n{words}.", reference_time=_WARM_REFERENCE)


def measure(shape: str, size: int) -> dict[str, float]:
    """Answer size, peak core memory and time for one page, per input byte (call
    ``warm_up`` first)."""
    text = page_of(shape, size)
    given = len(text.encode())
    tracemalloc.start()
    start = time.perf_counter()
    article = normalise(text, reference_time=REFERENCE)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    answer = len(orjson.dumps(article))
    return {
        "bytes": given,
        "answer_x": answer / given,
        "peak_x": peak / given,
        "reserve_x": page_memory(text, given) / given,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kib", type=int, default=1024, help="page size in KiB (default 1024)")
    parser.add_argument("--shapes", default=",".join(ALL_SHAPES), help="comma-separated shapes")
    args = parser.parse_args()
    print(
        "| shape | input bytes | answer / input | peak core memory / input | guard reserves "
        "/ input | seconds |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    warm_up()
    for shape in args.shapes.split(","):
        row = measure(shape, args.kib * 1024)
        print(
            f"| {shape} | {row['bytes']:.0f} | {row['answer_x']:.2f}x | {row['peak_x']:.1f}x "
            f"| {row['reserve_x']:.1f}x | {row['seconds']:.2f} |"
        )


if __name__ == "__main__":
    main()
