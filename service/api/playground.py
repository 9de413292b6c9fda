"""The playground: one page where a person pastes a raw page and sees what the normaliser did.

Plain HTML, CSS and JavaScript shipped inside the package (``static/playground/``): no build
step, no CDN. The page calls ``POST /v1/normalise`` like any other client. Every response of
this blueprint carries a strict Content-Security-Policy: only the page's own script, style
sheet and data may load, and no inline script or style runs.

| route                              | serves                                           |
| ---------------------------------- | ------------------------------------------------ |
| ``GET /`` and ``GET /playground``  | the page (``index.html``, with URLs filled in)   |
| ``GET /playground/assets/<file>``  | ``playground.css``, ``playground.js``, examples  |

It is a plain Flask blueprint, not a flask-smorest one, so it stays out of the OpenAPI spec.

>>> from flask import Flask
>>> app = Flask(__name__)
>>> app.register_blueprint(blueprint)
>>> response = app.test_client().get("/playground")
>>> response.status_code, response.mimetype
(200, 'text/html')
>>> "script-src 'self'" in response.headers["Content-Security-Policy"]
True
"""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, abort, render_template_string, request, send_from_directory

ASSETS = Path(__file__).parent / "static" / "playground"
PAGE = "index.html"

# The page needs nothing but its own origin: fetch() to the API, its script, its style
# sheet and the example pages. SVG is built with the DOM, so no inline style is needed.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# The example pages (copies of tests/fixtures/seeds/ and tests/fixtures/html/, checked by a
# test): button label -> file. A ``.html`` one is pasted as HTML (sent as ``text/html``).
EXAMPLES = {
    "Aggregator page": "examples/aggregator.txt",
    "Dateline page": "examples/dateline.txt",
    "HTML page": "examples/ferry.html",
}

#: When the example pages were scraped: the README's answers are computed at this time, so a
#: click on an example shows what the README shows.
EXAMPLE_REFERENCE_TIME = "2025-03-24T12:00:00Z"

blueprint = Blueprint("playground", __name__)


@cache
def _page_source() -> str:
    return (ASSETS / PAGE).read_text(encoding="utf-8")


@blueprint.get("/")
@blueprint.get("/playground")
def page() -> Response:
    """The playground page; URLs honour ``SCRIPT_NAME`` so the service may sit under a prefix."""
    html = render_template_string(
        _page_source(),
        api_root=request.script_root,
        examples=EXAMPLES,
        example_reference_time=EXAMPLE_REFERENCE_TIME,
    )
    return Response(html, mimetype="text/html")


@blueprint.get("/playground/assets/<path:filename>")
def asset(filename: str) -> Response:
    """The page's own files; the template itself is only ever served rendered."""
    if posixpath.normpath(filename) == PAGE:  # also ``./index.html``, ``x/../index.html``
        abort(404)
    return send_from_directory(ASSETS, filename)


@blueprint.after_request
def add_security_headers(response: Response) -> Response:
    """Lock the page down to its own assets (only this blueprint's responses)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
