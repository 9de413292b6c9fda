"""Keeping an article's explanation bounded by its input: warnings capped per code, runs of
removed lines coalesced, and the per-call work budget.

A page of 100,000 U+FFFD lines would otherwise carry 100,000 identical warnings and as many
``removed`` entries: an answer forty times its input. These steps keep every fact (a count of
the warnings left out, the line range of a coalesced run) while bounding the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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


def coalesce_removed(
    removed: list[tuple[int, str, str]],
    only_blanks_between: Callable[[int, int], bool],
    least: int = COALESCE_FROM,
) -> list[dict[str, object]]:
    """Removed lines ``(line, reason, text)``, sorted by line, as the answer's entries, runs of
    the same reason merged into one. A run may cross blank lines (``only_blanks_between(a, b)``
    says whether every input line between lines ``a`` and ``b`` is blank) but no other line.
    A run of at least ``least`` lines becomes one entry that keeps the first ``line``, joins
    the texts with ``\\n`` and names its last line in ``last_line``; shorter runs keep an
    entry per line.

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
    run: list[tuple[int, str, str]] = []
    for entry in removed:
        line, reason, _ = entry
        if run and (
            run[-1][1] != reason or line <= run[-1][0] or not only_blanks_between(run[-1][0], line)
        ):
            _emit_run(run, merged, least)
            run = []
        run.append(entry)
    _emit_run(run, merged, least)
    return merged


def _emit_run(run: list[tuple[int, str, str]], merged: list[dict[str, object]], least: int) -> None:
    if len(run) >= least:
        text = "\n".join(text for _, _, text in run)
        merged.append(
            {"line": run[0][0], "reason": run[0][1], "text": text, "last_line": run[-1][0]}
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
