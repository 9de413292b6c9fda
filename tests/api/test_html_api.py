"""HTML in over HTTP: ``text/html`` bodies, the JSON ``html`` member and batch items."""

from __future__ import annotations

import orjson

from service.normalise.html import normalise_html
from tests.api.openapi_check import SpecClient, assert_problem
from tests.conftest import REFERENCE_TIME

PATH = "/v1/normalise"
PAGE = (
    '<html lang="de"><head><meta charset="windows-1252"><title>Fähre fährt wieder | Hafenblatt'
    '</title><meta property="article:published_time" content="2025-03-02T09:30:00+01:00">'
    '<meta property="og:site_name" content="Hafenblatt"></head><body><nav><a href="/">Start</a>'
    "</nav><article><h1>Fähre fährt wieder</h1>"
    "<p>Die Hafenfähre hat am Montag nach einer Woche Reparaturen den Betrieb aufgenommen.</p>"
    "<p>Die Ingenieure ersetzten zwei Poller und einen Teil der Gangway, so der Hafen.</p>"
    "<p>Fahrgäste standen schon früh am Morgen an, das erste Boot fuhr elf Minuten später.</p>"
    "</article></body></html>"
)


def test_text_html_body_reads_the_meta_charset(api: SpecClient) -> None:
    answer = api.post(
        PATH,
        data=PAGE.encode("cp1252"),
        content_type="text/html",
        query_string={"reference_time": REFERENCE_TIME},
    )
    assert answer.status == 200
    article = answer.json()
    assert article["title"] == "Fähre fährt wieder"
    assert article["published"]["value"] == "2025-03-02T08:30:00Z"
    assert article["site_name"] == "Hafenblatt"
    assert article["language"] == "de"
    assert article["body"].startswith("Die Hafenfähre hat am Montag")
    assert "Start" not in article["body"]


def test_header_charset_wins_over_the_meta_charset(api: SpecClient) -> None:
    page = PAGE.replace("windows-1252", "koi8-r")
    answer = api.post(
        PATH,
        data=page.encode("cp1252"),
        content_type="text/html; charset=windows-1252",
        query_string={"reference_time": REFERENCE_TIME},
    )
    assert answer.json()["title"] == "Fähre fährt wieder"


def test_json_html_member_equals_the_core(api: SpecClient) -> None:
    answer = api.post(PATH, json={"html": PAGE, "reference_time": REFERENCE_TIME})
    assert answer.status == 200
    expected = normalise_html(PAGE, reference_time=REFERENCE_TIME)
    assert answer.response.get_data() == orjson.dumps(expected)


def test_text_and_html_together_are_422(api: SpecClient) -> None:
    answer = api.post(PATH, json={"text": "x", "html": "<p>x</p>"}, request_valid=False)
    problem = assert_problem(answer.response, 422)
    assert list(problem["errors"]) == ["html"]


def test_unknown_charset_is_415(api: SpecClient) -> None:
    answer = api.post(
        PATH, data=b"<p>x</p>", content_type="text/html; charset=klingon-8", request_valid=None
    )
    assert_problem(answer.response, 415)


def test_html_over_the_page_limit_is_413(small_api: SpecClient) -> None:
    answer = small_api.post(PATH, data=b"<p>" + b"x" * 2001, content_type="text/html")
    problem = assert_problem(answer.response, 413)
    assert "NORMALISER_MAX_PAGE_BYTES" in problem["detail"]


def test_hostile_html_is_answered(api: SpecClient) -> None:
    deep = b"<div>" * 50_000 + b"<p>Deep down there is a sentence.</p>"
    answer = api.post(PATH, data=deep, content_type="text/html", request_valid=None)
    assert answer.status == 200
    assert "Deep down there is a sentence." in answer.json()["body"]


def test_batch_items_take_html(api: SpecClient) -> None:
    items = [
        {"id": "h", "html": PAGE, "reference_time": REFERENCE_TIME},
        {"id": "t", "text": "Plain text.", "reference_time": REFERENCE_TIME},
        {"id": "both", "text": "x", "html": "<p>x</p>"},
    ]
    answer = api.post(f"{PATH}/batch", json={"items": items})
    results = {result["id"]: result for result in answer.json()["results"]}
    assert results["h"]["article"]["site_name"] == "Hafenblatt"
    assert results["t"]["article"]["body"] == "Plain text."
    assert results["both"]["status"] == 422
