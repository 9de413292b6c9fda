"""The OpenAPI document: generated, committed, served, valid, complete; and /docs offline."""

from __future__ import annotations

import re

import orjson
import pytest
import yaml
from flask import Flask
from openapi_spec_validator import validate

from scripts.export_openapi import main as export_main
from service.api.examples import seed_request, seed_text
from service.normalise import normalise
from tests.api.openapi_check import SPEC_PATH, SpecClient, spec_dict

OPERATIONS = {
    ("/v1/normalise", "post"),
    ("/v1/normalise/batch", "post"),
    ("/healthz", "get"),
    ("/readyz", "get"),
    ("/metrics", "get"),
    ("/openapi.yaml", "get"),
    ("/openapi.json", "get"),
    ("/docs", "get"),
}


def test_committed_openapi_yaml_is_what_the_app_generates(app: Flask) -> None:
    generated = app.extensions["normaliser"]["spec_yaml"]
    assert SPEC_PATH.read_bytes() == generated, (
        "openapi.yaml has drifted from the code: run .venv/bin/python scripts/export_openapi.py"
    )


def test_export_script_check_mode_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert export_main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_export_script_writes_the_document(tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "openapi.yaml"
    assert export_main(["--output", str(target)]) == 0
    assert target.read_bytes() == SPEC_PATH.read_bytes()
    target.write_text("stale", encoding="utf-8")
    assert export_main(["--check", "--output", str(target)]) == 1


def test_served_yaml_is_the_committed_file(api: SpecClient) -> None:
    answer = api.get("/openapi.yaml")
    assert answer.response.mimetype == "application/yaml"
    assert answer.response.get_data() == SPEC_PATH.read_bytes()


def test_served_json_is_the_same_document(api: SpecClient) -> None:
    answer = api.get("/openapi.json")
    assert orjson.loads(answer.response.get_data()) == spec_dict()


def test_the_document_is_valid_openapi_3_1() -> None:
    spec = spec_dict()
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_is_documented_with_a_description_and_an_example() -> None:
    spec = spec_dict()
    found = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert found == OPERATIONS
    for path, method in OPERATIONS:
        operation = spec["paths"][path][method]
        assert operation["summary"] and operation["description"], (path, method)
        assert operation["operationId"]
        ok = operation["responses"]["200"]
        assert ok["description"]
        for media, content in ok["content"].items():
            if media in {"application/json", "application/x-ndjson"}:
                assert "example" in content or "examples" in content, (path, media)


def test_every_response_documents_x_request_id() -> None:
    for ops in spec_dict()["paths"].values():
        for operation in ops.values():
            for response in operation["responses"].values():
                assert "X-Request-ID" in response["headers"]


def test_errors_are_documented_as_problem_json() -> None:
    for path in ("/v1/normalise", "/v1/normalise/batch"):
        responses = spec_dict()["paths"][path]["post"]["responses"]
        assert {"400", "413", "415", "422"} <= set(responses)
        for status in ("400", "413", "415", "422"):
            assert list(responses[status]["content"]) == ["application/problem+json"]


def test_the_worked_example_is_the_seed_and_its_real_answer() -> None:
    operation = spec_dict()["paths"]["/v1/normalise"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["examples"]["aggregator"]
    assert request["value"] == seed_request()
    assert "The Hindu\u00a0\u00a0" in request["value"]["text"], "NBSPs survive the YAML"
    answer = operation["responses"]["200"]["content"]["application/json"]["examples"]
    body = request["value"]
    expected = normalise(body["text"], reference_time=body["reference_time"], timezone="UTC")
    assert answer["aggregator"]["value"] == expected
    plain = operation["requestBody"]["content"]["text/plain"]["examples"]["aggregator"]
    assert plain["value"] == seed_text()


def test_error_examples_match_what_the_service_answers(app: Flask) -> None:
    responses = spec_dict()["paths"]["/v1/normalise"]["post"]["responses"]
    documented = responses["422"]["content"]["application/problem+json"]["examples"]
    naive = {"text": "Hi", "reference_time": "2025-03-24T12:00:00"}
    actual = app.test_client().post("/v1/normalise", json=naive).get_json()
    assert documented["example"]["value"] == actual


def test_openapi_yaml_is_described_as_an_object() -> None:
    content = spec_dict()["paths"]["/openapi.yaml"]["get"]["responses"]["200"]["content"]
    assert content["application/yaml"]["schema"]["type"] == "object"


def test_yaml_round_trips_exactly() -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == spec_dict()
    assert "&id" not in text, "no YAML anchors: every part of the document reads on its own"


# --- /docs --------------------------------------------------------------------------------


def test_docs_page_loads_swagger_ui_from_the_service_itself(api: SpecClient, app: Flask) -> None:
    page = api.get("/docs").response.get_data(as_text=True)
    assert "SwaggerUIBundle" in page and "/openapi.json" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, "the page loads assets"
    client = app.test_client()
    for source in sources:
        assert source.startswith("/docs/assets/"), f"{source} must be local (no CDN)"
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.get_data()) > 500
    bundle = client.get("/docs/assets/swagger-ui-bundle.js").get_data(as_text=True)
    assert "openapi" in bundle and "3.1" in bundle


def test_swagger_ui_is_version_5_which_reads_openapi_3_1() -> None:
    from service.api.docs_routes import swagger_ui_dir

    bundle = (swagger_ui_dir() / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    assert "isOAS31" in bundle, "Swagger UI 4 and older cannot render an OpenAPI 3.1 document"


def test_unknown_docs_asset_is_a_404_problem(app: Flask) -> None:
    from tests.api.openapi_check import assert_problem

    assert_problem(app.test_client().get("/docs/assets/nope.js"), 404)


def test_form_media_type_is_documented_as_the_raw_page() -> None:
    """``curl --data-binary @page.txt`` sends the form type: documented as the same raw text."""
    content = spec_dict()["paths"]["/v1/normalise"]["post"]["requestBody"]["content"]
    assert content["application/x-www-form-urlencoded"]["schema"] == content["text/plain"]["schema"]
    assert content["text/plain"]["schema"]["type"] == "string"


def test_api_keys_are_documented_as_an_optional_bearer_scheme() -> None:
    spec = spec_dict()
    schemes = spec["components"]["securitySchemes"]
    assert [(s["type"], s["scheme"]) for s in schemes.values()] == [("http", "bearer")]
    (name,) = schemes
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            if path.startswith("/v1/"):
                assert operation["security"] == [{name: []}, {}], path
                assert "401" in operation["responses"], path
            else:
                assert "security" not in operation, path
