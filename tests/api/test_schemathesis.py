"""Property-based conformance: schemathesis generates requests from ``openapi.yaml`` (valid
and invalid ones) and checks every answer against it: no server error, documented status,
content type, headers and body; valid data accepted, invalid data refused.

Normal run: a bounded, derandomised sample per operation (seconds). Longer run::

    RUN_SLOW=1 .venv/bin/pytest tests/api/test_schemathesis.py -m slow

Time zones: the committed spec accepts any IANA-shaped name (the server's zone database
decides, answering 422 for one it does not know); for generation the test narrows the field
to the names this server knows, so that "valid per the spec" really is valid.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from flask import Flask

from service.api.fields import known_time_zones
from tests.api.openapi_check import NDJSON, ndjson_result_validator, spec_dict

SEED = 20250324
COUNTS: Counter[str] = Counter()


@schemathesis.serializer(NDJSON)
def _ndjson_body(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    """A generated item becomes one NDJSON line (a string is sent as it is)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value).encode("utf-8") + b"\n"


@schemathesis.deserializer(NDJSON)
def _ndjson_answer(ctx: schemathesis.DeserializationContext, response: Any) -> Any:
    """Every result line is checked against the line schema here; the first one is handed back
    for schemathesis's own check (no line at all: nothing to check)."""
    lines = [json.loads(line) for line in response.content.splitlines() if line.strip()]
    if not lines:
        raise NotImplementedError("an empty stream has no line to check")
    validator = ndjson_result_validator()
    for number, line in enumerate(lines, 1):
        errors = [e.message for e in validator.iter_errors(line)]
        if errors:
            raise ValueError(f"result line {number} violates the spec: {errors}")
    return lines[0]


def _narrow_time_zones(raw: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(raw)
    zones = sorted(known_time_zones())
    schemas = spec["components"]["schemas"]
    for name in ("NormaliseRequest", "BatchItem"):
        schemas[name]["properties"]["timezone"]["enum"] = [*zones, None]
    for parameter in spec["paths"]["/v1/normalise"]["post"]["parameters"]:
        if parameter.get("name") == "timezone":
            parameter["schema"]["enum"] = zones
    return spec


def _load(max_examples: int) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(_narrow_time_zones(spec_dict()), config=config)
    return schema


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Any:
    """Print the number of generated cases per operation when the module is done (-s)."""
    yield
    if COUNTS:
        print(f"\nschemathesis cases per operation: {dict(COUNTS)}; total {sum(COUNTS.values())}")


def _check(case: Any, app: Flask) -> None:
    COUNTS[case.operation.label] += 1
    case.call_and_validate(app=app)


normal = _load(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15")))
slow = (
    _load(max_examples=int(os.environ.get("SCHEMATHESIS_SLOW_EXAMPLES", "400")))
    if os.environ.get("RUN_SLOW")
    else normal  # not run: skipped below
)


@normal.parametrize()
def test_api_conforms_to_its_spec(case: Any, app: Flask) -> None:
    _check(case, app)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("RUN_SLOW"), reason="set RUN_SLOW=1 to run")
@slow.parametrize()
def test_api_conforms_to_its_spec_long_run(case: Any, app: Flask) -> None:
    _check(case, app)


def test_schemathesis_covered_every_operation() -> None:
    """Runs after the parametrised tests (file order): every operation got many cases."""
    if not COUNTS:
        pytest.skip("run together with test_api_conforms_to_its_spec")
    assert len(COUNTS) == 8
    assert all(n >= 10 for n in COUNTS.values()), COUNTS
