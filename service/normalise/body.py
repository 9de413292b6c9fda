"""The body: paragraphs from lines, boilerplate and repeats out, the dateline read."""

from __future__ import annotations

import re
from datetime import date

from service.normalise.boilerplate import boilerplate_note, split_gallery_counter
from service.normalise.header import byline_name, is_caption
from service.normalise.history import title_key
from service.normalise.page import Context, Page
from service.normalise.tables import AGENCIES, NOT_PLACES
from service.normalise.text import CleanLine, clean_line

#: Characters that end a sentence (a line ending in one is not wrapped into the next).
_SENTENCE_ENDS = frozenset('.!?…:;"”’)]')
# Bounded runs only: a pattern searched over a pathological line stays linear.
_PLACE = (
    r"[A-Z][A-Za-z.'’-]{0,30}(?: [A-Z(][A-Za-z.'’()-]{0,30}){0,3}(?: \([A-Z][A-Za-z ]{1,30}\))?"
)
_AGENCY_DATELINE = re.compile(
    rf"({_PLACE})(?: \[[A-Z][A-Za-z ]{{1,20}}\])?, ([A-Z][a-z]{{2,8}}\.? \d{{1,2}}) "
    rf"\(({'|'.join(sorted(AGENCIES, key=len, reverse=True))})\) ?:? ?[-–—]? ?"
)
_PLACE_DATELINE = re.compile(rf"({_PLACE}) ?(?::|[-–—] )\s?(?=[A-Z0-9“\"‘'])")


def read_dateline(paragraph: str) -> dict[str, str | None] | None:
    """The place/agency dateline that opens a news paragraph, or ``None``.

    >>> read_dateline("MADURAI: The district collector said…")
    {'place': 'MADURAI', 'agency': None, 'text': 'MADURAI:'}
    >>> read_dateline("Amaravati, April 9 (PTI) The state government…")["agency"]
    'PTI'
    >>> read_dateline("WASHINGTON (Reuters) - The Senate voted…")["agency"]
    'Reuters'
    >>> read_dateline("Note: this is not a place.") is None
    True
    """
    match = _AGENCY_DATELINE.match(paragraph)
    if match:
        return {"place": match.group(1), "agency": match.group(3), "text": match.group(0).strip()}
    match = _PLACE_DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group(1)
    if place.casefold() in NOT_PLACES or place.split(" ")[0].casefold() in NOT_PLACES:
        return None
    if not (place.isupper() or " " not in place or "(" in place):
        return None
    agency = None
    if place.endswith(")") and " (" in place:
        head, _, bracket = place.rpartition(" (")
        if bracket[:-1] in AGENCIES:
            place, agency = head, bracket[:-1]
    return {"place": place, "agency": agency, "text": match.group(0).strip()}


_DATELINE_DAY = re.compile(r", ([A-Z][a-z]{2,8})\.? (\d{1,2}) \(")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def dateline_day(text: str, near: date) -> date | None:
    """The day an agency dateline names (``Amaravati, April 9 (PTI)``), in the year that puts it
    closest to ``near`` (a dateline writes no year).

    >>> dateline_day("Amaravati, April 10 (PTI)", date(2024, 4, 9))
    datetime.date(2024, 4, 10)
    >>> dateline_day("Delhi, Dec 31 (PTI)", date(2025, 1, 1))
    datetime.date(2024, 12, 31)
    """
    match = _DATELINE_DAY.search(text)
    if not match:
        return None
    month = _MONTHS.get(match.group(1).casefold())
    if month is None:
        return None
    candidates = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(date(year, month, int(match.group(2))))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda day: abs((day - near).days))


#: A line starting with a list marker is its own paragraph, never a wrapped line.
_LIST_MARKER = re.compile(r"[•*▪●◦‣–—-] |\d{1,2}[.)] ")
#: A line at least this long that ends without a sentence end was wrapped (not a heading).
_WRAPPED_LINE = 40


def separator_style(lines: list[CleanLine]) -> str:
    """How most of a page separates its lines: ``blank`` (a blank line between paragraphs)
    or ``single`` (a single line break). Runs of blank lines count once.

    >>> separator_style([CleanLine(1, "A."), CleanLine(2, ""), CleanLine(3, "B."),
    ...                  CleanLine(4, "C.")])
    'blank'
    >>> separator_style([CleanLine(1, "A."), CleanLine(2, "B."), CleanLine(3, "C.")])
    'single'
    """
    blank = single = 0
    seen_text = False
    gap = False
    for line in lines:
        if not line.text:
            gap = seen_text
            continue
        if seen_text:
            if gap:
                blank += 1
            else:
                single += 1
        seen_text = True
        gap = False
    return "blank" if blank >= single else "single"


