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
    stream = request.stream
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - total))
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
    if info is None or not getattr(info, "_is_text_encoding", True):
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
            + undecodable_advice(body, charset_name),
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
