"""schemathesis against the live gunicorn server (real config, two workers): valid and
invalid requests generated from ``openapi.yaml``, every answer checked against it (no server
error, documented status, content type and body; invalid data refused, valid data accepted).

The in-process run (``tests/api/test_schemathesis.py``) covers the app; this one adds what
only the real server does: gunicorn's HTTP parsing, chunked NDJSON streams, size limits
enforced on ``Content-Length`` and the access log. Opt in::

    RUN_SLOW=1 .venv/bin/python -m pytest tests/hardening/test_schemathesis_live.py

A stateful run (schemathesis ``phases.stateful``) needs OpenAPI links between operations; the
API is stateless (no resource is created, read or deleted), so there is no state to walk.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import requests

from tests.api.schemathesis_setup import load_schema
from tests.api.test_gunicorn import Server, server  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("SCHEMATHESIS_LIVE_EXAMPLES", "100"))
COUNTS: Counter[int] = Counter()
SESSION = requests.Session()

live = load_schema(max_examples=EXAMPLES)

pytestmark = pytest.mark.slow


@live.parametrize()
def test_live_server_conforms_to_its_spec(case: Any, server: Server) -> None:  # noqa: F811
    response = case.call_and_validate(base_url=server.url, session=SESSION)
    COUNTS[response.status_code] += 1


def test_live_run_reached_the_server_and_saw_no_server_error() -> None:
    """Runs after the parametrised test (file order): print the status counts (-s)."""
    if not COUNTS:
        pytest.skip("run together with test_live_server_conforms_to_its_spec")
    print(f"\nlive schemathesis: {sum(COUNTS.values())} requests, statuses {dict(COUNTS)}")
    assert not [status for status in COUNTS if status >= 500]
    assert COUNTS[200] > 0 and any(400 <= status < 500 for status in COUNTS)
