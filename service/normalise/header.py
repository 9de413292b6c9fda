"""Header lines: the short lines above a body that state bylines, captions and chrome.

The lines that state times are read in ``statements``.
"""

from __future__ import annotations

import re

from service.normalise.tables import (
    AGENCY_SLUG_AGENCIES,
    BREADCRUMB_WORDS,
    CAMEL_CASE_WORDS,
    CHROME_PATTERNS,
    SECTION_NAMES,
    SENTIMENT_WORDS,
    SHARE_WORDS,
)

#: The credit marker of a photo caption: `` | Photo Credit:``, ``. Photo:``, ``(Image courtesy:``.
_CAPTION_MARK = re.compile(
    r"(?: ?\| ?|\. |\()(?:photo|image|file photo|picture|pic)(?: credit| courtesy)? ?:",
    re.IGNORECASE,
)
_READ_TIME = re.compile(r"(\d{1,3}) ?min(?:ute)?s? read\b", re.IGNORECASE)
_CHROME = tuple((re.compile(pattern), note) for pattern, note in CHROME_PATTERNS)
_GLUED_TOPIC = re.compile(r"[A-Z][\w.'’ -]{0,40}[a-z]in ([A-Z][A-Za-z &]{1,30})")
_GLUED_SENTIMENT = re.compile(r"([a-z]{5,8})([A-Z][A-Za-z &]{1,30})")
_BREADCRUMB_SPLIT = re.compile(r" ?[>»›/|] ?")
_SHARE_SPLIT = re.compile(r" ?[|•·] ?| ")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)\]]$")
#: A web address printed in a line (``https://example.com/author/x/``, ``www.example.com``).
_LINK = re.compile(r"(?:https?://|www\.)[^\s/]{2,60}\.[a-z]{2,6}\b")
#: A line holding an address is a label with it when it has at most this many words.
_MAX_LINK_LINE_WORDS = 15
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_NOT_LETTER = re.compile(r"[^a-z]")
#: Name prefixes that take a capital after them: MacArthur, DeSantis, LaGuardia, VanDyke.
_NAME_PREFIXES = frozenset({"mac", "mc", "de", "di", "da", "la", "le", "van", "von", "du", "del"})


def is_caption(line: str) -> bool:
    """A photo caption line such as ``Police at the site. | Photo Credit: PTI``.

    >>> is_caption("Police at the site. | Photo Credit: PTI"), is_caption("A long sentence.")
    (True, False)
    >>> is_caption("She held up the photo: it was her son.")
    False
    """
    if len(line) > 400:
        return False
    folded = line.casefold()
    if "photo" not in folded and "image" not in folded and "pic" not in folded:
        return False
    mark = _CAPTION_MARK.search(line)
    if mark is None:
        return False
    credit = len(line) - mark.end()
    return 3 <= mark.start() <= 300 and 0 < credit <= 121 and line[mark.end() :].strip() != ""


def _is_breadcrumb(line: str, folded: str) -> bool:
    words = folded.split(" ")
    if words[0] == "home" and len(words) > 1:
        second = words[1]
        if second in (">", "/", "»", "›", "|") or second in BREADCRUMB_WORDS:
            return len(words) <= 10
        return second in SECTION_NAMES and len(words) <= 10
    parts = _BREADCRUMB_SPLIT.split(folded)
    if len(parts) < 3 or not any(sep in line for sep in (">", "»", "›")):
        return False
    return all(0 < len(part) <= 40 and not _SENTENCE_END.search(part) for part in parts)


def chrome_note(line: str) -> str | None:
    """Why a header-zone line is page furniture (breadcrumbs, glued labels, reading time), or
    ``None``. Only lines near the top of a page are asked.

    >>> chrome_note("Home States Tamil Nadu"), chrome_note("Chinain World Affairs")
    ('breadcrumb trail', 'topic glued to section')
    >>> chrome_note("negativeWorld Affairs"), chrome_note("Home Minister Amit Shah")
    ('sentiment glued to section', None)
    >>> chrome_note("Staff Staff https://news.example.org/author/staff/ 05/09/2023 - 10:13 Share")
    'link address'
    """
    if len(line) > 120:
        return None
    folded = line.casefold()
    if folded in SECTION_NAMES:
        return "section label"
    if _is_breadcrumb(line, folded):
        return "breadcrumb trail"
    for pattern, note in _CHROME:
        if pattern.fullmatch(folded):
            return note
    match = _GLUED_SENTIMENT.fullmatch(line)
    if match and match.group(1) in SENTIMENT_WORDS and match.group(2).casefold() in SECTION_NAMES:
        return "sentiment glued to section"
    match = _GLUED_TOPIC.fullmatch(line)
    if match and match.group(1).casefold() in SECTION_NAMES:
        return "topic glued to section"
    words = [word for word in _SHARE_SPLIT.split(folded) if word]
    if len(words) >= 2 and all(word in SHARE_WORDS for word in words):
        return "share-button row"
    if _LINK.search(line) and len(words) <= _MAX_LINK_LINE_WORDS and not _SENTENCE_END.search(line):
        return "link address"  # an author's or a section's address printed with its label
    return None


def is_agency_name(word: str) -> bool:
    """A news agency's short name.

    >>> is_agency_name("PTI"), is_agency_name("Doha")
    (True, False)
    """
    return word.upper() in AGENCY_SLUG_AGENCIES or word.upper() in {"REUTERS", "AFP", "AP"}


def split_read_time(line: str) -> tuple[str, str] | None:
    """Split a reading time glued to a headline: ``…districts1 min read . 06:11 AM IST``.

    >>> split_read_time("Rain lashes districts1 min read . 06:11 AM IST")
    ('Rain lashes districts', '1 min read . 06:11 AM IST')
    """
    match = _READ_TIME.search(line)
    if not match or match.start() == 0:
        return None
    return line[: match.start()].rstrip(), line[match.start() :]


def split_glued_standfirst(line: str) -> tuple[str, str] | None:
    """Split a headline glued to its standfirst: ``…on temple landThe court said….``.

    Only where the join is a lower-case letter straight before a capitalised word, the left
    part reads as a headline (no sentence end, at most 25 words) and the right part as a
    sentence; never inside a mixed-case name (``WhatsApp``).

    >>> split_glued_standfirst("HC quashes order on temple landThe court said the order "
    ...                        "was passed without hearing the trustees.")[0]
    'HC quashes order on temple land'
    >>> split_glued_standfirst("The new WhatsApp feature lets users edit sent messages.") is None
    True
    """
    if len(line) > 500 or not _SENTENCE_END.search(line):
        return None
    for match in _GLUE.finditer(line, 0, 250):
        start = line.rfind(" ", 0, match.start()) + 1
        end = line.find(" ", match.start())
        word = _NOT_LETTER.sub("", line[start : end if end != -1 else len(line)].casefold())
        left = _NOT_LETTER.sub("", line[start : match.start()].casefold())
        if word in CAMEL_CASE_WORDS or word.rstrip("s") in CAMEL_CASE_WORDS:
            continue
        if len(left) < 3 or left in _NAME_PREFIXES:
            continue
        head, rest = line[: match.start()], line[match.start() :]
        if _SENTENCE_END.search(head) or not 2 <= head.count(" ") + 1 <= 25:
            return None
        if rest.count(" ") + 1 < 6:
            return None
        return head, rest
    return None
