"""POST /v1/normalise/batch: JSON and NDJSON; each item succeeds or fails on its own."""

from __future__ import annotations

import io

import orjson
import pytest
from flask import Flask

from service.normalise import normalise
from tests.api.openapi_check import NDJSON, SpecClient, assert_problem, problem_validator
from tests.conftest import REFERENCE_TIME

PATH = "/v1/normalise/batch"


def ndjson(*items: object) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def single_answer(app: Flask, item: dict) -> dict:
    """What POST /v1/normalise answers for the item alone (without its id)."""
    body = {k: v for k, v in item.items() if k != "id"}
    response = app.test_client().post("/v1/normalise", json=body)
    return orjson.loads(response.get_data())


def test_json_batch_answers_each_item_in_order(
    api: SpecClient, aggregator_page: str, dateline_page: str
) -> None:
    items = [
        {"id": "agg", "text": aggregator_page, "reference_time": REFERENCE_TIME},
        {"id": "bad", "text": "x", "reference_time": "2025-03-24T12:00:00"},
        {
            "id": "date",
            "text": dateline_page,
            "reference_time": REFERENCE_TIME,
            "url": "https://a.b/c",
        },
    ]
    answer = api.post(PATH, json={"items": items})
    assert answer.status == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == ["agg", "bad", "date"]
    assert [r["status"] for r in results] == [200, 422, 200]
    assert results[0]["article"] == normalise(aggregator_page, reference_time=REFERENCE_TIME)
    assert results[2]["article"]["format"] == "dateline"
    assert results[2]["article"]["url"] == "https://a.b/c"


def test_a_failed_items_error_is_the_problem_it_would_get_alone(
    app: Flask, api: SpecClient
) -> None:
    items = [
        {"id": "a", "text": "x", "timezone": "Mars/Base"},
        {"id": "b", "text": 5},
        {"id": "c", "text": "x", "colour": "red"},
    ]
    results = api.post(PATH, json={"items": items}).json()["results"]
    for item, result in zip(items, results, strict=True):
        assert result["status"] == 422
        assert result["error"] == single_answer(app, item)


@pytest.mark.parametrize(
    ("item", "field", "echoed"),
    [
        ({"text": "no id"}, "id", None),
        ({"id": "", "text": "x"}, "id", ""),
        ({"id": 7, "text": "x"}, "id", None),
        ("just a string", "body", None),
        (None, "body", None),
    ],
)
def test_invalid_items_echo_a_string_id_and_null_otherwise(
    api: SpecClient, item: object, field: str, echoed: str | None
) -> None:
    results = api.post(PATH, json={"items": [item, {"id": "ok", "text": "Hello."}]}).json()[
        "results"
    ]
    assert results[0]["id"] == echoed
    assert results[0]["status"] == 422
    assert field in results[0]["error"]["errors"]
    assert results[1]["status"] == 200


def test_an_empty_batch_has_no_results(api: SpecClient) -> None:
    assert api.post(PATH, json={"items": []}).json() == {"results": []}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "items"),
        ({"items": "x"}, "items"),
        ({"items": [], "extra": 1}, "extra"),
        ([], "body"),
    ],
)
def test_a_body_that_is_not_a_batch_is_422(api: SpecClient, body: object, field: str) -> None:
    answer = api.post(PATH, json=body, request_valid=False)
    assert field in assert_problem(answer.response, 422)["errors"]


def test_too_many_items_is_422_naming_the_cap(small_api: SpecClient) -> None:
    items = [{"id": str(n), "text": "x"} for n in range(4)]
    problem = assert_problem(small_api.post(PATH, json={"items": items}).response, 422)
    assert "at most 3" in problem["errors"]["items"][0]
    assert "NDJSON" in problem["detail"]
    assert small_api.post(PATH, json={"items": items[:3]}).status == 200


def test_a_json_batch_body_over_its_cap_is_413(small_api: SpecClient) -> None:
    items = [{"id": str(n), "text": "y" * 1500} for n in range(3)]
    items_body = orjson.dumps({"items": items * 5})
    answer = small_api.post(PATH, data=items_body, content_type="application/json")
    assert "NORMALISER_MAX_BATCH_BYTES" in assert_problem(answer.response, 413)["detail"]


def test_a_page_over_the_limit_fails_only_its_item(small_api: SpecClient) -> None:
    items = [{"id": "big", "text": "z" * 2500}, {"id": "small", "text": "Hello."}]
    results = small_api.post(PATH, json={"items": items}).json()["results"]
    assert [r["status"] for r in results] == [413, 200]
    problem_validator().validate(results[0]["error"])
    assert "2000 bytes" in results[0]["error"]["detail"]


def test_malformed_json_batch_is_400(api: SpecClient) -> None:
    answer = api.post(
        PATH, data=b'{"items": [', content_type="application/json", request_valid=None
    )
    assert_problem(answer.response, 400)


