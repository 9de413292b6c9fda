"""A Flask test client that checks every request and response against ``openapi.yaml``.

openapi-core reads JSON and text by itself; we teach it ``application/problem+json``, YAML
(``/openapi.yaml``) and NDJSON (one line at a time: a streamed answer is checked line by line).
``application/x-www-form-urlencoded`` (what ``curl --data-binary @page.txt`` sends) is the raw
page on ``/v1/normalise``, documented with the text/plain schema: openapi-core would split it
into form fields, so such a request is checked as the text/plain request it is read as.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import yaml
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
PROBLEM = "application/problem+json"
FORM = "application/x-www-form-urlencoded"
NDJSON = "application/x-ndjson"


def _json(value: bytes, **_: str) -> Any:
    return orjson.loads(value)


def _yaml(value: bytes, **_: str) -> Any:
    return yaml.safe_load(value)


def _ndjson(value: bytes, **_: str) -> Any:
    """One line -> that JSON value; several -> the list of them (checked line by line)."""
    lines = [line for line in value.splitlines() if line.strip()]
    if len(lines) == 1:
        return orjson.loads(lines[0])
    return [orjson.loads(line) for line in lines]


DESERIALIZERS: dict[str, Callable[..., Any]] = {
    PROBLEM: _json,
    "application/yaml": _yaml,
    NDJSON: _ndjson,
}


@cache
def spec_dict() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@cache
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(
        spec_dict(), config=Config(extra_media_type_deserializers=DESERIALIZERS)
    )


@cache
def problem_validator() -> Draft202012Validator:
    schema = spec_dict()["components"]["schemas"]["Problem"]
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def ndjson_result_validator() -> Draft202012Validator:
    """Validates one NDJSON batch result line against the spec's line schema."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec = spec_dict()
    registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    content = spec["paths"]["/v1/normalise/batch"]["post"]["responses"]["200"]["content"]
    line_schema = content[NDJSON]["schema"]
    refs = [{"$ref": "urn:spec" + alt["$ref"]} for alt in line_schema["oneOf"]]
    return Draft202012Validator({"oneOf": refs}, registry=registry)


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status, valid against the spec's schema,
    and carries no stack trace."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = orjson.loads(response.get_data())
    problem_validator().validate(body)
    assert body["status"] == status
    assert body["detail"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    return body


@dataclass
class Checked:
    """A response that passed the spec checks."""

    response: TestResponse

    @property
    def status(self) -> int:
        return self.response.status_code

    def json(self) -> Any:
        return orjson.loads(self.response.get_data())

    def lines(self) -> list[Any]:
        return [orjson.loads(x) for x in self.response.get_data().splitlines() if x.strip()]


class SpecClient:
    """Wraps a Flask test client: each call validates the request (expected valid or invalid
    per the spec, or ``None``: not judged) and always the response."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> Checked:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Checked:
        return self.call("POST", path, **kwargs)

    def call(
        self, method: str, path: str, *, request_valid: bool | None = True, **kwargs: Any
    ) -> Checked:
        builder = EnvironBuilder(method=method, path=path, **kwargs)
        try:
            request = Request(builder.get_environ())
        finally:
            builder.close()
        request.get_data()  # cache the body: the app gets its own copy below
        if request_valid is not None:
            request_errors = self._request_errors(request)
            if request_valid:
                assert not request_errors, f"request violates the spec: {request_errors}"
            else:
                assert request_errors, "request expected to violate the spec, but it is valid"
        response = self.client.open(method=method, path=path, **kwargs)
        response.get_data()  # drain a streamed body once, before validation reads it
        response.close()  # as a WSGI server does: runs the metrics' on-close callbacks
        self.validate_response(request, response)
        return Checked(response)

    @staticmethod
    def _request_errors(request: Request) -> list[str]:
        if request.mimetype == FORM:
            as_text = Request({**request.environ, "CONTENT_TYPE": "text/plain"})
            as_text._cached_data = request.get_data()
            request = as_text
        result = openapi().unmarshal_request(WerkzeugOpenAPIRequest(request))
        return [repr(e) for e in result.errors]

    @staticmethod
    def validate_response(request: Request, response: Response) -> None:
        """Validate against the operation's documented response; an NDJSON body line by line."""
        assert response.headers.get("X-Request-ID"), "every response carries X-Request-ID"
        wrapped_request = WerkzeugOpenAPIRequest(request)
        if response.mimetype == NDJSON:
            for line in response.get_data().splitlines():
                single = Response(line, status=response.status_code, headers=response.headers)
                openapi().validate_response(wrapped_request, WerkzeugOpenAPIResponse(single))
            return
        openapi().validate_response(wrapped_request, WerkzeugOpenAPIResponse(response))
