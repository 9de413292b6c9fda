"""Where the article ends on a page saved whole: before a series of dated entries.

After an article's last paragraph, a page saved whole often goes on with a series of records
of one shape, each opened by a short line that carries a date or an age: readers' comments
(``Sam on 12 March 2024 at 9:15 am said:``, or a name line and then ``12 March 2024 at 9:15``)
and lists of other stories with their dates (``Nov 18``, ``10H ago``). An article states its own
date once, near its top; three or more short dated lines a few lines apart below its first
paragraph are such a series, and the article ended before the first of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import UTC, datetime

from service.normalise.statements import read_time_line

#: A series needs this many short dated lines, ...
MIN_SERIES = 3
#: ... each at most this many lines below the one before.
MAX_RECORD_LINES = 12
#: A dated line that opens a record is short (a comment's prose is longer).
_MAX_DATED_WORDS = 14
#: A short line right above the first dated line is its record's name line (``Sam says:``).
_MAX_NAME_WORDS = 6
_WORDS = re.compile(r"\w+")
#: A clock time (``9:15``, ``21:40``): a dated line that is more than a date holds one.
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
_ANY_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)


def is_dated_line(text: str) -> bool:
    """A short line that carries a date or an age: the opening of a comment or of a listed
    story.

    >>> is_dated_line("Sam Example on March 12, 2024 at 9:15 am said:")
    True
    >>> is_dated_line("March 12, 2024"), is_dated_line("3 hours ago")
    (True, True)
    >>> is_dated_line("The council met on March 12, 2024 and agreed to repair the road after "
    ...               "a long debate about the cost of the work.")
    False
    >>> is_dated_line("Council may approve new cycle lanes in March")
    False
    """
    if len(_WORDS.findall(text)) > _MAX_DATED_WORDS or not any(c.isdigit() for c in text):
        return False
    if _CLOCK.search(text):
        return True
    return read_time_line(text, UTC, _ANY_REFERENCE) is not None


def dated_positions(row_lines: list[int], lines: list[tuple[int, str]]) -> list[int]:
    """Where each short dated line of the page falls among the paragraphs (by the paragraphs'
    first line numbers ``row_lines``): its own paragraph's index, or the next one's when it left
    the paragraphs already (a date repeated word for word is removed as a repeat, yet it still
    opens a record).

    >>> dated_positions([1, 3, 5], [(1, "Intro text."), (2, "March 12, 2024"),
    ...                             (3, "Words."), (5, "March 12, 2024")])
    [1, 2]
    """
    return [
        bisect_left(row_lines, number) for number, text in lines if text and is_dated_line(text)
    ]


def series_start(texts: list[str], first: int, end: int, dated: list[int] | None = None) -> int:
    """Where a series of dated records starts below the article's first paragraph ``first``
    (before ``end``), or ``end`` when there is none. ``dated``: the paragraphs that open with
    a dated line (``dated_positions``; by default, the paragraphs that are one). The record's
    name line right above its dated line goes with it.

    >>> rows = ["The council met on Monday and agreed to repair the harbour road.",
    ...         "Sam says:", "March 12, 2024 at 9:15 am", "Good news at last.",
    ...         "Ann says:", "March 12, 2024 at 9:40 am", "About time.",
    ...         "Lee says:", "March 13, 2024 at 7:02 am", "Finally."]
    >>> series_start(rows, 0, len(rows))
    1
    >>> series_start(rows[:4], 0, 4)
    4
    """
    if dated is None:
        dated = [index for index, text in enumerate(texts) if is_dated_line(text)]
    marks = sorted(index for index in set(dated) if first < index < end)
    for position, start in enumerate(marks):
        series = marks[position : position + MIN_SERIES]
        if len(series) == MIN_SERIES and all(
            later - earlier <= MAX_RECORD_LINES
            for earlier, later in zip(series, series[1:], strict=False)
        ):
            above = start - 1
            if above > first and len(_WORDS.findall(texts[above])) <= _MAX_NAME_WORDS:
                return above
            return start
    return end
