"""POST /v1/normalise/batch removes the furniture a site repeats across the request's pages."""

from __future__ import annotations

import orjson
from flask import Flask

from tests.api.openapi_check import NDJSON, SpecClient, assert_problem
from tests.site_pages import PLEA, PROMPT, lakeside_body, lakeside_items

PATH = "/v1/normalise/batch"


def ndjson(items: list[dict]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def furniture(article: dict) -> list[tuple[str, str]]:
    return [(r["text"], r["detail"]) for r in article["removed"] if r["reason"] == "site_furniture"]


def test_a_json_batch_judges_each_page_on_all_the_others(api: SpecClient) -> None:
    answer = api.post(PATH, json={"items": lakeside_items()})
    assert answer.status == 200
    for number, result in enumerate(answer.json()["results"]):
        article = result["article"]
        assert article["body"] == lakeside_body(number)
        detail = "appears on 3 other pages of lakeside.example in this batch"
        assert furniture(article) == [(PLEA, detail), (PROMPT, detail)]


def test_an_ndjson_stream_judges_each_page_on_the_pages_before_it(api: SpecClient) -> None:
    answer = api.post(PATH, data=ndjson(lakeside_items()), content_type=NDJSON)
    assert answer.status == 200
    articles = [result["article"] for result in answer.lines()]
    assert [PLEA in article["body"] for article in articles] == [True, True, False, False]
    assert articles[3]["body"] == lakeside_body(3)
    assert furniture(articles[2])[0] == (
        PLEA,
        "appears on 2 earlier pages of lakeside.example in this stream",
    )


def test_site_furniture_false_keeps_every_page_as_it_is_alone(app: Flask, api: SpecClient) -> None:
    items = lakeside_items()
    alone = [
        app.test_client().post("/v1/normalise", json={k: v for k, v in item.items() if k != "id"})
        for item in items
    ]
    json_answer = api.post(f"{PATH}?site_furniture=false", json={"items": items})
    stream = api.post(f"{PATH}?site_furniture=false", data=ndjson(items), content_type=NDJSON)
    json_articles = [r["article"] for r in json_answer.json()["results"]]
    stream_articles = [r["article"] for r in stream.lines()]
    for single, from_json, from_stream in zip(alone, json_articles, stream_articles, strict=True):
        expected = {k: v for k, v in single.json.items() if k != "warnings"}
        assert {k: v for k, v in from_json.items() if k != "warnings"} == expected
        assert {k: v for k, v in from_stream.items() if k != "warnings"} == expected
        assert PLEA in from_json["body"]


def test_items_without_an_address_are_not_judged(api: SpecClient) -> None:
    items = [{k: v for k, v in item.items() if k != "url"} for item in lakeside_items()]
    results = api.post(PATH, json={"items": items}).json()["results"]
    assert all(PLEA in result["article"]["body"] for result in results)


def test_a_bad_site_furniture_value_is_422(app: Flask) -> None:
    answer = app.test_client().post(
        f"{PATH}?site_furniture=perhaps", json={"items": lakeside_items()}
    )
    problem = assert_problem(answer, 422)
    assert list(problem["errors"]) == ["site_furniture"]


def test_an_unknown_batch_query_parameter_names_site_furniture(app: Flask) -> None:
    answer = app.test_client().post(
        f"{PATH}?site_furnture=false", data=ndjson(lakeside_items()), content_type=NDJSON
    )
    problem = assert_problem(answer, 422)
    message = problem["errors"]["site_furnture"][0]
    assert "known: site_furniture" in message and "each item" in message