def join_soft_wraps(block: list[CleanLine], style: str = "single") -> list[tuple[CleanLine, str]]:
    """Lines of one block -> paragraphs.

    A line joins the one above when that one does not end a sentence and this one starts in
    lower case (a hard-wrapped paragraph). On a page that separates paragraphs by blank
    lines (``style="blank"``), a single line break inside a block is a wrap too when the line
    above is long and ends mid-sentence, whatever case follows.

    >>> rows = join_soft_wraps([CleanLine(1, "The rain"), CleanLine(2, "fell."),
    ...                         CleanLine(3, "Next one.")])
    >>> [text for _, text in rows]
    ['The rain fell.', 'Next one.']
    >>> rows = join_soft_wraps([CleanLine(1, "The chief minister on Tuesday met Prime Minister"),
    ...                         CleanLine(2, "Narendra Modi in Delhi.")], "blank")
    >>> [text for _, text in rows]
    ['The chief minister on Tuesday met Prime Minister Narendra Modi in Delhi.']
    """
    # Each paragraph is gathered as its lines and cleaned once when joined: re-scanning and
    # re-cleaning the growing text for every wrapped line would be quadratic in its length.
    gathered: list[tuple[CleanLine, list[str], int]] = []
    for line in block:
        text = line.text
        if gathered and not _ends_sentence(gathered[-1][1][-1]):
            first, parts, length = gathered[-1]
            wrapped = text[:1].islower() or (
                style == "blank"
                and length >= _WRAPPED_LINE
                and not _LIST_MARKER.match(text)
                and not _LIST_MARKER.match(parts[0])
                # a caption or byline line is a line of its own, never the end of a wrap
                and not is_caption(text)
                and byline_name(text) is None
            )
            if wrapped:
                parts.append(text)
                gathered[-1] = (first, parts, length + 1 + len(text))
                continue
        gathered.append((line, [text], len(text)))
    # Emphasis markers may open on one line and close on the next (``**0`` / ``a**``): the
    # joined text is cleaned again so that the body is a fixed point.
    return [
        (first, parts[0] if len(parts) == 1 else clean_line(" ".join(parts)))
        for first, parts, _ in gathered
    ]


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (emphasis markers after the stop do not count).

    >>> _ends_sentence("It rained."), _ends_sentence("It rained.**"), _ends_sentence("and")
    (True, True, False)
    """
    return text.rstrip("*_")[-1:] in _SENTENCE_ENDS


def build_paragraphs(page: Page, ctx: Context) -> list[str]:
    """Cut the body lines into paragraphs and drop boilerplate, captions and repeats.

    Whole-line boilerplate goes wherever it stands (ad labels sit between paragraphs);
    a paragraph equal to an earlier one or to the title is removed as a repeat. Whether a
    single line break ends a paragraph is judged by what most of the page does.
    """
    blocks: list[list[CleanLine]] = [[]]
    for line in page.body_lines:
        ctx.spend(line.number)
        if not line.text:
            if blocks[-1]:
                blocks.append([])
            continue
        if boilerplate_note(line.text) is not None:
            ctx.remove(line, "boilerplate")
            continue
        if split_gallery_counter(line.text) is not None:
            ctx.remove(line, "caption")
            continue
        blocks[-1].append(line)
    style = separator_style(page.body_lines)
    seen: set[str] = set()
    title = title_key(page.title) if page.title else None
    title_limit = 2 * len(page.title) + 20 if page.title else 0
    paragraphs: list[str] = []
    for block in blocks:
        for line, text in join_soft_wraps(block, style):
            key = text.casefold()
            if key in seen:
                ctx.remove(line, "repeated_paragraph", text)
                continue
            if title is not None and len(text) <= title_limit and title_key(text) == title:
                ctx.remove(line, "repeated_title", text)
                continue
            seen.add(key)
            if not paragraphs:
                page.first_paragraph_line = line.number
            paragraphs.append(text)
    return paragraphs
