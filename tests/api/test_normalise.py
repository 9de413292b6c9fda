"""POST /v1/normalise: JSON and text/plain in, the core's article out, every error a problem."""

from __future__ import annotations

import io

import orjson
import pytest

from service.normalise import normalise
from tests.api.openapi_check import SpecClient, assert_problem
from tests.conftest import REFERENCE_TIME

PATH = "/v1/normalise"


def test_json_body_gives_the_cores_article_byte_for_byte(
    api: SpecClient, aggregator_page: str
) -> None:
    answer = api.post(PATH, json={"text": aggregator_page, "reference_time": REFERENCE_TIME})
    assert answer.status == 200
    assert answer.response.mimetype == "application/json"
    expected = normalise(aggregator_page, reference_time=REFERENCE_TIME)
    assert answer.response.get_data() == orjson.dumps(expected)
    assert answer.json()["format"] == "aggregator"
    assert answer.json()["published"]["text"] == "2\u00a0months ago".replace("\u00a0", " ")


def test_text_plain_body_with_query_options_equals_the_json_call(
    api: SpecClient, dateline_page: str
) -> None:
    options = {
        "reference_time": REFERENCE_TIME,
        "timezone": "Asia/Kolkata",
        "url": "https://x.org/a",
    }
    as_json = api.post(PATH, json={"text": dateline_page, **options})
    as_text = api.post(
        PATH,
        data=dateline_page.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        query_string=options,
    )
    assert as_text.status == as_json.status == 200
    assert as_text.response.get_data() == as_json.response.get_data()
    assert as_text.json()["url"] == "https://x.org/a"


def test_text_plain_is_decoded_in_the_declared_charset(api: SpecClient) -> None:
    page = "Café owners in Zürich protest\n\nThe café said «non».\n"
    answer = api.post(
        PATH,
        data=page.encode("latin-1"),
        content_type="text/plain; charset=ISO-8859-1",
        query_string={"reference_time": REFERENCE_TIME},
    )
    assert answer.status == 200
    assert "Café" in answer.json()["body"] + (answer.json()["title"] or "")


def test_text_plain_without_charset_is_utf8(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        data="Zürich: a café closed.".encode(),
        content_type="text/plain",
        query_string={"reference_time": REFERENCE_TIME},
    )
    assert answer.status == 200
    assert "Zürich" in answer.json()["body"]


def test_json_fields_win_over_query_parameters(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        json={"text": "Hello.", "reference_time": REFERENCE_TIME},
        query_string={"reference_time": "2020-01-01T00:00:00Z", "url": "https://q.example/p"},
    )
    assert answer.status == 200
    assert answer.json()["reference_time"] == REFERENCE_TIME
    assert answer.json()["url"] == "https://q.example/p"


def test_without_reference_time_the_request_time_is_assumed_and_warned(api: SpecClient) -> None:
    answer = api.post(PATH, json={"text": "Hello."})
    assert answer.status == 200
    codes = [w["code"] for w in answer.json()["warnings"]]
    assert "reference_time_assumed" in codes


def test_null_options_mean_absent(api: SpecClient) -> None:
    answer = api.post(PATH, json={"text": "Hi.", "reference_time": None, "timezone": None})
    assert answer.status == 200
    assert "reference_time_assumed" in [w["code"] for w in answer.json()["warnings"]]


def test_offsets_are_converted_to_utc(api: SpecClient) -> None:
    answer = api.post(PATH, json={"text": "Hi.", "reference_time": "2025-03-24T17:30:00+05:30"})
    assert answer.json()["reference_time"] == "2025-03-24T12:00:00Z"


def test_empty_text_is_still_an_article(api: SpecClient) -> None:
    answer = api.post(PATH, json={"text": "", "reference_time": REFERENCE_TIME})
    assert answer.status == 200
    assert answer.json()["body"] == ""


