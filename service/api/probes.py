"""``GET``/``HEAD`` of ``/healthz`` and ``/readyz`` answered ahead of Flask (issue 14).

Orchestrators call the probes every few seconds on every pod, and a probe does no work: Flask's
request context, URL matching and response object cost several times the answer itself. This
WSGI middleware answers them with exactly what the Flask views of ``service.api.ops_routes``
answer (same body, same headers in the same order, the request's id, the security headers) and
leaves what it needs counted in the environ, as the after-request hook does, so that the
metrics and the access log see no difference. Anything else goes to Flask: other methods
(``OPTIONS``, a ``POST`` that gets its 405), other paths (``/healthz/`` and its 404 with a
suggestion), and ``/readyz`` when the start-up self-test failed (the ``not-ready`` problem).

>>> calls = []
>>> probes = answer_probes(lambda environ, start: [b"from flask"], lambda: True)
>>> body = probes({"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"},
...               lambda status, headers: calls.append((status, headers)))
>>> body, calls[0][0], calls[0][1][:2]
([b'{"status":"ok"}'], '200 OK', [('Content-Type', 'application/json'), ('Content-Length', '15')])
>>> probes({"REQUEST_METHOD": "POST", "PATH_INFO": "/healthz"}, None)
[b'from flask']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from service.api import metrics
from service.api.ops_routes import HEALTHY_BODY, READY_BODY
from service.api.request_id import ENVIRON_KEY, choose_request_id
from service.api.security import API_HEADERS

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_JSON = ("Content-Type", "application/json")
_METHODS = ("GET", "HEAD")
_BODIES = {"/healthz": HEALTHY_BODY, "/readyz": READY_BODY}
_LENGTHS = {path: ("Content-Length", str(len(body))) for path, body in _BODIES.items()}


def answer_probes(wsgi_app: WsgiApp, ready: Callable[[], bool]) -> WsgiApp:
    """``wsgi_app`` with the probes answered in front of it; ``ready()`` says whether
    ``/readyz`` may answer 200 (else Flask answers the ``not-ready`` problem)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        body = _BODIES.get(path)  # type: ignore[arg-type]
        method = environ.get("REQUEST_METHOD")
        if body is None or method not in _METHODS or (body is READY_BODY and not ready()):
            return wsgi_app(environ, start_response)
        request_id = choose_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = request_id
        environ[metrics.ANSWER_KEY] = (method, path, 200)
        head = [_JSON, _LENGTHS[path], ("X-Request-ID", request_id), *API_HEADERS]
        start_response("200 OK", head)
        return [] if method == "HEAD" else [body]

    return app
