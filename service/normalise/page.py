"""The working state of one normalisation: the page being cut and what was noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from service.normalise.bounds import (
    WARNINGS_PER_CODE,
    RemovedLog,
    WorkBudget,
    coalesce_removed,
    omitted_warnings,
)
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
    removed: RemovedLog = field(default_factory=RemovedLog)
    warnings: list[dict[str, object]] = field(default_factory=list)
    _day_first: list[bool | None] = field(default_factory=list)
    _warning_counts: dict[str, int] = field(default_factory=dict)
    #: The caller's work budget (none by default) and the page's line count, for its message.
    budget: WorkBudget = field(default_factory=lambda: WorkBudget(None))
    total_lines: int = 0
    #: Which input lines are blank (``CleanedText.blank``): the line lists hold no blank line.
    blank: bytearray = field(default_factory=bytearray)

    def blanks_between(self, above: int, below: int) -> int:
        """How many blank input lines stand between input lines ``above`` and ``below``.

        >>> from datetime import UTC
        >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, blank=bytearray([0, 0, 1, 1, 0]))
        >>> ctx.blanks_between(1, 4), ctx.blanks_between(1, 2), ctx.blanks_between(4, 4)
        (2, 0, 0)
        """
        return self.blank.count(1, above + 1, below) if below - above > 1 else 0

    def only_blanks_between(self, above: int, below: int) -> bool:
        """Whether every input line between ``above`` and ``below`` is blank (none is, too).

        >>> from datetime import UTC
        >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, blank=bytearray([0, 0, 1, 0, 0]))
        >>> ctx.only_blanks_between(1, 3), ctx.only_blanks_between(1, 4)
        (True, False)
        """
        return below - above <= 1 or self.blank.find(0, above + 1, below) == -1

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
        """Record that (part of) an input line left the article, and why (kept compactly until
        the answer is assembled: a dict per line would cost several times the line)."""
        self.removed.add(line.number, reason, line.text if text is None else text)

    def spend(self, line: int | None = None) -> None:
        """Check the work budget: called once per line in every loop over the page's lines, so
        that a costly page stops within one line's work of its deadline.

        >>> from datetime import UTC
        >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC, budget=WorkBudget(0.0))
        >>> ctx.spend(7)  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        service.normalise.errors.BudgetExceededError: ... took longer than its budget of 0 s
        """
        budget = self.budget
        if budget.deadline is not None:  # no budget (the usual case): no call at all
            budget.check(line, self.total_lines)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        """Add a warning with a stable code; past ``WARNINGS_PER_CODE`` of one code, only count it
        (``finished_warnings`` adds the count).

        >>> from datetime import UTC
        >>> ctx = Context(datetime(2025, 1, 1, tzinfo=UTC), UTC)
        >>> for number in range(1, 30):
        ...     ctx.warn("replacement_character", "U+FFFD", number)
        >>> warnings = ctx.finished_warnings()
        >>> len(warnings), warnings[-1]["omitted"]
        (21, 9)
        """
        count = self._warning_counts.get(code, 0) + 1
        self._warning_counts[code] = count
        if count <= WARNINGS_PER_CODE:
            self.warnings.append({"code": code, "message": message, "line": line})

    def finished_warnings(self) -> list[dict[str, object]]:
        """The warnings kept, then one per capped code counting the ones left out."""
        return self.warnings + omitted_warnings(self._warning_counts)

    def finished_removed(self) -> list[dict[str, object]]:
        """``removed`` in line order, runs of one reason coalesced (see ``coalesce_removed``)."""
        return coalesce_removed(self.removed.in_line_order(), self.only_blanks_between)


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
    #: The body's non-blank lines; blank lines between them are ``Context.blank``'s to tell.
    body_lines: list[CleanLine] = field(default_factory=list)
    #: The input line the body starts at (blank lines from there on are the body's too).
    body_start: int = 1
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
    #: Whether the text is an extractor's main content (the HTML path), not the whole page:
    #: the article's run was found already, from the document's structure.
    extracted: bool = False
