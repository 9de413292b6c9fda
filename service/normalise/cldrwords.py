"""The words of dates and ages in every supported language, built once from CLDR (Babel).

Nothing here parses a date: this module turns Babel's locale data into plain dictionaries
(``word -> month``, ``age pattern -> unit``) that the readers look words up in, so reading a
line costs a few dictionary look-ups whatever its language. The tables are built on first use
(about a second for all of ``DATE_LOCALES``) and kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale

from service.normalise.datewords import DATE_LOCALES

#: moment.js's and timeago.js's age words, generated from them (see ``_add_javascript_ages``).
_JS_AGES = Path(__file__).with_name("jsformatter_ages.json")
#: Canonical units of Babel's ``date_fields`` keys.
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
#: Plural categories whose pattern may omit the number (Arabic ``قبل ساعتين``, two hours ago).
_FIXED_COUNTS = {"zero": 0, "one": 1, "two": 2}
#: Private-use characters a multi-word vocabulary entry is replaced by before tokenising:
#: months 1-12, then the morning and afternoon marks.
MONTH_MARK = 0xE000
AM_MARK = "\ue020"
PM_MARK = "\ue021"
_QUOTED = re.compile(r"'([^']+)'")
#: A word in any script: a run of anything but spaces, digits and punctuation, so that
#: combining vowel signs (Devanagari, Thai, Tamil) stay inside their word.
WORD = re.compile(r"[^\s\d.,:;/|()\[\]{}<>\-–—'\"’‘“”·•!?@#%&*+=_~،、。，]+")
#: Joiners a page's cleaning drops (``ഞായറാഴ്‌ച``): dropped from CLDR's names too.
_JOINERS = str.maketrans("", "", "\u200c\u200d")
_LETTERS = WORD
#: CJK date markers are read as markers, never as month names (``1月`` is January by its digit).
_CJK_MARKERS = frozenset("年月日号號년월일")


@dataclass(frozen=True, slots=True)
class AgeWord:
    """What an age pattern states: its unit, its direction, and its count when the pattern
    writes none (``gestern`` has none: ``yesterday`` marks it)."""

    unit: str
    future: bool
    count: int | None = None
    yesterday: bool = False
    now: bool = False


def fold(text: str) -> str:
    """The form every look-up key takes: casefolded, spaces dropped (a dot is kept: ``2 hours
    ago.`` ends a sentence; each pattern is also keyed without its dots).

    >>> fold("Vor 3 Std."), fold("3 時間前")
    ('vor3std.', '3時間前')
    """
    return "".join(text.casefold().split())


def _locales() -> list[Locale]:
    return [Locale.parse(name) for name in DATE_LOCALES]


def _names(table: object) -> list[tuple[int | str, str]]:
    """All (key, name) pairs of a Babel months/days table, over contexts and widths, without
    zero-width joiners (a page's cleaning drops them)."""
    pairs: list[tuple[int | str, str]] = []
    for context in ("format", "stand-alone"):
        widths = table.get(context) or {}  # type: ignore[attr-defined]
        for width in ("wide", "abbreviated", "short"):
            for key, name in (widths.get(width) or {}).items():
                pairs.append((key, name.translate(_JOINERS)))
    return pairs


def _glued(locale: Locale, field: str, before: bool) -> set[str]:
    """Letters a locale's date patterns glue to a field with no space: Hebrew ``בMMMM``
    (``במרץ``, in March), Thai ``EEEEที่``."""
    glue: set[str] = set()
    for fmt in locale.date_formats.values():
        pattern = re.sub(r"'[^']*'", " ", fmt.pattern)
        regex = rf"([^\x00-\x7f]+){field}" if before else rf"{field}([^\x00-\x7f]+)"
        glue.update(re.findall(regex, pattern))
    return glue


def _is_simple(name: str) -> bool:
    """A name that is one run of letters once dots are dropped (``Mär.``, ``septembre``,
    Thai ``ม.ค.``)."""
    return _LETTERS.fullmatch(name.casefold().replace(".", "")) is not None


@cache
def month_words() -> dict[str, int]:
    """Every single-word month name and abbreviation (casefolded, no dot) -> month number; the
    first locale in ``DATE_LOCALES`` wins a word two languages share.

    >>> words = month_words()
    >>> words["setembro"], words["märz"], words["stycznia"], words["أكتوبر"]
    (9, 3, 1, 10)
    """
    words: dict[str, int] = {}
    for locale in _locales():
        prefixes = _glued(locale, "MMMM", before=True)
        for month, name in _names(locale.months):
            if _is_simple(name):
                folded = name.casefold().replace(".", "")
                words.setdefault(folded, int(month))
                for prefix in prefixes:
                    words.setdefault(prefix + folded, int(month))
    return words


@cache
def ambiguous_months() -> dict[str, tuple[int, ...]]:
    """Month words two languages give different months (Croatian ``listopad`` is October,
    Czech and Polish November): every month each may mean, the ``month_words`` one first.

    >>> ambiguous_months()["listopad"]
    (11, 10)
    """
    seen: dict[str, list[int]] = {}
    for locale in _locales():
        for month, name in _names(locale.months):
            if _is_simple(name):
                months = seen.setdefault(name.casefold().replace(".", ""), [])
                if int(month) not in months:
                    months.append(int(month))
    return {word: tuple(months) for word, months in seen.items() if len(months) > 1}


@cache
def weekday_words() -> frozenset[str]:
    """Every single-word weekday name and abbreviation, casefolded and without its dot.

    >>> {"montag", "sabtu", "vendredi", "火曜日"} <= weekday_words()
    True
    """
    words: set[str] = set()
    for locale in _locales():
        suffixes = _glued(locale, "EEEE", before=False)
        for _, name in _names(locale.days):
            if _is_simple(name):
                folded = name.casefold().replace(".", "")
                words.add(folded)
                words.update(folded + suffix for suffix in suffixes)
    return frozenset(words)


@cache
def glue_words() -> frozenset[str]:
    """Words the locales' own date patterns glue around a date (``'de'``, ``'um'``, ``'г'``)
    and their era names (``n. Chr.``, ``AD``), casefolded and without dots.

    >>> {"de", "г", "n", "chr"} <= glue_words(), "before" in glue_words()
    (True, False)
    """
    words: set[str] = set()
    for locale in _locales():
        patterns = [
            *(fmt.pattern for fmt in locale.date_formats.values()),
            *(fmt.pattern for fmt in locale.time_formats.values()),
            *locale.datetime_formats.values(),
        ]
        for pattern in patterns:
            for literal in _QUOTED.findall(str(pattern)):
                words.update(_LETTERS.findall(literal.casefold()))
        for width in ("abbreviated",):  # the wide names (``before Christ``) are sentences
            for name in (locale.eras.get(width) or {}).values():
                words.update(_LETTERS.findall(name.casefold()))
                words.add(name.casefold().replace(".", "").replace(" ", ""))
    return frozenset(words)


@cache
def marks() -> tuple[re.Pattern[str], dict[str, str]]:
    """Multi-word entries (``a. m.``, Thai ``ม.ค.``, Vietnamese ``thg 1``, ``午後``) and the mark
    each becomes, as one regular expression over casefolded text.

    >>> pattern, table = marks()
    >>> text = pattern.sub(lambda m: table[m.group(0)], "thg 12, 10:00 p. m.")
    >>> text == f"{chr(MONTH_MARK + 12)}, 10:00 {PM_MARK}"
    True
    """
    table: dict[str, str] = {}
    for locale in _locales():
        for month, name in _names(locale.months):
            folded = name.casefold()
            if _is_simple(name) or (set(folded) & _CJK_MARKERS):
                continue
            table.setdefault(folded, chr(MONTH_MARK + int(month)))
        for width in ("abbreviated", "wide", "narrow"):
            periods = (locale.day_periods.get("format") or {}).get(width) or {}
            for key, mark in (("am", AM_MARK), ("pm", PM_MARK)):
                name = " ".join((periods.get(key) or "").casefold().split())
                # Latin-letter marks other than the spaced ``a. m.`` are words too (``em``,
                # ``de.``): only those and the other scripts' marks (``午後``, ``오전``) count.
                if name and (not name.isascii() or " " in name):
                    table.setdefault(name, mark)
    table.pop("", None)
    alternatives = sorted(table, key=len, reverse=True)
    # A mark that ends in a digit (``thg 1``) must not take the first digit of ``thg 12``; one
    # that is a single letter (Arabic ``م``) must stand alone between spaces.
    pattern = "|".join(
        rf"(?<!\S){re.escape(text)}(?!\S)"
        if len(text) == 1
        else re.escape(text) + (r"(?!\d)" if text[-1].isdigit() else "")
        for text in alternatives
    )
    return re.compile(pattern), table


@cache
def age_words() -> dict[str, AgeWord]:
    """CLDR's relative-time patterns of every locale, keyed by their ``fold``-ed text with the
    number left as ``{0}``: ``vor{0}stunden`` -> hours ago. Patterns without a number (Arabic
    duals, ``gestern``, ``maintenant``) are keyed whole.

    >>> words = age_words()
    >>> words["vor{0}stunden"].unit, words["{0}jamyanglalu"].unit, words["{0}時間前"].unit
    ('hour', 'hour', 'hour')
    >>> words[fold("قبل ساعتين")].count, words["gestern"].yesterday
    (2, True)
    """
    words: dict[str, AgeWord] = {}
    for locale in _locales()[1:]:  # English ages are read by ``ages``' own expression
        fields = locale._data["date_fields"]
        for unit in _UNITS:
            for width in ("", "-short", "-narrow"):
                entry = fields.get(unit + width)
                if not entry:
                    continue
                for direction in ("past", "future"):
                    for plural, pattern in (entry.get(direction) or {}).items():
                        _add_age(words, pattern, unit, direction == "future", plural)
        _add_relative_days(words, fields)
    _add_javascript_ages(words)
    for key in _CLASHES:
        words.pop(key, None)  # what two languages read as different ages is read as none
    return words


#: Age keys two locales give different units or counts, filled while ``age_words`` is built.
_CLASHES: set[str] = set()


def _add_age(words: dict[str, AgeWord], pattern: str, unit: str, future: bool, plural: str) -> None:
    if "{0}" in pattern:
        word = AgeWord(unit, future)
    elif plural in _FIXED_COUNTS:
        word = AgeWord(unit, future, _FIXED_COUNTS[plural])
    else:
        return
    _HINTS.update(_LETTERS.findall(pattern.casefold()))
    for key in {fold(pattern), fold(pattern.replace(".", ""))}:
        known = words.setdefault(key, word)
        if known.unit != unit or known.count != word.count:
            _CLASHES.add(key)  # ``-{0} m``: minutes in one language, months in another
        elif known.future and not future:
            words[key] = word  # a text written both ways (CLDR's Arabic) is read as past


def _add_javascript_ages(words: dict[str, AgeWord]) -> None:
    """moment.js's and timeago.js's own age words (``vor ein paar Sekunden``, ``hace una hora``,
    ``منذ ٣ أيام``), generated from those libraries by ``scripts/formatters/generate_ages.js``;
    CLDR's reading wins where both have a text, and a clash leaves it unread."""
    table = json.loads(_JS_AGES.read_text(encoding="utf-8"))
    for formatter in ("moment", "timeago"):
        for entries in table[formatter].values():
            for text, unit, count, future in entries:
                if unit == "moment":
                    word = AgeWord("second", future, 0, now=True)
                else:
                    word = AgeWord(unit, future, count)
                _HINTS.update(_LETTERS.findall(text.casefold()))
                for key in {fold(text), fold(text.replace(".", ""))}:
                    known = words.setdefault(key, word)
                    if (known.unit, known.count, known.now) != (word.unit, word.count, word.now):
                        _CLASHES.add(key)


def _add_relative_days(words: dict[str, AgeWord], fields: object) -> None:
    """``yesterday`` and ``now`` words; a word that is also ``tomorrow`` (Hindi ``कल``) is left
    out, as it says nothing certain."""
    days = (fields.get("day") or {}).get("relative") or {}  # type: ignore[attr-defined]
    yesterday, tomorrow = days.get(-1), days.get(1)
    if yesterday and yesterday != tomorrow:
        words.setdefault(fold(yesterday), AgeWord("day", False, 1, yesterday=True))
        _HINTS.update(_LETTERS.findall(yesterday.casefold()))
    seconds = (fields.get("second") or {}).get("relative") or {}  # type: ignore[attr-defined]
    if seconds.get(0):
        words.setdefault(fold(seconds[0]), AgeWord("second", False, 0, now=True))


@cache
def hint_words() -> frozenset[str]:
    """Words that make a line worth reading as a date: month names, CJK date markers and the
    words of relative-time patterns (``vor``, ``hace``, ``lalu``, ``時間前``), casefolded.

    >>> {"setembro", "hace", "lalu", "時間前", "年"} <= hint_words(), "the" in hint_words()
    (True, False)
    """
    age_words()
    words = set(month_words()) | _CJK_MARKERS
    words.update(part for key in marks()[1] for part in key.split() if not part.isdigit())
    words.update(word for word in _HINTS if len(word) >= 3 or not word.isascii())
    return frozenset(words - _COMMON_WORDS)


#: Letter runs of the age patterns, filled while ``age_words`` is built.
_HINTS: set[str] = set()
#: Words of age patterns too common in running text to mark a line as a date.
_COMMON_WORDS = frozenset({"the", "and", "for", "with", "dans", "que", "per", "los", "del"})


def prepare() -> int:
    """Build every table now (about a second) rather than on the first page that needs one:
    for a server worker to call before it takes requests. Returns the number of words.

    >>> prepare() > 1000
    True
    """
    return (
        len(month_words())
        + len(weekday_words())
        + len(glue_words())
        + len(marks()[1])
        + len(age_words())
        + len(hint_words())
        + len(ambiguous_months())
    )
