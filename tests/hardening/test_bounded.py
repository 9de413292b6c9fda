"""Issue 12: answers bounded by their input, a work budget per request, memory a worker can
hold, batch answers streamed, and NDJSON streams that end cleanly on shutdown."""

from __future__ import annotations

import io
import time
import tracemalloc

import orjson
import pytest

from service.api.batch import ndjson_results
from service.api.capacity import PER_TEXT_LINE, guard_for, line_count, page_memory
from service.api.config import DEFAULT_MAX_PAGE_BYTES, DEFAULT_WORKER_MEMORY_BYTES, Settings
from service.api.shutdown import stopping
from service.normalise import BudgetExceededError, WorkBudget, layout, normalise
from service.normalise.page_lines import clean_text
from tests.hardening.conftest import app_with

REFERENCE_TIME = "2025-03-24T12:00:00Z"
#: The costly shapes the tester found, each about 40 KiB.
SHAPES = {
    "replacement_lines": "\ufffd\n",
    "blank_lines": "\n",
    "title_and_blanks": "Title\n\n\n",
    "weekday_dates": "Mon, 3 Mar 2025\n",
    "numeric_dates": "4-6-25\n",
    "mojibake": "Trump\u00e2\u20ac\u2122s day\n",
}


def page_of(unit: str, size: int = 40_000) -> str:
    return unit * (size // len(unit.encode()))


#: Peak core memory while ``normalise`` runs (tracemalloc), per input byte, at most (issue 12).
MEMORY_RATIO = 40
#: The shapes whose pages once took more: U+FFFD lines 83x, blank lines 102x, a title and blank
#: lines 56x, reference-day dates 47x, numeric dates 92x (each 64 KiB, after a warm-up).
MEMORY_SHAPES = {
    **SHAPES,
    "reference_day_dates": "24 March 2025\n",
    "age_and_zone_lines": "Updated 2 hours ago | IST\n",
    "soft_wrapped_lines": "line\n",
    "normal": "Storm closes the road\n2 hours ago\n\nThe road closed at dawn, officials said.\n\n",
}


@pytest.fixture(scope="module")
def warm_core() -> None:
    """The first call of a process loads tables and compiles patterns: no page's cost."""
    for unit in MEMORY_SHAPES.values():
        normalise(page_of(unit, 4096), reference_time="2025-03-23T12:00:00Z")


def peak_memory(text: str) -> int:
    tracemalloc.start()
    try:
        normalise(text, reference_time=REFERENCE_TIME)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", sorted(MEMORY_SHAPES))
def test_peak_core_memory_is_at_most_forty_times_the_input(shape: str, warm_core: None) -> None:
    """…and the API's guard reserves at least that much (numeric dates once took 92x, the
    guard reserved 87x)."""
    text = page_of(MEMORY_SHAPES[shape], 64 * 1024)
    size = len(text.encode())
    peak = peak_memory(text)
    assert peak <= MEMORY_RATIO * size
    assert peak <= page_memory(text, size)


def test_a_large_page_of_short_lines_fits_a_worker() -> None:
    """At 500 bytes a line the guard refused any 5 MiB page of short or blank lines (413),
    though the core now holds such a page in ~30x its size."""
    size = DEFAULT_MAX_PAGE_BYTES
    for unit in ("\n", "Title\n\n\n", "4-6-25\n", "\ufffd\n"):
        text = page_of(unit, size)
        assert page_memory(text, len(text.encode())) <= DEFAULT_WORKER_MEMORY_BYTES, unit


def test_the_guard_counts_every_line_break_the_core_knows() -> None:
    """Only ``\\n`` was counted: a page of ``\\r``-broken lines reserved nothing per line."""
    assert line_count("a\rb\r\nc\u2028d\x0ce") == 5
    assert page_memory("\ufffd\r" * 1000, 4000) >= 1000 * PER_TEXT_LINE


def test_a_blank_line_makes_no_line_object() -> None:
    """A blank line was a line object of its own (~90 bytes for 1 byte of input)."""
    cleaned = clean_text("Title\n" + "\n" * 999 + "Body.")
    assert [(line.number, line.text) for line in cleaned.lines] == [(1, "Title"), (1001, "Body.")]
    assert cleaned.line_count == 1001
    assert cleaned.blank.count(1) == 999 and not cleaned.blank[1] and not cleaned.blank[1001]


def test_a_headingless_history_reads_each_line_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The list was found reading upwards and then cut reading downwards, each line read twice:
    past the bounded cache of readings, 10x the entries cost 20x the time."""
    reads: dict[str, int] = {}
    parse_age = layout.parse_age

    def counted(text: str):  # noqa: ANN202 - parse_age's own type
        reads[text] = reads.get(text, 0) + 1
        return parse_age(text)

    monkeypatch.setattr(layout, "parse_age", counted)
    entries = "".join(f"Story {i} about the talks\n{i % 50 + 1} days ago\n" for i in range(300))
    article = normalise(
        "Title\n2 months ago\n\nTitle\n\nThe Hindu\n\nBody.\n\n" + entries,
        reference_time=REFERENCE_TIME,
    )
    assert len(article["history"]) == 300
    titles = {text: count for text, count in reads.items() if text.startswith("Story")}
    assert len(titles) == 300 and set(titles.values()) == {1}


def distinct_dates(count: int = 20_000) -> str:
    """Numeric dates, no two alike (a repeated line is read once and copied, so only distinct
    lines cost a reading each, with both day orders)."""
    return "".join(
        f"{1 + i % 28}-{1 + (i // 28) % 12}-{10 + (i // 336) % 80}\n" for i in range(count)
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_answer_is_at_most_three_times_its_input(shape: str) -> None:
    """A page of U+FFFD lines once answered 39x its size (a warning and a removed entry per
    line)."""
    text = page_of(SHAPES[shape])
    article = normalise(text, reference_time=REFERENCE_TIME)
    assert len(orjson.dumps(article)) <= 3 * len(text.encode()) + 4096


def test_warnings_are_capped_per_code_with_a_count_of_the_rest() -> None:
    article = normalise(page_of("\ufffd\n", 400), reference_time=REFERENCE_TIME)
    listed = [w for w in article["warnings"] if w["code"] == "replacement_character"]
    assert len(listed) == 21
    assert [w["line"] for w in listed[:20]] == list(range(1, 21))
    assert listed[-1]["line"] is None and listed[-1]["omitted"] == 100 - 20
    assert "80 more" in listed[-1]["message"]


def test_a_run_of_removed_lines_is_one_entry_naming_its_range() -> None:
    text = "Storm closes the road\n2 hours ago\n\nThe road closed.\n" + "Share\n\n" * 6
    article = normalise(text, reference_time=REFERENCE_TIME)
    run = [r for r in article["removed"] if r["reason"] == "boilerplate"]
    assert run == [
        {"line": 5, "reason": "boilerplate", "text": "\n".join(["Share"] * 6), "last_line": 15}
    ]


def test_short_runs_keep_an_entry_per_line() -> None:
    text = "Storm closes the road\n2 hours ago\n\nThe road closed.\nShare\nShare\nShare\n"
    article = normalise(text, reference_time=REFERENCE_TIME)
    assert [r["line"] for r in article["removed"] if r["reason"] == "boilerplate"] == [5, 6, 7]


def test_the_work_budget_stops_a_costly_page_within_a_line_of_its_deadline() -> None:
    """Numeric date lines were read at ~2 ms each: 20,000 once ran ~40 s with no bound."""
    text = distinct_dates()
    start = time.monotonic()
    with pytest.raises(BudgetExceededError) as raised:
        normalise(text, reference_time=REFERENCE_TIME, budget=WorkBudget(0.3))
    assert time.monotonic() - start < 3.0
    assert raised.value.lines == 20_000 and 0 < raised.value.line < 20_000


def test_a_page_over_the_budget_is_a_problem_not_a_hang() -> None:
    client = app_with((("NORMALISER_WORK_BUDGET_SECONDS", "0.2"),)).test_client()
    answer = client.post(
        "/v1/normalise?reference_time=2025-03-24T12:00:00Z",
        data=distinct_dates().encode(),
        content_type="text/plain",
    )
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    problem = answer.get_json()
    assert problem["type"].endswith(":too-costly")
    assert "NORMALISER_WORK_BUDGET_SECONDS" in problem["detail"]


def test_a_json_batch_shares_one_budget() -> None:
    client = app_with((("NORMALISER_WORK_BUDGET_SECONDS", "0.2"),)).test_client()
    costly = {"id": "costly", "text": distinct_dates()}
    cheap = {"id": "cheap", "text": "Hello.", "reference_time": REFERENCE_TIME}
    answer = client.post("/v1/normalise/batch", json={"items": [costly, cheap]})
    assert answer.status_code == 200 and answer.is_streamed
    results = orjson.loads(answer.data)["results"]
    assert [r["status"] for r in results] == [422, 422]
    assert "spent before" in results[1]["error"]["detail"]


def test_a_json_batch_answer_is_written_a_result_at_a_time() -> None:
    client = app_with().test_client()
    items = [{"id": str(n), "text": "Hello.", "reference_time": REFERENCE_TIME} for n in range(3)]
    answer = client.post("/v1/normalise/batch", json={"items": items})
    assert answer.is_streamed
    assert [r["id"] for r in orjson.loads(answer.data)["results"]] == ["0", "1", "2"]


def test_a_page_no_worker_could_hold_is_refused() -> None:
    client = app_with((("NORMALISER_WORKER_MEMORY_BYTES", str(1 << 20)),)).test_client()
    answer = client.post(
        "/v1/normalise", data=page_of("\ufffd\n", 100_000).encode(), content_type="text/plain"
    )
    assert answer.status_code == 413
    assert "NORMALISER_WORKER_MEMORY_BYTES" in answer.get_json()["detail"]


def test_a_busy_worker_refuses_what_it_cannot_hold_now() -> None:
    limit = 64 << 20
    client = app_with((("NORMALISER_WORKER_MEMORY_BYTES", str(limit)),)).test_client()
    page = "Storm closes the road\n\nThe road closed at dawn.\n" * 2000
    with guard_for(limit).hold(limit - (1 << 20)):
        answer = client.post("/v1/normalise", data=page.encode(), content_type="text/plain")
    assert answer.status_code == 503
    assert answer.get_json()["type"].endswith(":over-capacity")
    assert answer.headers["Retry-After"] == "2"
    again = client.post("/v1/normalise", data=page.encode(), content_type="text/plain")
    assert again.status_code == 200


def test_an_ndjson_stream_ends_with_the_first_unread_line_on_shutdown() -> None:
    lines = b"".join(
        orjson.dumps({"id": str(n), "text": "Hi.", "reference_time": REFERENCE_TIME}) + b"\n"
        for n in range(5)
    )
    results = ndjson_results(io.BytesIO(lines), Settings(), mode=None)
    try:
        first = orjson.loads(next(results))
        stopping.set()
        rest = [orjson.loads(line) for line in results]
    finally:
        stopping.clear()
    assert first["status"] == 200
    assert [r["status"] for r in rest] == [503]
    assert rest[0]["error"]["line"] == 2
    assert rest[0]["error"]["type"].endswith(":shutting-down")


def test_the_added_fields_are_in_the_published_spec() -> None:
    """``omitted`` and ``last_line`` are contract additions: the answer validates against
    openapi.yaml (SpecClient checks every answer)."""
    from tests.api.openapi_check import SpecClient

    client = SpecClient(app_with().test_client())
    page = "\ufffd\n" * 30 + "Share\n\n" * 6
    answer = client.post(
        "/v1/normalise?reference_time=2025-03-24T12:00:00Z",
        data=page.encode(),
        content_type="text/plain",
    )
    assert answer.status == 200
    assert answer.json()["warnings"][-1]["omitted"] == 10
    assert [r["last_line"] for r in answer.json()["removed"] if "last_line" in r] == [30, 41]
