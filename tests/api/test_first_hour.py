"""A new user's first requests: what is unambiguous is accepted, and every refusal carries the
hint that leads to a working request (issue 15)."""

from __future__ import annotations

import orjson
import pytest
from flask import Flask

from service.normalise import normalise
from tests.api.openapi_check import SpecClient, assert_problem
from tests.conftest import REFERENCE_TIME

PATH = "/v1/normalise"
BATCH = "/v1/normalise/batch"
FORM = "application/x-www-form-urlencoded"
PAGE = "Leaders met in Geneva on Monday.\n\nThey agreed to meet again next year.\n"


# --- the batch's 415 names types that work --------------------------------------------------


@pytest.mark.parametrize("content_type", [FORM, "text/plain", None])
def test_batch_415_hint_leads_to_a_working_request(app: Flask, content_type: str | None) -> None:
    client = app.test_client()
    line = orjson.dumps({"id": "a", "text": PAGE, "reference_time": REFERENCE_TIME})
    headers = {"Content-Type": content_type} if content_type else {}
    problem = assert_problem(client.post(BATCH, data=line, headers=headers), 415)
    # the hint must not suggest a type the batch refuses, and must name both it reads
    assert "text/plain" not in problem["detail"].replace(content_type or "", "")
    assert "application/x-ndjson" in problem["detail"]
    assert "application/json" in problem["detail"]
    # following it works
    answer = client.post(BATCH, data=line, content_type="application/x-ndjson")
    assert answer.status_code == 200


@pytest.mark.parametrize("alias", ["application/jsonl", "application/x-jsonlines"])
def test_json_lines_under_its_other_names_is_read_as_ndjson(app: Flask, alias: str) -> None:
    body = b"\n".join(
        orjson.dumps({"id": name, "text": PAGE, "reference_time": REFERENCE_TIME})
        for name in ("a", "b")
    )
    answer = app.test_client().post(BATCH, data=body, content_type=alias)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "application/x-ndjson"
    ids = [orjson.loads(line)["id"] for line in answer.get_data().splitlines()]
    assert ids == ["a", "b"]


# --- a "+" turned into a space by the query string ----------------------------------------------


def test_an_offset_whose_plus_became_a_space_is_read_as_plus(app: Flask) -> None:
    # what `curl '...?reference_time=2025-03-24T17:30:00+05:30'` sends: the + is not encoded
    query = "reference_time=2025-03-24T17:30:00+05:30"
    client = app.test_client()
    for content_type in ("text/plain", "application/json"):
        data = PAGE.encode() if content_type == "text/plain" else orjson.dumps({"text": PAGE})
        answer = client.post(f"{PATH}?{query}", data=data, content_type=content_type)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.json["reference_time"] == "2025-03-24T12:00:00Z"


# --- unknown query parameters: refused like unknown JSON fields ----------------------------------


def test_a_misspelt_query_parameter_is_422_naming_the_known_ones(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        data=PAGE.encode(),
        content_type="text/plain",
        query_string={"ref_time": REFERENCE_TIME},
        request_valid=None,
    )
    problem = assert_problem(answer.response, 422)
    assert list(problem["errors"]) == ["ref_time"]
    message = problem["errors"]["ref_time"][0]
    assert all(name in message for name in ("reference_time", "timezone", "url"))


def test_query_options_on_a_batch_are_refused_not_ignored(app: Flask) -> None:
    body = orjson.dumps({"items": [{"id": "a", "text": PAGE}]})
    answer = app.test_client().post(
        f"{BATCH}?reference_time={REFERENCE_TIME}", data=body, content_type="application/json"
    )
    problem = assert_problem(answer, 422)
    assert "each item" in problem["errors"]["reference_time"][0]


# --- curl -d @page.txt ---------------------------------------------------------------------------


def test_a_page_whose_line_breaks_curl_d_stripped_gets_a_hint(app: Flask) -> None:
    page = "\n".join(f"Line {n} of a page that had many lines before curl -d." for n in range(20))
    stripped = page.replace("\n", "").encode()  # what curl -d @page.txt sends
    answer = app.test_client().post(PATH, data=stripped, content_type=FORM)
    problem = assert_problem(answer, 400)
    assert "--data-binary" in problem["detail"]
    # the way out works: --data-binary keeps the breaks; a one-line page as text/plain
    client = app.test_client()
    assert client.post(PATH, data=page.encode(), content_type=FORM).status_code == 200
    assert client.post(PATH, data=stripped, content_type="text/plain").status_code == 200


def test_a_short_one_line_form_body_is_still_a_page(app: Flask) -> None:
    answer = app.test_client().post(PATH, data=b"A short note.", content_type=FORM)
    assert answer.status_code == 200


# --- encodings -----------------------------------------------------------------------------------


def test_a_non_utf8_page_gets_a_400_naming_the_charset_parameter(app: Flask) -> None:
    page = "Le café a ouvert à Genève.\n".encode("latin-1")
    problem = assert_problem(
        app.test_client().post(PATH, data=page, content_type="text/plain"), 400
    )
    assert "charset=" in problem["detail"]
    fixed = app.test_client().post(PATH, data=page, content_type="text/plain; charset=windows-1252")
    assert fixed.status_code == 200
    assert fixed.json["body"] == "Le café a ouvert à Genève."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_page_with_a_utf16_or_utf32_bom_is_recognised(app: Flask, codec: str) -> None:
    raw = PAGE.encode(codec)
    if codec == "utf-16-be":
        raw = b"\xfe\xff" + raw
    answer = app.test_client().post(
        f"{PATH}?reference_time={REFERENCE_TIME}", data=raw, content_type="text/plain"
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.json == normalise(PAGE, reference_time=REFERENCE_TIME)


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "meant"),
    [
        ("/v1/normalize", "/v1/normalise"),
        ("/v1/normalise/", "/v1/normalise"),
        ("/v1/normalize/batch", "/v1/normalise/batch"),
        ("/v1/normalise/batch/", "/v1/normalise/batch"),
    ],
)
def test_a_near_miss_path_is_a_404_naming_the_right_one(app: Flask, path: str, meant: str) -> None:
    answer = app.test_client().post(path, data=PAGE.encode(), content_type="text/plain")
    problem = assert_problem(answer, 404)
    assert f"POST {meant}?" in problem["detail"]


def test_an_unrelated_path_is_a_plain_404(app: Flask) -> None:
    problem = assert_problem(app.test_client().get("/nothing/here"), 404)
    assert "did you mean" not in problem["detail"]
