"""Reading request bodies safely: media types, size caps (checked before reading it whole),
charsets, JSON.

>>> decode_text(b"caf\\xe9", "latin-1")
'café'
>>> parse_json(b'{"text": "Hi"}', None)
{'text': 'Hi'}
"""

from __future__ import annotations

import codecs
import io
from typing import IO

import orjson
from flask import request

from service.api.problems import Problem
from service.api.request_hints import undecodable_advice
from service.encodings import bom_encoding

JSON = "application/json"
TEXT = "text/plain"
NDJSON = "application/x-ndjson"
FORM = "application/x-www-form-urlencoded"  # curl's default for --data-binary: a raw page
_READ_CHUNK = 1024 * 1024


def media_type() -> str:
    """The request's media type without parameters, lower-cased ('' when there is none)."""
    return request.mimetype


def charset() -> str | None:
    """The ``charset`` parameter of the request's Content-Type, if any."""
    return request.mimetype_params.get("charset")


def unsupported(accepted: tuple[str, ...]) -> Problem:
    """A 415 naming what the operation reads."""
    given = request.headers.get("Content-Type") or "no Content-Type"
    names = " or ".join(accepted)
    return Problem(
        "unsupported-media-type",
        f"{given!s:.100} is not supported here: send {names} "
        "(with curl: -H 'Content-Type: text/plain; charset=utf-8' --data-binary @page.txt)",
    )


def too_large(what: str, size: int | None, limit: int, setting: str) -> Problem:
    """A 413 whose detail states the limit and the setting that controls it.

    >>> too_large("page", 12, 10, "NORMALISER_MAX_PAGE_BYTES").detail
    'page is 12 bytes; the limit is 10 bytes (NORMALISER_MAX_PAGE_BYTES)'
    """
    size_text = f"is {size} bytes" if size is not None else f"is over {limit} bytes"
    return Problem("too-large", f"{what} {size_text}; the limit is {limit} bytes ({setting})")


def read_body(limit: int, what: str, setting: str) -> bytes:
    """The whole body, refusing (413) one over ``limit`` bytes before reading it all.

    A declared Content-Length over the limit is refused without reading; a chunked or
    lying body is read in chunks and refused as soon as it passes the limit.
    """
    declared = request.content_length
    if declared is not None and declared > limit:
        raise too_large(what, declared, limit, setting)
    return read_stream(request.stream, declared, limit, what, setting)


