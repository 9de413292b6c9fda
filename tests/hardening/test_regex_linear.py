"""Every regular expression in the core runs in linear time.

The patterns are found by introspection (every module-level ``re.Pattern`` in
``service.normalise.*``), so a new one is checked without editing this file. Each is run
(``finditer`` to the end: a match attempt at every position, the worst a ``search`` or
``sub`` can do) over pathological inputs of size n and 8n, built from the pattern's own
characters and words, long runs of spaces, digits, letters and punctuation, and near misses.
The best-of-3 time ratio t(8n)/t(n) must stay under 30: linear is ~8, quadratic ~64.

Normal run: n = 1,000 (seconds). ``RUN_SLOW=1``: n = 8,000 too.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import statistics
import time
from collections.abc import Callable, Iterator

import pytest

import service.normalise as core
from service.normalise import normalise

MAX_RATIO = 30
GROWTH = 8
MIN_SAMPLE_SECONDS = 0.001


def core_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.iter_modules(core.__path__):
        module = importlib.import_module(f"{core.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{info.name}.{name}"] = value
    return found


PATTERNS = core_patterns()
_SYNTAX = set("\\()[]{}?*+|^$")
GENERIC_UNITS = [
    " ",
    "\u00a0",
    "a",
    "A",
    "1",
    ".",
    "-",
    "Aa",
    "a ",
    "A ",
    "1 ",
    "1:",
    "1/",
    "Ab ",
    "&#",
    "**a",
]


def units(pattern: re.Pattern[str]) -> Iterator[str]:
    """Repeating units for pathological inputs: the generic runs, the pattern's own literal
    characters (all of them cycled, and each of the first few alone), its words (near misses:
    real words that almost complete a match, over and over) and its words capitalised."""
    yield from GENERIC_UNITS
    chars = sorted({c for c in pattern.pattern if c.isprintable() and c not in _SYNTAX})
    if chars:
        yield "".join(chars)
        yield from chars[:12]
    words = re.findall(r"[A-Za-z]{2,}", pattern.pattern)
    if words:
        yield " ".join(words[:20]) + " "
        yield " ".join(w.capitalize() for w in words[:20]) + " "
        yield "".join(w.capitalize() for w in words[:20])
        yield words[0] + " 12 "


def sized(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def best_time(action: Callable[[], object]) -> float:
    """Best of 3 per-call times, each averaged over enough calls to last MIN_SAMPLE_SECONDS."""
    best = float("inf")
    for _ in range(3):
        calls = 0
        started = time.perf_counter()
        while True:
            action()
            calls += 1
            elapsed = time.perf_counter() - started
            if elapsed >= MIN_SAMPLE_SECONDS:
                break
        best = min(best, elapsed / calls)
    return best


def scan(pattern: re.Pattern[str], text: str) -> Callable[[], object]:
    return lambda: sum(1 for _ in pattern.finditer(text))


def ratio(pattern: re.Pattern[str], unit: str, n: int) -> float:
    """t(8n)/t(n) for ``unit`` repeated to n and 8n characters. A ratio over the limit is
    measured twice more and the lowest kept: a busy machine can stall one sample, but a
    quadratic pattern stays quadratic."""
    best = float("inf")
    for _ in range(3):
        small = best_time(scan(pattern, sized(unit, n)))
        best = min(best, best_time(scan(pattern, sized(unit, GROWTH * n))) / small)
        if best < MAX_RATIO:
            break
    return best


def worst_ratio(pattern: re.Pattern[str], n: int) -> tuple[float, str]:
    """The largest t(8n)/t(n) over all inputs, and the unit that gave it."""
    return max((ratio(pattern, unit, n), unit) for unit in units(pattern))


def test_patterns_are_discovered() -> None:
    assert len(PATTERNS) >= 40
    assert "ages._AGE_PAST" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time(name: str) -> None:
    worst, unit = worst_ratio(PATTERNS[name], 1000)
    assert worst < MAX_RATIO, f"{name}: t(8n)/t(n) = {worst:.0f} on {unit!r} repeated"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time_at_larger_sizes(name: str) -> None:
    worst, unit = worst_ratio(PATTERNS[name], 8000)
    assert worst < MAX_RATIO, f"{name}: t(8n)/t(n) = {worst:.0f} on {unit!r} repeated"


def test_the_check_catches_a_quadratic_pattern() -> None:
    """The method itself: a pattern known to backtrack quadratically is flagged."""
    quadratic = re.compile(r"\s+x")  # on a run of spaces, each start scans to the end
    # ``ratio`` keeps the lowest of its tries (no false alarm for a linear pattern); here the
    # median of five single measurements, so that one lucky sample cannot hide the quadratic.
    text = sized(" ", 1000)
    longer = sized(" ", GROWTH * 1000)
    singles = [
        best_time(scan(quadratic, longer)) / best_time(scan(quadratic, text)) for _ in range(5)
    ]
    assert statistics.median(singles) > MAX_RATIO, singles
    assert ratio(re.compile(r"\s+"), " ", 1000) < MAX_RATIO


# --- the whole pipeline on pages of growing size ----------------------------------------------

PAGE_SHAPES: dict[str, Callable[[int], str]] = {
    "distinct lines": lambda n: "".join(f"Line {i} of the page.\n" for i in range(n)),
    "blank-separated paragraphs": lambda n: "".join(
        f"Paragraph {i} ends here.\n\n" for i in range(n)
    ),
    "history entries": lambda n: (
        "Title\n2 months ago\n\nTitle\n\nThe Hindu\n\nBody.\n\n"
        + "".join(f"Story {i} about the talks\n{i % 50 + 1} days ago\n" for i in range(n))
    ),
    # Lines that each continue the one above (lower case, no sentence end): one paragraph.
    "soft-wrapped lines": lambda n: "line\n" * n,
    # Header-style date lines: each weekday date (or the reference day) used to be compared
    # with every other date on the page (quadratic in the number of date lines).
    "weekday date lines": lambda n: "Mon, 3 Mar 2025\n" * n,
    "reference-day date lines": lambda n: "24 March 2025\n" * n,
    "numeric date lines": lambda n: "4-6-25\n" * n,
    "age and zone lines": lambda n: "Updated 2 hours ago | IST\n" * n,
}


def pipeline_ratio(shape: Callable[[int], str], n: int) -> float:
    """t(8n)/t(n) of a whole normalisation; retried like ``ratio`` when over the limit."""
    small, large = shape(n), shape(GROWTH * n)
    run = lambda text: lambda: normalise(text, reference_time="2025-03-24T12:00:00Z")  # noqa: E731
    best = float("inf")
    for _ in range(3):
        best = min(best, best_time(run(large)) / best_time(run(small)))
        if best < MAX_RATIO:
            break
    return best


@pytest.mark.parametrize("shape", sorted(PAGE_SHAPES))
def test_normalise_runs_in_linear_time(shape: str) -> None:
    n = 500
    growth = pipeline_ratio(PAGE_SHAPES[shape], n)
    assert growth < MAX_RATIO, f"{shape}: t(8n)/t(n) = {growth:.0f}"
