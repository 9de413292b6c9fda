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

from flask import Flask, Response, current_app, request

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


def install(app: Flask) -> None:
    """Register the key check (before every request) and the headers (after every one)."""

    @app.before_request
    def _check_key() -> None:
        keys = current_app.config["NORMALISER"].api_keys
        if not keys or request.method == "OPTIONS" or not needs_key():
            return
        header = request.headers.get("Authorization")
        if header is None:
            raise unauthorized("an API key is required")
        if not key_matches(header, keys):
            raise unauthorized("the API key is not valid")

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.blueprint not in CACHEABLE_BLUEPRINTS:
            response.headers["Cache-Control"] = NO_STORE
        return response
