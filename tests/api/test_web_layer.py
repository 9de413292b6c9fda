"""Issue 14: what the web layer does per request, made cheaper without changing what it answers.

* one before-request and one after-request hook (Flask checks each hook for a coroutine on
  every request); views registered as themselves, not inside flask-smorest's doc wrapper;
* the access log sent to its handlers without ``Logger.info``'s look-up of the calling frame;
* gunicorn's ``Date`` header formatted once a second, not once a response;
* a request's bytes that have already arrived read without setting and unsetting a timeout.

Speed itself is measured in ``bench/`` (``python -m bench --only http``), not here.
"""

from __future__ import annotations

import email.utils
import logging
import re
import socket
from datetime import timedelta
from types import SimpleNamespace

import orjson
import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from service.api import accesslog, ops_routes, worker


def test_one_hook_before_and_one_after_each_request(app: Flask) -> None:
    assert len(app.before_request_funcs[None]) == 1
    assert len(app.after_request_funcs[None]) == 1


def test_views_are_registered_unwrapped(app: Flask) -> None:
    for endpoint in ("operations.healthz", "normalise.normalise_page", "normalise.normalise_batch"):
        assert not hasattr(app.view_functions[endpoint], "__wrapped__"), endpoint
    assert app.view_functions["operations.healthz"] is ops_routes.healthz


def test_the_spec_still_has_what_the_doc_decorator_says(app: Flask) -> None:
    spec = app.extensions["normaliser"]["spec"]
    operation = spec["paths"]["/healthz"]["get"]
    assert operation["operationId"] == "healthz"
    assert operation["summary"] == "Liveness probe"
    assert "200" in operation["responses"]


def test_every_answer_still_carries_the_headers(app: Flask) -> None:
    answer = app.test_client().get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    # One of each: the security headers are added once, never twice.
    assert len(answer.headers.getlist("X-Frame-Options")) == 1
    assert len(answer.headers.getlist("Cache-Control")) == 1


def _access_logger(path: str) -> accesslog.JsonAccessLogger:
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", path)
    cfg.set("errorlog", "-")
    return accesslog.JsonAccessLogger(cfg)


def test_the_access_log_does_not_look_up_the_calling_frame(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"{tmp_path}/access.log"
    logger = _access_logger(path)

    def no_frames(*args: object, **kwargs: object) -> object:
        raise AssertionError("the access log looked up its caller")

    monkeypatch.setattr(logging.Logger, "findCaller", no_frames)
    response = SimpleNamespace(
        status="200 OK", status_code=200, sent=15, headers=[("X-Request-ID", "abc")]
    )
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "REMOTE_ADDR": "127.0.0.1"}
    logger.access(response, None, environ, timedelta(milliseconds=2))
    for handler in logger.access_log.handlers:
        handler.flush()
    with open(path, encoding="utf-8") as log:
        line = log.read().strip()
    assert '"request_id":"abc"' in line and '"status":200' in line
    assert re.search(r'"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"', line)


def test_the_date_header_is_formatted_once_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = email.utils.formatdate

    def counted(*args: object, **kwargs: object) -> str:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(worker.email.utils, "formatdate", counted)
    monkeypatch.setattr(worker, "_date_header", (-1, ""))
    monkeypatch.setattr(worker.time, "time", lambda: 1742817600.25)
    first = [worker.http_date() for _ in range(50)]
    assert first == ["Mon, 24 Mar 2025 12:00:00 GMT"] * 50
    assert len(calls) == 1
    monkeypatch.setattr(worker.time, "time", lambda: 1742817601.5)
    assert worker.http_date() == "Mon, 24 Mar 2025 12:00:01 GMT"
    assert len(calls) == 2


def test_the_worker_stands_its_date_formatter_in_for_gunicorns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gunicorn import util
    from gunicorn.workers.gthread import ThreadWorker

    monkeypatch.setattr(ThreadWorker, "init_process", lambda self: None)
    monkeypatch.setattr(util, "http_date", util.http_date)
    monkeypatch.setattr(util, "write_error", util.write_error)
    worker.HeaderDeadlineWorker.init_process(
        worker.HeaderDeadlineWorker.__new__(worker.HeaderDeadlineWorker)
    )
    assert util.http_date is worker.http_date


