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

import os
from collections import Counter
from typing import Any

import pytest
from flask import Flask

from tests.api.schemathesis_setup import load_schema

COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Any:
    """Print the number of generated cases per operation when the module is done (-s)."""
    yield
    if COUNTS:
        print(f"\nschemathesis cases per operation: {dict(COUNTS)}; total {sum(COUNTS.values())}")


def _check(case: Any, app: Flask) -> None:
    COUNTS[case.operation.label] += 1
    case.call_and_validate(app=app)


normal = load_schema(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15")))
slow = (
    load_schema(max_examples=int(os.environ.get("SCHEMATHESIS_SLOW_EXAMPLES", "400")))
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
