"""Bounded answers and memory: answer size and peak core memory per input byte, by page shape.

The targets (issue 12): an answer at most 3x its input plus a constant, and peak memory in the
core (tracemalloc: Python's own allocations while ``normalise`` runs) at most 40x the input.
The shapes are the costly ones a tester found: U+FFFD lines, blank lines, date lines, numeric
date lines; a normal page and a page of long paragraphs are the yardstick. Also printed: the
memory the API's guard (``service.api.capacity.page_memory``) would reserve for the page.

Run: ``python -m bench.bounds [--kib 5120] [--shapes fffd,blank]``

>>> sorted(SHAPES)[:3]
['blank', 'blank_title', 'dates']
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

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
    "dmy": "4-6-25\n",
    "normal": "Title of the story\n2 hours ago\n\nA normal paragraph with some words in it, "
    "about things that happened.\n\n",
    "paragraphs": "A long paragraph of ordinary prose that goes on for a while, with commas, "
    "clauses and the names of places such as Chennai and Delhi, written by a reporter. "
    * 4
    + "\n\n",
}


def page_of(shape: str, size: int) -> str:
    """``size`` bytes (about) of the shape's unit repeated.

    >>> len(page_of("dmy", 70).encode())
    70
    """
    unit = SHAPES[shape]
    return unit * max(1, size // len(unit.encode()))


def warm_up() -> None:
    """Normalise a small page of every shape once, untraced: the first call of a process loads
    tables, compiles patterns and imports modules (some 60 MB), which is no page's cost."""
    for shape in SHAPES:
        normalise(page_of(shape, 4096), reference_time=_WARM_REFERENCE)


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
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
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