class _CountingSocket:
    """A real socket that counts ``settimeout`` calls."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.timeouts: list[float | None] = []

    def recv(self, size: int, *flags: int) -> bytes:
        return self.sock.recv(size, *flags)

    def settimeout(self, value: float | None) -> None:
        self.timeouts.append(value)
        self.sock.settimeout(value)


def test_bytes_already_there_are_read_without_a_timeout() -> None:
    client, server = socket.socketpair()
    with client, server:
        counting = _CountingSocket(server)
        sock = worker.DeadlineSocket(counting, header_timeout=5)
        client.sendall(b"GET /healthz HTTP/1.1\r\n\r\n")
        assert sock.recv(1024) == b"GET /healthz HTTP/1.1\r\n\r\n"
        assert counting.timeouts == []


def test_a_client_that_sends_nothing_still_meets_the_deadline() -> None:
    client, server = socket.socketpair()
    with client, server:
        counting = _CountingSocket(server)
        sock = worker.DeadlineSocket(counting, header_timeout=0.2)
        with pytest.raises(ConnectionResetError):
            sock.recv(1024)
        assert counting.timeouts[-1] is None  # the socket is left blocking, as gunicorn wants


# --- probes ahead of Flask ------------------------------------------------------------------


def _through_flask_alone(app: Flask, method: str, path: str, headers: dict[str, str]) -> tuple:
    """The answer Flask's own views give, the probe middleware left out."""
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path=path, method=method, headers=headers).get_environ()
    answer: list = []

    def start_response(status: str, head: list, exc_info: object = None) -> None:
        answer.extend([status, head])

    body = Flask.wsgi_app(app, environ, start_response)
    return answer[0], list(answer[1]), b"".join(body)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/healthz?probe=1"])
def test_probes_answer_exactly_what_flask_answers(app: Flask, method: str, path: str) -> None:
    headers = {"X-Request-ID": "probe-7"}
    answer = app.test_client().open(path, method=method, headers=headers)
    fast = (answer.status, answer.headers.to_wsgi_list(), answer.data)
    assert fast == _through_flask_alone(app, method, path, headers)


def test_probes_do_not_enter_flask_and_the_rest_does(app: Flask) -> None:
    from flask import request_started

    entered: list[str] = []

    def record(sender: object, **extra: object) -> None:
        from flask import request

        entered.append(f"{request.method} {request.path}")

    request_started.connect(record, app)
    try:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.head("/readyz").status_code == 200
        assert client.post("/healthz").status_code == 405
        assert client.options("/healthz").status_code == 200
        assert client.get("/healthz/").status_code == 404
    finally:
        request_started.disconnect(record, app)
    assert entered == ["POST /healthz", "OPTIONS /healthz", "GET /healthz/"]


def test_a_probe_gets_a_new_id_for_a_bad_one(app: Flask) -> None:
    answer = app.test_client().get("/healthz", headers={"X-Request-ID": "bad id!"})
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


def test_probes_are_counted_in_the_metrics(app: Flask) -> None:
    from tests.api.test_metrics_first_hour import sample, scrape

    def counts() -> tuple[float | None, ...]:
        text = scrape(app)
        name = "normaliser_http_requests_total"
        return tuple(
            sample(text, name, method=method, route=route, status="200")
            for method, route in (("GET", "/healthz"), ("HEAD", "/readyz"))
        )

    before = [count or 0.0 for count in counts()]
    client = app.test_client()
    for _ in range(3):
        client.get("/healthz").close()  # counted when its body is closed, as gunicorn does
    client.head("/readyz").close()
    assert counts() == (before[0] + 3, before[1] + 1)


# --- the request's fields read without marshmallow when they are plain ------------------------

_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.sampled_from(
        [
            "",
            "Hi.\nSecond line.",
            "2025-03-24T12:00:00Z",
            "2025-03-24T17:30:00+05:30",
            "2025-03-24t12:00:00z",
            "2025-03-24T12:00:00",
            "2025-02-30T12:00:00Z",
            "1899-12-31T23:59:59Z",
            "UTC",
            "Asia/Kolkata",
            "Mars/Olympus",
            "localtime",
            "x" * 65,
            "https://example.org/a/1",
            "u" * 8192,
            "u" * 8193,
        ]
    ),
    st.text(max_size=20),
)
_NAMES = st.sampled_from(["text", "html", "reference_time", "timezone", "url", "id", "ref_time"])


_BODIES = st.one_of(
    st.dictionaries(_NAMES, _VALUES, max_size=5),
    st.fixed_dictionaries(
        {"text": st.text(max_size=10)},
        optional={"reference_time": _VALUES, "timezone": _VALUES, "url": _VALUES, "id": _VALUES},
    ),
)


@settings(max_examples=500, deadline=None)
@given(_BODIES)
def test_plain_fields_are_what_marshmallow_loads(data: dict) -> None:
    from service.api.normalising import REQUEST_SCHEMA, load, load_plain_request
    from service.api.problems import Problem

    fast = load_plain_request(data)
    try:
        slow = load(REQUEST_SCHEMA, data)
    except Problem:
        assert fast is None, data
        return
    if fast is not None:
        assert list(fast.items()) == list(slow.items())


