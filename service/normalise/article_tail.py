"""Where the article ends on a page saved whole, from general evidence.

* **A series of dated records.** After an article's last paragraph, a page saved whole often
  goes on with records of one shape, each opened by a short line that carries a date or an age:
  readers' comments (``Sam on 12 March 2024 at 9:15 am said:``, or a name line and then
  ``12 March 2024 at 9:15``) and lists of other stories with their dates (``Nov 18``, ``10H
  ago``). An article states its own date once, near its top; three or more short dated lines a
  few lines apart below its first paragraph are such a series, and the article ended before it.
* **Islands.** A heading that usually ends an article (``Related Stories``) does not, when the
  article's prose resumes right below its box of links, about the same things (jusText's
  context: what stands between good paragraphs is judged by them).
* **Collapse.** A long stretch of paragraphs that are not running text (menus, footers, lists
  of links) ends the article, unless its prose resumes below it, as for an island (boilerpipe's
  evidence: text is long and dense, furniture short and many).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import UTC, datetime

from service.normalise.datephrases import looks_like_time_line
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
    # the cheap filter first: most short lines with a number name no date at all
    return looks_like_time_line(text) and is_date_line(text)


def is_date_line(text: str) -> bool:
    """A line that is wholly a time statement (``May 19, 2022 | 10:59 PM``, ``3 DAYS AGO``).

    >>> is_date_line("May 19, 2022 | 10:59 PM"), is_date_line("On May 31, 2020, the mayor")
    (True, False)
    """
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


#: Article prose that resumes within this many paragraphs below a heading such as ``Related``
#: makes the heading and what follows it an island inside the article, not its end ...
MAX_ISLAND = 6
#: ... when it resumes with at least this many paragraphs of prose in a row, ...
MIN_RESUMED = 3
#: ... about the same things: this share of their words (not stop words) occur above the box.
MIN_SHARED_WORDS = 0.15
#: Words this short say little about the subject.
_MIN_TOPIC_CHARS = 4


def _topic_words(texts: list[str], stops: frozenset[str]) -> set[str]:
    return {
        word
        for text in texts
        for word in _WORDS.findall(text.casefold())
        if len(word) >= _MIN_TOPIC_CHARS and word not in stops and not word.isdigit()
    }


def shared_words(texts: list[str], above: list[str], stops: frozenset[str]) -> float:
    """The share of the words of ``texts`` (not stop words) that also occur in ``above``.

    >>> shared_words(["The harbour wall repairs go on."], ["Harbour wall repairs start."],
    ...              frozenset({"the", "go", "on"}))
    1.0
    """
    words = _topic_words(texts, stops)
    if not words:
        return 0.0
    return len(words & _topic_words(above, stops)) / len(words)


def islands(
    texts: list[str],
    headings: list[int],
    prose: list[bool],
    first: int,
    limit: int,
    stops: frozenset[str],
) -> dict[int, int]:
    """The headings (by index) that open an island inside the article, each with the index
    where the article's prose resumes: a box of links to other stories (``Related``, ``Read
    also``) set between two paragraphs, below which the article's prose goes on, in three or
    more paragraphs in a row within a few paragraphs below the heading, about the same things
    as the article above the box (other stories' excerpts below a heading are about others).

    >>> texts = ["Crews repair the harbour wall this week.", "Related", "Other story",
    ...          "The harbour wall crews work at night.", "The harbour wall repairs end soon.",
    ...          "Crews thank harbour residents.", "Most Read", "Another story"]
    >>> prose = [True, False, False, True, True, True, False, False]
    >>> islands(texts, [1, 6], prose, 0, len(prose), frozenset())
    {1: 3}
    """
    found: dict[int, int] = {}
    for heading in headings:
        stop = min(limit, heading + 1 + MAX_ISLAND)
        for index in range(heading + 1, stop):
            resumed = index + MIN_RESUMED
            if resumed <= limit and all(prose[index:resumed]):
                if shared_words(texts[index:resumed], texts[first:heading], stops) >= (
                    MIN_SHARED_WORDS
                ):
                    found[heading] = index
                break
    return found


#: A stretch of this many paragraphs in a row that are not running text ends the article ...
MIN_COLLAPSE = 10


def collapse_start(
    texts: list[str],
    running: list[bool],
    prose: list[bool],
    first: int,
    limit: int,
    stops: frozenset[str],
) -> int:
    """Where the article's running text collapses for good below ``first``: the start of the
    first stretch of ``MIN_COLLAPSE`` paragraphs in a row that are not running text
    (``running``), unless the article's prose resumes below it (three paragraphs in a row about
    the same things, as for ``islands``) or more prose stands below it than above (then the
    article may be below); else ``limit``.

    >>> texts = ["The harbour wall repairs begin.", *["Menu"] * 10, "Cookies keep the site going."]
    >>> flags = [True, *[False] * 10, True]
    >>> collapse_start(texts, flags, flags, 0, len(texts), frozenset())
    1
    >>> texts[-1] = "Cookies keep the site going and we thank every reader for it."
    >>> collapse_start(texts, flags, flags, 0, len(texts), frozenset())
    12
    """
    index = first + 1
    while index + MIN_COLLAPSE <= limit:
        if running[index - 1] and not any(running[index : index + MIN_COLLAPSE]):
            after = index + MIN_COLLAPSE
            while after < limit and not running[after]:
                after += 1
            window = min(limit, after + MAX_ISLAND)
            resumed = next(
                (
                    at
                    for at in range(after, window)
                    if at + MIN_RESUMED <= limit
                    and all(prose[at : at + MIN_RESUMED])
                    and shared_words(texts[at : at + MIN_RESUMED], texts[first:index], stops)
                    >= MIN_SHARED_WORDS
                ),
                None,
            )
            if resumed is None and _prose_chars(texts, prose, first, index) >= _prose_chars(
                texts, prose, index, limit
            ):
                return index
            index = resumed or index
        index += 1
    return limit


def _prose_chars(texts: list[str], prose: list[bool], start: int, stop: int) -> int:
    return sum(len(texts[index]) for index in range(start, stop) if prose[index])
