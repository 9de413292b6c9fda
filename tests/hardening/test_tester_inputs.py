"""The outside tester's smaller findings (issue 12, items 5 and 7), through the Flask app."""

from __future__ import annotations

import gzip

import pytest

from service.api.accesslog import one_line
from tests.hardening.conftest import app_with

QUERY = "?reference_time=2025-03-24T12:00:00Z"


@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode", "unicode_escape"])
def test_a_charset_that_is_no_charset_is_refused(charset: str) -> None:
    """``undefined`` raised UnicodeError (not UnicodeDecodeError): a 500; punycode is also
    superlinear (2 MiB took 77 s)."""
    client = app_with().test_client()
    answer = client.post(
        "/v1/normalise" + QUERY,
        data=b"Hello \xff world",
        content_type=f"text/plain; charset={charset}",
    )
    assert answer.status_code == 415, answer.data[:200]
    assert answer.get_json()["type"].endswith(":unsupported-media-type")


def test_a_compressed_body_is_refused_with_a_hint() -> None:
    client = app_with().test_client()
    packed = gzip.compress(b"Storm closes the road\n\nThe road closed.")
    answer = client.post(
        "/v1/normalise" + QUERY,
        data=packed,
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
    )
    assert answer.status_code == 415
    assert "uncompressed" in answer.get_json()["detail"]
    unlabelled = client.post("/v1/normalise" + QUERY, data=packed, content_type="text/plain")
    assert unlabelled.status_code == 400
    assert "looks gzip-compressed" in unlabelled.get_json()["detail"]


def test_ndjson_in_another_charset_is_refused_not_misread() -> None:
    client = app_with().test_client()
    line = '{"id": "a", "text": "caf\u00e9"}\n'.encode("latin-1")
    answer = client.post(
        "/v1/normalise/batch", data=line, content_type="application/x-ndjson; charset=latin-1"
    )
    assert answer.status_code == 415
    assert "UTF-8" in answer.get_json()["detail"]
    utf8 = client.post(
        "/v1/normalise/batch",
        data=line.decode("latin-1").encode(),
        content_type="application/x-ndjson; charset=utf-8",
    )
    assert utf8.status_code == 200


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "posix/Europe/London"])
def test_a_host_file_is_not_a_time_zone(zone: str) -> None:
    client = app_with().test_client()
    answer = client.post(
        f"/v1/normalise{QUERY}&timezone={zone}", data=b"Hello.", content_type="text/plain"
    )
    assert answer.status_code == 422
    assert "timezone" in answer.get_json()["errors"]


@pytest.mark.parametrize("path", ["./index.html", "x/../index.html", ".//index.html"])
def test_the_raw_playground_template_is_never_served(path: str) -> None:
    client = app_with().test_client()
    answer = client.get("/playground/assets/" + path)
    assert answer.status_code == 404
    assert b"{{" not in answer.data


def test_an_access_log_record_stays_one_line_for_unicode_readers() -> None:
    record = one_line('{"path": "/a\u0085b\u2028c\u2029d"}')
    assert len(record.splitlines()) == 1
    assert "\\u0085" in record and "\\u2028" in record and "\\u2029" in record
