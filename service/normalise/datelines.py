"""Place and agency datelines that open a news paragraph, in the shapes the wires print.

``MADURAI:``, ``WASHINGTON (Reuters) -``, ``Amaravati, April 9 (PTI)``, ``NAIROBI, Kenya,
Sep 12 –``, ``New Delhi, May 26 (IBNS):``, ``MANILA, Philippines –``, ``TEMPO.CO, Jakarta -``,
``KATHMANDU (Agency)``, ``لاہور:``. The dateline may open the first paragraph or one of the
next two (a standfirst often comes first).
"""

from __future__ import annotations

import re
from datetime import date

from service.normalise.cldrwords import WORD, month_words
from service.normalise.tables import AGENCIES, NOT_PLACES

#: The first paragraphs a dateline is looked for in.
DATELINE_PARAGRAPHS = 3
_CAPS_WORD = r"[A-ZÀ-Þ][A-ZÀ-Þ.'’-]{1,30}"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = r"[A-Z][a-zà-ÿ.'’-]{1,30}(?: [A-Z][a-zà-ÿ.'’-]{1,30}){0,2}"
#: A state in brackets after the place (``Karur (Tamil Nadu)``) belongs to the place.
_STATE = r"(?: \([A-Z][A-Za-z ]{1,30}\))?"
_COUNTRY = r"[A-Z][A-Za-z.'’-]{1,30}(?: [A-Z][A-Za-z.'’-]{1,30}){0,2}"
#: A day and month in any language (``April 9``, ``5 SET``, ``3. März``, ``8 de mayo``); which
#: word is a month is decided by ``dateline_day`` from CLDR's month names.
#: A month word in any script (combining vowel signs stay inside it: ``जनवरी``).
_MONTH_WORD = WORD.pattern.removesuffix("+") + "{2,16}"
_DAY = rf"(?:{_MONTH_WORD}\.? \d{{1,2}}|\d{{1,2}}\.?(?: de)? {_MONTH_WORD}\.?)"
_AGENCY = r"\((?P<agency>[A-Za-z][\w .&/-]{1,24})\)"
_SEPARATOR = r" ?(?::|--|[-–—]) ?"
#: ``PLACE[, Country][, Day][ (Agency)] -``: an upper-case place needs nothing more; a place
#: in title case needs a country, a day or an agency beside it (``Officials -`` is none).
_WIRE = re.compile(
    rf"(?P<place>(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_STATE})(?:, (?P<country>{_COUNTRY}))?"
    rf"(?:, (?P<day>{_DAY}))?(?: {_AGENCY})?(?P<sep>{_SEPARATOR})(?=[^\W_a-z]|[\"“‘'(])"
)
#: ``AGENCY.CO, Place -``: the agency's name first, in capitals.
_AGENCY_FIRST = re.compile(
    rf"(?P<agency>[A-Z][A-Z.]{{2,20}}), (?P<place>{_TITLE_PLACE}|{_CAPS_PLACE})"
    rf"(?P<sep>{_SEPARATOR})(?=\S)"
)
#: A place in a script without capitals: one or two words, then ``:`` or ``(agency)``.
_UNCASED = re.compile(
    r"(?P<place>[^\W\d_A-Za-z][^\s:()]{1,30}(?: [^\s:()]{1,30})?)"
    r"(?: \((?P<agency>[^()]{1,30})\)|:) ?(?=\S)"
)


def first_dateline(paragraphs: list[str]) -> dict[str, str | None] | None:
    """The dateline of the first of the opening paragraphs that has one.

    >>> first_dateline(["A standfirst without one.", "HARBOURTON: The council met."])["place"]
    'HARBOURTON'
    """
    for paragraph in paragraphs[:DATELINE_PARAGRAPHS]:
        found = read_dateline(paragraph)
        if found is not None:
            return found
    return None


def read_dateline(paragraph: str) -> dict[str, str | None] | None:
    """The place/agency dateline that opens a news paragraph, or ``None``.

    >>> read_dateline("MADURAI: The district collector said…")
    {'place': 'MADURAI', 'agency': None, 'text': 'MADURAI:'}
    >>> read_dateline("Amaravati, April 9 (PTI) The state government…")["agency"]
    'PTI'
    >>> read_dateline("WASHINGTON (Reuters) - The Senate voted…")["agency"]
    'Reuters'
    >>> read_dateline("HARBOURTON, Islandia, Sep 12 – The council met…")["place"]
    'HARBOURTON'
    >>> read_dateline("New Harbour, May 26 (WNS): The council met…")["place"]
    'New Harbour'
    >>> read_dateline("NEWS.CO, Harbourton - The council met…")["place"]
    'Harbourton'
    >>> read_dateline("Karur (Tamil Nadu): The council met…")["place"]
    'Karur (Tamil Nadu)'
    >>> read_dateline("Note: this is not a place.") is None
    True
    >>> read_dateline("Mumbai, April 9 (PTI) was how the wire copy began.") is None
    True
    >>> read_dateline("Officials - and there were many - agreed.") is None
    True
    >>> read_dateline("HARBOURTON, May 17, 2024 /Harbour Wire/ - The council met…")["agency"]
    'Harbour Wire'
    >>> read_dateline("AP, HARBOURTON"), read_dateline("AP, Rain") is None
    ({'place': 'HARBOURTON', 'agency': 'AP', 'text': 'AP, HARBOURTON'}, True)
    """
    head = paragraph[:160]
    own_line = _OWN_LINE.fullmatch(head.strip())
    if own_line is not None and _is_place(own_line.group("place") or own_line.group("after")):
        place = own_line.group("place") or own_line.group("after")
        return _dateline(place, own_line.group("agency") or own_line.group("wire"), head)
    release = _RELEASE.match(head)
    if release is not None and _is_place(release.group("place")):
        return _dateline(release.group("place"), release.group("agency"), release.group(0))
    agency_dated = _agency_dated(head)
    if agency_dated is not None:
        return agency_dated
    match = _AGENCY_FIRST.match(head)
    if match is not None and "." in match.group("agency") and _is_place(match.group("place")):
        return _dateline(match.group("place"), match.group("agency"), match.group(0))
    match = _WIRE.match(head)
    if match is not None:
        place = match.group("place")
        base = place.split(" (", 1)[0]
        titled = not base.isupper()
        named = match.group("country") or match.group("day") or _agency_of(match)
        if _is_place(place) and (not titled or named or " " not in base or "(" in place):
            return _dateline(place, _agency_of(match), match.group(0))
    match = _AGENCY_FIRST.match(head)
    if match is not None and _is_place(match.group("place")):
        return _dateline(match.group("place"), match.group("agency"), match.group(0))
    match = _UNCASED.match(head)
    if match is not None:
        return _dateline(match.group("place"), match.group("agency"), match.group(0))
    return None


