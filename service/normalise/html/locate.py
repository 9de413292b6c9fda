"""Where a line of the article stands in the HTML document it came from (its line number).

A removed line or a warning names the line of the HTML source it came from, so that a user
can find it in the page. Its first words are looked for in the source with tags, entities and
punctuation allowed between them. The search compiles nothing per line: the words are found as
plain strings and the gaps between them stepped through, so a page with many removed lines
costs no more than its words.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
#: What may stand between two words: a tag, an entity (``&amp;``) or any other mark.
_TAG = re.compile(r"<[^>]{0,400}>")
_ENTITY = re.compile(r"&#?\w{1,10};")
#: Words looked for, and the marks, tags and entities allowed between two of them.
_WORDS_LOOKED_FOR = 6
_MAX_GAP_UNITS = 60


def locate(source: str, text: str) -> int:
    """The 1-based line of ``source`` where ``text`` first appears in the document's body (in
    its head only when not in its body), tags and entities between its words allowed; 1 when
    it is not found.

    >>> locate("<title>Sign up</title>\\n<body>\\n<p>Sign <b>up</b> &amp; save</p>", "Sign up")
    3
    >>> locate("<body>\\n<p>Sign-up &amp;\\nsave</p>", "Sign up & save"), locate("<p>x</p>", "y")
    (2, 1)
    """
    words = _WORD.findall(text)[:_WORDS_LOOKED_FOR]
    if not words:
        return 1
    body = _BODY.search(source)
    found = _find(source, words, body.start() if body else 0)
    if found < 0:
        found = _find(source, words, 0)
    return source.count("\n", 0, found) + 1 if found >= 0 else 1


def _find(source: str, words: list[str], start: int) -> int:
    """The first position from ``start`` where the words stand in order, each after a gap of
    one to ``_MAX_GAP_UNITS`` marks, tags or entities; -1 when they do not."""
    first = words[0]
    position = source.find(first, start)
    while position >= 0:
        if _rest_follows(source, position + len(first), words, 1):
            return position
        position = source.find(first, position + 1)
    return -1


def _rest_follows(source: str, end: int, words: list[str], index: int) -> bool:
    """Whether ``words[index:]`` follow from ``end``, each after a gap."""
    if index == len(words):
        return True
    word = words[index]
    for after in _gap_ends(source, end):
        if source.startswith(word, after) and _rest_follows(
            source, after + len(word), words, index + 1
        ):
            return True
    return False


def _gap_ends(source: str, position: int) -> list[int]:
    """Where a gap that starts at ``position`` may end: after one to ``_MAX_GAP_UNITS`` units,
    each a character that is not a word character, a tag or an entity.

    >>> _gap_ends("a <b>c", 1)
    [2, 3, 5]
    """
    ends: list[int] = []
    reached = {position}
    frontier = [position]
    for _ in range(_MAX_GAP_UNITS):
        following: list[int] = []
        for at in frontier:
            for step in _units_at(source, at):
                if step not in reached:
                    reached.add(step)
                    following.append(step)
                    ends.append(step)
        if not following:
            break
        frontier = following
    return sorted(ends)


def _units_at(source: str, at: int) -> list[int]:
    """Where one gap unit starting at ``at`` ends (a mark, a tag or an entity)."""
    if at >= len(source):
        return []
    char = source[at]
    if char.isalnum() or char == "_":
        return []
    steps = [at + 1]
    if char == "<":
        tag = _TAG.match(source, at)
        if tag is not None:
            steps.append(tag.end())
    elif char == "&":
        entity = _ENTITY.match(source, at)
        if entity is not None:
            steps.append(entity.end())
    return steps
