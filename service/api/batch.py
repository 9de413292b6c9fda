"""Batches: a JSON list answered at once, or NDJSON streamed line by line in both directions.

The NDJSON reader never holds more than one line: each input line is read, normalised and
written out before the next is read, so a job can push any number of pages.

Site furniture (``service.normalise.site_furniture``; on unless the request says
``site_furniture=false``): a JSON batch holds all its items, so it first reads every text page's
short lines (a cheap pass: no normalising) and judges each page on all the others of its host;
an NDJSON stream can only judge a page on the lines before it, so the first pages of a host keep
their furniture. The memory lives for one request only.

>>> import io
>>> from service.api.config import Settings
>>> lines = b'{"id": "a", "text": "Hi.", "reference_time": "2025-03-24T12:00:00Z"}\\n{"id": "b"'
>>> out = [orjson.loads(r) for r in ndjson_results(io.BytesIO(lines), Settings(), mode=None)]
>>> [(r["id"], r["status"]) for r in out]
[('a', 200), (None, 400)]
>>> out[1]["error"]["line"]
2
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import IO, Any

import orjson

from service.api.bodies import too_large
from service.api.config import Settings
from service.api.normalising import failure, normalise_item
from service.api.problems import Problem, invalid_fields
from service.api.shutdown import stopping
from service.normalise import WorkBudget
from service.normalise.site_furniture import SiteMemory

_SKIP_CHUNK = 1024 * 1024
log = logging.getLogger("service.api")


def json_batch_results(
    data: object, settings: Settings, *, mode: str | None, site_furniture: bool = True
) -> Iterator[dict[str, Any]]:
    """Results for a parsed JSON batch body, made one at a time as they are read; 422 (at
    once) for a body that is not ``{"items": [...]}`` or holds more than ``max_batch_items``
    items. The items share one work budget: once it is spent, each item left gets a
    ``too-costly`` result without being worked on. With ``site_furniture``, every item's lines
    are read first, so each page is judged on all the others of its host."""
    if not isinstance(data, Mapping):
        raise invalid_fields({"body": ['must be a JSON object such as {"items": [...]}']})
    unknown = sorted(str(k) for k in data if k != "items")
    errors: dict[str, list[str]] = {key: ["Unknown field."] for key in unknown}
    items = data.get("items")
    if items is None:
        errors["items"] = ["Missing data for required field."]
    elif not isinstance(items, list):
        errors["items"] = ["Not a valid list."]
    elif len(items) > settings.max_batch_items:
        errors["items"] = [
            f"{len(items)} items; at most {settings.max_batch_items} per JSON batch "
            "(NORMALISER_MAX_BATCH_ITEMS): split it, or send NDJSON, which is not capped"
        ]
    if errors:
        raise invalid_fields(errors)
    assert isinstance(items, list)
    budget = WorkBudget(settings.work_budget_seconds)
    furniture = batch_memory(items, settings) if site_furniture else None
    return (
        normalise_item(item, settings, mode=mode, budget=budget, furniture=furniture)
        for item in _released(items)
    )


def batch_memory(items: list[Any], settings: Settings) -> SiteMemory:
    """The lines of every text item with an address, counted per host before any is judged;
    items that will be refused (not text, over the page limit) are left out.

    >>> items = [{"text": f"Menu\\nStory {n}.", "url": f"https://example.com/{n}"}
    ...          for n in range(3)]
    >>> batch_memory(items + [5, {"text": "x"}], Settings()).lines_of("https://example.com/")
    4
    """
    memory = SiteMemory(scope="batch")
    for item in items:
        if not isinstance(item, Mapping):
            continue
        text, url = item.get("text"), item.get("url")
        if isinstance(text, str) and isinstance(url, str) and len(text) <= settings.max_page_bytes:
            memory.observe(text, url)
    return memory


def _released(items: list[Any]) -> Iterator[Any]:
    """Each item in turn, dropped from the list as it is handed out, so that a page's text is
    freed once its result is written rather than held to the end of the batch.

    >>> items = ["a", "b"]
    >>> [(item, list(items)) for item in _released(items)]
    [('a', [None, 'b']), ('b', [None, None])]
    """
    for index in range(len(items)):
        item, items[index] = items[index], None
        yield item


def json_batch_answer(results: Iterator[dict[str, Any]], counted: list[int]) -> Iterator[bytes]:
    """``{"results": [...]}`` written a result at a time (the answer is never built whole);
    ``counted[0]`` holds how many were written. A cut answer is not valid JSON, so any
    client can tell it is incomplete.

    >>> count = [0]
    >>> b"".join(json_batch_answer(iter([{"id": "a"}, {"id": "b"}]), count)), count
    (b'{"results":[{"id":"a"},\\n{"id":"b"}]}\\n', [2])
    """
    yield b'{"results":['
    for result in results:
        yield (b",\n" if counted[0] else b"") + orjson.dumps(result)
        counted[0] += 1
    yield b"]}\n"


def ndjson_results(
    stream: IO[bytes], settings: Settings, *, mode: str | None, site_furniture: bool = True
) -> Iterator[bytes]:
    """One output line per non-blank input line, in order. A line that is not JSON, too long,
    or cut off (the last line, unterminated and unparsable) gets an error result naming it.
    With ``site_furniture``, each page is judged on the pages of its host before it."""
    limit = settings.max_ndjson_line_bytes
    furniture = SiteMemory(scope="stream") if site_furniture else None
    number = 0
    while True:
        try:
            raw = stream.readline(limit + 1)
        except Exception as exc:  # the client's chunked framing broke off mid-stream
            log.warning("NDJSON request stream broke off after line %d: %r", number, exc)
            problem = Problem("malformed-body", f"the request stream broke off: {exc!r:.200}")
            yield _line(failure(None, problem, mode=mode, line=number + 1))
            return
        if not raw:
            return
        number += 1
        terminated = raw.endswith(b"\n")
        if not terminated and len(raw) > limit:
            _skip_rest_of_line(stream)
            problem = too_large("the line", None, limit, "NORMALISER_MAX_NDJSON_LINE_BYTES")
            yield _line(failure(None, problem, mode=mode, line=number))
            continue
        if not raw.strip():
            continue
        yield _line(_one_line(raw, number, terminated, settings, mode, furniture))
        if stopping.is_set():
            yield _line(failure(None, _stopped(), mode=mode, line=number + 1))
            return


def _stopped() -> Problem:
    return Problem(
        "shutting-down",
        "the server is shutting down: no line from here on was read; send them again "
        "(to another replica, or after a moment)",
    )


def _one_line(
    raw: bytes,
    number: int,
    terminated: bool,
    settings: Settings,
    mode: str | None,
    furniture: SiteMemory | None = None,
) -> dict[str, Any]:
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        cut = "" if terminated else " (the stream may have been cut off)"
        problem = Problem("malformed-body", f"not valid JSON{cut}: {exc}")
        return failure(None, problem, mode=mode, line=number)
    return normalise_item(item, settings, mode=mode, line=number, furniture=furniture)


def _line(result: dict[str, Any]) -> bytes:
    return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    """Discard input up to and including the next newline (or the end)."""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return
