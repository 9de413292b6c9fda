"""X-Request-ID on every response, and the per-request bookkeeping for metrics.

The client's id is kept when it is sane (up to 128 of ``A-Za-z0-9._-``), so that a job can
follow its own ids through our logs; anything else is replaced by a new uuid4 hex.

>>> choose_request_id("job-42.page-7"), len(choose_request_id("bad id!"))
('job-42.page-7', 32)
"""

from __future__ import annotations

import re
import uuid
from time import perf_counter

from flask import Flask, Response, request

from service.api import metrics

REQUEST_ID_PATTERN = r"^[A-Za-z0-9._-]{1,128}$"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
ENVIRON_KEY = "normaliser.request_id"
_STARTED_KEY = "normaliser.started"
# Methods are a label: anything exotic is folded so clients cannot explode its cardinality.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def choose_request_id(given: str | None) -> str:
    """The client's id when sane, otherwise a new one."""
    if given is not None and _REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def install(app: Flask) -> None:
    """Register the hooks: id and start time before, header and metrics after."""

    @app.before_request
    def _begin() -> None:
        environ = request.environ
        environ[ENVIRON_KEY] = choose_request_id(request.headers.get("X-Request-ID"))
        environ[_STARTED_KEY] = perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        environ = request.environ
        request_id = environ.get(ENVIRON_KEY) or choose_request_id(None)
        response.headers["X-Request-ID"] = request_id
        started = environ.get(_STARTED_KEY, perf_counter())
        method = request.method if request.method in _METHODS else "OTHER"
        rule = request.url_rule
        route = rule.rule if rule is not None else "unmatched"
        status = response.status_code
        # Observed when the server closes the response, so streamed bodies are timed whole.
        response.call_on_close(
            lambda: metrics.observe_request(method, route, status, perf_counter() - started)
        )
        return response
