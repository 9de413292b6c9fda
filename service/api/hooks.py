"""The one before-request and one after-request hook every request passes.

Before: the request's id (``service.api.request_id``) and the API-key check
(``service.api.security``). After: the ``X-Request-ID`` header, the security headers, and what
the metrics need to count the request (method, route template, status), which the WSGI
middleware of ``service.api.metrics`` records when the response is closed (a streamed body is
timed whole).

One hook each, not one per concern: Flask looks every hook up and checks whether it is a
coroutine on every request, which costs more than the concerns' own work on a ``/healthz``.

>>> from service.api.app import create_app
>>> answer = create_app().test_client().get("/healthz", headers={"X-Request-ID": "job-1"})
>>> answer.headers["X-Request-ID"], answer.headers["Cache-Control"]
('job-1', 'no-store')
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from service.api import metrics, security
from service.api.request_id import ENVIRON_KEY, choose_request_id, new_request_id

# Methods are a label: anything exotic is folded so clients cannot explode its cardinality.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def install(app: Flask) -> None:
    """Register the two hooks on ``app``."""

    @app.before_request
    def _before() -> None:
        environ = request.environ
        environ[ENVIRON_KEY] = choose_request_id(environ.get("HTTP_X_REQUEST_ID"))
        security.check_key(current_app.config["NORMALISER"].api_keys)

    @app.after_request
    def _after(response: Response) -> Response:
        environ = request.environ
        headers = response.headers
        headers["X-Request-ID"] = environ.get(ENVIRON_KEY) or new_request_id()
        security.add_headers(headers, request.blueprint)
        method = environ.get("REQUEST_METHOD", "GET").upper()
        rule = request.url_rule
        environ[metrics.ANSWER_KEY] = (
            method if method in _METHODS else "OTHER",
            rule.rule if rule is not None else "unmatched",
            response.status_code,
        )
        return response
