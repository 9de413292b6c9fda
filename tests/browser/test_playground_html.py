"""The playground takes HTML as well as text: the "HTML" choice sends the pasted page as
``text/html`` (options in the query) and shows what the service made of it.

Runs in headless Chromium against gunicorn (skips, saying why, without Playwright or Chromium).
Expected articles come from the HTML core (``normalise_html``) run in-process on the same page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from service.normalise.html import normalise_html
from tests.browser.test_playground import Page, assert_page_healthy, expect
from tests.conftest import REFERENCE_TIME

pytestmark = pytest.mark.browser

FERRY = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "ferry.html"

# Invented; its <meta> names windows-1252, but what is pasted is text: the page sends it as UTF-8
# and says so, so "café" must survive.
CAFE = (
    '<html lang="fr"><head><meta charset="windows-1252">'
    "<title>Le café du quai rouvre | Gazette du Port</title>"
    '<meta property="article:published_time" content="2025-03-20T08:15:00+01:00"></head>\n'
    "<body><article><h1>Le café du quai rouvre</h1>\n"
    "<p>Le café du quai a rouvert lundi après trois mois de travaux sur la façade.</p>\n"
    "<p>Les habitués sont revenus dès l’aube, et la terrasse était pleine à midi.</p>\n"
    "</article></body></html>\n"
)


def run_html(page: Any, server_url: str, html: str) -> list[Any]:
    """Open the playground, choose HTML, paste ``html``, normalise; the API requests made."""
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r) if "/v1/normalise" in r.url else None)
    page.goto(server_url + "/")
    page.check("#kind-html")
    page.fill("#text", html)
    page.fill("#reference-time", REFERENCE_TIME)
    page.fill("#timezone", "Europe/Paris")
    page.click("#normalise")
    page.wait_for_selector("#results:not([hidden])")
    expect()(page.locator("#normalise")).to_be_enabled()
    return requests


def test_pasted_html_is_sent_as_text_html(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    html = FERRY.read_text(encoding="utf-8")
    requests = run_html(page, server_url, html)
    (request,) = requests
    assert request.headers["content-type"] == "text/html; charset=utf-8"
    assert request.post_data == html
    query = parse_qs(urlsplit(request.url).query)
    assert query == {"reference_time": [REFERENCE_TIME], "timezone": ["Europe/Paris"]}

    expected = normalise_html(html, reference_time=REFERENCE_TIME, timezone="Europe/Paris")
    assert json.loads(page.text_content("#json")) == expected
    assert page.text_content("#field-title") == expected["title"]
    # the line view shows each HTML line's text, numbered as the document's lines are
    assert "line by line" in page.text_content("#lines-heading")
    first_paragraph = expected["body"].split("\n")[0]
    number = html.split("\n").index(f"<p>{first_paragraph}</p>") + 1
    line = page.locator(f"#line-{number}")
    assert line.get_attribute("data-roles") == "body"
    assert "<p>" not in line.text_content()
    assert_page_healthy(problems)


def test_the_documents_charset_does_not_garble_pasted_text(
    browser_page: Page, server_url: str
) -> None:
    page, problems = browser_page
    run_html(page, server_url, CAFE)
    assert page.text_content("#field-title") == "Le café du quai rouvre"
    assert json.loads(page.text_content("#json")) == normalise_html(
        CAFE, reference_time=REFERENCE_TIME, timezone="Europe/Paris"
    )
    assert_page_healthy(problems)


def test_pasted_html_is_shown_not_run(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    hostile = (
        "<html><head><title>Quay <script>alert(1)</script> news</title></head><body>\n"
        '<p>The quay <img src=x onerror="alert(2)"> reopened on Monday after repairs.</p>\n'
        '<p>Crowds came early <iframe src="javascript:alert(3)"></iframe> to see it.</p>\n'
        "</body></html>\n"
    )
    run_html(page, server_url, hostile)
    assert problems.dialogs == []
    injected = page.evaluate(
        "document.querySelectorAll('#results script, #results img, #results iframe').length"
    )
    assert injected == 0
    assert "reopened on Monday" in page.text_content("#lines")
    assert_page_healthy(problems)


def test_html_example_is_one_click_away(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    page.goto(server_url + "/playground")
    page.click("button.example >> text=HTML page")
    page.wait_for_selector("#results:not([hidden])")
    html = FERRY.read_text(encoding="utf-8")
    assert page.input_value("#text") == html
    assert page.is_checked("#kind-html")
    expected = normalise_html(html, reference_time=REFERENCE_TIME, timezone="UTC")
    assert page.text_content("#field-title") == expected["title"]
    # a text example afterwards switches back to text
    page.click("button.example >> text=Dateline page")
    expect()(page.locator("#kind-text")).to_be_checked()
    assert_page_healthy(problems)
