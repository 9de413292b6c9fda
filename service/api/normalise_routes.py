"""``POST /v1/normalise`` and ``POST /v1/normalise/batch``.

The hot path never dumps the article with marshmallow: the core returns a JSON-ready dict
and orjson writes it. The schemas on the decorators document the answers (flask-smorest
passes a returned ``Response`` through untouched).
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response, current_app, request, stream_with_context
from flask_smorest import Blueprint

from service.api import bodies, metrics, request_hints
from service.api.batch import json_batch_answer, json_batch_results, ndjson_results
from service.api.capacity import guard_for
from service.api.config import Settings
from service.api.normalising import (
    QUERY_SCHEMA,
    load,
    load_query,
    load_request,
    run,
    run_fields,
    run_html,
)
from service.api.problems import Problem
from service.api.schemas import (
    ArticleSchema,
    BatchFailureSchema,
    BatchItemSchema,
    BatchQuerySchema,
    BatchRequestSchema,
    BatchResponseSchema,
    BatchSuccessSchema,
    NormaliseQuerySchema,
    NormaliseRequestSchema,
)
from service.api.smorest import doc, doc_only, problem_docs
from service.normalise.html.decode import codec_name

blp = Blueprint(
    "normalise",
    __name__,
    url_prefix="/v1",
    description="Raw scraped pages in, clean predictable JSON articles out.",
)

JSON_MIMETYPE = "application/json"
HTML_MEDIA_TYPE = "text/html"
#: No ``type``: any bytes are a page's HTML (a broken document still gets an article), so
#: there is no body of the wrong type to refuse.
RAW_HTML_SCHEMA = {
    "description": "The page's HTML, any bytes: charset from the Content-Type, else the "
    "document's `<meta charset>`, else detected. At most NORMALISER_MAX_PAGE_BYTES bytes.",
}
FORM_MEDIA_TYPE = bodies.FORM
RAW_PAGE_SCHEMA = {
    "type": "string",
    "description": "The raw page, in the charset the Content-Type names (UTF-8 when it "
    "names none).",
}


def settings() -> Settings:
    return current_app.config["NORMALISER"]


def json_response(payload: object) -> Response:
    return Response(orjson.dumps(payload), status=200, mimetype=JSON_MIMETYPE)


@blp.route("/normalise", methods=["POST"])
@doc(
    operationId="normalise",
    summary="Normalise one page",
    description=(
        "Send the raw page either as JSON (`text` plus options) or as the whole "
        "`text/plain` body with the options as query parameters, so that "
        "`curl -H 'Content-Type: text/plain' --data-binary @page.txt` just works. "
        "Query parameters are read with either content type; a JSON field of the same "
        "name wins over its query parameter. Unknown JSON fields are refused (422) so "
        "that a misspelt option does not pass silently; so are unknown query parameters "
        "(`?ref_time=`), with the known names in the message. A `reference_time` offset whose "
        "`+` the query string turned into a space (`…T17:30:00 05:30`) is read as `+05:30`. "
        "`application/x-www-form-urlencoded` (what `curl --data-binary @page.txt` sends "
        "when no Content-Type is given) is read exactly like `text/plain`: the body is the "
        "raw page, never decoded as a form. `text/html` (or an `html` member instead of "
        "`text` in JSON) is a page's HTML: its main content becomes the body, and the "
        "markup's headline, times, authors, site, canonical address, image and language are "
        "read; dropped blocks are listed in `removed` with the HTML document's line numbers."
    ),
    requestBody={
        "required": True,
        "description": "The page. JSON bodies may be up to twice NORMALISER_MAX_PAGE_BYTES "
        "(room for escaping); the page itself at most NORMALISER_MAX_PAGE_BYTES as UTF-8.",
        "content": {
            "application/json": {"schema": NormaliseRequestSchema},
            "text/plain": {"schema": RAW_PAGE_SCHEMA},
            FORM_MEDIA_TYPE: {"schema": RAW_PAGE_SCHEMA},
            HTML_MEDIA_TYPE: {"schema": RAW_HTML_SCHEMA},
        },
    },
    parameters=[{"in": "query", "schema": NormaliseQuerySchema}],
)
@doc_only(
    blp.response(200, ArticleSchema, description="The normalised article."),
    *problem_docs(
        blp,
        s400="Malformed JSON, or a text/plain body that does not decode in its charset.",
        s401="API keys are configured and no valid `Authorization: Bearer <key>` was sent.",
        s413="The body or the page is over its limit; `detail` states the limit.",
        s414="The request line (path and query) is over 8190 bytes: send long options "
        "(such as `url`) in a JSON body. Answered by the HTTP server itself.",
        s431="A header line is over 8190 bytes. Answered by the HTTP server itself.",
        s415="A Content-Type other than application/json, text/plain, text/html or "
        "application/x-www-form-urlencoded, or an unknown charset.",
        s422="Invalid fields: `errors` maps each to its messages (missing or non-string "
        "`text`, `reference_time` without an offset, unknown `timezone`, unknown fields); "
        "or `too-costly`: normalising the page took longer than the operator's work budget "
        "(NORMALISER_WORK_BUDGET_SECONDS) and was stopped.",
        s503="`over-capacity`: the worker holds as many pages as its memory allows "
        "(NORMALISER_WORKER_MEMORY_BYTES); retry after Retry-After seconds.",
    ),
)
def normalise_page() -> Response:
    config = settings()
    kind = bodies.media_type()
    bodies.refuse_content_encoding()
    if kind == bodies.JSON:
        body = bodies.read_body(
            config.max_json_body_bytes, "the JSON body", "twice NORMALISER_MAX_PAGE_BYTES"
        )
        data = bodies.parse_json(body, bodies.charset())
        if request.args and isinstance(data, dict):
            data = {**_query_defaults(), **data}
        fields = load_request(data)
        return json_response(run_fields(fields, config, mode="single"))
    if kind == HTML_MEDIA_TYPE:
        return json_response(_normalise_html_body(config))
    if kind in (bodies.TEXT, bodies.FORM):  # curl --data-binary sends the form type
        body = bodies.read_body(config.max_page_bytes, "the page", "NORMALISER_MAX_PAGE_BYTES")
        request_hints.check_line_breaks_kept(body, kind)
        text = bodies.decode_text(body, bodies.charset())
        fields = load_query(request.args)
    else:
        raise bodies.unsupported((bodies.JSON, bodies.TEXT, HTML_MEDIA_TYPE, bodies.FORM))
    return json_response(run(text, fields, config, mode="single"))


def _normalise_html_body(config: Settings) -> dict[str, Any]:
    """A ``text/html`` body: the page's HTML bytes, options as query parameters."""
    charset = bodies.charset()
    if charset is not None and codec_name(charset) is None:
        raise Problem("unsupported-media-type", f"charset {charset[:40]!r} is not supported")
    body = bodies.read_body(config.max_page_bytes, "the page", "NORMALISER_MAX_PAGE_BYTES")
    return run_html(body, load_query(request.args), config, mode="single", charset=charset)