def test_the_usual_body_is_read_without_marshmallow(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.api import normalising

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("marshmallow was asked")

    monkeypatch.setattr(normalising.REQUEST_SCHEMA, "load", refuse)
    body = {"text": "Hi.", "reference_time": "2025-03-24T12:00:00Z", "timezone": "UTC", "url": None}
    fields = normalising.load_request(body)
    assert fields["timezone"] == "UTC" and fields["url"] is None
    with pytest.raises(AssertionError):
        normalising.load_request({**body, "timezone": "Mars/Olympus"})


# --- the plain JSON POST /v1/normalise ahead of Flask ---------------------------------------

_PAGE = "Harbour ferry returns\n\nThe ferry runs again from Monday, the council said.\n"
_TIME = "2025-03-24T12:00:00Z"


def _both_ways(app: Flask, body: bytes, content_type: str, **headers: str) -> tuple:
    """The answer through the app (the hot path when it applies) and through Flask alone, and
    what each left for the metrics to count."""
    from werkzeug.test import EnvironBuilder

    from service.api import metrics

    answers = []
    for call in (app.wsgi_app, lambda env, start: Flask.wsgi_app(app, env, start)):
        environ = EnvironBuilder(
            path="/v1/normalise",
            method="POST",
            data=body,
            headers={"Content-Type": content_type, "X-Request-ID": "same-id", **headers},
        ).get_environ()
        seen: list = []

        def start_response(status: str, head: list, exc_info: object = None, seen=seen) -> None:
            seen.extend([status, list(head)])

        chunks = call(environ, start_response)
        content = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        answers.append((seen[0], seen[1], content, environ.get(metrics.ANSWER_KEY)))
    return answers[0], answers[1]


_JSON_CASES = {
    "page": {"text": _PAGE, "reference_time": _TIME},
    "options": {"text": _PAGE, "reference_time": _TIME, "timezone": "Asia/Kolkata", "url": "x"},
    "nulls": {"text": _PAGE, "reference_time": None, "timezone": None, "url": None},
    "html": {"html": "<h1>Ferry</h1><p>" + _PAGE + "</p>", "reference_time": _TIME},
    "naive time": {"text": _PAGE, "reference_time": "2025-03-24T12:00:00"},
    "unknown zone": {"text": _PAGE, "reference_time": _TIME, "timezone": "Mars/Olympus"},
    "unknown field": {"text": _PAGE, "reference_time": _TIME, "ref_time": _TIME},
    "text and html": {"text": _PAGE, "html": "<p>x</p>", "reference_time": _TIME},
    "no text": {"reference_time": _TIME},
    "text not a string": {"text": 7, "reference_time": _TIME},
    "a list": [1, 2],
    "page over the limit": {"text": "word " * 500, "reference_time": _TIME},
}
_RAW_CASES = {
    "malformed": b'{"text": ',
    "empty": b"",
    "not utf-8": b'{"text": "caf\xe9"}',
    "body over the limit": b'{"text": "' + b"x" * 5000 + b'"}',
    "surrogate": b'{"text": "\\ud800"}',
}
_ANSWERED = {"page": "200", "options": "200", "nulls": "200", "html": "200", "a list": "422"}


@pytest.mark.parametrize("case", [*_JSON_CASES, *_RAW_CASES])
@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_pages_get_what_flask_answers(small_app: Flask, case: str, content_type: str) -> None:
    body = _RAW_CASES[case] if case in _RAW_CASES else orjson.dumps(_JSON_CASES[case])
    hot, flask_alone = _both_ways(small_app, body, content_type)
    assert hot == flask_alone
    assert hot[0][:3] == _ANSWERED.get(case, hot[0][:3])


def test_the_hot_path_answers_a_worker_without_memory_and_an_unexpected_error_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from service.api import create_app, normalising
    from service.api.capacity import guard_for

    limit = 64 * 2**20  # room for one page (capacity.PER_PAGE is 8 MiB), but others hold it
    tight = create_app({"TESTING": True, "NORMALISER_WORKER_MEMORY_BYTES": limit})
    body = orjson.dumps(_JSON_CASES["page"])
    release = guard_for(limit).reserve(limit - 1000)  # other pages hold nearly all of it
    try:
        hot, flask_alone = _both_ways(tight, body, "application/json")
    finally:
        release()
    assert hot == flask_alone and hot[0].startswith("503") and ("Retry-After", "2") in hot[1]

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the core broke")

    monkeypatch.setattr(normalising, "normalise", broken)
    hot, flask_alone = _both_ways(tight, body, "application/json")
    assert hot == flask_alone and hot[0].startswith("500")


def test_with_api_keys_the_hot_path_needs_a_valid_one() -> None:
    from service.api import create_app

    keyed = create_app({"TESTING": True, "NORMALISER_API_KEYS": "s3cret"})
    body = orjson.dumps(_JSON_CASES["page"])
    for authorization in ("Bearer s3cret", "Bearer wrong", ""):
        hot, flask_alone = _both_ways(keyed, body, "application/json", Authorization=authorization)
        assert hot == flask_alone
        assert hot[0].split()[0] == ("200" if authorization == "Bearer s3cret" else "401")


def test_json_pages_do_not_enter_flask_and_the_other_requests_do(app: Flask) -> None:
    from flask import request_started

    entered: list[str] = []

    def record(sender: object, **extra: object) -> None:
        from flask import request

        entered.append(f"{request.mimetype} {request.query_string.decode()}".strip())

    page = {"text": _PAGE, "reference_time": _TIME}
    request_started.connect(record, app)
    try:
        client = app.test_client()
        assert client.post("/v1/normalise", json=page).status_code == 200
        assert client.post("/v1/normalise?timezone=UTC", json=page).status_code == 200
        assert client.post("/v1/normalise", data=_PAGE, content_type="text/plain").status_code
        gzipped = {"Content-Encoding": "gzip"}
        assert client.post("/v1/normalise", json=page, headers=gzipped).status_code == 415
    finally:
        request_started.disconnect(record, app)
    assert entered == ["application/json timezone=UTC", "text/plain", "application/json"]


# --- the access log written without a LogRecord per line --------------------------------------


def _file_only(logger: accesslog.JsonAccessLogger, monkeypatch: pytest.MonkeyPatch) -> None:
    """The access logger with its file handler alone (pytest adds its capturing handler)."""
    handler = next(h for h in logger.access_log.handlers if isinstance(h, logging.FileHandler))
    monkeypatch.setattr(logger.access_log, "handlers", [handler])


def _log_once(logger: accesslog.JsonAccessLogger) -> None:
    response = SimpleNamespace(
        status="200 OK", status_code=200, sent=15, headers=[("X-Request-ID", "abc")]
    )
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/h\u2028z", "REMOTE_ADDR": "127.0.0.1"}
    logger.access(response, None, environ, timedelta(milliseconds=2))
    for handler in logger.access_log.handlers:
        handler.flush()


def test_the_access_log_line_is_the_same_either_way(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accesslog.time, "time", lambda: 1742817600.25)
    written = []
    for name, plain in (("fast", accesslog.plain_handler), ("standard", lambda log: None)):
        monkeypatch.setattr(accesslog, "plain_handler", plain)
        path = f"{tmp_path}/{name}.log"
        logger = _access_logger(path)
        _file_only(logger, monkeypatch)
        assert (accesslog.plain_handler(logger.access_log) is None) == (name == "standard")
        _log_once(logger)
        with open(path, encoding="utf-8") as log:
            written.append(log.read())
    assert written[0] == written[1]
    assert written[0].count("\n") == 1 and "\\u2028" in written[0]


def test_the_access_logger_is_written_directly_only_when_plain(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger = _access_logger(f"{tmp_path}/access.log")
    _file_only(logger, monkeypatch)
    assert accesslog.plain_handler(logger.access_log) is logger.access_log.handlers[0]
    handler = logger.access_log.handlers[0]
    handler.setFormatter(logging.Formatter("access: %(message)s"))
    assert accesslog.plain_handler(logger.access_log) is None
    _log_once(logger)
    with open(f"{tmp_path}/access.log", encoding="utf-8") as log:
        assert log.read().startswith('access: {"time":')


# --- workers, threads and the collector (gunicorn.conf.py) -----------------------------------


def test_one_worker_per_core_with_two_threads_by_default(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import runpy

    from tests.api.test_gunicorn import ROOT

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == len(os.sched_getaffinity(0))
    assert config["threads"] == 2
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"]) == (3, 4)


def test_workers_collect_the_young_generation_less_often(tmp_path: object) -> None:
    import subprocess
    import sys

    from tests.api.test_gunicorn import ROOT

    code = (
        "import gc, os, runpy\n"
        f"os.environ['PROMETHEUS_MULTIPROC_DIR'] = {str(tmp_path)!r}\n"
        f"config = runpy.run_path({str(ROOT / 'gunicorn.conf.py')!r})\n"
        "config['when_ready'](None)\n"
        "print(gc.get_threshold(), gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[0] == "(20000, 20, 20) True"
