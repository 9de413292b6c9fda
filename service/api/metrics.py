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
| normaliser_warnings_total                | counter   | code                |
| normaliser_page_bytes                    | histogram |                     |
| normaliser_core_duration_seconds         | histogram |                     |
| normaliser_core_cpu_seconds_total        | counter   |                     |
| normaliser_http_requests_in_flight       | gauge     |                     |
| normaliser_process_cpu_seconds           | gauge     | (summed over live workers) |
| normaliser_process_resident_memory_bytes | gauge     | (summed over live workers) |
| normaliser_build_info                    | gauge     | version, python     |

Requests gunicorn answers itself (a bad request line 400, 414, 431) are counted under the
route ``(server)``. Every series with a known set of labels exists from the start, at 0, so a
dashboard or an alert never waits for the first event.

>>> "normaliser_documents_total" in render()[0].decode()
True
"""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from service import __version__
from service.api.vocabulary import FORMATS, WARNING_CODES

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

WARNINGS = Counter(
    "normaliser_warnings_total",
    "Warnings in normalised articles, by code (reference_time_assumed: clients not sending "
    "the scrape time).",
    ["code"],
)
PAGE_BYTES = Histogram(
    "normaliser_page_bytes",
    "Size of each page normalised, in UTF-8 bytes.",
    buckets=(256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216),
)
CORE_SECONDS = Histogram(
    "normaliser_core_duration_seconds",
    "Time the core took to normalise one page (no HTTP, no JSON).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
CORE_CPU = Counter(
    "normaliser_core_cpu_seconds",
    "CPU time the core took on the pages of POST /v1/normalise and batches (text pages), summed "
    "over the workers; set against normaliser_process_cpu_seconds it is what the web layer "
    "costs on top.",
)
IN_FLIGHT = Gauge(
    "normaliser_http_requests_in_flight",
    "Requests being answered now (summed over the live workers).",
    multiprocess_mode="livesum",
)
PROCESS_CPU = Gauge(
    "normaliser_process_cpu_seconds",
    "CPU time (user and system) used by the workers since they started, summed over the live "
    "workers; a rate of it is the cores in use.",
    multiprocess_mode="livesum",
)
PROCESS_MEMORY = Gauge(
    "normaliser_process_resident_memory_bytes",
    "Resident memory of the workers, summed over the live workers.",
    multiprocess_mode="livesum",
)
BUILD_INFO = Gauge(
    "normaliser_build_info",
    "Always 1; the labels say which build answers.",
    ["version", "python"],
    multiprocess_mode="max",
)

SERVER_ROUTE = "(server)"  # requests gunicorn refuses before the application sees them
_MODES = ("single", "batch", "ndjson")
_REFUSED_STATUSES = ("400", "413", "415", "422", "500")
_PROCESS_EVERY_SECONDS = 1.0
_process_updated = 0.0


def create_series() -> None:
    """Every series whose labels are known, at 0, from the start (see the module docstring)."""
    for mode in _MODES:
        for page_format in FORMATS:
            DOCUMENTS.labels(mode=mode, format=page_format)
        for status in _REFUSED_STATUSES:
            REJECTED.labels(mode=mode, status=status)
    for code in WARNING_CODES:
        WARNINGS.labels(code=code)
    for kind in ("json", "ndjson"):
        BATCH_ITEMS.labels(kind=kind)
    for status in (200, 400, 401, 413, 415, 422):
        _request_children("POST", "/v1/normalise", status)
        _request_children("POST", "/v1/normalise/batch", status)
    for status in (400, 414, 431):
        _request_children("-", SERVER_ROUTE, status)
    BUILD_INFO.labels(version=__version__, python=platform.python_version()).set(1)


def observe_article(
    article: dict[str, Any], size: int, seconds: float, cpu_seconds: float = 0.0
) -> None:
    """Count one normalised page: its warnings by code, its size and the core's time (wall
    clock, and the CPU time of the thread that ran it)."""
    for warning in article.get("warnings", ()):
        _warning_child(str(warning.get("code"))).inc()
    PAGE_BYTES.observe(size)
    CORE_SECONDS.observe(seconds)
    CORE_CPU.inc(cpu_seconds)


def count_document(mode: str, page_format: str) -> None:
    """Count one page normalised under ``mode`` (single, batch, ndjson) and its format."""
    _document_child(mode, page_format).inc()


# Label sets are few (modes x formats, warning codes): each child is looked up once.
@lru_cache(maxsize=256)
def _document_child(mode: str, page_format: str) -> Any:
    return DOCUMENTS.labels(mode=mode, format=page_format)


@lru_cache(maxsize=256)
def _warning_child(code: str) -> Any:
    return WARNINGS.labels(code=code)


def count_server_answer(status: int) -> None:
    """Count an error gunicorn answered itself (400, 414, 431): no route, no duration."""
    REQUESTS.labels("-", SERVER_ROUTE, str(status)).inc()


def update_process(*, force: bool = False) -> None:
    """Refresh this worker's CPU and memory gauges (at most once a second unless forced)."""
    global _process_updated
    now = time.monotonic()
    if not force and now - _process_updated < _PROCESS_EVERY_SECONDS:
        return
    _process_updated = now
    times = os.times()
    PROCESS_CPU.set(times.user + times.system)
    PROCESS_MEMORY.set(resident_bytes())


def resident_bytes() -> int:
    """This process's resident memory: /proc on Linux, else the peak from getrusage.

    >>> resident_bytes() > 1_000_000
    True
    """
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


#: Where the after-request hook (``service.api.hooks``) leaves (method, route, status) for the
#: middleware below to count when the response is closed.
ANSWER_KEY = "normaliser.answer"


def count_in_flight(wsgi_app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """WSGI middleware: a request is in flight from its call until its body is closed (a
    streamed NDJSON answer counts until its last line); then it is counted with its duration
    under the method, route and status the app left in the environ (``ANSWER_KEY``)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            body = wsgi_app(environ, start_response)
        except BaseException:
            IN_FLIGHT.dec()
            raise

        def finished() -> None:
            IN_FLIGHT.dec()
            answer = environ.get(ANSWER_KEY)
            if answer is not None:
                observe_request(*answer, time.perf_counter() - started)
            update_process()

        return ClosedThen(body, finished)

    return app


class ClosedThen:
    """A WSGI body that calls ``then`` once it is closed (after the body's own ``close``).

    Iterating it is iterating the body itself: no call of ours per chunk, which is what
    werkzeug's ``ClosingIterator`` costs.

    >>> events = []
    >>> body = ClosedThen(iter([b"a", b"b"]), lambda: events.append("closed"))
    >>> b"".join(body), events
    (b'ab', [])
    >>> body.close(); events
    ['closed']
    """

    __slots__ = ("_body", "_then")

    def __init__(self, body: Iterable[bytes], then: Callable[[], None]) -> None:
        self._body = body
        self._then = then

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        try:
            if close is not None:
                close()
        finally:
            self._then()


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, merged across workers when multiprocess."""
    update_process(force=True)
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
