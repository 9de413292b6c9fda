"""Around the API: probes, metrics, request ids, Flask's own errors, the catch-all, config."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from service.api import create_app
from service.api.config import Settings, settings_from_env
from tests.api.openapi_check import SpecClient, assert_problem


def test_healthz(api: SpecClient) -> None:
    answer = api.get("/healthz")
    assert (answer.status, answer.json()) == (200, {"status": "ok"})


def test_readyz_after_the_self_test(api: SpecClient) -> None:
    answer = api.get("/readyz")
    assert answer.status == 200
    assert answer.json()["status"] == "ready"


def test_readyz_is_503_when_the_self_test_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.api import app as app_module

    def broken() -> dict:
        raise RuntimeError("core cannot start")

    monkeypatch.setattr(app_module, "seed_article", broken)
    unready = create_app({"TESTING": True})
    answer = SpecClient(unready.test_client()).get("/readyz")
    assert assert_problem(answer.response, 503)["type"].endswith(":not-ready")
    assert SpecClient(unready.test_client()).get("/healthz").status == 200


# --- request ids --------------------------------------------------------------------------


def test_a_sane_client_request_id_is_echoed(api: SpecClient) -> None:
    answer = api.get("/healthz", headers={"X-Request-ID": "job-7.page_12"})
    assert answer.response.headers["X-Request-ID"] == "job-7.page_12"


@pytest.mark.parametrize("given", ["", "has space", "x" * 129, "semi;colon", "ünï"])
def test_other_request_ids_are_replaced(app: Flask, given: str) -> None:
    response = app.test_client().get("/healthz", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_each_request_gets_its_own_id(app: Flask) -> None:
    client = app.test_client()
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


def test_errors_carry_the_request_id_too(app: Flask) -> None:
    response = app.test_client().get("/nowhere", headers={"X-Request-ID": "abc"})
    assert response.headers["X-Request-ID"] == "abc"


# --- Flask's own errors and the catch-all -------------------------------------------------


def test_unknown_path_is_a_404_problem(app: Flask) -> None:
    response = app.test_client().get("/v2/normalise")
    problem = assert_problem(response, 404)
    assert problem["type"].endswith(":not-found") and "/v2/normalise" in problem["detail"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/normalise", "POST"),
        ("DELETE", "/v1/normalise/batch", "POST"),
        ("POST", "/healthz", "GET"),
    ],
)
def test_wrong_method_is_a_405_problem_with_allow(
    app: Flask, method: str, path: str, allowed: str
) -> None:
    response = app.test_client().open(path, method=method)
    problem = assert_problem(response, 405)
    assert allowed in response.headers["Allow"]
    assert method in problem["detail"] and allowed in problem["detail"]


def test_flasks_own_413_is_a_problem(app: Flask) -> None:
    from werkzeug.exceptions import RequestEntityTooLarge

    app_with_route = create_app({"TESTING": True})

    @app_with_route.get("/test-only/too-large")
    def too_large() -> None:
        raise RequestEntityTooLarge()

    response = app_with_route.test_client().get("/test-only/too-large")
    assert assert_problem(response, 413)["type"].endswith(":too-large")


def test_unexpected_exceptions_become_a_500_problem_without_a_stack_trace(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app({"TESTING": True})

    @app.get("/test-only/crash")
    def crash() -> None:
        raise KeyError("secret internals")

    response = app.test_client().get("/test-only/crash", headers={"X-Request-ID": "crash-1"})
    problem = assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert "crash-1" in problem["detail"]
    assert "secret internals" in caplog.text, "the log keeps the details"


def test_a_core_failure_on_a_single_page_is_a_500_problem(
    app: Flask, broken_core: list[str]
) -> None:
    response = app.test_client().post("/v1/normalise", json={"text": "BOOM"})
    assert_problem(response, 500)


# --- metrics ------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_documents_and_batches(api: SpecClient) -> None:
    def scrape() -> str:
        answer = api.get("/metrics")
        assert answer.response.mimetype == "text/plain"
        return answer.response.get_data(as_text=True)

    before = scrape()
    api.post(
        "/v1/normalise",
        json={"text": " date 2025-01-21 Hello.", "reference_time": "2025-03-24T12:00:00Z"},
    )
    api.post("/v1/normalise", json={"text": 1}, request_valid=False)
    api.post("/v1/normalise/batch", json={"items": [{"id": "a", "text": "x"}, {"id": "b"}]})
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return _sample(after, name, **labels) - _sample(before, name, **labels)

    route = "/v1/normalise"
    assert delta("normaliser_http_requests_total", route=route, status="200", method="POST") == 1
    assert delta("normaliser_http_requests_total", route=route, status="422") == 1
    assert delta("normaliser_http_request_duration_seconds_count", route=route, status="200") == 1
    assert delta("normaliser_documents_total", mode="single", format="dateline") == 1
    assert delta("normaliser_documents_total", mode="batch", format="plain") == 1
    assert delta("normaliser_documents_rejected_total", mode="batch", status="422") == 1
    assert delta("normaliser_batch_items_count", kind="json") == 1
    assert delta("normaliser_batch_items_sum", kind="json") == 2


# --- configuration ------------------------------------------------------------------------


def test_settings_defaults() -> None:
    settings = settings_from_env({})
    assert settings == Settings()
    assert settings.max_page_bytes == 5 * 1024 * 1024
    assert settings.max_batch_items == 1000
    assert settings.max_ndjson_line_bytes == 2 * settings.max_page_bytes


def test_settings_from_environment() -> None:
    settings = settings_from_env(
        {"NORMALISER_MAX_PAGE_BYTES": "100", "NORMALISER_API_KEYS": "a, b,", "PORT": "1"}
    )
    assert settings.max_page_bytes == 100
    assert settings.max_ndjson_line_bytes == 200
    assert settings.api_keys == ("a", "b")
    assert settings.as_dict()["api_keys"] == 2


@pytest.mark.parametrize("value", ["0", "-5", "5MB", "1.5"])
def test_bad_settings_fail_loudly(value: str) -> None:
    with pytest.raises(ValueError, match="NORMALISER_MAX_BATCH_ITEMS"):
        settings_from_env({"NORMALISER_MAX_BATCH_ITEMS": value})


def test_create_app_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMALISER_MAX_BATCH_ITEMS", "7")
    assert create_app().config["NORMALISER"].max_batch_items == 7
    assert create_app({"NORMALISER_MAX_BATCH_ITEMS": 9}).config["NORMALISER"].max_batch_items == 9
