"""Character and whitespace cleaning steps, one small pure function each.

Every step works on one line (or the whole raw text, for line breaks) and never
changes the number of lines, so that ``removed`` can cite input line numbers.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

import ftfy

from service.normalise.tables import GBK_MOJIBAKE_MARKERS

_BOM = "\ufeff"
# Spaces that are not U+0020: NBSP, the U+2000 block, narrow NBSP, math space, ideographic space,
# Ogham space mark and the tab.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters and C0/C1 controls (the line break is already gone by the time this runs).
# U+200D (zero-width joiner) and U+FE0F (variation selector) are kept: they hold emoji together.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b\u200c\u200e\u200f"
    r"\u202a-\u202e\u2060-\u2064\ufeff]"
)
_ODD_OR_INVISIBLE = re.compile(_ODD_SPACES.pattern[:-1] + _INVISIBLE.pattern[1:])
# An ASCII line without any of these needs nothing but stripping.
_ASCII_WORK = re.compile(r"[\x00-\x1f\x7f&#*_]| {2}")
# UTF-8 read as Windows-1252/Latin-1: a lead byte shown as Â, Ã, â, Ð… followed by a
# continuation byte shown as one of the cp1252 punctuation or Latin-1 supplement characters.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3\u00c5\u00c6\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\u00ef]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_LONE_NBSP = re.compile("(?<![\u00c2-\u00f4])\u00a0")
_GBK_RUN = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_GBK_HINT = re.compile("[" + "".join(GBK_MOJIBAKE_MARKERS) + "]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# An entity whose ampersand the scraper lost: ``Parliament#39;s``.
_BARE_NUMERIC_ENTITY = re.compile(r"(?<=[A-Za-z])#(3[49]|38|8217|8216|8220|8221);")
_MARKDOWN_BOLD = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,2000}?)(?<=\S)\1")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    unescape_html=False,
    normalization="NFC",
    explain=False,
)


def split_lines(raw: str) -> list[str]:
    """Split raw text on every line-break convention, after dropping a byte-order mark.

    ``str.splitlines`` knows exactly the breaks a scraper may leave (``\\r\\n``, ``\\r``,
    ``\\n``, form and record separators, NEL, U+2028/9) and runs in C.

    >>> split_lines("\\ufeffa\\r\\nb\\rc\\n")
    ['a', 'b', 'c']
    """
    if raw.startswith(_BOM):
        raw = raw[1:]
    return raw.splitlines() or [""]


def fold_spaces(line: str) -> str:
    """Turn odd spaces into plain ones, drop invisible characters, fold runs, strip the ends.

    >>> fold_spaces("The Hindu\\u00a0\\u00a0 \\u200b")
    'The Hindu'
    """
    return fold_space_runs(line).strip()


def fold_space_runs(text: str) -> str:
    """``fold_spaces`` without the strip, so that it also serves many lines joined by
    ``\\n``: the common odd spaces by ``str.replace`` (C speed), the rare ones by one regex
    pass, runs by halving.

    >>> fold_space_runs("a\\u00a0\\u00a0b\\t\\n\\u200bc    d")
    'a b \\nc d'
    """
    text = text.replace("\u00a0", " ").replace("\t", " ")
    # Every odd space and invisible character is unprintable to ``str.isprintable`` (one pass
    # in C, twice as fast as the regex): a printable text needs no regex pass at all.
    if not text.replace("\n", " ").isprintable() and _ODD_OR_INVISIBLE.search(text):
        text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    while "  " in text:  # each round halves every run: log2(longest run) rounds
        text = text.replace("  ", " ")
    return text


def normalise_unicode(line: str) -> str:
    """Compose characters (NFC) so that equal text compares equal.

    >>> normalise_unicode("Cafe\\u0301") == "Caf\\u00e9"
    True
    """
    if line.isascii():
        return line
    return unicodedata.normalize("NFC", line)


def has_mojibake(line: str) -> bool:
    """Cheap test for UTF-8 bytes that were decoded as Windows-1252 or GBK.

    >>> has_mojibake("Trump\\u00e2\\u20ac\\u2122s"), has_mojibake("Trump\\u2019s")
    (True, False)
    """
    if line.isascii():
        return False
    return bool(_MOJIBAKE_HINT.search(line) or _GBK_HINT.search(line))


def repair_gbk_mojibake(line: str) -> str:
    """Re-decode runs of CJK characters that are UTF-8 bytes read as GBK.

    ``’s`` is E2 80 99 73 in UTF-8; read as GBK it shows as ``鈥檚``.

    >>> repair_gbk_mojibake("Trump\\u9225\\u6a9a visit")
    'Trump’s visit'
    """

    def fix_run(match: re.Match[str]) -> str:
        run = match.group(0)
        if not _GBK_HINT.search(run):
            return run
        try:
            return run.encode("gbk").decode("utf-8")
        except UnicodeError:
            return run

    return _GBK_RUN.sub(fix_run, line)


def repair_mojibake(line: str) -> str:
    """Repair mojibake with ftfy (curly quotes kept) and the GBK re-decoder.

    >>> repair_mojibake("Trump\\u00e2\\u20ac\\u2122s inauguration")
    'Trump’s inauguration'
    """
    fixed = ftfy.fix_text(line, _FTFY_CONFIG)
    if _GBK_HINT.search(fixed):
        fixed = repair_gbk_mojibake(fixed)
    return fixed


def unescape_entities(line: str) -> str:
    """Unescape HTML entity remnants until none is left (so that a second pass changes nothing).

    >>> unescape_entities("Parliament#39;s &amp;amp; &hellip;")
    "Parliament's & …"
    """
    if "#" in line:
        line = _BARE_NUMERIC_ENTITY.sub(r"&#\1;", line)
    for _ in range(8):
        if "&" not in line or not _ENTITY.search(line):
            break
        unescaped = html.unescape(line)
        if unescaped == line:
            break
        line = unescaped
    return line


def drop_markdown_emphasis(line: str) -> str:
    """Drop ``**bold**`` and ``__bold__`` markers that leaked from a markdown source.

    >>> drop_markdown_emphasis("The **Prime Minister** said")
    'The Prime Minister said'
    """
    for _ in range(4):
        if "**" not in line and "__" not in line:
            break
        stripped = _MARKDOWN_BOLD.sub(r"\2", line)
        if stripped == line:
            break
        line = stripped
    return line


_VARIATION_SELECTOR = "\ufe0f"


def drop_lone_variation_selectors(line: str) -> str:
    """Drop U+FE0F where it follows no emoji-capable character (the scraper stripped the emoji
    and left its presentation selector behind); keep it after symbols, digits (keycaps) and
    non-ASCII punctuation (``‼️``).

    >>> drop_lone_variation_selectors("Great news \ufe0f today"), len("\u2764\ufe0f")
    ('Great news  today', 2)
    >>> drop_lone_variation_selectors("\u2764\ufe0f") == "\u2764\ufe0f"
    True
    """
    if _VARIATION_SELECTOR not in line:
        return line
    kept: list[str] = []
    previous = ""
    for char in line:
        if char == _VARIATION_SELECTOR and not _takes_variation_selector(previous):
            previous = char
            continue
        kept.append(char)
        previous = char
    return "".join(kept)


def _takes_variation_selector(char: str) -> bool:
    if not char or char == _VARIATION_SELECTOR or char.isspace():
        return False
    category = unicodedata.category(char)
    if category[0] == "L":
        return False
    return not (char.isascii() and category[0] == "P")


# Not ``frozen`` (as ``Stamp``): a frozen dataclass's ``__init__`` sets each field through
# ``object.__setattr__``, and a page makes one line per non-blank input line. No line is changed
# after it is made; it compares and hashes by its fields as a frozen one would. (A named tuple is
# built faster still, but holds 8 more bytes a line: a page of short lines is mostly these.)
@dataclass(slots=True, unsafe_hash=True)
class CleanLine:
    """One input line after cleaning, with its 1-based input line number."""

    number: int
    text: str


def clean_line(line: str) -> str:
    """Run every character step on one line.

    >>> clean_line("  \\u201cQuote\\u201d\\u00a0 &amp; **bold**\\t")
    '“Quote” & bold'
    """
    if line.isascii():
        if not _ASCII_WORK.search(line):
            return line.strip()
        if "&" in line or "#" in line:
            line = unescape_entities(line)
        if "**" in line or "__" in line:
            line = drop_markdown_emphasis(line)
        return fold_spaces(line)
    line = normalise_unicode(line)
    if "&" in line or "#" in line:
        line = unescape_entities(line)
    if "**" in line or "__" in line:
        line = drop_markdown_emphasis(line)
    return normalise_unicode(fold_spaces(line))


def clean_lines(lines: list[str]) -> list[str]:
    """``clean_line`` on every line, with the common steps run once over the whole page.

    The same steps in the same order as ``clean_line``, each one regex pass over the lines
    joined by ``\\n`` (no step reaches across a line break). A line with ``&`` or ``#`` is
    cleaned on its own: an entity may unescape to a line break or a control.

    >>> clean_lines(["  a\u00a0 b ", "**c**", "x &amp; y", "Cafe\u0301"])
    ['a b', 'c', 'x & y', 'Café']
    """
    text = "\n".join(lines)
    alone: list[int] = []
    if "&" in text or "#" in text:
        alone = [i for i, line in enumerate(lines) if "&" in line or "#" in line]
        batch = lines.copy()
        for i in alone:
            batch[i] = ""
        text = "\n".join(batch)
    ascii_only = text.isascii()
    if not ascii_only and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    composed = text  # NFC from here on, until a step changes it
    if "**" in text or "__" in text:
        text = drop_markdown_emphasis(text)
    if not ascii_only or _ASCII_WORK.search(text):
        text = fold_space_runs(text)
        changed = text is not composed
        if changed and not ascii_only and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    cleaned = [line.strip() for line in text.split("\n")]
    for i in alone:
        cleaned[i] = clean_line(lines[i])
    return cleaned
