"""Access control and security headers for every response.

API keys are optional: when ``NORMALISER_API_KEYS`` (comma-separated) is empty, everything
is open. When it holds keys, every route needs ``Authorization: Bearer <key>`` except the
open ones below (probes, metrics, the API description and the playground page with its
assets); a missing or wrong key gets a 401 problem with ``WWW-Authenticate: Bearer``. Each
presented key is compared with every configured key in constant time (``hmac.compare_digest``),
so neither a match's position nor a common prefix shows in the timing.

| route kind                                   | key needed when keys are set |
| -------------------------------------------- | ---------------------------- |
| ``/healthz``, ``/readyz``, ``/metrics``      | no                           |
| ``/docs``, ``/openapi.yaml``, ``/openapi.json`` and the docs' assets | no   |
| ``/``, ``/playground``, ``/playground/assets/…`` | no                       |
| ``/v1/…`` and anything else (even unknown paths) | yes                      |

>>> key_matches("Bearer s3cret", ("other", "s3cret"))
True
>>> key_matches("Bearer wrong", ("s3cret",)), key_matches(None, ("s3cret",))
(False, False)
"""

from __future__ import annotations

import hmac

from flask import request
from werkzeug.datastructures import Headers

from service.api.problems import Problem

# Endpoints (flask endpoint names) open without a key; everything else needs one.
OPEN_ENDPOINTS = frozenset(
    {
        "operations.healthz",
        "operations.readyz",
        "operations.prometheus_metrics",
        "documentation.openapi_yaml",
        "documentation.openapi_json",
        "documentation.docs",
    }
)
OPEN_BLUEPRINTS = frozenset({"playground", "docs_assets"})

# On every response (setdefault: a blueprint's own stricter values, like the playground's
# Content-Security-Policy, are kept).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# API answers are per request: never stored by a cache. The page and static assets may be.
NO_STORE = "no-store"
CACHEABLE_BLUEPRINTS = frozenset({"playground", "docs_assets"})

BEARER = "bearer "


def key_matches(authorization: str | None, keys: tuple[str, ...]) -> bool:
    """True when the ``Authorization`` header carries one of ``keys`` as a Bearer token."""
    if not authorization or authorization[: len(BEARER)].lower() != BEARER:
        return False
    given = authorization[len(BEARER) :].strip().encode("utf-8", "surrogateescape")
    matched = False
    for key in keys:  # no early exit: the time does not depend on which key matched
        matched |= hmac.compare_digest(given, key.encode("utf-8"))
    return matched


def needs_key() -> bool:
    """Whether the current request is for a route behind the API keys."""
    if request.endpoint in OPEN_ENDPOINTS:
        return False
    return request.blueprint not in OPEN_BLUEPRINTS


def unauthorized(reason: str) -> Problem:
    return Problem(
        "unauthorized",
        f"{reason}: send Authorization: Bearer <key> (keys are set with NORMALISER_API_KEYS)",
        headers={"WWW-Authenticate": 'Bearer realm="article-normaliser"'},
    )


def check_key(keys: tuple[str, ...]) -> None:
    """Refuse (401) a request for a route behind the API keys without a valid one; ``keys``
    are the configured keys (none: everything is open)."""
    if not keys or request.method == "OPTIONS" or not needs_key():
        return
    header = request.headers.get("Authorization")
    if header is None:
        raise unauthorized("an API key is required")
    if not key_matches(header, keys):
        raise unauthorized("the API key is not valid")


#: What ``add_headers`` appends to an API answer that has none of them, in that order (for the
#: answers made ahead of Flask: ``service.api.probes``, ``service.api.hot_path``).
API_HEADERS = (*SECURITY_HEADERS.items(), ("Cache-Control", NO_STORE))

#: The security headers, lower-cased, for a quick look at which a response has already.
_SECURITY_NAMES = tuple((name.lower(), name, value) for name, value in SECURITY_HEADERS.items())


def add_headers(headers: Headers, blueprint: str | None) -> None:
    """The security headers a response lacks (a blueprint's own stricter values are kept),
    and ``Cache-Control: no-store`` on everything but the cacheable blueprints' answers.

    >>> headers = Headers({"X-Frame-Options": "SAMEORIGIN"})
    >>> add_headers(headers, None)
    >>> headers["X-Frame-Options"], headers["Cache-Control"], headers["X-Content-Type-Options"]
    ('SAMEORIGIN', 'no-store', 'nosniff')
    """
    present = {name.lower() for name, _ in headers.items()}
    for lowered, name, value in _SECURITY_NAMES:
        if lowered not in present:
            headers.add(name, value)
    if blueprint not in CACHEABLE_BLUEPRINTS:
        if "cache-control" in present:
            headers["Cache-Control"] = NO_STORE
        else:
            headers.add("Cache-Control", NO_STORE)
