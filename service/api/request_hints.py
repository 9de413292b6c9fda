"""A new user's mistakes, recognised: each either accepted (when its meaning is unambiguous) or
refused with the hint that leads to a working request.

* a ``+hh:mm`` offset whose ``+`` an unencoded query string turned into a space: accepted;
* a misspelt query parameter (``?ref_time=``): 422 naming the known ones, as an unknown JSON
  field is;
* ``curl -d @page.txt`` (curl strips the file's line breaks): 400 saying to use
  ``--data-binary``;
* a batch sent with curl's default form type, or as ``text/plain``: 415 naming the two types
  the batch reads, with the curl line for each;
* JSON Lines under its other names (``application/jsonl``...): read as NDJSON.

>>> repaired_offset("2025-03-24T17:30:00 05:30")
'2025-03-24T17:30:00+05:30'
>>> repaired_offset("2025-03-24T12:00:00Z")
'2025-03-24T12:00:00Z'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from flask import Flask, Response, request

from service.api.problems import Problem, invalid_fields, problem_response
from service.encodings import charset_hint

#: Names JSON Lines goes by; all are read as ``application/x-ndjson``.
NDJSON_ALIASES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
    }
)

# "2025-03-24T17:30:00 05:30": a form-encoded query string reads an unencoded "+" as a space.
_SPACE_FOR_PLUS = re.compile(r"(\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?) (\d\d:\d\d)")

#: Below this size a one-line form body is taken as it is (``curl -d 'A short note.'``).
STRIPPED_PAGE_MIN_BYTES = 300


def repaired_offset(value: str) -> str:
    """A reference time whose offset's ``+`` became a space in the query string, with its ``+``
    back; anything else unchanged (a ``-`` offset survives a query string intact)."""
    match = _SPACE_FOR_PLUS.fullmatch(value)
    return f"{match.group(1)}+{match.group(2)}" if match else value


def query_options(
    args: Mapping[str, str], known: Iterable[str], *, none_known: str = "none", hint: str = ""
) -> dict[str, str]:
    """The query's options, first value of each: unknown names refused (422, naming the known
    ones, as an unknown JSON field is refused, with ``hint`` after them), a ``reference_time``
    offset's lost ``+`` restored.

    >>> query_options({"reference_time": "2025-03-24T17:30:00 05:30"}, ["reference_time"])
    {'reference_time': '2025-03-24T17:30:00+05:30'}
    >>> try:
    ...     query_options({"ref_time": "x"}, ["reference_time", "url"])
    ... except Problem as problem:
    ...     problem.errors
    {'ref_time': ['Unknown query parameter; known: reference_time, url.']}
    """
    names = sorted(known)
    unknown = sorted(name for name in args if name not in names)
    if unknown:
        message = f"Unknown query parameter; known: {', '.join(names) or none_known}{hint}."
        raise invalid_fields({name[:80]: [message] for name in unknown})
    options = {name: args[name] for name in args}
    if "reference_time" in options:
        options["reference_time"] = repaired_offset(options["reference_time"])
    return options


def check_line_breaks_kept(body: bytes, media_type: str) -> None:
    """Refuse (400) a long form-typed body without a single line break: what ``curl -d @file``
    sends, having stripped the file's CR and LF, which leaves a page that cannot be cut into
    lines. ``--data-binary`` sends the file as it is; a page that really is one line is taken
    as ``text/plain``.

    >>> check_line_breaks_kept(b"One line." * 40, "text/plain")
    >>> try:
    ...     check_line_breaks_kept(b"One line." * 40, "application/x-www-form-urlencoded")
    ... except Problem as problem:
    ...     problem.detail[:48]
    'the page has no line break in 360 bytes: curl -d'
    """
    if media_type != "application/x-www-form-urlencoded" or len(body) < STRIPPED_PAGE_MIN_BYTES:
        return
    if b"\n" in body or b"\r" in body:
        return
    raise Problem(
        "malformed-body",
        f"the page has no line break in {len(body)} bytes: curl -d (--data) strips them from "
        "a file; send it with --data-binary @page.txt (a page that really is one line: add "
        "-H 'Content-Type: text/plain')",
    )


def undecodable_advice(body: bytes, declared: str | None) -> str:
    """What to add to a text body's 400 when it does not decode: the ``charset`` parameter
    that names its encoding, with a likely value.

    >>> undecodable_advice(b"Caf\\xe9", None)[-51:]
    "-H 'Content-Type: text/plain; charset=windows-1252'"
    """
    if declared:
        return f"; is the page really {declared[:40]}? name its encoding in the charset parameter"
    example = charset_hint(body)
    return (
        "; name the page's encoding in the Content-Type, e.g. "
        f"-H 'Content-Type: text/plain; charset={example}'"
    )


def batch_unsupported(given: str | None) -> Problem:
    """The batch's 415: the two types it reads, each with the curl line that sends it.

    >>> "x-ndjson" in batch_unsupported("application/x-www-form-urlencoded").detail
    True
    """
    named = f"{given[:100]} is" if given else "a body without a Content-Type is"
    return Problem(
        "unsupported-media-type",
        f"{named} not read by the batch: send a JSON batch "
        """(-H 'Content-Type: application/json' -d '{"items": [{"id": "a", "text": "..."}]}') """
        "or one JSON item a line (-H 'Content-Type: application/x-ndjson' --data-binary "
        "@items.jsonl); a single page goes to POST /v1/normalise",
    )


def suggested_path(path: str, known: Iterable[str]) -> str | None:
    """The known path a 404's path most likely meant: American spelling, a trailing slash,
    capitals, or a near miss.

    >>> paths = ["/v1/normalise", "/v1/normalise/batch", "/healthz"]
    >>> suggested_path("/v1/normalize", paths), suggested_path("/v1/normalise/", paths)
    ('/v1/normalise', '/v1/normalise')
    >>> suggested_path("/v1/Normalize/Batch/", paths), suggested_path("/nothing/like/it", paths)
    ('/v1/normalise/batch', None)
    """
    candidates = sorted(set(known))
    guess = path.lower().rstrip("/").replace("normaliz", "normalis") or "/"
    if guess in candidates:
        return guess
    close = difflib.get_close_matches(guess, candidates, n=1, cutoff=0.8)
    return close[0] if close else None


def install(app: Flask) -> None:
    """Answer a 404 with the path the request most likely meant, when there is one."""

    @app.errorhandler(404)
    def _not_found(error: Exception) -> Response:
        rules = [rule.rule for rule in app.url_map.iter_rules() if "<" not in rule.rule]
        detail = f"no such path: {request.path[:200]}"
        guess = suggested_path(request.path, rules)
        if guess is not None:
            methods = sorted(
                m
                for rule in app.url_map.iter_rules()
                if rule.rule == guess
                for m in rule.methods or ()
                if m not in ("HEAD", "OPTIONS")
            )
            detail += f"; did you mean {'/'.join(methods)} {guess}?"
        detail += " (the API is described at /openapi.yaml and /docs)"
        return problem_response(Problem("not-found", detail))
