"""A page's raw text -> its cleaned, numbered lines, and the damage the cleaning noticed.

The memory a page costs is mostly per line, so the lines are made with care: the text is
split and cleaned a stretch at a time (only one stretch is ever held as separate line strings);
equal lines share one string; a blank line makes no object at all, one byte in a map says
which lines are blank; the lines where damage was seen are 4-byte numbers in arrays.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, count
from operator import not_

from service.normalise.text import (
    _BOM,
    _GBK_HINT,
    _INVISIBLE,
    _LONE_NBSP,
    _MOJIBAKE_HINT,
    _VARIATION_SELECTOR,
    CleanLine,
    clean_line,
    clean_lines,
    drop_lone_variation_selectors,
    has_mojibake,
    repair_mojibake,
    split_lines,
)

#: Characters of raw text split and cleaned at a time (cut after a line break).
STRETCH_CHARS = 1 << 13
#: Every line break ``str.splitlines`` knows.
_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every character that can start trouble: an invisible one, a mojibake lead, a GBK marker.
_SCAN = re.compile(
    _INVISIBLE.pattern[:-1] + _MOJIBAKE_HINT.pattern[1:].split("]", 1)[0] + _GBK_HINT.pattern[1:]
)


def first_line(raw: str) -> str:
    """``split_lines(raw)[0]``, without splitting the whole page.

    >>> first_line("\\ufeff date 2025-01-21 Text\\r\\nMore"), first_line("")
    (' date 2025-01-21 Text', '')
    """
    size = 4096
    while True:
        head = raw[:size]
        lines = split_lines(head)
        if len(lines) > 1 or len(head) == len(raw):
            return lines[0]
        size *= 4


def stretches(raw: str, size: int = STRETCH_CHARS) -> Iterator[str]:
    """The raw text (its byte-order mark dropped) in stretches of about ``size`` characters,
    each cut right after a line break: the stretches' lines are the text's lines.

    >>> list(stretches("ab\\r\\ncd\\ref", 3))
    ['ab\\r\\n', 'cd\\r', 'ef']
    >>> [line for part in stretches("a\\nb\\r\\nc" * 9, 5) for line in part.splitlines()] == (
    ...     ("a\\nb\\r\\nc" * 9).splitlines())
    True
    """
    if raw.startswith(_BOM):
        raw = raw[1:]
    start = 0
    while len(raw) - start > size:
        found = _BREAK.search(raw, start + size - 1)
        if found is None:
            break
        end = found.end()
        if found.group() == "\r" and raw.startswith("\n", end):
            end += 1  # ``\r\n`` is one break
        yield raw[start:end]
        start = end
    if start < len(raw):
        yield raw[start:]


def _new_lines(texts: list[str]) -> list[CleanLine]:
    """The non-blank cleaned lines, each with its input line number (mapped in C, no Python
    loop of our own). A blank line makes no object: a page of blank lines would otherwise be
    mostly these objects (see ``CleanedText.blank``).

    >>> _new_lines(["a", "", "b"])
    [CleanLine(number=1, text='a'), CleanLine(number=3, text='b')]
    """
    return list(map(CleanLine, compress(count(1), texts), filter(None, texts)))


def blank_map(texts: list[str]) -> bytearray:
    """One byte per input line, 1 where the line is blank, indexed by line number (byte 0
    stands for no line): ``count``, ``find`` and ``index`` answer questions about runs of
    lines in C.

    >>> blank_map(["a", "", "b"])
    bytearray(b'\\x00\\x00\\x01\\x00')
    """
    return bytearray(1) + bytes(map(not_, texts))


def _numbers() -> array:
    return array("i")


@dataclass(slots=True)
class CleanedText:
    """The cleaned lines of a page and what the cleaning noticed.

    ``lines`` holds the non-blank lines only, in input order, each with its input line number;
    ``blank[n]`` is 1 when input line ``n`` is blank (``line_count`` lines in all). The damage
    fields hold input line numbers: mojibake repaired, mojibake suspected but not repaired,
    U+FFFD, a lone U+FE0F dropped.
    """

    lines: list[CleanLine] = field(default_factory=list)
    line_count: int = 0
    blank: bytearray = field(default_factory=bytearray)
    mojibake_lines: array = field(default_factory=_numbers)
    unrepaired_lines: array = field(default_factory=_numbers)
    replacement_lines: array = field(default_factory=_numbers)
    lone_selector_lines: array = field(default_factory=_numbers)


def _may_hold_mojibake(raw: str) -> bool:
    """One scan of the whole page, so that clean pages skip the per-line mojibake tests.

    Cleaning can complete a sequence (dropping a control inside it, composing a character),
    so the scan looks at the page as cleaning will leave it.

    >>> _may_hold_mojibake("Trump\u2019s"), _may_hold_mojibake("Trump\u00e2\x1b\u20ac\u2122s")
    (False, True)
    """
    if raw.isascii():
        return False
    if not _SCAN.search(raw) and unicodedata.is_normalized("NFC", raw):
        return False
    scan = _INVISIBLE.sub("", raw) if _INVISIBLE.search(raw) else raw
    if not unicodedata.is_normalized("NFC", scan):
        scan = unicodedata.normalize("NFC", scan)
    return bool(_MOJIBAKE_HINT.search(scan) or _GBK_HINT.search(scan))


def _repair_until_stable(line: str) -> str:
    """Repair and clean a cleaned line again until it stops changing (a few rounds at most).

    >>> _repair_until_stable("\u00c2\u20ac")
    '€'
    """
    for _ in range(3):
        again = clean_line(repair_mojibake(line))
        if again == line:
            break
        line = again
    return line


def _note_damage(lines: list[str], first: int, suspect: bool, found: CleanedText) -> None:
    """Repair the mojibake of a stretch's raw lines (numbered from ``first``) in place, drop
    lone U+FE0F, and note on which lines that happened and where U+FFFD stands."""
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        number = first + index
        if suspect and has_mojibake(line):
            # A real NO-BREAK SPACE (not the tail of a mis-decoded ``Â\xa0``) must not be
            # read by ftfy as part of the sequence after it.
            repaired = repair_mojibake(_LONE_NBSP.sub(" ", line))
            if repaired != line and not has_mojibake(repaired):
                found.mojibake_lines.append(number)
            else:
                found.unrepaired_lines.append(number)
            line = repaired
        if "\ufffd" in line:
            found.replacement_lines.append(number)
        if _VARIATION_SELECTOR in line:
            dropped = drop_lone_variation_selectors(line)
            if dropped != line:
                found.lone_selector_lines.append(number)
                line = dropped
        lines[index] = line


def clean_text(raw: str) -> CleanedText:
    """Split the raw page into cleaned lines and note damage (mojibake, U+FFFD).

    >>> cleaned = clean_text("Title\\r\\n\\r\\nTrump\\u00e2\\u20ac\\u2122s day")
    >>> [(line.number, line.text) for line in cleaned.lines], list(cleaned.mojibake_lines)
    ([(1, 'Title'), (3, 'Trump’s day')], [3])
    >>> cleaned.line_count, cleaned.blank[2]
    (3, 1)
    """
    found = CleanedText()
    suspect = _may_hold_mojibake(raw)
    # A page with no suspect sequence, no U+FFFD and no U+FE0F has nothing to note line by line.
    needs_look = suspect or "\ufffd" in raw or _VARIATION_SELECTOR in raw
    texts: list[str] = []
    shared: dict[str, str] = {}  # one string for every repeated line
    for stretch in stretches(raw):
        lines = stretch.splitlines()
        if needs_look:
            _note_damage(lines, len(texts) + 1, suspect, found)
        cleaned = clean_lines(lines)
        texts += map(shared.setdefault, cleaned, cleaned)
    del shared
    texts = texts or [""]
    found.line_count = len(texts)
    found.blank = blank_map(texts)
    if not suspect:
        found.lines = _new_lines(texts)
        return found
    unrepaired = found.unrepaired_lines
    still_damaged = set(unrepaired)  # looked up once a line (a list would be quadratic)
    for number, text in enumerate(texts, start=1):
        if not text.isascii() and has_mojibake(text):
            # Cleaning can bring a sequence together that the repair did not see whole (an odd
            # space or a control inside it): repair again, so that a second pass changes nothing.
            text = _repair_until_stable(text)
            if not has_mojibake(text) and number in still_damaged:
                still_damaged.discard(number)
                found.mojibake_lines.append(number)
        if text:
            found.lines.append(CleanLine(number, text))
        else:
            found.blank[number] = 1  # (a repair may leave nothing)
    if len(still_damaged) != len(unrepaired):
        found.unrepaired_lines = array("i", (n for n in unrepaired if n in still_damaged))
    return found
