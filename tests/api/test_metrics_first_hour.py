"""Metrics an operator looks for first (issue 15): warnings by code, page size, core time,
requests in flight, process CPU and memory, build info, every series present from the start."""

from __future__ import annotations

import re
import subprocess
import sys

import orjson
from flask import Flask

from service import __version__
from service.api import metrics
from service.api.vocabulary import FORMATS, WARNING_CODES
from tests.conftest import REFERENCE_TIME


def scrape(app: Flask) -> str:
    return app.test_client().get("/metrics").get_data(as_text=True)


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series, or None when the series is not there at all."""
    for line in text.splitlines():
        head, _, value = line.rpartition(" ")
        series, _, label_text = head.partition("{")
        if series != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return None


def test_every_series_is_there_before_its_first_event() -> None:
    # a new process: create the app, scrape once, with no other request ever made
    code = (
        "from service.api import create_app\n"
        "print(create_app().test_client().get('/metrics').get_data(as_text=True))"
    )
    text = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    for mode in ("single", "batch", "ndjson"):
        for page_format in FORMATS:
            assert sample(text, "normaliser_documents_total", mode=mode, format=page_format) == 0
        assert sample(text, "normaliser_documents_rejected_total", mode=mode, status="422") == 0
    for code_name in WARNING_CODES:
        assert sample(text, "normaliser_warnings_total", code=code_name) == 0
    assert sample(text, "normaliser_batch_items_count", kind="ndjson") == 0
    route = "/v1/normalise"
    assert sample(text, "normaliser_http_requests_total", route=route, status="200") == 0
    assert sample(text, "normaliser_http_requests_total", route="(server)", status="414") == 0
    assert sample(text, "normaliser_page_bytes_count") == 0
    assert sample(text, "normaliser_core_duration_seconds_count") == 0
    assert sample(text, "normaliser_core_cpu_seconds_total") == 0
    assert sample(text, "normaliser_http_requests_in_flight") == 1  # the scrape itself
    assert sample(text, "normaliser_process_cpu_seconds") > 0
    assert sample(text, "normaliser_process_resident_memory_bytes") > 10_000_000
    assert sample(text, "normaliser_build_info", version=__version__) == 1


def test_warnings_by_code_page_size_and_core_time_are_counted(app: Flask) -> None:
    page = "A page without a reference time.\n\nIt was posted 2 hours ago.\n"
    before = scrape(app)
    answer = app.test_client().post("/v1/normalise", data=page.encode(), content_type="text/plain")
    assert answer.status_code == 200
    codes = [w["code"] for w in answer.json["warnings"]]
    after = scrape(app)

    def delta(name: str, **labels: str) -> float:
        return (sample(after, name, **labels) or 0) - (sample(before, name, **labels) or 0)

    assert "reference_time_assumed" in codes
    for code_name in set(codes):
        assert delta("normaliser_warnings_total", code=code_name) == codes.count(code_name)
    assert delta("normaliser_page_bytes_count") == 1
    assert delta("normaliser_page_bytes_sum") == len(page.encode())
    assert delta("normaliser_core_duration_seconds_count") == 1
    assert delta("normaliser_core_duration_seconds_sum") > 0
    # the core's CPU time (issue 14: what the web layer costs on top of it), at most its wall time
    cpu = delta("normaliser_core_cpu_seconds_total")
    assert 0 < cpu <= delta("normaliser_core_duration_seconds_sum") + 1e-3


def test_a_streamed_answer_is_in_flight_until_its_body_is_closed(app: Flask) -> None:
    line = orjson.dumps({"id": "a", "text": "Hello.", "reference_time": REFERENCE_TIME})
    before = metrics.IN_FLIGHT._value.get()
    response = app.test_client().post(
        "/v1/normalise/batch", data=line, content_type="application/x-ndjson", buffered=False
    )
    assert metrics.IN_FLIGHT._value.get() == before + 1
    assert orjson.loads(b"".join(response.response))["status"] == 200
    response.close()
    assert metrics.IN_FLIGHT._value.get() == before
