"""Times the article's body states about the article itself, below its header zone.

Three shapes, each a statement by its shape and its place, never a date inside a sentence:

* a line about the article itself, wherever it stands: the article named as "this" and a
  publishing word (``This story was first published on 3 March 2024.``, ``Diese Nachricht
  wurde am 28.06.2024 im Programm … gesendet.``, ``Cet article a été publié le …``);
* a full date in brackets that opens the article's first paragraph or closes its last
  (``(Friday 2 December 2022) (Agency) – The minister said …``), as some sites print it
  (``take_bracketed_date``, once the article's paragraphs are known);
* a relative age on a line of its own right under the article's prose (``2 months ago``),
  when the page states no other time and no other age.

What is read goes into ``published``/``updated`` as a header statement does
(``page_times.assign_times``): it refines a month-only dateline prefix, and a disagreement
is warned about, never silently taken.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from service.normalise.ages import parse_age
from service.normalise.article_run import is_article_prose
from service.normalise.datewords import ARTICLE_STATEMENT_VERBS, ARTICLE_SUBJECTS
from service.normalise.language import stopwords
from service.normalise.page import Context, Page
from service.normalise.page_times import adopt_statement, assign_times
from service.normalise.stamp import Stamp
from service.normalise.statements import (
    DayFirst,
    TimeStatement,
    local_day,
    read_date_piece,
    read_time_line,
)
from service.normalise.text import CleanLine

_SUBJECT = re.compile(
    r"[(*_ ]{0,3}(?:"
    + "|".join(sorted(map(re.escape, ARTICLE_SUBJECTS), key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, ARTICLE_STATEMENT_VERBS), key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\S+")
#: A statement about the article is one short sentence or two.
_MAX_STATEMENT_CHARS = 240
#: A date phrase inside such a statement spans at most this many words (``Friday, 3 March
#: 2024, 10:15 am IST``), and starts at most this many words before its first digit.
_MAX_DATE_WORDS = 8
_LEAD_WORDS = 3
#: A full date in brackets at the start or the end of a paragraph.
_OPENING_BRACKET = re.compile(r"\(([^()]{6,60})\)")
_CLOSING_BRACKET = re.compile(r"\(([^()]{6,60})\)\.?$")
_FINE_PRECISIONS = frozenset({"day", "hour", "minute", "second"})
#: An age line is short; the prose above it is not (``is_prose`` wants some ten words).
_MAX_AGE_CHARS = 80
_MIN_PROSE_CHARS = 40


def read_article_statement(
    line: str, zone: tzinfo, reference: datetime, *, dayfirst: DayFirst = None
) -> TimeStatement | None:
    """What a line about the article itself states: when it was published (or broadcast) and
    updated. ``None`` unless the line opens with the article named as "this" in a supported
    language, holds a publishing word and states a date of at least a day's precision.

    >>> from datetime import UTC
    >>> ref = datetime(2025, 1, 1, tzinfo=UTC)
    >>> s = read_article_statement("This story was first published on 4 May 2024.", UTC, ref)
    >>> s.published.value.isoformat(), s.updated
    ('2024-05-04T00:00:00+00:00', None)
    >>> s = read_article_statement(
    ...     "Dieser Beitrag wurde am 03.05.2024 im Radio gesendet.", UTC, ref, dayfirst=True)
    >>> s.published_day.isoformat()
    '2024-05-03'
    >>> read_article_statement("The story was published on 4 May 2024.", UTC, ref) is None
    True
    """
    if len(line) > _MAX_STATEMENT_CHARS or _SUBJECT.match(line) is None:
        return None
    verbs = [(match.start(), match.group(0).casefold()) for match in _VERB.finditer(line)]
    if not verbs:
        return None
    tokens = [(match.start(), match.end()) for match in _TOKEN.finditer(line)]
    statement = TimeStatement(labelled=True)
    index = 0
    while index < len(tokens):
        found = _date_at(line, tokens, index, zone, reference, dayfirst)
        if found is None:
            index += 1
            continue
        stamp, ambiguous, end = found
        start = tokens[index][0]
        role = ARTICLE_STATEMENT_VERBS[min(verbs, key=lambda verb: abs(verb[0] - start))[1]]
        if getattr(statement, role) is None:
            setattr(statement, role, stamp)
        statement.ambiguous = statement.ambiguous or ambiguous
        index = end
    if statement.published is None and statement.updated is None:
        return None
    if statement.published is not None and statement.published.kind == "absolute":
        statement.published_day = local_day(statement.published, zone)
    return statement


def _date_at(
    line: str,
    tokens: list[tuple[int, int]],
    index: int,
    zone: tzinfo,
    reference: datetime,
    dayfirst: DayFirst,
) -> tuple[Stamp, bool, int] | None:
    """The longest date phrase that starts at word ``index`` (and has a digit), with whether
    its order is a guess and the word after it."""
    last = min(len(tokens), index + _MAX_DATE_WORDS)
    words = [line[start:end] for start, end in tokens[index:last]]
    digit_at = next((i for i, word in enumerate(words) if any(c.isdigit() for c in word)), None)
    if digit_at is None or digit_at > _LEAD_WORDS:
        return None
    for end in range(last, index + digit_at, -1):
        phrase = line[tokens[index][0] : tokens[end - 1][1]].strip(" ,.;:()[]")
        stamp, ambiguous = read_date_piece(phrase, zone, reference, dayfirst=dayfirst)
        if stamp is not None and (stamp.kind == "relative" or stamp.precision in _FINE_PRECISIONS):
            return stamp, ambiguous, end
    return None


def bracketed_date(
    text: str, zone: tzinfo, reference: datetime, *, opening: bool, dayfirst: DayFirst = None
) -> Stamp | None:
    """A full date in brackets that opens (or closes) a paragraph: ``(Friday 2 December 2022)
    (Agency) – The minister said …``. A date in brackets inside a sentence is not one.

    >>> from datetime import UTC
    >>> ref = datetime(2025, 1, 1, tzinfo=UTC)
    >>> bracketed_date("(Tuesday 4 June 2024) The council met.", UTC, ref, opening=True).text
    'Tuesday 4 June 2024'
    >>> bracketed_date("The council (4 June 2024) met.", UTC, ref, opening=True) is None
    True
    >>> bracketed_date("(June 2024) The council met.", UTC, ref, opening=True) is None
    True
    """
    match = (_OPENING_BRACKET.match if opening else _CLOSING_BRACKET.search)(text)
    if match is None:
        return None
    stamp, ambiguous = read_date_piece(match.group(1).strip(), zone, reference, dayfirst=dayfirst)
    if stamp is None or ambiguous or stamp.kind != "absolute":
        return None
    return stamp if stamp.precision in _FINE_PRECISIONS else None


def take_body_times(page: Page, ctx: Context) -> None:
    """Read the times the body states about the article (see the module's note); a line that
    is wholly such a statement leaves the body as a ``date_line``.

    >>> from service.normalise import normalise
    >>> prose = "The council met on Monday and agreed to repair the road before winter. " * 5
    >>> article = normalise(f" date 2024-05 {prose}\\n\\nThis story was first published on "
    ...                     "4 May 2024.", reference_time="2025-01-01T00:00:00Z")
    >>> article["published"]["value"], "first published" in article["body"]
    ('2024-05-04T00:00:00Z', False)
    """
    if page.format == "aggregator":
        return
    statements: list[tuple[CleanLine, TimeStatement]] = []
    for line in page.body_lines:
        if line.text and _SUBJECT.match(line.text) is not None:
            statement = read_article_statement(
                line.text, ctx.zone, ctx.reference, dayfirst=ctx.day_first
            )
            if statement is not None:
                statements.append((line, statement))
    if statements:
        taken = {id(line) for line, _ in statements}
        page.body_lines = [line for line in page.body_lines if id(line) not in taken]
        assign_times(page, statements, ctx)
    if page.published is None:
        _take_lone_age(page, ctx)


def take_bracketed_date(page: Page, paragraphs: list[str], ctx: Context) -> None:
    """A full date in brackets opening the article's first paragraph or closing its last
    (``(Friday 2 December 2022) (Agency) – …``) is the article's own day: it is taken as a
    header statement is, and the paragraph keeps it (as it keeps a place dateline).

    >>> from service.normalise import normalise
    >>> prose = "The council met and agreed to repair the road before the winter comes. " * 4
    >>> article = normalise(f" date 2024-05 Read on Example\\n\\n(Tuesday 7 May 2024) {prose}",
    ...                     reference_time="2025-01-01T00:00:00Z")
    >>> article["published"]["value"]
    '2024-05-07T00:00:00Z'
    """
    if page.format == "aggregator" or not paragraphs:
        return
    for text, opening in ((paragraphs[0], True), (paragraphs[-1], False)):
        stamp = bracketed_date(
            text, ctx.zone, ctx.reference, opening=opening, dayfirst=ctx.day_first
        )
        if stamp is None or text.strip("(). ") == stamp.text:
            continue  # a paragraph that is only a date is no paragraph's opening
        statement = TimeStatement(stamp, labelled=True, published_day=local_day(stamp, ctx.zone))
        number = page.first_paragraph_line if opening else None
        adopt_statement(page, number, statement, [], ctx)
        return


def _take_lone_age(page: Page, ctx: Context) -> None:
    """The one age line of the body right under the article's prose is the article's age
    (``2 months ago`` under the story's opening on a paywalled page, or under its last
    paragraph). The prose above must be the body's first paragraph of prose or follow another
    one: an excerpt under another story's headline, with its age, is that story's. Where two
    ages stand under prose, neither is taken.

    Only a short line under a long one is read as an age, and only then is the long one asked
    whether it is prose: a page of many thousand lines costs one length test a line.
    """
    lines = [line for line in page.body_lines if line.text]
    stops = stopwords(page.language)
    found: int | None = None
    for at in range(1, len(lines)):
        text = lines[at].text
        if len(text) > _MAX_AGE_CHARS or len(lines[at - 1].text) < _MIN_PROSE_CHARS:
            continue
        if parse_age(text) is None or not is_article_prose(lines[at - 1].text, stops):
            continue
        if found is not None:
            return  # two ages under prose: a list of stories, not the article's own
        found = at
    if found is None or not _opens_or_follows_prose(lines, found - 1, stops):
        return
    line = lines[found]
    statement = read_time_line(line.text, ctx.zone, ctx.reference)
    if statement is None or statement.published is None:
        return
    page.body_lines = [other for other in page.body_lines if other is not line]
    assign_times(page, [(line, statement)], ctx)


def _opens_or_follows_prose(lines: list[CleanLine], index: int, stops: frozenset[str]) -> bool:
    """Whether the prose paragraph at ``index`` is the body's first one, or follows another."""
    if index >= 1 and is_article_prose(lines[index - 1].text, stops):
        return True
    return not any(is_article_prose(line.text, stops) for line in lines[:index])
