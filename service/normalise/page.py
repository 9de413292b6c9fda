"""The working state of one normalisation: the page being cut and what was noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from service.normalise.history import HistoryEntry
from service.normalise.region import writes_day_first
from service.normalise.text import CleanLine
from service.normalise.timeref import Stamp


@dataclass(slots=True)
class Context:
    """Options of one call plus the explanation being built (``removed`` and ``warnings``)."""

    reference: datetime
    zone: tzinfo
    timezone_name: str = "UTC"
    url: str | None = None
    head: str = ""
    removed: list[dict[str, object]] = field(default_factory=list)
    warnings: list[dict[str, object]] = field(default_factory=list)
    _day_first: list[bool | None] = field(default_factory=list)

    def day_first(self) -> bool | None:
        """Whether the page evidently writes numeric dates day first (worked out once, and only
        when a page holds a date such as ``04-06-2025``).

        >>> from datetime import UTC
        >>> Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, head="CHENNAI: rain").day_first()
        True
        """
        if not self._day_first:
            self._day_first.append(writes_day_first(self.head, self.url, self.timezone_name))
        return self._day_first[0]

    def remove(self, line: CleanLine, reason: str, text: str | None = None) -> None:
        """Record that (part of) an input line left the article, and why."""
        self.removed.append(
            {"line": line.number, "reason": reason, "text": line.text if text is None else text}
        )

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        """Add a warning with a stable code."""
        self.warnings.append({"code": code, "message": message, "line": line})


@dataclass(slots=True)
class Page:
    """What the layout cutters found: the article's parts before final assembly."""

    format: str
    title: str | None = None
    source: str | None = None
    published: Stamp | None = None
    updated: Stamp | None = None
    byline: str | None = None
    dateline: dict[str, str | None] | None = None
    body_lines: list[CleanLine] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    published_line: int | None = None
    #: The `` date YYYY-MM-DD `` (or ``YYYY-MM``) prefix of a dateline page, as written.
    prefix_day: str | None = None
    #: Input line number of the first body paragraph (where a dateline stands).
    first_paragraph_line: int | None = None
    #: Input line number of the headline, when the page states one in its text.
    title_line: int | None = None
    #: The page's language (ISO 639-1), from its text; ``None`` when it cannot be told.
    language: str | None = None