_WIRES = "|".join(sorted(AGENCIES, key=len, reverse=True))
#: A dateline printed on a line of its own: a known wire and a place in capitals, either way
#: round (``AP, BEIJING``, ``BEIJING (AP)``).
_OWN_LINE = re.compile(
    rf"(?P<agency>{_WIRES}), (?P<place>{_CAPS_PLACE})"
    rf"|(?P<after>{_CAPS_PLACE}),? \((?P<wire>{_WIRES})\)"
)
#: A press release's dateline: ``TORONTO, May 17, 2024 /Newswire/ -`` (the wire in slashes).
_RELEASE = re.compile(
    rf"(?P<place>{_CAPS_PLACE})(?:, (?P<country>{_COUNTRY}))?, [A-Z][a-z]{{2,8}}\.? \d{{1,2}}, "
    r"\d{4} /(?P<agency>[A-Za-z][\w .&-]{1,24})/ ?(?:--|[-–—]) ?(?=\S)"
)
_AGENCY_DATED = re.compile(
    rf"(?P<place>(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_STATE})(?: \[[A-Z][A-Za-z ]{{1,20}}\])?, "
    rf"(?P<day>[A-Z][a-z]{{2,8}}\.? \d{{1,2}}) "
    rf"\((?P<agency>{'|'.join(sorted(AGENCIES, key=len, reverse=True))})\) ?:? ?[-–—]? ?"
    r"(?=[^\W_a-z]|[\"“‘'(])"
)


def _agency_dated(head: str) -> dict[str, str | None] | None:
    """``Amaravati, April 9 (PTI)``: a known agency after a day, no separator needed."""
    match = _AGENCY_DATED.match(head)
    if match is None:
        return None
    return _dateline(match.group("place"), match.group("agency"), match.group(0))


def _agency_of(match: re.Match[str]) -> str | None:
    return match.group("agency")


def _is_place(place: str) -> bool:
    folded = place.casefold()
    return folded not in NOT_PLACES and folded.split(" ")[0] not in NOT_PLACES


def _dateline(place: str, agency: str | None, text: str) -> dict[str, str | None]:
    place = place.strip()
    if agency is None and place.endswith(")") and " (" in place:
        head, _, bracket = place.rpartition(" (")
        if bracket[:-1] in AGENCIES:  # ``WASHINGTON (Reuters)``: an agency, not a state
            place, agency = head, bracket[:-1]
    return {"place": place, "agency": agency, "text": text.strip()}


#: The day an agency dateline names after its place: ``, April 9 (``, ``, 5 SET (``, ``, 12 de
#: mayo (``, in any language whose month words CLDR gives (``cldrwords.month_words``).
_DATELINE_DAY = re.compile(
    rf", (?:(?P<month>{_MONTH_WORD})\.? (?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\.?(?: de)? (?P<month2>{_MONTH_WORD})\.?)(?= \(| ?[-–—:]|$)"
)


def dateline_day(text: str, near: date) -> date | None:
    """The day an agency dateline names (``Amaravati, April 9 (PTI)``, ``RIO, 5 SET (ANSA)``,
    ``BERLIN, 3. März (dpa)``), in the year that puts it closest to ``near`` (a dateline writes
    no year). The month may be written in any supported language, whole or abbreviated.

    >>> dateline_day("Amaravati, April 10 (PTI)", date(2024, 4, 9))
    datetime.date(2024, 4, 10)
    >>> dateline_day("Delhi, Dec 31 (PTI)", date(2025, 1, 1))
    datetime.date(2024, 12, 31)
    >>> dateline_day("PORTO ALEGRE, 5 SET (Agência) –", date(2023, 9, 1))
    datetime.date(2023, 9, 5)
    >>> dateline_day("Karur (Tamil Nadu):", date(2023, 9, 1)) is None
    True
    """
    match = _DATELINE_DAY.search(text)
    if not match:
        return None
    word = (match.group("month") or match.group("month2")).casefold()
    month = month_words().get(word)
    if month is None:
        return None
    day = int(match.group("day") or match.group("day2"))
    candidates = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: abs((candidate - near).days))
