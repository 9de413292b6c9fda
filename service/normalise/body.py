"""The body: paragraphs from lines, boilerplate and repeats out, the dateline read."""

from __future__ import annotations

import re

from service.normalise.boilerplate import boilerplate_note, split_gallery_counter
from service.normalise.history import title_key
from service.normalise.page import Context, Page
from service.normalise.tables import AGENCIES, NOT_PLACES
from service.normalise.text import CleanLine

_ENDS_SENTENCE = re.compile(r"[.!?…:;\"”’)\]]$")
_PLACE = r"[A-Z][A-Za-z.'’-]*(?: [A-Z(][A-Za-z.'’()-]*){0,3}(?: \([A-Z][A-Za-z ]{1,30}\))?"
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
    return {"place": place, "agency": None, "text": match.group(0).strip()}


def join_soft_wraps(block: list[CleanLine]) -> list[tuple[CleanLine, str]]:
    """Lines of one block -> paragraphs: a line joins the one above when that one does not end
    a sentence and this one starts in lower case (a hard-wrapped paragraph).

    >>> rows = join_soft_wraps([CleanLine(1, "The rain"), CleanLine(2, "fell."),
    ...                         CleanLine(3, "Next one.")])
    >>> [text for _, text in rows]
    ['The rain fell.', 'Next one.']
    """
    paragraphs: list[tuple[CleanLine, str]] = []
    for line in block:
        text = line.text
        if paragraphs and text[:1].islower() and not _ENDS_SENTENCE.search(paragraphs[-1][1]):
            first, previous = paragraphs[-1]
            paragraphs[-1] = (first, f"{previous} {text}")
        else:
            paragraphs.append((line, text))
    return paragraphs


def build_paragraphs(page: Page, ctx: Context) -> list[str]:
    """Cut the body lines into paragraphs and drop boilerplate, captions and repeats.

    Whole-line boilerplate goes wherever it stands (ad labels sit between paragraphs);
    a paragraph equal to an earlier one or to the title is removed as a repeat.
    """
    blocks: list[list[CleanLine]] = [[]]
    for line in page.body_lines:
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
    seen: set[str] = set()
    title = title_key(page.title) if page.title else None
    paragraphs: list[str] = []
    for block in blocks:
        for line, text in join_soft_wraps(block):
            key = text.casefold()
            if key in seen:
                ctx.remove(line, "repeated_paragraph", text)
                continue
            if title is not None and title_key(text) == title:
                ctx.remove(line, "repeated_title", text)
                continue
            seen.add(key)
            paragraphs.append(text)
    return paragraphs
