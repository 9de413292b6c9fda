"""Validated options in, article dict (or a problem) out: shared by single and batch requests.

>>> from service.api.config import Settings
>>> result = normalise_item({"id": "a", "text": "Hello.", "reference_time": "2025-03-24T12:00:00Z"},
...                         Settings(), mode=None)
>>> result["id"], result["status"], result["article"]["body"]
('a', 200, 'Hello.')
>>> normalise_item({"id": "b"}, Settings(), mode=None)["error"]["errors"]
{'text': ['Missing data for required field.']}
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from time import perf_counter, thread_time
from typing import Any

from marshmallow import Schema, ValidationError

from service.api import metrics
from service.api.bodies import page_bytes, too_large
from service.api.capacity import guard_for, page_memory
from service.api.config import Settings
from service.api.fields import known_time_zones, parse_reference_time
from service.api.problems import (
    Problem,
    from_validation_error,
    invalid_fields,
    redacted_traceback,
)
from service.api.request_hints import query_options
from service.api.schemas import (
    MAX_URL_CHARS,
    BatchItemSchema,
    NormaliseQuerySchema,
    NormaliseRequestSchema,
)
from service.json_types import json_type
from service.normalise import BudgetExceededError, InvalidOptionError, WorkBudget, normalise
from service.normalise.html import normalise_html
from service.normalise.site_furniture import SiteMemory

log = logging.getLogger("service.api")

REQUEST_SCHEMA = NormaliseRequestSchema()
QUERY_SCHEMA = NormaliseQuerySchema()
ITEM_SCHEMA = BatchItemSchema()


def load(schema: Schema, data: object) -> dict[str, Any]:
    """Validate ``data`` with ``schema``; 422 problem listing every invalid field."""
    if not isinstance(data, Mapping):
        raise invalid_fields({"body": [f"must be a JSON object, not {json_type(data)}"]})
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


#: REQUEST_SCHEMA's fields in its order (the order ``load`` returns them in).
_REQUEST_FIELDS = tuple(REQUEST_SCHEMA.fields)
_PLAIN_FIELDS = frozenset(_REQUEST_FIELDS) - {"html"}
_MAX_TIMEZONE_CHARS = 64


def load_plain_request(data: object) -> dict[str, Any] | None:
    """What ``load(REQUEST_SCHEMA, data)`` returns, without marshmallow, for the usual body: a
    string ``text`` and valid options (or nulls). ``None`` for anything else (``html``, an unknown
    or invalid field…), which ``load`` then reads, with its own messages for what is wrong.

    >>> load_plain_request({"text": "Hi", "reference_time": "2025-03-24T17:30:00+05:30"})
    {'reference_time': datetime.datetime(2025, 3, 24, 12, 0, tzinfo=datetime.timezone.utc), \
'text': 'Hi'}
    >>> load_plain_request({"text": "Hi", "timezone": "Mars/Olympus"}) is None
    True
    """
    if (
        type(data) is not dict
        or type(data.get("text")) is not str
        or not data.keys() <= (_PLAIN_FIELDS)
    ):
        return None
    fields: dict[str, Any] = {}
    for name in _REQUEST_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if value is None or name == "text":
            fields[name] = value
        elif type(value) is not str:
            return None
        elif name == "reference_time":
            try:
                fields[name] = parse_reference_time(value)
            except ValueError:
                return None
        elif name == "timezone":
            if len(value) > _MAX_TIMEZONE_CHARS or value not in known_time_zones():
                return None
            fields[name] = value
        elif len(value) > MAX_URL_CHARS:  # url
            return None
        else:
            fields[name] = value
    return fields


def load_request(data: object) -> dict[str, Any]:
    """A JSON ``/v1/normalise`` body's fields: ``load_plain_request``, else marshmallow."""
    fields = load_plain_request(data)
    return load(REQUEST_SCHEMA, data) if fields is None else fields


def load_query(args: Mapping[str, str]) -> dict[str, Any]:
    """Options given as query parameters (first value of each; unknown names are refused)."""
    if not args:
        return {}
    return load(QUERY_SCHEMA, query_options(args, QUERY_SCHEMA.fields))


