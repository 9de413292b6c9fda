"""Byline lines in the shapes sites print them, in the languages of the news.

A byline line credits the article's author and holds nothing else of the article: ``By
Staff Reporter``, ``by Jane Doe | jane@example.com``, ``Written by Jane Doe May 7, 2023``,
``Rep: Jane Doe/ Red: John Roe``, ``Jane Doe (@janedoe)``, ``(Reporting by Jane Doe; Editing
by John Roe)``, a news desk's name on its own line (``News Desk``). What follows the name on
the line (a date, an e-mail address, a handle, an editor) is returned apart, so that a date
there is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: "By" in the languages of the news, and label words that introduce an author.
_BY_WORDS = (
    "by",
    "por",
    "par",
    "von",
    "di",
    "door",
    "oleh",
    "av",
    "af",
    "przez",
    "written by",
    "reported by",
    "story by",
    "text by",
    "words by",
    "reporting by",
    "escrito por",
    "texto de",
)
_LABELS = ("rep", "reporter", "reporters", "penulis", "author", "autor", "auteur", "written by")
#: A news desk credited instead of a person (whole line, case-folded).
DESK_NAMES = frozenset(
    {
        "news desk",
        "web desk",
        "online desk",
        "desk report",
        "staff reporter",
        "our correspondent",
        "our staff reporter",
        "senior correspondent",
        "special correspondent",
        "redação",
        "redacción",
        "rédaction",
        "redaktion",
        "redazione",
        "redaksi",
        "ডেস্ক রিপোর্ট",
        "নিজস্ব প্রতিবেদক",
        "ویب ڈیسک",
        "न्यूज़ डेस्क",
        "செய்திப்பிரிவு",
    }
)
#: Month names in full: a sentence may open with one ("March was wet"), a name never does.
_FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = (
    *_FULL_MONTHS,
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
#: Words a sentence opens with, never a name: ``By the end…``, ``By Monday…``, ``By March…``.
_SENTENCE_WORDS = frozenset(
    (
        "the",
        "this",
        "that",
        "then",
        "now",
        "next",
        "last",
        "early",
        "late",
        "mid",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        *_FULL_MONTHS,
    )
)
#: Words after ``By`` that begin a sentence, not a name.
_NOT_NAMES = _SENTENCE_WORDS | {
    "a",
    "an",
    "all",
    "far",
    "her",
    "his",
    "its",
    "most",
    "our",
    "some",
    "their",
}
# Letters with the combining marks ``\w`` leaves out (Indic vowel signs): ``செய்திப்பிரிவு``.
_NAME_WORD = r"(?:[^\W\d_]|[\u0900-\u0dff])[\w.'’\u0900-\u0dff-]{0,30}"
_JOINER = r"(?:de|da|van|von|bin|binti|al|el|la|le|du|di|and|&|y|e)"
_NAME = rf"({_NAME_WORD}(?: (?:{_NAME_WORD}|{_JOINER})){{0,5}})"
_BY = "|".join(sorted((re.escape(w) for w in _BY_WORDS), key=len, reverse=True))
_LABEL = "|".join(sorted((re.escape(w) for w in _LABELS), key=len, reverse=True))
_AFTER_NAME = r"(?: ?[|,;/(]| [-–—]| (?=\d))"
_BYLINE = re.compile(rf"\(?(?:{_BY})\s?:? {_NAME}(?P<rest>{_AFTER_NAME}.{{0,100}})?", re.IGNORECASE)
_LABELLED = re.compile(rf"(?:{_LABEL})\s?: ?{_NAME}(?P<rest> ?[/|,;].{{0,80}})?", re.IGNORECASE)
_HANDLE = re.compile(rf"{_NAME} \(@\w{{1,30}}\)(?P<rest>.{{0,100}})")
_MAX_LINE = 160
#: A site's address, glued to a desk's name on a byline line (``Staff Reporterexample.com``).
_SITE = re.compile(r"[a-z][\w-]{1,40}\.[a-z]{2,6}$")


# --- the strict ``By …`` reader (lines that may be sentences) ---------------------------

_STRICT_BYLINE = re.compile(
    r"by:? ((?:[A-Z][\w.'’-]{0,30}|de|van|von|bin|al)"
    r"(?: (?:[A-Z][\w.'’-]{0,30}|and|&|de|van|von|bin|al)){0,7})"
    r"(?: ?[|,] ?[^.!?]{0,60})?",
)
#: Verbs a byline may open with (``Written by Amitabh Sinha``).
_BYLINE_VERBS = ("written by ", "reported by ", "story by ", "text by ")
#: Capitalised words that open a ``By …`` sentence but are no one's name.
_SENTENCE_OPENERS = _SENTENCE_WORDS | {
    "comparison",
    "contrast",
    "default",
    "evening",
    "law",
    "morning",
    "noon",
    "tomorrow",
    "tonight",
}


def byline_name(line: str) -> str | None:
    """The name in a ``By …`` line (``By Express News Service``), or ``None``: the strict
    reader, for a line inside a paragraph that may be a sentence (``read_byline`` is the one
    for header lines, in every shape).

    >>> byline_name("By Express News Service"), byline_name("By the end of the day, rain.")
    ('Express News Service', None)
    >>> byline_name("By Monday, the river had risen above the mark") is None
    True
    >>> byline_name("Written by Amitabh Sinha")
    'Amitabh Sinha'

    """
    if len(line) > 120:
        return None
    start = line[:12].casefold()
    if start.startswith(_BYLINE_VERBS):
        line = line[line.index(" ") + 1 :]
    elif not start.startswith("by"):
        return None
    if line[:2].casefold() != "by":
        return None
    match = _STRICT_BYLINE.fullmatch("by" + line[2:])
    if not match:
        return None
    name = match.group(1)
    if name.split(" ", 1)[0].casefold() in _SENTENCE_OPENERS:
        return None
    return name


@dataclass(frozen=True, slots=True)
class Byline:
    """The author a byline line credits, and what else the line holds (a date, an address)."""

    name: str
    rest: str = ""


def _clean_name(name: str) -> str | None:
    name = name.strip(" .,;:|-–—")
    words = name.split(" ")
    if not words or words[0].casefold() in _NOT_NAMES or len(words) > 6:
        return None
    if not any(word[:1].isupper() or not word[:1].isascii() for word in words):
        return None
    return name


def _cut_at_date(name: str, rest: str) -> tuple[str, str]:
    """A month name the name took from the date after it goes back to the date:
    (``Jane Doe May``, ``07, 2023``) -> (``Jane Doe``, ``May 07, 2023``)."""
    head, _, last = name.rpartition(" ")
    if head and last.casefold().rstrip(".") in _MONTHS and rest[:1].isdigit():
        return head, f"{last} {rest}"
    return name, rest


def read_byline(line: str) -> Byline | None:
    """The byline a line is, or ``None``.

    >>> read_byline("By Staff Reporter")
    Byline(name='Staff Reporter', rest='')
    >>> read_byline("by Jane Doe | jane@example.com").name
    'Jane Doe'
    >>> read_byline("Written by Jane Doe May 07, 2023, 01:15 am")
    Byline(name='Jane Doe', rest='May 07, 2023, 01:15 am')
    >>> read_byline("Rep: Jane Doe/ Red: John Roe").name
    'Jane Doe'
    >>> read_byline("Jane Doe (@janedoe) Published May 2, 2024").name
    'Jane Doe'
    >>> read_byline("(Reporting by Jane Doe, editing by John Roe)").name
    'Jane Doe'
    >>> read_byline("By Jan Novak").name
    'Jan Novak'
    >>> read_byline("News Desk").name, read_byline("By the end of the day, rain.") is None
    ('News Desk', True)
    >>> read_byline("Staff Reporterharbournews.com")
    Byline(name='Staff Reporter', rest='harbournews.com')
    """
    text = line.strip()
    if not text or len(text) > _MAX_LINE:
        return None
    folded = text.casefold()
    if folded in DESK_NAMES or (
        text.count(" ") <= 3 and any(folded.startswith(desk + " ") for desk in DESK_NAMES)
    ):
        return Byline(text)
    if _SITE.search(text):
        for desk in DESK_NAMES:
            if folded.startswith(desk) and _SITE.fullmatch(text, len(desk)):
                return Byline(text[: len(desk)], text[len(desk) :])
    for pattern in (_BYLINE, _LABELLED, _HANDLE):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        rest = (match.group("rest") or "").strip(" |,;/(-–—")
        name, rest = _cut_at_date(match.group(1), rest)
        name = _clean_name(name)
        if name is None:
            continue
        if rest and pattern is _BYLINE and rest[-1:] in ".!?" and "@" not in rest:
            continue  # a sentence that happens to start with "By"
        return Byline(name, rest)
    return None
