"""Whole-line boilerplate recognition, driven by the tables in ``tables.py``."""

from __future__ import annotations

import re

from service.normalise.tables import (
    AGENCY_SLUG_AGENCIES,
    BOILERPLATE_LINES,
    BOILERPLATE_PATTERNS,
    HISTORY_HEADINGS,
)

# One alternation of every pattern, each in a named group: one regex call per line instead of
# one per pattern (the body's every line is asked).
_PATTERNS = re.compile(
    "|".join(f"(?P<p{index}>{pattern})" for index, (pattern, _) in enumerate(BOILERPLATE_PATTERNS))
)
_PATTERN_NOTES = {f"p{index}": note for index, (_, note) in enumerate(BOILERPLATE_PATTERNS)}
_AGENCY_SLUG = re.compile(r"([A-Z]{2,5})(?: [A-Z]{2,5}){1,8}")
_GALLERY_COUNTER = re.compile(r"(\d{1,3})/(\d{1,3})(?=[A-Z])")
_MAX_BOILERPLATE_LENGTH = 600
# Every pattern but the source link and the run of dots matches at most this many characters.
_MAX_SHORT_PATTERN = 200
_LONG_PATTERN_STARTS = ("source link", ".")


def boilerplate_note(line: str) -> str | None:
    """Why a whole line is boilerplate, or ``None`` when it is article text.

    >>> boilerplate_note("Advertisement")
    'ad slot label'
    >>> boilerplate_note("PTI STH SSK ROH")
    'agency slug trailer'
    >>> boilerplate_note("The Advertisement Standards Council said so.") is None
    True
    """
    if len(line) > _MAX_BOILERPLATE_LENGTH:
        return None
    folded = line.casefold()
    note = BOILERPLATE_LINES.get(folded)
    if note is not None:
        return note
    if _AGENCY_SLUG.fullmatch(line) and line.split(" ", 1)[0] in AGENCY_SLUG_AGENCIES:
        return "agency slug trailer"
    if len(folded) > _MAX_SHORT_PATTERN and not folded.startswith(_LONG_PATTERN_STARTS):
        return None  # only a source link or a run of dots is boilerplate at this length
    match = _PATTERNS.fullmatch(folded)
    if match is not None and match.lastgroup is not None:
        return _PATTERN_NOTES[match.lastgroup]
    return None


def is_history_heading(line: str) -> bool:
    """The heading that opens an aggregator's history list.

    >>> is_history_heading("History of this topic")
    True
    """
    return line.casefold() in HISTORY_HEADINGS


def split_gallery_counter(line: str) -> tuple[str, str] | None:
    """Split a gallery counter glued to a caption: ``1/8A live video…`` -> ``("1/8", "A live…")``.

    >>> split_gallery_counter("1/8A live video of the rally")
    ('1/8', 'A live video of the rally')
    """
    match = _GALLERY_COUNTER.match(line)
    if not match or int(match.group(1)) > int(match.group(2)) or int(match.group(1)) == 0:
        return None
    return match.group(0), line[match.end() :]
