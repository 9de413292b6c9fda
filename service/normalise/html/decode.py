"""HTML bytes to text: the charset a caller names, else the document's own, else detected.

The order is the HTML standard's, short of the full sniffing algorithm: a byte-order mark,
then the transport's charset (the ``Content-Type`` header), then a ``<meta charset>`` or
``<meta http-equiv="Content-Type">`` in the first 4 KiB, then UTF-8 when the bytes are valid
UTF-8, then charset-normalizer's guess. Undecodable bytes become U+FFFD (the text path warns
about those), never an error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Labels the web maps to another decoder (the WHATWG Encoding standard's main aliases).
_WEB_LABELS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode": "utf-16",
}
_SNIFF_BYTES = 4096
_DETECT_BYTES = 65536


@dataclass(frozen=True, slots=True)
class Decoded:
    """The document as text, the encoding it was read in and where that came from."""

    text: str
    encoding: str
    source: str  # "bom", "header", "meta", "utf-8", "detected" or "text"


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label as the web uses it; None if Python has none.

    >>> codec_name("ISO-8859-1"), codec_name(" UTF8 "), codec_name("x-unknown")
    ('cp1252', 'utf-8', None)
    """
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _WEB_LABELS.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` in the document's first 4 KiB declares (its label as written).

    >>> meta_charset(b'<head><meta charset="windows-1251"><title>x</title>')
    'windows-1251'
    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    'Shift_JIS'
    """
    found = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return found.group(1).decode("ascii") if found else None


def decode_html(data: bytes | str, charset: str | None = None) -> Decoded:
    """Text of an HTML document given as bytes (or already as text).

    >>> decode_html("<p>é</p>").source
    'text'
    >>> decode_html("<p>é</p>".encode("cp1252"), "iso-8859-1").text
    '<p>é</p>'
    >>> page = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    >>> decoded = decode_html(page)
    >>> decoded.text[-13:], decoded.encoding, decoded.source
    ('<p>Привет</p>', 'koi8-r', 'meta')
    >>> decode_html(b"<p>caf\\xc3\\xa9</p>").encoding
    'utf-8'
    """
    if isinstance(data, str):
        return Decoded(data, "utf-8", "text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, errors="replace"), name, "bom")
    for label, source in ((charset, "header"), (meta_charset(data), "meta")):
        name = codec_name(label)
        if name is not None and not name.startswith("utf-16"):
            return Decoded(data.decode(name, errors="replace"), name, source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    name = _detect(data)
    return Decoded(data.decode(name, errors="replace"), name, "detected")


def _detect(data: bytes) -> str:
    """charset-normalizer's best guess from the first 64 KiB; cp1252 when it has none."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_DETECT_BYTES]).best()
    return codec_name(best.encoding if best else None) or "cp1252"
