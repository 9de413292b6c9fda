"""Cost per byte of pages made of date lines against a normal page of the same size.

    .venv/bin/python -m bench.datelines [--kb 100]

A page of ``Mon, 3 Mar 2025`` or ``4-6-25`` lines repeated to ``--kb`` kilobytes, and pages of
distinct date lines (every day of many years, in English and other languages), are normalised
and timed (CPU time of this thread, best of 3) against a page of ordinary paragraphs of the
same size; the table gives each page's time per byte and its ratio to the normal page's.
Run it from another checkout (``PYTHONPATH=that/checkout``) for a side-by-side comparison.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

from service.normalise import normalise

REFERENCE = "2025-03-24T12:00:00Z"
PARAGRAPH = (
    "The district administration said on Thursday that the work on the storm drains would be "
    "completed before the monsoon, and officials asked the contractor to speed it up.\n\n"
)
MONTHS_DE = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _paragraphs(size: int) -> str:
    """Distinct paragraphs (each numbered, its words rotated), as an article's body is."""
    words = PARAGRAPH.split()
    out, total, index = [], 0, 0
    while total < size:
        turn = index % len(words)
        text = f"Item {index}: " + " ".join(words[turn:] + words[:turn]) + "\n\n"
        out.append(text)
        total += len(text)
        index += 1
    return "".join(out)[:size]


def _distinct(line, size: int) -> str:
    out, day, total = [], date(1990, 1, 1), 0
    while total < size:
        text = line(day) + "\n"
        out.append(text)
        total += len(text)
        day += timedelta(days=1)
    return "".join(out)[:size]


def pages(size: int) -> dict[str, str]:
    return {
        "normal paragraphs": "Council approves the new budget\n\n" + _paragraphs(size),
        "'Mon, 3 Mar 2025' repeated": _repeat("Mon, 3 Mar 2025\n", size),
        "'4-6-25' repeated": _repeat("4-6-25\n", size),
        "distinct English dates": _distinct(lambda d: f"{d:%a, %d %b %Y}", size),
        "distinct German dates": _distinct(
            lambda d: f"{d.day}. {MONTHS_DE.split()[d.month - 1]} {d.year}, 10:30 Uhr", size
        ),
        "distinct numeric dates": _distinct(lambda d: f"{d:%d/%m/%Y}", size),
    }


def best_cpu(text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.thread_time_ns()
        normalise(text, reference_time=REFERENCE)
        best = min(best, (time.thread_time_ns() - start) / 1e9)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, default=100, help="page size in kilobytes")
    args = parser.parse_args(argv)
    size = args.kb * 1000
    normalise("warm up\n\nA paragraph.\n", reference_time=REFERENCE)
    results = {name: best_cpu(text) for name, text in pages(size).items()}
    base = results["normal paragraphs"] / size
    print(f"{'page (' + str(args.kb) + ' KB)':<30} {'µs per KB':>10} {'x normal':>9}")
    for name, seconds in results.items():
        per_kb = seconds / size * 1000 * 1e6
        print(f"{name:<30} {per_kb:>10.1f} {seconds / size / base:>9.1f}")


if __name__ == "__main__":
    main()
