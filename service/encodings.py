"""How a page's bytes become text, shared by the HTTP API and the command line.

A byte-order mark names its encoding beyond doubt, so it wins over the default (UTF-8): a page
saved by a Windows tool as UTF-16 is read without being told. A declared charset always wins
over the default, and a BOM always wins when nothing is declared.

>>> bom_encoding("Café".encode("utf-16"))
'utf-16'
>>> bom_encoding(b"Caf\\xc3\\xa9") is None
True
>>> decode_page("Café".encode("latin-1"), "latin-1")
'Café'
>>> decode_page(b"\\xff\\xfeC\\x00a\\x00", None)
'Ca'
"""

from __future__ import annotations

import codecs

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a leading byte-order mark names (``utf-8``, ``utf-16``, ``utf-32``), if any.

    The UTF-32 LE mark starts like UTF-16 LE's; a UTF-16 text cannot start with U+0000, so the
    longer mark is taken.

    >>> bom_encoding(codecs.BOM_UTF32_LE + b"A\\x00\\x00\\x00")
    'utf-32'
    """
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name
    return None


def decode_page(data: bytes, declared: str | None) -> str:
    """The page as text: in ``declared`` when given, else in the encoding its BOM names, else
    UTF-8. The UTF-16/32 codecs consume their BOM; a UTF-8 BOM stays (the core removes it).
    Raises ``UnicodeDecodeError`` (and ``LookupError`` for an unknown ``declared``)."""
    name = declared or bom_encoding(data) or "utf-8"
    return data.decode(name)


def charset_hint(data: bytes) -> str:
    """A hint naming the charset that likely fits bytes that are not UTF-8.

    Only a guess for the message: the caller still refuses the bytes.

    >>> charset_hint(b"Caf\\xe9")
    'windows-1252'
    >>> charset_hint(b"\\x00H\\x00i")
    'utf-16-be'
    """
    sample = data[:4096]
    if sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    return "windows-1252"
