"""End-to-end: the playground page in headless Chromium against the real server (gunicorn).

Runs whenever Playwright (``pip install -e '.[browser]'``) and Debian's ``chromium`` are
installed, and skips saying which is missing otherwise:

    .venv/bin/pytest -m browser tests/browser

``PLAYGROUND_SCREENSHOT=docs/playground.png`` also saves the README's screenshot (see
test_playground_first_hour.py). Expected values come from the core (``service.normalise``) run
in-process on the same page and reference time, so the page is checked against the service.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.normalise import normalise
from tests.browser.conftest import PageProblems
from tests.conftest import AGGREGATOR_SEED, REFERENCE_TIME

pytestmark = pytest.mark.browser

Page = tuple[Any, PageProblems]


def run(page: Any, server_url: str, text: str, reference_time: str = REFERENCE_TIME) -> None:
    """Open the playground, paste ``text``, press Normalise and wait for the answer."""
    page.goto(server_url + "/")
    page.fill("#text", text)
    page.fill("#reference-time", reference_time)
    page.click("#normalise")
    page.wait_for_selector("#results:not([hidden])")
    # Locator assertions, not wait_for_function: polling a string predicate needs eval, which
    # the playground's CSP forbids (it fails whenever the first check is not already true).
    expect()(page.locator("#normalise")).to_be_enabled()


def expect() -> Any:
    """Playwright's ``expect`` (imported late: without Playwright the chromium fixture skips)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def assert_page_healthy(problems: PageProblems) -> None:
    assert problems.dialogs == []
    assert problems.page_errors == []
    # CSP violations are reported as console errors: none may happen in normal use.
    assert problems.console_errors == []


