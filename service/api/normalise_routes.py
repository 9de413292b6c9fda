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
from service.api.batch import json_batch_results, ndjson_results
from service.api.config import Settings
from service.api.normalising import QUERY_SCHEMA, REQUEST_SCHEMA, load, load_query, run
from service.api.schemas import (
    ArticleSchema,
    BatchFailureSchema,
    BatchItemSchema,
    BatchRequestSchema,
    BatchResponseSchema,
    BatchSuccessSchema,
    NormaliseQuerySchema,
    NormaliseRequestSchema,
)
from service.api.smorest import doc_only, problem_docs

blp = Blueprint(
    "normalise",
    __name__,
    url_prefix="/v1",
    description="Raw scraped pages in, clean predictable JSON articles out.",
)

JSON_MIMETYPE = "application/json"
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
@blp.doc(
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
        "raw page, never decoded as a form."
    ),
    requestBody={
        "required": True,
        "description": "The page. JSON bodies may be up to twice NORMALISER_MAX_PAGE_BYTES "
        "(room for escaping); the page itself at most NORMALISER_MAX_PAGE_BYTES as UTF-8.",
        "content": {
            "application/json": {"schema": NormaliseRequestSchema},
            "text/plain": {"schema": RAW_PAGE_SCHEMA},
            FORM_MEDIA_TYPE: {"schema": RAW_PAGE_SCHEMA},
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
        s415="A Content-Type other than application/json, text/plain or "
        "application/x-www-form-urlencoded, or an unknown charset.",
        s422="Invalid fields: `errors` maps each to its messages (missing or non-string "
        "`text`, `reference_time` without an offset, unknown `timezone`, unknown fields).",
    ),
)
def normalise_page() -> Response:
    config = settings()
    kind = bodies.media_type()
    if kind == bodies.JSON:
        body = bodies.read_body(
            config.max_json_body_bytes, "the JSON body", "twice NORMALISER_MAX_PAGE_BYTES"
        )
        data = bodies.parse_json(body, bodies.charset())
        if request.args and isinstance(data, dict):
            data = {**_query_defaults(), **data}
        fields = load(REQUEST_SCHEMA, data)
        text = fields["text"]
    elif kind in (bodies.TEXT, bodies.FORM):  # curl --data-binary sends the form type
        body = bodies.read_body(config.max_page_bytes, "the page", "NORMALISER_MAX_PAGE_BYTES")
        request_hints.check_line_breaks_kept(body, kind)
        text = bodies.decode_text(body, bodies.charset())
        fields = load_query(request.args)
    else:
        raise bodies.unsupported((bodies.JSON, bodies.TEXT, bodies.FORM))
    return json_response(run(text, fields, config, mode="single"))


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
@blp.doc(
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
        "pad its lines to 1 KiB with trailing spaces."
    ),
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": BatchRequestSchema},
            "application/x-ndjson": {"schema": NDJSON_ITEMS_SCHEMA},
            "application/jsonl": {"schema": NDJSON_ITEMS_SCHEMA},
        },
    },
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
    ),
)
def normalise_batch() -> Response:
    config = settings()
    _refuse_batch_query()
    kind = bodies.media_type()
    if kind == bodies.JSON:
        body = bodies.read_body(
            config.max_batch_bytes, "the JSON batch body", "NORMALISER_MAX_BATCH_BYTES"
        )
        data = bodies.parse_json(body, bodies.charset())
        results = json_batch_results(data, config, mode="batch")
        metrics.BATCH_ITEMS.labels(kind="json").observe(len(results))
        return json_response({"results": results})
    if kind in request_hints.NDJSON_ALIASES:
        stream = bodies.line_reader(request.stream)
        return Response(
            stream_with_context(_counted(ndjson_results(stream, config, mode="ndjson"))),
            status=200,
            mimetype=bodies.NDJSON,
        )
    raise request_hints.batch_unsupported(request.headers.get("Content-Type"))


def _refuse_batch_query() -> None:
    """A batch takes its options in each item: a query option would be silently ignored."""
    if request.args:
        request_hints.query_options(
            request.args, (), none_known="none (a batch takes options in each item)"
        )


def _counted(lines: Any) -> Any:
    count = 0
    for line in lines:
        count += 1
        yield line
    metrics.BATCH_ITEMS.labels(kind="ndjson").observe(count)