# --- 400 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b'{"text": "a",}', b"\xff\xfe{}", b'{"text": "\\ud800"}', b"nul"],
    ids=["empty", "unclosed", "trailing-comma", "not-utf8", "lone-surrogate", "bare-word"],
)
def test_malformed_json_is_400(api: SpecClient, body: bytes) -> None:
    answer = api.post(PATH, data=body, content_type="application/json", request_valid=None)
    problem = assert_problem(answer.response, 400)
    assert problem["type"].endswith(":malformed-body")


def test_text_that_does_not_decode_in_its_charset_is_400(api: SpecClient) -> None:
    answer = api.post(
        PATH, data=b"caf\xe9", content_type="text/plain; charset=utf-8", request_valid=None
    )
    problem = assert_problem(answer.response, 400)
    assert problem["type"].endswith(":undecodable-text")
    assert "utf-8" in problem["detail"] and "byte 3" in problem["detail"]


# --- 413 ----------------------------------------------------------------------------------


def test_page_over_the_limit_is_413_naming_the_limit(small_api: SpecClient) -> None:
    page = "word " * 500  # 2,500 bytes > 2,000
    answer = small_api.post(PATH, json={"text": page})
    problem = assert_problem(answer.response, 413)
    assert "2000 bytes" in problem["detail"] and "NORMALISER_MAX_PAGE_BYTES" in problem["detail"]


def test_page_limit_counts_utf8_bytes_not_characters(small_api: SpecClient) -> None:
    page = "é" * 1500  # 1,500 characters, 3,000 bytes
    answer = small_api.post(PATH, data=page.encode(), content_type="text/plain")
    assert_problem(answer.response, 413)


def test_text_body_over_the_limit_is_refused_from_content_length(small_api: SpecClient) -> None:
    answer = small_api.post(PATH, data=b"x" * 2001, content_type="text/plain")
    problem = assert_problem(answer.response, 413)
    assert "is 2001 bytes" in problem["detail"]


def test_json_envelope_may_be_twice_the_page_limit(small_api: SpecClient) -> None:
    # 1,000 quotes escape to 2,000 bytes of JSON: the page is small, the envelope is not.
    answer = small_api.post(PATH, json={"text": '"' * 1000, "reference_time": REFERENCE_TIME})
    assert answer.status == 200
    too_big = small_api.post(PATH, json={"text": '"' * 2100})
    assert "twice NORMALISER_MAX_PAGE_BYTES" in assert_problem(too_big.response, 413)["detail"]