def test_other_content_types_are_415(api: SpecClient) -> None:
    answer = api.post(PATH, data=b"x", content_type="text/plain", request_valid=False)
    assert "application/x-ndjson" in assert_problem(answer.response, 415)["detail"]


def test_an_unexpected_core_failure_fails_only_its_item(
    api: SpecClient, broken_core: list[str]
) -> None:
    items = [{"id": "1", "text": "fine"}, {"id": "2", "text": "BOOM"}, {"id": "3", "text": "ok"}]
    results = api.post(PATH, json={"items": items}).json()["results"]
    assert [r["status"] for r in results] == [200, 500, 200]
    assert "Traceback" not in orjson.dumps(results).decode()
    assert broken_core == ["fine", "BOOM", "ok"]


# --- NDJSON -------------------------------------------------------------------------------


def test_ndjson_answers_one_line_per_item_in_order(api: SpecClient, dateline_page: str) -> None:
    items = [
        {"id": f"p{n}", "text": f"{dateline_page}\n\nPart {n}.", "reference_time": REFERENCE_TIME}
        for n in range(5)
    ]
    answer = api.post(PATH, data=ndjson(*items), content_type=NDJSON)
    assert answer.status == 200
    assert answer.response.mimetype == NDJSON
    results = answer.lines()
    assert [r["id"] for r in results] == [f"p{n}" for n in range(5)]
    assert all(r["status"] == 200 for r in results)
    assert results[3]["article"]["paragraphs"][-1] == "Part 3."


def test_ndjson_bad_lines_get_error_results_naming_their_line(api: SpecClient) -> None:
    body = (
        b'{"id": "a", "text": "One."}\n'
        b"\n"  # blank lines are skipped but counted
        b"{not json}\n"
        b'{"id": "c", "text": "Three.", "timezone": "Nowhere/Land"}\n'
        b'["an", "array"]\n'
        b'{"id": "e", "text": "Five."}\n'
    )
    answer = api.post(PATH, data=body, content_type=NDJSON, request_valid=None)
    results = answer.lines()
    assert [(r["id"], r["status"]) for r in results] == [
        ("a", 200),
        (None, 400),
        ("c", 422),
        (None, 422),
        ("e", 200),
    ]
    assert [r["error"]["line"] for r in results if "error" in r] == [3, 4, 5]
    assert results[1]["error"]["detail"].startswith("line 3: not valid JSON")


def test_ndjson_cut_off_last_line_is_reported(api: SpecClient) -> None:
    body = b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Tw'
    results = api.post(PATH, data=body, content_type=NDJSON, request_valid=None).lines()
    assert [(r["id"], r["status"]) for r in results] == [("a", 200), (None, 400)]
    assert results[1]["error"]["line"] == 2
    assert "cut off" in results[1]["error"]["detail"]


def test_ndjson_last_line_without_newline_is_still_an_item(api: SpecClient) -> None:
    body = b'{"id": "a", "text": "One."}\r\n{"id": "b", "text": "Two."}'
    results = api.post(PATH, data=body, content_type=NDJSON).lines()
    assert [(r["id"], r["status"]) for r in results] == [("a", 200), ("b", 200)]


def test_ndjson_line_over_its_cap_fails_alone(small_api: SpecClient) -> None:
    body = ndjson(
        {"id": "a", "text": "One."},
        {"id": "big", "text": "x" * 5000},
        {"id": "c", "text": "Three."},
    )
    results = small_api.post(PATH, data=body, content_type=NDJSON).lines()
    assert [(r["id"], r["status"]) for r in results] == [("a", 200), (None, 413), ("c", 200)]
    assert "NORMALISER_MAX_NDJSON_LINE_BYTES" in results[1]["error"]["detail"]
    assert results[1]["error"]["line"] == 2


def test_ndjson_is_not_capped_in_items(small_api: SpecClient) -> None:
    body = ndjson(*({"id": str(n), "text": "x"} for n in range(10)))  # cap for JSON: 3
    assert len(small_api.post(PATH, data=body, content_type=NDJSON).lines()) == 10


def test_ndjson_is_streamed_one_line_at_a_time(app: Flask, broken_core: list[str]) -> None:
    """The answer's first line exists before the server has read the second input line."""
    source = LineCountingStream(ndjson(*({"id": str(n), "text": f"Page {n}."} for n in range(3))))
    response = app.test_client().post(
        PATH,
        content_type=NDJSON,
        input_stream=source,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
        buffered=False,
    )
    chunks = iter(response.response)
    assert orjson.loads(next(chunks))["id"] == "0"
    assert source.lines_read == 1, "the first result left before the second line was read"
    assert broken_core == ["Page 0."], "only the first page normalised so far"
    rest = b"".join(chunks)
    assert [orjson.loads(x)["id"] for x in rest.splitlines()] == ["1", "2"]
    assert source.lines_read == 4  # three lines, then the end
    response.close()


class LineCountingStream(io.BytesIO):
    lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)