def test_aggregator_seed(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    text = AGGREGATOR_SEED.read_text(encoding="utf-8")
    expected = normalise(text, reference_time=REFERENCE_TIME)
    assert len(expected["history"]) == 50

    run(page, server_url, text)

    assert page.text_content("#field-title") == expected["title"]
    assert page.text_content("#field-source") == expected["source"]
    assert page.locator("#history tbody tr.entry").count() == len(expected["history"])
    first_row = page.locator("#history-0 td").first.text_content()
    assert first_row == expected["history"][0]["title"]

    # The trailing boilerplate line is shown struck through, with its reason and line number.
    discover = next(r for r in expected["removed"] if r["text"] == "Discover Related")
    struck = page.locator("#lines del.removed", has_text="Discover Related")
    assert struck.count() == 1
    decoration = struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    line = page.locator(f"#line-{discover['line']}")
    assert "removed: boilerplate" in line.locator(".line-tags").text_content()
    assert page.locator("#lines del.removed").count() == len(expected["removed"])

    # Lines are annotated by what became of them.
    assert page.get_attribute("#line-1", "data-roles") == "title"
    assert page.get_attribute("#line-2", "data-roles") == "date"
    history_lines = page.locator("#lines li[data-roles='history']").count()
    labels = sum(1 for h in expected["history"] if h["label"])
    assert history_lines == 2 * len(expected["history"]) + labels
    assert page.locator("#lines li[data-roles='other']").count() == 0

    # Timeline: published + every history entry, each with its value marked.
    marks = page.locator("#timeline svg .mark")
    assert marks.count() == 1 + len(expected["history"]) == 51
    published = page.locator("#timeline svg .mark[data-kind='published']")
    assert published.get_attribute("data-value") == expected["published"]["value"]
    for i in (0, 49):
        mark = page.locator(f"#timeline svg .mark[data-kind='history'][data-index='{i}']")
        assert mark.get_attribute("data-value") == expected["history"][i]["published"]["value"]
        assert (
            mark.get_attribute("data-earliest") == expected["history"][i]["published"]["earliest"]
        )
    duplicates = [i for i, h in enumerate(expected["history"]) if h["duplicate_of"] is not None]
    links = page.locator("#timeline svg .dup-link")
    assert links.count() == len(duplicates) == expected["stats"]["history_duplicates"]
    assert links.first.get_attribute("data-to") == str(
        expected["history"][duplicates[0]]["duplicate_of"]
    )

    # The raw JSON is the service's answer.
    shown = json.loads(page.text_content("#json"))
    assert shown == expected
    assert_page_healthy(problems)


def test_page_text_is_shown_not_run(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    text = (
        "Breaking: <script>alert(1)</script> in a headline\n2 hours ago\n\n"
        'Body with <img src=x onerror="alert(2)"> and <b>tags</b>.\n'
    )
    run(page, server_url, text)

    assert problems.dialogs == []
    lines = page.text_content("#lines")
    assert "<script>alert(1)</script>" in lines
    assert 'onerror="alert(2)"' in lines
    # Nothing from the page became markup anywhere in the result.
    injected = page.evaluate(
        "document.querySelectorAll('#results script, #results img, #results b').length"
    )
    assert injected == 0
    assert "<script>alert(1)</script>" in page.text_content("#json")
    assert_page_healthy(problems)


def test_example_is_one_click_away(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    page.goto(server_url + "/playground")
    page.click("button.example >> text=Aggregator page")
    page.wait_for_selector("#results:not([hidden])")
    text = AGGREGATOR_SEED.read_text(encoding="utf-8")
    assert page.input_value("#text") == text
    expected = normalise(text, reference_time=REFERENCE_TIME)
    assert page.locator("#history tbody tr.entry").count() == len(expected["history"])
    assert page.text_content("#field-title") == expected["title"]
    assert_page_healthy(problems)


def test_out_of_order_entries_are_flagged(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    entries = [("First story", "1 hour ago"), ("Second story", "5 hours ago")]
    entries += [("Third story", "2 hours ago"), ("Fourth story", "6 hours ago")]
    lines = ["A headline", "3 hours ago", "", "The body.", "", "History of this topic", ""]
    entry_lines: dict[int, int] = {}
    for index, (title, age) in enumerate(entries):
        entry_lines[len(lines) + 1] = index
        entry_lines[len(lines) + 2] = index
        lines += [title, age]
    text = "\n".join(lines) + "\n"
    expected = normalise(text, reference_time=REFERENCE_TIME)
    flagged = {
        entry_lines[w["line"]] for w in expected["warnings"] if w["code"] == "history_out_of_order"
    }
    assert flagged, "the core must flag this page"

    run(page, server_url, text)

    marks = page.locator("#timeline svg .mark[data-out-of-order='true']")
    shown = {int(marks.nth(i).get_attribute("data-index")) for i in range(marks.count())}
    assert shown == flagged
    rows = page.locator("#history tbody tr.out-of-order")
    assert {int(rows.nth(i).get_attribute("data-index")) for i in range(rows.count())} == flagged
    assert page.locator("#warnings li[data-code='history_out_of_order']").count() == len(flagged)
    assert_page_healthy(problems)


def test_keyboard_and_copy(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    response = page.goto(server_url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.input_value("#reference-time").endswith("Z")
    assert page.input_value("#timezone") == "UTC"

    page.focus("#text")
    page.keyboard.insert_text(" date 2025-01-21 Putin spoke to Xi.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results:not([hidden])")
    # Locator assertions, not wait_for_function: polling a string predicate needs eval, which
    # the playground's CSP forbids (it fails whenever the first check is not already true).
    expect()(page.locator("#normalise")).to_be_enabled()
    assert page.text_content("#field-format") == "dateline"

    # Tab from the text area reaches the Normalise button, which shows a focus ring.
    page.focus("#api-key")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "normalise"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.click("#copy-json")
    expect()(page.locator("#copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert json.loads(copied) == json.loads(page.text_content("#json"))
    assert_page_healthy(problems)


def test_phone_width(chromium: Any, server_url: str) -> None:
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        run(page, server_url, AGGREGATOR_SEED.read_text(encoding="utf-8"))
        # The page itself never scrolls sideways; the wide timeline scrolls inside its box.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert page.locator("#timeline svg .mark").count() == 51
        box = page.locator("#normalise").bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 36
    finally:
        context.close()