def read_stream(
    stream: IO[bytes], declared: int | None, limit: int, what: str, setting: str
) -> bytes:
    """``read_body`` of a request's ``stream`` whose Content-Length is ``declared`` (None:
    chunked), declared within ``limit``.

    >>> read_stream(io.BytesIO(b"abc"), 3, 10, "the page", "NORMALISER_MAX_PAGE_BYTES")
    b'abc'
    """
    chunks: list[bytes] = []
    total = 0
    # With a Content-Length the stream ends there: asking for exactly what is left spares a
    # last read of an empty stream (which still allocates its whole buffer).
    wanted = limit + 1 if declared is None else declared
    while total < wanted:
        chunk = read_chunk(stream, min(_READ_CHUNK, wanted - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(what, None, limit, setting)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _codec(name: str) -> codecs.CodecInfo:
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True) or not is_charset(info):
        raise Problem("unsupported-media-type", f"charset {name[:40]!r} is not supported")
    return info


def decode_text(body: bytes, charset_name: str | None) -> str:
    """Decode a text body in its declared charset (else the one its byte-order mark names,
    else UTF-8); 400, saying how to name the charset, when it does not."""
    name = charset_name or bom_encoding(body) or "utf-8"
    info = _codec(name)
    try:
        return body.decode(info.name)
    except UnicodeDecodeError as exc:
        raise Problem(
            "undecodable-text",
            f"the body does not decode as {name[:40]}: {exc.reason} at byte {exc.start}"
            + (compressed_hint(body) or undecodable_advice(body, charset_name)),
        ) from exc
    except UnicodeError as exc:  # a codec that fails without a position
        raise Problem(
            "undecodable-text", f"the body does not decode as {name[:40]}: {exc!s:.100}"
        ) from exc


def parse_json(body: bytes, charset_name: str | None) -> object:
    """Parse a JSON body (UTF-8, or the charset the Content-Type names); 400 when malformed."""
    source: bytes | str = body
    if charset_name and _codec(charset_name).name != "utf-8":
        source = decode_text(body, charset_name)
    try:
        return orjson.loads(source)
    except orjson.JSONDecodeError as exc:
        raise Problem("malformed-body", f"the body is not valid JSON: {exc}") from exc


def page_bytes(text: str) -> int:
    """UTF-8 size of a page; 400 for text no encoder can write (unpaired surrogates)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise Problem(
            "malformed-body",
            f"the text holds an unpaired surrogate code point at character {exc.start}",
        ) from exc


def line_reader(stream: IO[bytes]) -> IO[bytes]:
    """A stream with an efficient ``readline(limit)`` (raw WSGI streams read byte by byte)."""
    if isinstance(stream, io.RawIOBase):
        return io.BufferedReader(stream, _READ_CHUNK)
    return stream


# --- framing, encodings and charsets the service refuses (issue 12) --------------------------

#: Codecs Python can look up that are not charsets a page is written in: ``undefined`` always
#: raises, ``idna``/``punycode`` encode host names (punycode is superlinear: 2 MiB took 77 s),
#: the escape codecs read Python literals.
NOT_CHARSETS = frozenset(
    {"undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "palmos"}
)
#: Content-Encoding values meaning "as is".
IDENTITY = frozenset({"", "identity"})
_GZIP_MAGIC = b"\x1f\x8b"


def is_charset(info: codecs.CodecInfo) -> bool:
    """Whether a codec is a charset pages are written in (not ``idna``, ``undefined``…).

    >>> is_charset(codecs.lookup("latin-1")), is_charset(codecs.lookup("punycode"))
    (True, False)
    """
    return info.name.replace("-", "_") not in NOT_CHARSETS


def read_chunk(stream: IO[bytes], size: int) -> bytes:
    """``stream.read(size)``; a broken body (a chunk size such as ``zz``, a chunked stream cut
    before its last chunk) is a 400 ``malformed-body``, not a 500."""
    try:
        return stream.read(size)
    except Problem:
        raise
    except Exception as exc:  # gunicorn's InvalidChunkSize, NoMoreData, ChunkMissingTerminator
        raise Problem(
            "malformed-body",
            f"the request body broke off or its chunked framing is invalid ({type(exc).__name__}):"
            " send the whole body, with a Content-Length or well-formed chunks",
        ) from exc


def refuse_content_encoding() -> None:
    """415 for a compressed body (``Content-Encoding: gzip``…): the service reads bodies as
    sent, and decompressing one would need a bomb guard for no gain on loopback or a LAN."""
    coding = (request.headers.get("Content-Encoding") or "").strip().lower()
    if coding not in IDENTITY:
        raise Problem(
            "unsupported-media-type",
            f"Content-Encoding {coding[:40]!r} is not supported: send the body uncompressed "
            "(with curl: drop --compressed and any -H 'Content-Encoding: ...')",
        )


def compressed_hint(body: bytes) -> str:
    """A hint for a body that starts like gzip data but was sent without Content-Encoding.

    >>> compressed_hint(b"\\x1f\\x8b\\x08rest")
    ' (the body looks gzip-compressed: send it uncompressed)'
    """
    if body.startswith(_GZIP_MAGIC):
        return " (the body looks gzip-compressed: send it uncompressed)"
    return ""


def require_utf8_ndjson() -> None:
    """NDJSON is UTF-8 (as JSON on the wire is): 415 for a Content-Type naming another
    charset, rather than reading its lines as UTF-8 regardless."""
    name = charset()
    if name and _codec(name).name not in ("utf-8", "ascii"):
        raise Problem(
            "unsupported-media-type",
            f"NDJSON is read as UTF-8 only, not {name[:40]!r}: re-encode the lines as UTF-8 "
            "and send charset=utf-8 (or no charset)",
        )
