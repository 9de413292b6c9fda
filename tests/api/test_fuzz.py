"""No input produces a server error: arbitrary bodies, content types and query strings."""

from __future__ import annotations

import json
import os

import orjson
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.openapi_check import assert_problem

EXAMPLES = 400 if os.environ.get("RUN_SLOW") else 60

CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "text/plain",
        "text/plain; charset=utf-16",
        "text/plain; charset=utf-7",
        "text/plain; charset=nonsense",
        "application/x-ndjson",
        "application/octet-stream",
        "",
    ]
)
SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | SURROGATES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ITEMS = st.fixed_dictionaries(
    {"text": st.text(max_size=200) | SURROGATES},
    optional={
        "id": st.text(max_size=10),
        "reference_time": st.text(max_size=30),
        "timezone": st.text(max_size=20),
        "url": st.text(max_size=30),
    },
)


def dumps(value: object) -> bytes:
    """Any generated value as JSON (stdlib: big integers and lone surrogates included)."""
    return json.dumps(value).encode()


BODIES = (
    st.binary(max_size=300)
    | JSON_VALUES.map(dumps)
    | ITEMS.map(dumps)
    | st.lists(ITEMS | JSON_VALUES, max_size=4).map(lambda xs: dumps({"items": xs}))
    | st.lists(ITEMS.map(dumps) | st.binary(max_size=40), max_size=5).map(b"\n".join)
)
QUERIES = st.dictionaries(
    st.sampled_from(["reference_time", "timezone", "url", "other"]),
    st.text(max_size=30),
    max_size=3,
)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/v1/normalise", "/v1/normalise/batch"]),
    body=BODIES,
    content_type=CONTENT_TYPES,
    query=QUERIES,
)
def test_no_input_gets_a_server_error(
    app: Flask, path: str, body: bytes, content_type: str, query: dict[str, str]
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = app.test_client().post(path, data=body, headers=headers, query_string=query)
    assert response.status_code in {200, 400, 413, 415, 422}, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert_problem(response, response.status_code)
    else:
        data = response.get_data()
        if response.mimetype == "application/json" and path.endswith("/batch"):
            results = orjson.loads(data)["results"]  # one document, streamed a result a line
        else:
            results = [orjson.loads(line) for line in data.splitlines()]
        for result in results:
            assert result.get("status", 200) in {200, 400, 413, 422}, result