def test_chunked_body_over_the_limit_is_cut_off_while_reading(small_app) -> None:  # noqa: ANN001
    body = CountingStream(b"x" * 1_000_000)  # no Content-Length: the reader must count
    response = small_app.test_client().post(
        PATH,
        input_stream=body,
        content_type="text/plain",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    problem = assert_problem(response, 413)
    assert "over 2000 bytes" in problem["detail"]
    assert body.read_bytes < 10_000, "stopped reading soon after the limit"


class CountingStream(io.BytesIO):
    """A request body that counts how much of it the server read."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


# --- 415 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/xml", "multipart/form-data; boundary=x"],
)
def test_other_content_types_are_415(api: SpecClient, content_type: str) -> None:
    answer = api.post(PATH, data=b"hello", content_type=content_type, request_valid=False)
    problem = assert_problem(answer.response, 415)
    assert "application/json or text/plain" in problem["detail"]


def test_form_content_type_is_read_as_the_raw_page(api: SpecClient) -> None:
    """``curl --data-binary @page.txt`` sends application/x-www-form-urlencoded: the body is
    still the page (never decoded as a form: '&', '=', '+' and '%' survive), options in the
    query."""
    page = "Leaders met in Geneva.\n\nThey agreed that A & B = C + D, with 100%20 support.\n"
    answer = api.post(
        PATH + "?reference_time=2025-03-24T12:00:00Z&timezone=Europe/Paris",
        data=page.encode("utf-8"),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.response.status_code == 200
    article = answer.response.json
    assert article["reference_time"] == "2025-03-24T12:00:00Z"
    assert article["paragraphs"] == [
        "Leaders met in Geneva.",
        "They agreed that A & B = C + D, with 100%20 support.",
    ]


def test_missing_content_type_is_415(app) -> None:  # noqa: ANN001
    response = app.test_client().post(PATH, data=b"hello")
    assert_problem(response, 415)


def test_unknown_charset_is_415(api: SpecClient) -> None:
    answer = api.post(
        PATH, data=b"hi", content_type="text/plain; charset=klingon-8", request_valid=None
    )
    assert "klingon-8" in assert_problem(answer.response, 415)["detail"]


def test_binary_codec_as_charset_is_415(api: SpecClient) -> None:
    answer = api.post(
        PATH, data=b"aGk=", content_type="text/plain; charset=base64", request_valid=None
    )
    assert_problem(answer.response, 415)


# --- 422 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": "x", "reference_time": "2025-03-24T12:00:00"}, "reference_time", "no UTC offset"),
        ({"text": "x", "reference_time": "2025-03-24"}, "reference_time", "RFC 3339"),
        ({"text": "x", "reference_time": "2025-02-30T12:00:00Z"}, "reference_time", "real date"),
        ({"text": "x", "reference_time": "yesterday"}, "reference_time", "RFC 3339"),
        ({"text": "x", "reference_time": 1711281600}, "reference_time", "Must be a string"),
        ({"text": "x", "timezone": "Mars/Olympus_Mons"}, "timezone", "unknown time zone"),
        ({"text": "x", "timezone": "../../etc/passwd"}, "timezone", "unknown time zone"),
        ({"text": 42}, "text", "Not a valid string"),
        ({"text": None}, "text", "may not be null"),
        ({"reference_time": REFERENCE_TIME}, "text", "Missing data"),
        ({"text": "x", "referece_time": REFERENCE_TIME}, "referece_time", "Unknown field"),
        ({"text": "x", "url": 7}, "url", "Not a valid string"),
    ],
)
def test_invalid_fields_are_422_keyed_by_field(
    api: SpecClient, body: dict, field: str, words: str
) -> None:
    # An unknown zone that looks like one is valid per the spec (the server's zone database
    # decides); everything else here is refused by the spec too.
    spec_valid = field == "timezone" and body["timezone"].startswith("Mars")
    answer = api.post(PATH, json=body, request_valid=spec_valid)
    problem = assert_problem(answer.response, 422)
    assert problem["type"].endswith(":invalid-fields")
    assert list(problem["errors"]) == [field]
    assert words in " ".join(problem["errors"][field])
    assert field in problem["detail"]


@pytest.mark.parametrize("body", [[], "text", 3, None, True], ids=repr)
def test_json_that_is_not_an_object_is_422(api: SpecClient, body: object) -> None:
    answer = api.post(
        PATH, data=orjson.dumps(body), content_type="application/json", request_valid=False
    )
    problem = assert_problem(answer.response, 422)
    assert "must be a JSON object" in problem["errors"]["body"][0]


def test_bad_query_parameter_is_422_with_text_plain(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        data=b"Hello.",
        content_type="text/plain",
        query_string={"reference_time": "2025-03-24 12:00"},
        request_valid=False,
    )
    assert "reference_time" in assert_problem(answer.response, 422)["errors"]


def test_unknown_query_parameters_are_refused_like_unknown_fields(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        data=b"Hello.",
        content_type="text/plain",
        query_string={"utm_source": "x"},
        request_valid=None,
    )
    assert list(assert_problem(answer.response, 422)["errors"]) == ["utm_source"]


def test_every_invalid_field_is_listed_at_once(api: SpecClient) -> None:
    body = {"text": 1, "timezone": "Nowhere/Land", "extra": True}
    problem = assert_problem(api.post(PATH, json=body, request_valid=False).response, 422)
    assert set(problem["errors"]) == {"text", "timezone", "extra"}
