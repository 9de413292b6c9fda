"""RFC 9457 problem details: every error the service returns is ``application/problem+json``.

The problem types are data (``PROBLEM_TYPES``); views raise :class:`Problem`, and one
handler renders it, Flask's own HTTP errors (404, 405, 413…) and anything unexpected.

>>> Problem("too-large", "page is 6000000 bytes; the limit is 5242880").as_dict()["status"]
413
"""

from __future__ import annotations

import http
import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass

import orjson
from flask import Flask, Response, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:article-normaliser:problem:"

log = logging.getLogger("service.api")


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One kind of problem: its ``type`` slug, HTTP status, ``title`` and when it happens."""

    slug: str
    status: int
    title: str
    when: str

    @property
    def uri(self) -> str:
        return "about:blank" if self.slug == "about:blank" else TYPE_PREFIX + self.slug


PROBLEM_TYPES: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        # Answered by the HTTP server before the application sees the request
        # (service/api/worker.py renders gunicorn's own errors as problems too).
        ProblemType(
            "malformed-request",
            400,
            "Malformed HTTP request",
            "The request line, a header or the chunked framing is not valid HTTP/1.1.",
        ),
        ProblemType(
            "uri-too-long",
            414,
            "URI too long",
            "The request line is longer than the server's limit (8190 bytes): send long "
            "options in a JSON body.",
        ),
        ProblemType(
            "headers-too-large",
            431,
            "Request header fields too large",
            "A header line is over 8190 bytes, or there are more than 100 headers.",
        ),
        ProblemType(
            "malformed-body",
            400,
            "Malformed request body",
            "The body is not valid JSON (or an NDJSON line is not), or is not valid UTF-8.",
        ),
        ProblemType(
            "undecodable-text",
            400,
            "Text does not decode",
            "A text/plain body does not decode in the charset its Content-Type names "
            "(UTF-8 when it names none).",
        ),
        ProblemType(
            "unauthorized",
            401,
            "Unauthorized",
            "API keys are configured and the request carries no valid "
            "`Authorization: Bearer <key>`.",
        ),
        ProblemType("not-found", 404, "Not found", "No such path."),
        ProblemType(
            "method-not-allowed",
            405,
            "Method not allowed",
            "The path exists but not for this method; the Allow header lists the methods.",
        ),
        ProblemType(
            "too-large",
            413,
            "Content too large",
            "The body, a page or an NDJSON line is over its configured limit (named in detail).",
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "The Content-Type (or its charset) is not one this operation reads.",
        ),
        ProblemType(
            "invalid-fields",
            422,
            "Invalid fields",
            "Well-formed but invalid fields; `errors` maps each field to its messages.",
        ),
        ProblemType(
            "too-costly",
            422,
            "Page too costly",
            "Normalising the page took longer than the work budget the operator set "
            "(NORMALISER_WORK_BUDGET_SECONDS); the work was stopped. Pages made of thousands "
            "of date lines cost most: send the article's own part of the page.",
        ),
        ProblemType(
            "not-ready",
            503,
            "Not ready",
            "The service failed its start-up self-test; see its log.",
        ),
        ProblemType(
            "busy",
            503,
            "Busy",
            "Every thread of this worker is busy (the readiness probe's answer under load); "
            "retry after the seconds in Retry-After, or on another replica.",
        ),
        ProblemType(
            "over-capacity",
            503,
            "Over capacity",
            "This worker holds as many pages as its memory allows "
            "(NORMALISER_WORKER_MEMORY_BYTES); retry after the seconds in Retry-After. A page "
            "too large for an idle worker is refused with 413 too-large instead.",
        ),
        ProblemType(
            "shutting-down",
            503,
            "Shutting down",
            "The worker is stopping (a deploy or a scale-down): the NDJSON stream ends with "
            "this result, whose `line` is the first input line not read; send the lines "
            "from there again.",
        ),
        ProblemType(
            "internal-error",
            500,
            "Internal server error",
            "A bug. Never expected; quote the X-Request-ID when reporting it.",
        ),
    )
}
# The first type of each status is its generic one (503: not-ready, not busy).
_SLUG_BY_STATUS = {p.status: p.slug for p in reversed(PROBLEM_TYPES.values())}


class Problem(Exception):
    """An error answer; raise it from a view (or build one for a batch item with ``as_dict``).

    >>> Problem("invalid-fields", "1 invalid field", errors={"timezone": ["unknown"]}).status
    422
    """

    def __init__(
        self,
        slug: str | ProblemType,
        detail: str,
        *,
        errors: Mapping[str, list[str]] | None = None,
        line: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.kind = slug if isinstance(slug, ProblemType) else PROBLEM_TYPES[slug]
        self.detail = detail
        self.errors = dict(errors) if errors is not None else None
        self.line = line
        self.headers = dict(headers or {})

    @property
    def status(self) -> int:
        return self.kind.status

    def as_dict(self) -> dict[str, object]:
        """The problem object (the body of the error response, or a batch item's ``error``)."""
        body: dict[str, object] = {
            "type": self.kind.uri,
            "title": self.kind.title,
            "status": self.kind.status,
            "detail": self.detail,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        if self.line is not None:
            body["line"] = self.line
        return body


def flatten_errors(messages: object, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error messages into ``{"dotted.field": [message, …]}``.

    >>> flatten_errors({"items": {0: {"id": ["Missing data for required field."]}}})
    {'items.0.id': ['Missing data for required field.']}
    >>> flatten_errors({"_schema": ["Invalid input type."]})
    {'body': ['Invalid input type.']}
    """
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = "body" if key == "_schema" and not prefix else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(messages, list | tuple):
        texts = [str(m) for m in messages if not isinstance(m, Mapping | list | tuple)]
        flat = {prefix or "body": texts} if texts else {}
        for m in messages:
            if isinstance(m, Mapping | list | tuple):
                flat.update(flatten_errors(m, prefix))
        return flat
    return {prefix or "body": [str(messages)]}


def invalid_fields(errors: Mapping[str, list[str]]) -> Problem:
    """A 422 problem whose detail names the invalid fields.

    >>> invalid_fields({"timezone": ["Unknown time zone."]}).detail
    'invalid field: timezone: Unknown time zone.'
    """
    parts = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
    noun = "field" if len(errors) == 1 else "fields"
    return Problem("invalid-fields", f"invalid {noun}: {parts}", errors=errors)


def from_validation_error(error: ValidationError) -> Problem:
    return invalid_fields(flatten_errors(error.messages))


def problem_response(problem: Problem) -> Response:
    """Render a :class:`Problem` as an ``application/problem+json`` response."""
    response = Response(
        orjson.dumps(problem.as_dict()), status=problem.status, mimetype=PROBLEM_MEDIA_TYPE
    )
    for name, value in problem.headers.items():
        response.headers[name] = value
    return response


def problem_for_status(
    status: int, detail: str, slug: str | None, headers: Mapping[str, str] | None = None
) -> Problem:
    """A problem of type ``slug``; with none, RFC 9457's generic ``about:blank`` for ``status``.

    >>> problem_for_status(417, "Expectation Failed", None).as_dict()["type"]
    'about:blank'
    """
    if slug is None:
        generic = ProblemType("about:blank", status, http.HTTPStatus(status).phrase, "")
        return Problem(generic, detail, headers=headers)
    return Problem(slug, detail, headers=headers)


def _from_http_exception(error: HTTPException) -> Problem:
    status = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if status == 404:
        detail = f"no such path: {request.path} (the API is described at /openapi.yaml and /docs)"
    elif status == 405:
        allowed = headers.get("Allow", "")
        detail = f"{request.method} is not allowed on {request.path}; allowed: {allowed}"
    else:
        detail = error.description or http.HTTPStatus(status).phrase
    return problem_for_status(status, detail, _SLUG_BY_STATUS.get(status), headers)


def redacted_traceback(error: BaseException) -> str:
    """The traceback of ``error`` for the log, without the exception's message (which may
    quote the page) unless debug logging is on.

    >>> page = "secret page text"
    >>> try:
    ...     raise ValueError(page)
    ... except ValueError as exc:
    ...     text = redacted_traceback(exc)
    >>> page in text, text.splitlines()[-1]
    (False, 'ValueError (message withheld: enable debug logging to see it)')
    """
    if log.isEnabledFor(logging.DEBUG):
        return "".join(traceback.format_exception(error))
    frames = "".join(traceback.format_tb(error.__traceback__))
    name = type(error).__qualname__
    withheld = "(message withheld: enable debug logging to see it)"
    return f"Traceback (most recent call last):\n{frames}{name} {withheld}"


def register_error_handlers(app: Flask) -> None:
    """Route every error (ours, Flask's, unexpected) through ``problem_response``."""

    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return problem_response(problem)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        return problem_response(_from_http_exception(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        rid = request.environ.get("normaliser.request_id", "-")
        return problem_response(unexpected(error, request.method, request.path, rid))


def unexpected(error: Exception, method: str, path: str, request_id: str) -> Problem:
    """Log an error nobody expected (its traceback, not its message) and return the 500 that
    names the request id to report."""
    log.error(
        "unexpected error on %s %s (request id %s)\n%s",
        method,
        path,
        request_id,
        redacted_traceback(error),
    )
    return Problem("internal-error", f"unexpected error; please report request id {request_id}")


PROBLEM_TYPE_TABLE = "\n".join(
    ["| type | status | when |", "| --- | --- | --- |"]
    + [f"| `{p.uri}` | {p.status} | {p.when} |" for p in PROBLEM_TYPES.values()]
)