def _query_defaults() -> dict[str, Any]:
    """Query options in their wire form, to be validated with the JSON body."""
    load_query(request.args)  # reject bad query values with their own messages
    return request_hints.query_options(request.args, QUERY_SCHEMA.fields)


NDJSON_ITEMS_SCHEMA = {
    "description": "Each line: one JSON item (schema: BatchItem); a line "
    "that is not one is answered with an error result.",
    "anyOf": [BatchItemSchema, {}],
}
_BATCH_OK = "One result per item, in item order (JSON), or one per line, streamed (NDJSON)."


@blp.route("/normalise/batch", methods=["POST"])
@doc(
    operationId="normaliseBatch",
    summary="Normalise many pages",
    description=(
        'JSON: `{"items": [...]}` answered with `{"results": [...]}` in item order. '
        "NDJSON (`application/x-ndjson`, also read as `application/jsonl`): one item per line "
        "in, one result per line out, "
        "streamed both ways (the server reads a line, answers it, reads the next), so a job "
        "can push thousands of pages in one request. Each item succeeds or fails on its own: "
        "a failed item's result carries the problem that item alone would have got (with "
        "its `line` for NDJSON; a line that is not JSON, is cut off or is over "
        "NORMALISER_MAX_NDJSON_LINE_BYTES gets an error result too). Blank NDJSON lines "
        "are skipped. Ids are not checked for uniqueness. The server reads the request in "
        "pieces of up to 1 KiB, so the answer to a line may wait for up to 1 KiB of what "
        "follows it: a client that waits for each answer before sending its next line should "
        "pad its lines to 1 KiB with trailing spaces.\n\n"
        "Budgets: the items of a JSON batch share one work budget "
        "(NORMALISER_WORK_BUDGET_SECONDS); once it is spent, each item left gets a "
        "`too-costly` result without being worked on. Each NDJSON line has a budget of its "
        "own. Both answers are written a result at a time, never built whole.\n\n"
        "Detecting a cut answer (a worker killed mid-answer, a network fault), whatever the "
        "HTTP version: a JSON answer that was cut is not valid JSON (it ends with `]}` only "
        "when complete). An NDJSON answer has exactly one result line per non-blank input "
        "line, each ending in a newline: fewer lines than were sent, or a last line without "
        "its newline, means it was cut. A worker that is shutting down ends an NDJSON stream "
        "with a `shutting-down` (503) result whose `line` is the first input line it did not "
        "read: send the lines from there again.\n\n"
        "Site furniture (on by default; `?site_furniture=false` turns it off): a short body "
        "line of a text page that stands on at least two other pages of the same host (from "
        "the items' `url`) in the same request is that site's template, not the article: it is "
        "removed with the reason `site_furniture`, its `detail` saying on how many pages. A "
        "JSON batch first reads every item's lines and judges each page on all the others; an "
        "NDJSON stream judges each page on the lines before it only, so the first two pages of "
        "a host keep their furniture. The title, date lines, bylines and a page's whole body "
        "are never taken; items without `url` and HTML items are not judged; nothing is kept "
        "between requests."
    ),
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": BatchRequestSchema},
            "application/x-ndjson": {"schema": NDJSON_ITEMS_SCHEMA},
            "application/jsonl": {"schema": NDJSON_ITEMS_SCHEMA},
        },
    },
    parameters=[{"in": "query", "schema": BatchQuerySchema}],
)
@doc_only(
    blp.response(200, BatchResponseSchema, description=_BATCH_OK),
    blp.alt_response(
        200,
        schema={
            "description": "Each line: one result (BatchSuccess or BatchFailure), in input order.",
            "oneOf": [BatchSuccessSchema, BatchFailureSchema],
        },
        content_type="application/x-ndjson",
        description=_BATCH_OK,
        success=True,
    ),
    *problem_docs(
        blp,
        s400="The JSON body is malformed.",
        s401="API keys are configured and no valid `Authorization: Bearer <key>` was sent.",
        s413="The JSON body is over NORMALISER_MAX_BATCH_BYTES; `detail` states the limit.",
        s431="A header line is over 8190 bytes. Answered by the HTTP server itself.",
        s415="A Content-Type other than application/json or application/x-ndjson (or its "
        "alias application/jsonl); `detail` shows a curl line for each.",
        s422='The JSON body is not `{"items": [...]}` or holds more than '
        "NORMALISER_MAX_BATCH_ITEMS items.",
        s503="`over-capacity`: the worker cannot hold this JSON batch body in memory now "
        "(NORMALISER_WORKER_MEMORY_BYTES); retry after Retry-After seconds.",
    ),
)
def normalise_batch() -> Response:
    config = settings()
    furniture = _batch_query()["site_furniture"]
    kind = bodies.media_type()
    bodies.refuse_content_encoding()
    if kind == bodies.JSON:
        body = bodies.read_body(
            config.max_batch_bytes, "the JSON batch body", "NORMALISER_MAX_BATCH_BYTES"
        )
        # The body and its parsed items stay in memory while the answer is written.
        release = guard_for(config.worker_memory_bytes).reserve(BATCH_BODY_FACTOR * len(body))
        try:
            data = bodies.parse_json(body, bodies.charset())
            del body
            results = json_batch_results(data, config, mode="batch", site_furniture=furniture)
        except BaseException:
            release()
            raise
        response = Response(_json_batch(results), status=200, mimetype=JSON_MIMETYPE)
        response.call_on_close(release)
        return response
    if kind in request_hints.NDJSON_ALIASES:
        bodies.require_utf8_ndjson()
        stream = bodies.line_reader(request.stream)
        return Response(
            stream_with_context(
                _counted(ndjson_results(stream, config, mode="ndjson", site_furniture=furniture))
            ),
            status=200,
            mimetype=bodies.NDJSON,
        )
    raise request_hints.batch_unsupported(request.headers.get("Content-Type"))


BATCH_QUERY_SCHEMA = BatchQuerySchema()


def _batch_query() -> dict[str, Any]:
    """The batch's own options (``site_furniture``); a page's options go in its item, so any
    other query parameter is refused (422, naming the known ones): it would be ignored."""
    if not request.args:
        return BATCH_QUERY_SCHEMA.load({})
    options = request_hints.query_options(
        request.args,
        BATCH_QUERY_SCHEMA.fields,
        hint=" (a page's options go in its item: each item takes them)",
    )
    return load(BATCH_QUERY_SCHEMA, options)


#: A parsed JSON batch holds its texts as str (up to twice their UTF-8 size) beside the body.
BATCH_BODY_FACTOR = 3


def _json_batch(results: Any) -> Any:
    count = [0]
    yield from json_batch_answer(results, count)
    metrics.BATCH_ITEMS.labels(kind="json").observe(count[0])


def _counted(lines: Any) -> Any:
    count = 0
    for line in lines:
        count += 1
        yield line
    metrics.BATCH_ITEMS.labels(kind="ndjson").observe(count)
