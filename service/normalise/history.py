"""History entries of the aggregator layout: titles, labels, ages, duplicates and order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.normalise.tables import HISTORY_LABELS
from service.normalise.timeref import Stamp

_NOT_WORD = re.compile(r"[\W_]+")
# The non-word characters of ASCII, deleted by ``bytes.translate`` (a table lookup in C, several
# times cheaper than the regex or ``str.translate``); other text goes through the regex, which
# beats ``str.translate`` with a dict on every script.
_ASCII_NON_WORD = bytes(c for c in range(128) if not chr(c).isalnum())
_LABEL_SHAPE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")


@dataclass(slots=True)
class HistoryEntry:
    """One related story: its title, optional label, resolved age and first duplicate."""

    title: str
    label: str | None
    published: Stamp | None
    line: int
    duplicate_of: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "label": self.label,
            "published": self.published.as_dict() if self.published else None,
            "duplicate_of": self.duplicate_of,
        }


def title_key(title: str) -> str:
    """The key two titles share when they differ only in case, quotes, punctuation or spacing.

    >>> title_key("U.S. envoy is taking Putin’s comments") == title_key(
    ...     "US Envoy Is Taking Putin's Comments")
    True
    """
    # Quotes, apostrophes and every other punctuation mark are non-word characters.
    key = title.casefold()
    if key.isascii():
        return key.encode().translate(None, _ASCII_NON_WORD).decode()
    return _NOT_WORD.sub("", key)


def is_label(line: str) -> bool:
    """A history label such as ``Top News``: a known one, or one to three capitalised words.

    >>> is_label("Top News"), is_label("Trump says he may meet Putin")
    (True, False)
    """
    return line.casefold() in HISTORY_LABELS or (
        len(line) <= 24 and _LABEL_SHAPE.fullmatch(line) is not None and line.endswith("News")
    )


def mark_duplicates(entries: list[HistoryEntry]) -> int:
    """Point each repeated title at its first occurrence; return how many were repeats.

    >>> entries = [HistoryEntry("A b", None, None, 1), HistoryEntry("a  B!", None, None, 2)]
    >>> mark_duplicates(entries), entries[1].duplicate_of
    (1, 0)
    """
    first_index: dict[str, int] = {}
    keys: dict[str, str] = {}  # a repeated title (the usual duplicate) is keyed once
    duplicates = 0
    for index, entry in enumerate(entries):
        key = keys.get(entry.title)
        if key is None:
            key = keys[entry.title] = title_key(entry.title)
        if not key:
            continue
        first = first_index.setdefault(key, index)
        if first != index:
            entry.duplicate_of = first
            duplicates += 1
    return duplicates


def out_of_order(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Entries newer than the entry above them (a history list runs newest first).

    Only a clear inversion counts: the entry's earliest possible instant is later than the
    latest possible instant of the last dated entry above it.

    >>> from datetime import datetime, UTC
    >>> def at(day):
    ...     t = datetime(2025, 3, day, tzinfo=UTC)
    ...     return Stamp("", "relative", t, t, t, "day")
    >>> rows = [HistoryEntry("a", None, at(5), 1), HistoryEntry("b", None, at(9), 2)]
    >>> [entry.title for entry in out_of_order(rows)]
    ['b']
    """
    flagged: list[HistoryEntry] = []
    previous: Stamp | None = None
    for entry in entries:
        stamp = entry.published
        if stamp is None:
            continue
        if previous is not None and stamp.earliest > previous.latest:
            flagged.append(entry)
        previous = stamp
    return flagged
