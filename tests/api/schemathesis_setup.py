"""schemathesis set-up shared by the in-process run (``tests/api/test_schemathesis.py``) and
the run against live gunicorn (``tests/hardening/test_schemathesis_live.py``): NDJSON bodies and
answers, and the spec with time zones narrowed to the ones this server knows.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import schemathesis

from service.api.fields import known_time_zones
from tests.api.openapi_check import NDJSON, ndjson_result_validator, spec_dict

SEED = 20250324


@schemathesis.serializer(NDJSON, "application/jsonl")
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


def load_schema(max_examples: int) -> Any:
    """The committed spec as a schemathesis schema: valid and invalid data, fixed seed."""
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