def run(
    text: str,
    options: Mapping[str, Any],
    settings: Settings,
    *,
    mode: str | None,
    budget: WorkBudget | None = None,
    furniture: SiteMemory | None = None,
) -> dict[str, Any]:
    """Check the page's size, hold its memory, normalise it within the work budget (``budget``,
    shared by a JSON batch's items; by default one of its own) and count it under ``mode``
    (None: not counted); problems for a too-large or too-costly page, a worker without the
    memory for it, or an option the core refuses. ``furniture``: what the other pages of a
    batch or stream show of this page's site (its repeated lines are removed)."""
    size = page_bytes(text)
    if size > settings.max_page_bytes:
        raise too_large("the page", size, settings.max_page_bytes, "NORMALISER_MAX_PAGE_BYTES")
    if budget is None:
        budget = WorkBudget(settings.work_budget_seconds)
    elif budget.spent():
        raise Problem(
            "too-costly",
            f"the request's work budget of {budget.seconds:g} s was spent before this page "
            "was reached (NORMALISER_WORK_BUDGET_SECONDS; the items of a JSON batch share it): "
            "send fewer items per batch, or NDJSON, where each line has a budget of its own",
        )
    started, cpu_started = perf_counter(), thread_time()
    with guard_for(settings.worker_memory_bytes).hold(page_memory(text, size)):
        try:
            article = normalise(
                text,
                reference_time=options.get("reference_time"),
                timezone=options.get("timezone") or None,
                url=options.get("url"),
                budget=budget,
                site_furniture=furniture.page_evidence(text, options.get("url"))
                if furniture is not None
                else None,
            )
        except InvalidOptionError as exc:
            raise invalid_fields({exc.field: [exc.message]}) from exc
        except BudgetExceededError as exc:
            raise too_costly(exc) from exc
    if mode:
        metrics.count_document(mode, article["format"])
        metrics.observe_article(
            article, size, perf_counter() - started, thread_time() - cpu_started
        )
    return article


def too_costly(error: BudgetExceededError) -> Problem:
    """The 422 for a page whose work passed the budget, with what to do about it.

    >>> too_costly(BudgetExceededError(20, 9000, 80000)).detail.split(";")[0]
    'normalising this page took longer than its budget of 20 s (stopped at line 9000 of 80000)'
    """
    return Problem(
        "too-costly",
        f"{error}; the budget is set by the operator (NORMALISER_WORK_BUDGET_SECONDS). "
        "Pages of thousands of date lines cost most: send the article's own part of the page",
    )


def run_html(
    html: bytes | str,
    options: Mapping[str, Any],
    settings: Settings,
    *,
    mode: str | None,
    charset: str | None = None,
    budget: WorkBudget | None = None,
) -> dict[str, Any]:
    """As ``run``, for a page's HTML: bytes in ``charset`` (else the document's own or
    detected), or text from a JSON ``html`` member. The size limit is the page limit."""
    size = len(html) if isinstance(html, bytes) else page_bytes(html)
    if size > settings.max_page_bytes:
        raise too_large("the page", size, settings.max_page_bytes, "NORMALISER_MAX_PAGE_BYTES")
    try:
        article = normalise_html(
            html,
            reference_time=options.get("reference_time"),
            timezone=options.get("timezone") or None,
            url=options.get("url"),
            charset=charset,
            budget=budget or WorkBudget(settings.work_budget_seconds),
        )
    except InvalidOptionError as exc:
        raise invalid_fields({exc.field: [exc.message]}) from exc
    except BudgetExceededError as exc:
        raise too_costly(exc) from exc
    if mode:
        metrics.count_document(mode, article["format"])
    return article


def run_fields(
    fields: Mapping[str, Any],
    settings: Settings,
    *,
    mode: str | None,
    budget: WorkBudget | None = None,
    furniture: SiteMemory | None = None,
) -> dict:
    """Normalise a validated JSON body or batch item: its ``text`` or its ``html`` (site
    furniture is judged on text pages only: an HTML page's main content is found already)."""
    if fields.get("html") is not None:
        return run_html(fields["html"], fields, settings, mode=mode, budget=budget)
    return run(fields["text"], fields, settings, mode=mode, budget=budget, furniture=furniture)


def normalise_item(
    item: object,
    settings: Settings,
    *,
    mode: str | None,
    line: int | None = None,
    budget: WorkBudget | None = None,
    furniture: SiteMemory | None = None,
) -> dict[str, Any]:
    """One batch result: ``{id, status: 200, article}`` or ``{id, status, error}``; never raises
    for any item (an unexpected failure becomes that item's 500). ``furniture``: the batch's or
    stream's memory of the lines its sites repeat."""
    item_id = item.get("id") if isinstance(item, Mapping) else None
    if not isinstance(item_id, str):
        item_id = None
    try:
        fields = load(ITEM_SCHEMA, item)
        article = run_fields(fields, settings, mode=mode, budget=budget, furniture=furniture)
    except Problem as problem:
        return failure(item_id, problem, mode=mode, line=line)
    except Exception as exc:
        log.error(
            "unexpected error normalising batch item %r\n%s", item_id, redacted_traceback(exc)
        )
        problem = Problem("internal-error", "unexpected error normalising this item")
        return failure(item_id, problem, mode=mode, line=line)
    return {"id": fields["id"], "status": 200, "article": article}


def failure(
    item_id: str | None, problem: Problem, *, mode: str | None, line: int | None
) -> dict[str, Any]:
    """A failed batch result; NDJSON results name the input line in the problem."""
    if line is not None:
        problem.line = line
        problem.detail = f"line {line}: {problem.detail}"
    if mode:
        metrics.REJECTED.labels(mode=mode, status=str(problem.status)).inc()
    return {"id": item_id, "status": problem.status, "error": problem.as_dict()}
