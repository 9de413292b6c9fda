"""Keeping an article's explanation bounded by its input: warnings capped per code, runs of
removed lines coalesced, and the per-call work budget.

A page of 100,000 U+FFFD lines would otherwise carry 100,000 identical warnings and as many
``removed`` entries: an answer forty times its input. These steps keep every fact (a count of
the warnings left out, the line range of a coalesced run) while bounding the answer.
"""

from __future__ import annotations

import heapq
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from operator import itemgetter

from service.normalise.errors import BudgetExceededError

#: Warnings kept per code; the rest are counted in one final warning of that code.
WARNINGS_PER_CODE = 20
#: The shortest run of removed lines (same reason, nothing but blank lines between) that is
#: coalesced into one entry; shorter runs keep an entry per line, as an ordinary page's
#: furniture (a menu line and an app link) is explained line by line.
COALESCE_FROM = 4


def omitted_warnings(counts: dict[str, int], per_code: int = WARNINGS_PER_CODE) -> list[dict]:
    """For each code seen more than ``per_code`` times, one final warning of that code whose
    ``omitted`` counts the ones left out (the first ``per_code`` are listed).

    >>> omitted_warnings({"x": 5, "y": 1}, per_code=2)  # doctest: +NORMALIZE_WHITESPACE
    [{'code': 'x', 'message': '3 more `x` warnings were left out (at most 2 are listed per
      code)', 'line': None, 'omitted': 3}]
    """
    return [
        {
            "code": code,
            "message": f"{count - per_code} more `{code}` warnings were left out "
            f"(at most {per_code} are listed per code)",
            "line": None,
            "omitted": count - per_code,
        }
        for code, count in counts.items()
        if count > per_code
    ]


class RemovedLog:
    """The removed lines noted so far, each ``(line, reason, text)``, kept compactly: 4 bytes
    of line number, 2 of reason and the text's 8-byte reference (a tuple in a list would cost
    72 bytes, more than a short line's own share of a page's memory).

    >>> log = RemovedLog()
    >>> for entry in [(5, "chrome", "Menu"), (7, "boilerplate", "Share"), (2, "title", "T")]:
    ...     log.add(*entry)
    >>> list(log)
    [(5, 'chrome', 'Menu'), (7, 'boilerplate', 'Share'), (2, 'title', 'T')]
    >>> list(log.in_line_order())
    [(2, 'title', 'T'), (5, 'chrome', 'Menu'), (7, 'boilerplate', 'Share')]
    """

    __slots__ = ("_lines", "_reasons", "_texts", "_names", "_codes", "_starts")

    def __init__(self) -> None:
        self._lines = array("i")
        self._reasons = array("H")
        self._texts: list[str] = []
        self._names: list[str] = []
        self._codes: dict[str, int] = {}
        self._starts = [0]  # where each stretch of lines noted in ascending order begins

    def add(self, line: int, reason: str, text: str) -> None:
        """Note that ``text`` of input line ``line`` left the article for ``reason``."""
        code = self._codes.get(reason)
        if code is None:
            code = self._codes[reason] = len(self._names)
            self._names.append(reason)
        if self._lines and line < self._lines[-1]:
            self._starts.append(len(self._lines))
        self._lines.append(line)
        self._reasons.append(code)
        self._texts.append(text)

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[tuple[int, str, str]]:
        """The entries in the order they were noted."""
        return map(self._entry, range(len(self._lines)))

    def _entry(self, index: int) -> tuple[int, str, str]:
        return self._lines[index], self._names[self._reasons[index]], self._texts[index]

    def in_line_order(self) -> Iterator[tuple[int, str, str]]:
        """The entries by line, entries of one line in the order they were noted (a stable
        sort): the stretches noted in ascending order merged, never a copy of the whole log."""
        bounds = [*self._starts, len(self._lines)]
        stretches = [map(self._entry, range(a, b)) for a, b in pairwise(bounds)]
        if len(stretches) == 1:
            return stretches[0]
        return heapq.merge(*stretches, key=itemgetter(0))


def coalesce_removed(
    removed: Iterable[tuple[int, str, str]],
    only_blanks_between: Callable[[int, int], bool],
    least: int = COALESCE_FROM,
) -> list[dict[str, object]]:
    """Removed lines ``(line, reason, text)``, sorted by line, as the answer's entries, runs of
    the same reason merged into one. A run may cross blank lines (``only_blanks_between(a, b)``
    says whether every input line between lines ``a`` and ``b`` is blank) but no other line.
    A run of at least ``least`` lines becomes one entry that keeps the first ``line``, joins
    the texts with ``\\n`` and names its last line in ``last_line``; shorter runs keep an
    entry per line. A long run holds only its texts until it is joined.

    >>> entries = [(n, "chrome", "Menu") for n in (1, 3, 4, 5)] + [(6, "boilerplate", "Share")]
    >>> def line_2_blank(above, below):
    ...     return all(n == 2 for n in range(above + 1, below))
    >>> coalesce_removed(entries, line_2_blank)
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'line': 1, 'reason': 'chrome', 'text': 'Menu\\nMenu\\nMenu\\nMenu', 'last_line': 5},
     {'line': 6, 'reason': 'boilerplate', 'text': 'Share'}]
    >>> len(coalesce_removed(entries[1:], line_2_blank))  # a run of three stays
    4
    """
    merged: list[dict[str, object]] = []
    run: list[tuple[int, str, str]] = []  # the run's first entries (``least`` at most)
    texts: list[str] = []  # every text of the run
    last = 0
    for entry in removed:
        line, reason, text = entry
        if run and (run[0][1] != reason or line <= last or not only_blanks_between(last, line)):
            _emit_run(run, texts, last, merged, least)
            run = []
            texts = []
        if len(run) < least:
            run.append(entry)
        texts.append(text)
        last = line
    _emit_run(run, texts, last, merged, least)
    return merged


def _emit_run(
    run: list[tuple[int, str, str]],
    texts: list[str],
    last: int,
    merged: list[dict[str, object]],
    least: int,
) -> None:
    if len(texts) >= least:
        merged.append(
            {"line": run[0][0], "reason": run[0][1], "text": "\n".join(texts), "last_line": last}
        )
        return
    merged.extend({"line": line, "reason": reason, "text": text} for line, reason, text in run)


class WorkBudget:
    """A deadline on one call's work, checked cheaply (one clock read) in the line loops.

    >>> WorkBudget(None).check()  # no budget: never raises
    >>> try:
    ...     WorkBudget(0.0).check(3, 10)
    ... except BudgetExceededError as error:
    ...     print(error.line, error.lines)
    3 10
    """

    __slots__ = ("deadline", "seconds")

    def __init__(self, seconds: float | None, *, start: float | None = None) -> None:
        self.seconds = seconds
        begun = time.monotonic() if start is None else start
        self.deadline = None if seconds is None else begun + seconds

    def spent(self) -> bool:
        """Whether the deadline has passed."""
        return self.deadline is not None and time.monotonic() >= self.deadline

    def check(self, line: int | None = None, lines: int | None = None) -> None:
        """Raise :class:`BudgetExceededError` once the deadline has passed."""
        if self.spent():
            raise BudgetExceededError(self.seconds or 0.0, line, lines)
