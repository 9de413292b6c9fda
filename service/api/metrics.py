"""Prometheus metrics, correct under several gunicorn workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn.conf.py`` sets it up), every worker writes
its samples to files in that directory and ``/metrics`` merges them, whichever worker answers;
without it (tests, one process) the default registry is used.

| metric                                   | type      | labels              |
| ---------------------------------------- | --------- | ------------------- |
| normaliser_http_requests_total           | counter   | method, route, status |
| normaliser_http_request_duration_seconds | histogram | method, route, status |
| normaliser_documents_total               | counter   | mode, format        |
| normaliser_documents_rejected_total      | counter   | mode, status        |
| normaliser_batch_items                   | histogram | kind                |

>>> "normaliser_documents_total" in render()[0].decode()
True
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "normaliser_http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "normaliser_http_request_duration_seconds",
    "Time from the request reaching the app to the last byte of its response.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
DOCUMENTS = Counter(
    "normaliser_documents_total",
    "Pages normalised, by mode (single, batch, ndjson) and detected format.",
    ["mode", "format"],
)
REJECTED = Counter(
    "normaliser_documents_rejected_total",
    "Pages or batch items refused, by mode and HTTP status of the problem.",
    ["mode", "status"],
)
BATCH_ITEMS = Histogram(
    "normaliser_batch_items",
    "Items per batch request, by kind (json, ndjson).",
    ["kind"],
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000, 100000),
)


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, merged across workers when multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


@lru_cache(maxsize=1024)
def _request_children(method: str, route: str, status: int) -> tuple[Any, Any]:
    # Label sets are few (methods x routes x statuses): look each child up once.
    code = str(status)
    return REQUESTS.labels(method, route, code), LATENCY.labels(method, route, code)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and its duration."""
    count, latency = _request_children(method, route, status)
    count.inc()
    latency.observe(seconds)
