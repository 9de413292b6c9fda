"""The playground as a new user meets it (issue 15): an API key field, a text area that wraps,
legend words that match the row tags, examples answered at the README's reference time, and a
history table and timeline usable on a 390 px phone. Also takes the README's screenshot."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.api.playground import EXAMPLE_REFERENCE_TIME
from service.normalise import normalise
from tests.browser.test_playground import Page, assert_page_healthy, expect, run
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED
from tests.test_examples import start_service

pytestmark = pytest.mark.browser
API_KEY = "playground-key-7"
SCREENSHOT_WIDTH = 1440


def click_example(page: Any, server_url: str, label: str) -> None:
    page.goto(server_url + "/")
    page.click(f"button.example:has-text('{label}')")
    page.wait_for_selector("#results:not([hidden])")
    expect()(page.locator("#normalise")).to_be_enabled()


def test_an_example_is_answered_at_the_readmes_reference_time(
    browser_page: Page, server_url: str
) -> None:
    page, problems = browser_page
    click_example(page, server_url, "Aggregator page")
    assert page.input_value("#reference-time") == EXAMPLE_REFERENCE_TIME == "2025-03-24T12:00:00Z"
    shown = json.loads(page.text_content("#json"))
    expected = normalise(
        AGGREGATOR_SEED.read_text(encoding="utf-8"), reference_time=EXAMPLE_REFERENCE_TIME
    )
    assert shown == expected
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f'"published": {{"text": "{expected["published"]["text"]}"' in readme
    assert f'"value": "{expected["published"]["value"]}"' in readme
    assert_page_healthy(problems)

    target = os.environ.get("PLAYGROUND_SCREENSHOT")
    if target:
        page.set_viewport_size({"width": SCREENSHOT_WIDTH, "height": 1000})
        page.evaluate("document.getElementById('text').scrollTop = 0; window.scrollTo(0, 0)")
        bottom = page.evaluate(
            "document.getElementById('timeline-caption').getBoundingClientRect().bottom + 16"
        )
        page.screenshot(
            path=target,
            full_page=True,
            clip={"x": 0, "y": 0, "width": SCREENSHOT_WIDTH, "height": bottom},
        )
        record = {
            "seed": AGGREGATOR_SEED.name,
            "reference_time": EXAMPLE_REFERENCE_TIME,
            "fingerprint": shown["fingerprint"],
        }
        Path(target).with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n")


def test_legend_words_match_the_row_tags(browser_page: Page, server_url: str) -> None:
    page, problems = browser_page
    for label in ("Aggregator page", "Dateline page"):
        click_example(page, server_url, label)
        legend = " ".join(page.locator(".legend .tag").all_text_contents())
        legend_words = set(re.findall(r"[a-z]+", legend.lower()))
        tags = page.locator("#lines .line-tags .tag").all_text_contents()
        assert tags
        for tag in tags:
            first = re.findall(r"[a-z]+", tag.lower())[0]
            if tag.startswith("⚠"):
                first = "warning"
            assert first in legend_words, (tag, legend)
    assert_page_healthy(problems)


def test_the_text_area_wraps_long_lines(browser_page: Page, server_url: str) -> None:
    page, _ = browser_page
    page.goto(server_url + "/")
    page.fill("#text", "A very long line of a scraped page " * 40)
    area = page.locator("#text")
    assert area.evaluate("e => getComputedStyle(e).whiteSpace") in ("pre-wrap", "break-spaces")
    assert area.evaluate("e => e.scrollWidth <= e.clientWidth")


@pytest.fixture(scope="module")
def keyed_server_url(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_service(tmp_path_factory, NORMALISER_API_KEYS=API_KEY)


def test_the_api_key_field_lets_a_keyed_server_answer(chromium: Any, keyed_server_url: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(keyed_server_url + "/")
        page.fill("#text", DATELINE_SEED.read_text(encoding="utf-8"))
        page.click("#normalise")
        error = page.locator("#error")
        expect()(error).to_be_visible()
        assert "401" in error.text_content() and "API key" in error.text_content()
        page.fill("#api-key", API_KEY)
        run(page, keyed_server_url, DATELINE_SEED.read_text(encoding="utf-8"))
        assert json.loads(page.text_content("#json"))["format"] == "dateline"
        assert page.locator("#api-key").get_attribute("type") == "password"
    finally:
        context.close()


def test_history_and_timeline_are_usable_on_a_390_px_phone(chromium: Any, server_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        click_example(page, server_url, "Aggregator page")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # the table: nothing hidden to the side, every title readable
        wrap = page.locator("#history").locator("xpath=..")
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        title = page.locator("#history-0 td").first.bounding_box()
        assert title is not None and title["width"] >= 250
        # the timeline: drawn at the box's width, every mark inside the visible box
        box = page.locator("#timeline")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        visible = box.bounding_box()
        marks = page.locator("#timeline svg .mark")
        assert marks.count() == 51
        for i in range(marks.count()):
            mark = marks.nth(i).bounding_box()
            assert (
                visible["x"] <= mark["x"]
                and mark["x"] + mark["width"] <= visible["x"] + visible["width"]
            )
        size = page.locator("#timeline svg .row-label").first.evaluate(
            "e => e.getBoundingClientRect().height"
        )
        assert size >= 9  # labels are drawn at their size, not shrunk to fit
    finally:
        context.close()
