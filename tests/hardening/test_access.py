"""Access: optional API keys, security headers on every response, logs without page text."""

from __future__ import annotations

import logging

import orjson
import pytest
from flask import Flask

from service.api.problems import TYPE_PREFIX
from tests.hardening.bad_inputs import AT
from tests.hardening.conftest import app_with

KEYS = "first-key-0123456789,second-key-abcdef"
PAGE = "Leaders met in Geneva.\n\nThey agreed on the plan."


@pytest.fixture(scope="module")
def keyed() -> Flask:
    return app_with((("NORMALISER_API_KEYS", KEYS),))


# Routes that stay open with keys configured: (path, status without a key).
OPEN = [
    ("/healthz", 200),
    ("/readyz", 200),
    ("/metrics", 200),
    ("/docs", 200),
    ("/openapi.yaml", 200),
    ("/openapi.json", 200),
    ("/", 200),
    ("/playground", 200),
    ("/playground/assets/playground.js", 200),
]


@pytest.mark.parametrize(("path", "status"), OPEN)
def test_open_routes_need_no_key(keyed: Flask, path: str, status: int) -> None:
    assert keyed.test_client().get(path).status_code == status


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        "Basic Zmlyc3Qta2V5",
        "first-key-0123456789",
        "Bearer first-key-012345678",
        "Bearer first-key-0123456789x",
        "Bearer \udcff",
    ],
)
def test_api_refuses_a_missing_or_wrong_key(keyed: Flask, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = keyed.test_client().post(
        "/v1/normalise",
        query_string=AT,
        data=PAGE,
        headers={"Content-Type": "text/plain", **headers},
    )
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["type"] == TYPE_PREFIX + "unauthorized"
    assert "first-key" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/v1/normalise/batch", "/v1/nowhere", "/nowhere"])
def test_every_other_route_needs_a_key(keyed: Flask, path: str) -> None:
    assert (
        keyed.test_client().post(path, data=b"{}", content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize("key", KEYS.split(","))
@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_api_accepts_each_configured_key(keyed: Flask, key: str, scheme: str) -> None:
    response = keyed.test_client().post(
        "/v1/normalise",
        query_string=AT,
        data=PAGE,
        headers={"Content-Type": "text/plain", "Authorization": f"{scheme} {key}"},
    )
    assert response.status_code == 200
    assert response.json["paragraphs"] == ["Leaders met in Geneva.", "They agreed on the plan."]


def test_without_keys_nothing_needs_one() -> None:
    response = (
        app_with()
        .test_client()
        .post("/v1/normalise", query_string=AT, data=PAGE, content_type="text/plain")
    )
    assert response.status_code == 200


def test_the_spec_declares_the_optional_bearer_scheme() -> None:
    spec = app_with().extensions["normaliser"]["spec"]
    assert spec["components"]["securitySchemes"]["apiKey"] == {
        **spec["components"]["securitySchemes"]["apiKey"],
        "type": "http",
        "scheme": "bearer",
    }
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            if path.startswith("/v1/"):
                assert operation["security"] == [{"apiKey": []}, {}]
                assert "401" in operation["responses"]
            else:
                assert "security" not in operation


@pytest.mark.parametrize(
    ("path", "api_answer"),
    [
        ("/healthz", True),
        ("/openapi.json", True),
        ("/nowhere", True),
        ("/playground", False),
        ("/playground/assets/playground.css", False),
    ],
)
def test_security_headers_on_every_response(path: str, api_answer: bool) -> None:
    response = app_with().test_client().get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert (response.headers.get("Cache-Control") == "no-store") is api_answer


def test_the_playground_keeps_its_own_content_security_policy() -> None:
    response = app_with().test_client().get("/playground")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_flask_does_not_serve_the_package_static_folder() -> None:
    """Only the playground blueprint serves those files (with its headers)."""
    client = app_with().test_client()
    assert client.get("/static/playground/playground.js").status_code == 404
    assert client.get("/playground/assets/playground.js").status_code == 200


MARKER = "zq7MARKERpage-text-must-not-be-logged"


def _every_kind_of_request(client, marker: str) -> None:  # noqa: ANN001
    page = f"Headline {marker}\n\nBody {marker} of the story.\n"
    client.post("/v1/normalise", query_string=AT, data=page, content_type="text/plain")
    client.post("/v1/normalise", json={"text": page, "timezone": "Mars/Olympus"})
    client.post("/v1/normalise", data=page.encode() + b"\xff", content_type="text/plain")
    client.post(
        "/v1/normalise",
        data=b'{"text": "' + marker.encode() + b'",',
        content_type="application/json",
    )
    client.post(
        "/v1/normalise/batch", json={"items": [{"id": "a", "text": page, **AT}, {"id": marker}]}
    )
    lines = orjson.dumps({"id": "a", "text": page, **AT}) + b"\n" + b'{"text": "' + marker.encode()
    client.post("/v1/normalise/batch", data=lines, content_type="application/x-ndjson")


def test_logs_never_hold_page_text(
    caplog: pytest.LogCaptureFixture, broken_core: list[str]
) -> None:
    """Not for good pages, bad ones, or pages on which the core itself fails (its exception
    message quoting the page: the log keeps the traceback, not the message)."""
    client = app_with().test_client()
    with caplog.at_level(logging.INFO):
        _every_kind_of_request(client, MARKER)
        _every_kind_of_request(client, "BOOM " + MARKER)  # the broken core raises for these
    assert any("unexpected error" in r.getMessage() for r in caplog.records), "core failure logged"
    assert caplog.records
    for record in caplog.records:
        assert MARKER not in record.getMessage()
        assert MARKER not in caplog.text


def test_debug_logging_may_show_the_failure_message(
    caplog: pytest.LogCaptureFixture, broken_core: list[str]
) -> None:
    client = app_with().test_client()
    with caplog.at_level(logging.DEBUG, logger="service.api"):
        client.post(
            "/v1/normalise", query_string=AT, data="BOOM " + MARKER, content_type="text/plain"
        )
    assert MARKER in caplog.text
