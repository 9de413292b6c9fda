"""Run the bad-input catalogue (``bad_inputs.CASES``) against the app.

Every case must get exactly its expected status and problem ``type`` (or an article with the
expected warnings), never a 5xx, always the security headers, and no answer may carry a
stack trace or an internal path.
"""

from __future__ import annotations

import time

import orjson
import pytest

from service.api.problems import TYPE_PREFIX
from tests.hardening.bad_inputs import CASES, Case
from tests.hardening.conftest import app_with

# Strings that only a leaked stack trace or internal path would put in an answer.
LEAKS = ("Traceback", 'File "', "/work/", "site-packages", "/usr/lib/python", "service/normalise/")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def post(case: Case) -> tuple[int, dict[str, str], bytes, float]:
    client = app_with(tuple(sorted(case.config.items()))).test_client()
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    started = time.perf_counter()
    response = client.post(case.path, query_string=case.query, data=case.data(), headers=headers)
    body = response.get_data()
    response.close()
    return response.status_code, dict(response.headers), body, time.perf_counter() - started


def assert_no_leak(body: bytes) -> None:
    text = body.decode("utf-8", "replace")
    for leak in LEAKS:
        assert leak not in text, f"the answer leaks {leak!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case) -> None:
    status, headers, body, seconds = post(case)
    assert status == case.status, body[:500]
    assert status < 500
    assert seconds < 60, f"{case.name} took {seconds:.1f} s"
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert_no_leak(body)
    if case.problem is not None:
        assert headers["Content-Type"] == "application/problem+json"
        problem = orjson.loads(body)
        assert problem["type"] == TYPE_PREFIX + case.problem
        assert problem["status"] == status
        return
    if case.path.endswith("/batch"):
        check_batch(case, headers, body)
        return
    article = orjson.loads(body)
    codes = {w["code"] for w in article["warnings"]}
    assert set(case.warnings) <= codes, codes
    assert not set(case.no_warnings) & codes, codes
    if case.history_entries is not None:
        assert article["stats"]["history_entries"] == case.history_entries


def check_batch(case: Case, headers: dict[str, str], body: bytes) -> None:
    if headers["Content-Type"].startswith("application/x-ndjson"):
        results = [orjson.loads(line) for line in body.splitlines() if line.strip()]
    else:
        results = orjson.loads(body)["results"]
    sent = case.data()
    if "cut off" in case.name:
        # Three whole lines answered, the cut-off one refused with its line number.
        assert [r["status"] for r in results] == [200, 200, 200, 400]
        assert results[-1]["error"]["line"] == 4
        assert results[-1]["error"]["type"] == TYPE_PREFIX + "malformed-body"
    elif "invalid UTF-8" in case.name:
        assert [r["status"] for r in results] == [400]
    else:
        items = orjson.loads(sent)["items"]
        assert len(results) == len(items)
        for item, result in zip(items, results, strict=True):
            assert result["id"] == item.get("id")
            good = isinstance(item.get("text"), str) and "timezone" not in item
            assert result["status"] == (200 if good else 422), result
        assert sum(r["status"] == 422 for r in results) == len(items) // 100


def test_the_catalogue_covers_every_problem_type_a_client_can_cause() -> None:
    reached = {c.problem for c in CASES if c.problem}
    assert reached == {
        "malformed-body",
        "undecodable-text",
        "too-large",
        "unsupported-media-type",
        "invalid-fields",
    }
