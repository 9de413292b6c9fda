"""``POST /v1/normalise`` with a JSON body and no query, answered ahead of Flask (issue 14).

This is the request scraping jobs send all day. Flask's request and application contexts, URL
matching and hook dispatch cost about as much as a whole "hello world" (some 0.1 ms a request),
for a route whose every step is ours already. This WSGI middleware takes the same steps as the
Flask view (``normalise_routes.normalise_page``), calling the same functions in the same order
(body read through werkzeug's input stream as ``request.stream`` is, size check, JSON parse,
fields, the core, orjson), and finishes the answer as the after-request hook does (request id,
security headers, what the metrics count). A problem on the way is rendered as Flask's error
handlers render it, an unexpected error is logged and answered 500 the same way.

Everything else goes to Flask untouched, before a byte of the body is read: another path or
method, a query string (options merged from it), another media type or charset parameter, a
``Content-Encoding``, and a request without a valid key when API keys are set (its 401).

>>> is_plain_json("application/json"), is_plain_json("application/json; charset=utf-8")
(True, True)
>>> is_plain_json("text/plain"), is_plain_json("application/json; charset=latin-1")
(False, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson
from flask import Flask
from werkzeug.wsgi import get_content_length, get_input_stream

from service.api import metrics
from service.api.bodies import IDENTITY, parse_json, read_stream, too_large
from service.api.normalising import load_request, run_fields
from service.api.problems import Problem, problem_response, unexpected
from service.api.request_id import ENVIRON_KEY, choose_request_id
from service.api.security import API_HEADERS, add_headers, key_matches

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

PATH = "/v1/normalise"
BLUEPRINT = "normalise"  # the view's blueprint: its answers' headers are the API's
JSON_BODY = ("the JSON body", "twice NORMALISER_MAX_PAGE_BYTES")
#: Content-Types read here (their charset, if any, is UTF-8: what JSON on the wire is).
_JSON = ("Content-Type", "application/json")
_PLAIN_JSON = {
    "application/json": None,
    "application/json; charset=utf-8": "utf-8",
    "application/json;charset=utf-8": "utf-8",
}


def is_plain_json(content_type: str | None) -> bool:
    """Whether a Content-Type is JSON in UTF-8 as clients send it (anything else: Flask)."""
    return content_type is not None and content_type.lower() in _PLAIN_JSON


def answer_json_pages(wsgi_app: WsgiApp, app: Flask) -> WsgiApp:
    """``wsgi_app`` (the Flask app) with the plain JSON ``POST /v1/normalise`` answered in front
    of it, with ``app``'s settings."""

    def hot(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        content_type = environ.get("CONTENT_TYPE")
        if (
            environ.get("PATH_INFO") != PATH
            or environ.get("REQUEST_METHOD") != "POST"
            or environ.get("QUERY_STRING")
            or not is_plain_json(content_type)
            or (environ.get("HTTP_CONTENT_ENCODING") or "").strip().lower() not in IDENTITY
        ):
            return wsgi_app(environ, start_response)
        config = app.config["NORMALISER"]
        if config.api_keys and not key_matches(environ.get("HTTP_AUTHORIZATION"), config.api_keys):
            return wsgi_app(environ, start_response)  # its 401, from the one place that says it
        request_id = choose_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = request_id
        try:
            article = _normalise(environ, config, app, _PLAIN_JSON[content_type.lower()])
        except Problem as problem:
            response = problem_response(problem)
        except Exception as error:
            response = problem_response(unexpected(error, "POST", PATH, request_id))
        else:
            # What Flask's json_response plus the after-request hook send, without a
            # Response object: the headers in their order, the body in one piece.
            body = orjson.dumps(article)
            environ[metrics.ANSWER_KEY] = ("POST", PATH, 200)
            length = ("Content-Length", str(len(body)))
            start_response("200 OK", [_JSON, length, ("X-Request-ID", request_id), *API_HEADERS])
            return [body]
        headers = response.headers
        headers["X-Request-ID"] = request_id
        add_headers(headers, BLUEPRINT)
        environ[metrics.ANSWER_KEY] = ("POST", PATH, response.status_code)
        return response(environ, start_response)

    return hot


def _normalise(environ: dict[str, Any], config: Any, app: Flask, charset: str | None) -> Any:
    """The view's JSON branch: body (413 over the limit), JSON, fields, the article."""
    limit = config.max_json_body_bytes
    declared = get_content_length(environ)
    if declared is not None and declared > limit:
        raise too_large(JSON_BODY[0], declared, limit, JSON_BODY[1])
    stream = get_input_stream(environ, max_content_length=app.config.get("MAX_CONTENT_LENGTH"))
    body = read_stream(stream, declared, limit, *JSON_BODY)
    fields = load_request(parse_json(body, charset))
    return run_fields(fields, config, mode="single")
