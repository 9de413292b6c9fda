"""marshmallow schemas: the API's requests and responses, and the source of ``openapi.yaml``.

Request schemas validate incoming options. Response schemas only *describe* the answers:
the core already returns a JSON-ready dict, which the views serialise with orjson.

>>> NormaliseRequestSchema().load({"text": "Hi", "timezone": "Asia/Kolkata"})["timezone"]
'Asia/Kolkata'
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from service.api.fields import (
    RFC3339_PATTERN,
    TIMEZONE_PATTERN,
    Alternatives,
    ReferenceTime,
    TimeZoneName,
)
from service.api.problems import PROBLEM_TYPES
from service.api.vocabulary import (
    FORMATS,
    PRECISIONS,
    REMOVAL_REASONS,
    WARNING_CODES,
    markdown_table,
)

UTC_TIMESTAMP_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"
MAX_URL_CHARS = 8192
#: A query ``url`` is shorter: percent-encoded (up to 9 bytes a character) with the other
#: options it must fit the server's request line (gunicorn's limit_request_line, 8190 bytes).
MAX_QUERY_URL_CHARS = 800
MAX_ID_CHARS = 1024


def _utc(description: str, **kwargs: object) -> fields.String:
    return fields.String(
        metadata={
            "format": "date-time",
            "pattern": UTC_TIMESTAMP_PATTERN,
            "description": description,
        },
        **kwargs,
    )


# --- requests -----------------------------------------------------------------------------


def option_fields(*, nullable: bool, max_url_chars: int = MAX_URL_CHARS) -> dict[str, fields.Field]:
    """The options shared by JSON bodies, batch items (where null means absent) and
    text/plain query parameters (never null; ``url`` at most MAX_QUERY_URL_CHARS)."""
    return {
        "reference_time": ReferenceTime(
            allow_none=nullable,
            metadata={
                "format": "date-time",
                "pattern": RFC3339_PATTERN,
                "description": "When the page was scraped: RFC 3339 with an offset (`Z` or "
                "`±hh:mm`), years 1900-2999. Every relative age is resolved against it. "
                "Absent: the time the request arrived, with the warning "
                "`reference_time_assumed`. Without an offset: 422.",
                "examples": ["2025-03-24T12:00:00Z"],
            },
        ),
        "timezone": TimeZoneName(
            allow_none=nullable,
            validate=validate.Length(min=1, max=64),
            metadata={
                "pattern": TIMEZONE_PATTERN,
                "description": "IANA time-zone name for dates written without a zone; it always "
                "wins. Absent: such dates are read in the zone the page makes evident (warning "
                "`zone_from_page`), else as UTC with an interval widened to UTC-12..UTC+14 "
                "(warning `zone_unknown`). A name this server's time-zone database does not "
                "know: 422.",
                "examples": ["UTC", "Asia/Kolkata"],
            },
        ),
        "url": fields.String(
            allow_none=nullable,
            validate=validate.Length(max=max_url_chars),
            metadata={
                "description": "Where the page was scraped from. Echoed back as `url`; where "
                "the page names no publisher, its host name becomes `source`.",
                "examples": ["https://example.org/a/1"],
            },
        ),
    }


OptionsSchema = Schema.from_dict(option_fields(nullable=True), name="OptionsSchema")


class NormaliseRequestSchema(OptionsSchema):
    """A page to normalise. Unknown fields are rejected (422) so that typos do not pass silently."""

    text = fields.String(
        metadata={
            "description": "The raw page exactly as the scraper saved it (any line endings, "
            "NO-BREAK SPACEs, boilerplate). At most NORMALISER_MAX_PAGE_BYTES (default 5 MiB) "
            "once encoded as UTF-8; more: 413. Send `text` or `html`, not both.",
        },
    )
    html = fields.String(
        metadata={
            "description": "The page's HTML instead of its text: the main content is found, "
            "and the markup's headline, times, authors, site, address, image and language are "
            "read. Same size limit as `text`.",
        },
    )

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _text_or_html(self, data: dict, original: object, **_: object) -> None:
        """Exactly one page: ``text`` or ``html`` (as sent: one that is present but invalid
        has its own error already)."""
        check_text_or_html(original if isinstance(original, dict) else data)

    class Meta:
        ordered = True


def check_text_or_html(data: dict) -> None:
    """One of ``text`` and ``html``; the message for neither is marshmallow's own.

    >>> check_text_or_html({"text": "x", "html": "<p>x</p>"})
    Traceback (most recent call last):
    marshmallow.exceptions.ValidationError: {'html': ['send text or html, not both']}
    """
    if "text" in data and "html" in data:
        raise ValidationError({"html": ["send text or html, not both"]})
    if "text" not in data and "html" not in data:
        raise ValidationError({"text": ["Missing data for required field."]})


class NormaliseQuerySchema(  # type: ignore[misc]
    Schema.from_dict(option_fields(nullable=False, max_url_chars=MAX_QUERY_URL_CHARS))
):
    """Options as query parameters (with either body; a JSON body's fields win over these)."""

    class Meta:
        unknown = EXCLUDE


class BatchItemSchema(NormaliseRequestSchema):
    """One page of a batch: a normalise request plus the client's ``id``."""

    id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_ID_CHARS),
        metadata={"description": "The client's identifier, echoed in the item's result."},
    )

    class Meta:
        ordered = True


class BatchRequestSchema(Schema):
    """A JSON batch. Items are judged one by one: an invalid item gets its own error result."""

    items = fields.List(
        Alternatives(
            [BatchItemSchema],
            keyword="anyOf",
            extra=[{"description": "Anything else is answered by an error result for that item."}],
        ),
        required=True,
        metadata={
            "description": "The pages, answered in the same order. At most "
            "NORMALISER_MAX_BATCH_ITEMS (default 1000): more is a 422 for the whole batch "
            "(send NDJSON, which is not capped). A JSON batch body is capped at "
            "NORMALISER_MAX_BATCH_BYTES (default 64 MiB): more is a 413.",
        },
    )


class BatchQuerySchema(Schema):
    """The batch's own options, as query parameters (a page's options go in its item)."""

    site_furniture = fields.Boolean(
        load_default=True,
        metadata={
            "description": "Remove each text page's site furniture: a short body line that "
            "stands on at least two other pages of the same host (from the items' `url`) in "
            "this request (reason `site_furniture`). A JSON batch judges each page on all the "
            "others; an NDJSON stream on the pages before it, so the first two pages of a "
            "host keep theirs. Never the title, a date line, a byline or a page's whole body; "
            "items without `url`, HTML items and a page alone are not judged. `false`: off.",
        },
    )


# --- the article ----------------------------------------------------------------------------


class TimestampSchema(Schema):
    """A time as written in the page and what it means: an instant inside an honest interval."""

    text = fields.String(required=True, metadata={"description": "As written in the page."})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["relative", "absolute"]),
        metadata={"description": "`relative` (an age such as `2 months ago`) or `absolute`."},
    )
    value = _utc(
        "The best single instant: for an age, the reference time minus the age; for a written "
        "day or month, its start (in `timezone`, else UTC); for a clock time without a zone and "
        "no `timezone`, its reading in the zone the page makes evident (warning "
        "`zone_from_page`) or in UTC (warning `zone_unknown`).",
        required=True,
    )
    earliest = _utc(
        "Earliest possible instant (closed interval). The interval holds the true instant under "
        "every formatter the page may have used: truncating (Django, timeago.js) or rounding "
        "(moment.js, Babel, `Intl.RelativeTimeFormat` helpers) ages, every reading of an "
        "ambiguous date, and every zone a zone-less time could have been written in.",
        required=True,
    )
    latest = _utc("Latest possible instant (closed interval).", required=True)
    precision = fields.String(
        required=True,
        validate=validate.OneOf(PRECISIONS),
        metadata={"description": "The unit the page stated the time in."},
    )

    class Meta:
        ordered = True


class DatelineSchema(Schema):
    """A dateline opening the body, such as ``MADURAI:`` or ``Amaravati, April 9 (PTI)``."""

    place = fields.String(required=True, allow_none=True)
    agency = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, metadata={"description": "The dateline as written."})

    class Meta:
        ordered = True


class HistoryEntrySchema(Schema):
    """One entry of an aggregator page's `History of this topic`, in page order."""

    title = fields.String(required=True)
    label = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "e.g. `Top News`, `Trending News`; null when the entry has none."},
    )
    published = fields.Nested(TimestampSchema, required=True, allow_none=True)
    duplicate_of = fields.Integer(
        required=True,
        allow_none=True,
        validate=validate.Range(min=0),
        metadata={
            "description": "Index of the first entry with the same title (ignoring case, quote "
            "style, punctuation and spacing); null for a first occurrence."
        },
    )

    class Meta:
        ordered = True


class RemovedLineSchema(Schema):
    """A non-blank input line that is not part of any other field, and why."""

    line = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "1-based."}
    )
    reason = fields.String(
        required=True,
        validate=validate.OneOf(list(REMOVAL_REASONS)),
        metadata={"description": markdown_table(("reason", "meaning"), REMOVAL_REASONS)},
    )
    text = fields.String(
        required=True,
        metadata={
            "description": "The line's text; for a coalesced run (`last_line` present), the "
            "texts of its lines joined with `\\n`."
        },
    )
    last_line = fields.Integer(
        validate=validate.Range(min=2),
        metadata={
            "description": "Present only when a run of at least four removed lines with the "
            "same reason (nothing but blank lines between them) is coalesced into this entry: "
            "the run's last input line (`line` is its first). Keeps the answer bounded by its "
            "input."
        },
    )
    detail = fields.String(
        metadata={
            "description": "Present only when the evidence for the removal lies outside the "
            "line itself (`site_furniture`): that evidence in words, e.g. `appears on 3 other "
            "pages of example.com in this batch` (for a coalesced run, the range over its "
            "lines)."
        },
    )

    class Meta:
        ordered = True


class WarningSchema(Schema):
    """Something the client should know about the result."""

    code = fields.String(
        required=True,
        validate=validate.OneOf(list(WARNING_CODES)),
        metadata={"description": markdown_table(("code", "meaning"), WARNING_CODES)},
    )
    message = fields.String(required=True)
    line = fields.Integer(required=True, allow_none=True, validate=validate.Range(min=1))
    omitted = fields.Integer(
        validate=validate.Range(min=1),
        metadata={
            "description": "Present only on the final warning of a code that occurred more "
            "than 20 times: how many warnings of that code were left out (the first 20 are "
            "listed). Keeps the answer bounded by its input."
        },
    )

    class Meta:
        ordered = True


class StatsSchema(Schema):
    """Counts over the normalised article."""

    characters = fields.Integer(required=True, validate=validate.Range(min=0))
    words = fields.Integer(required=True, validate=validate.Range(min=0))
    paragraphs = fields.Integer(required=True, validate=validate.Range(min=0))
    history_entries = fields.Integer(required=True, validate=validate.Range(min=0))
    history_duplicates = fields.Integer(required=True, validate=validate.Range(min=0))

    class Meta:
        ordered = True


class ArticleSchema(Schema):
    """The normalised article. Every key is always present (the HTML-only keys when the input
    was HTML); absent values are null or empty."""

    format = fields.String(
        required=True,
        validate=validate.OneOf(list(FORMATS)),
        metadata={"description": markdown_table(("format", "layout"), FORMATS)},
    )
    title = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null when the page states none; never invented from the body."},
    )
    source = fields.String(required=True, allow_none=True, metadata={"description": "Publisher."})
    url = fields.String(required=True, allow_none=True, metadata={"description": "As given."})
    published = fields.Nested(TimestampSchema, required=True, allow_none=True)
    updated = fields.Nested(TimestampSchema, required=True, allow_none=True)
    byline = fields.String(required=True, allow_none=True)
    dateline = fields.Nested(DatelineSchema, required=True, allow_none=True)
    body = fields.String(
        required=True,
        metadata={
            "description": "NFC text; odd spaces become plain spaces, zero-width and control "
            "characters go, paragraphs are separated by exactly one blank line."
        },
    )
    paragraphs = fields.List(fields.String(), required=True)
    history = fields.List(fields.Nested(HistoryEntrySchema), required=True)
    removed = fields.List(fields.Nested(RemovedLineSchema), required=True)
    warnings = fields.List(fields.Nested(WarningSchema), required=True)
    stats = fields.Nested(StatsSchema, required=True)
    fingerprint = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9a-f]{16}$"),
        metadata={"description": "64-bit SimHash of the body's words, 16 lowercase hex digits."},
    )
    reference_time = _utc("The reference time used, in UTC.", required=True)
    language = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Regexp(r"^[a-z]{2}$"),
        metadata={
            "description": "ISO 639-1 code of the body's language, told from its script and its "
            "stop words (jusText's stoplists); null when the body is too short to tell. For HTML "
            "input, the language the markup declares (`<html lang>`) when it declares one."
        },
    )
    canonical_url = fields.String(
        allow_none=True,
        metadata={"description": "HTML input only: the page's `<link rel=canonical>`."},
    )
    image = fields.String(
        allow_none=True,
        metadata={"description": "HTML input only: the lead image (`og:image`, JSON-LD)."},
    )
    authors = fields.List(
        fields.String(),
        metadata={"description": "HTML input only: the authors the markup names, in order."},
    )
    site_name = fields.String(
        allow_none=True,
        metadata={"description": "HTML input only: `og:site_name` or the JSON-LD publisher."},
    )

    class Meta:
        ordered = True


# --- errors and batches ---------------------------------------------------------------------


class ProblemSchema(Schema):
    """RFC 9457 problem details (``application/problem+json``)."""

    type = fields.String(
        required=True,
        metadata={
            "format": "uri-reference",
            "description": "Identifies the problem type: one of "
            + ", ".join(f"`{p.uri}`" for p in PROBLEM_TYPES.values())
            + ", or `about:blank` for other HTTP errors.",
        },
    )
    title = fields.String(required=True, metadata={"description": "Short, fixed per type."})
    status = fields.Integer(
        required=True, validate=validate.Range(min=400, max=599), metadata={"description": "HTTP"}
    )
    detail = fields.String(required=True, metadata={"description": "What went wrong, this time."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "For 422: messages keyed by (dotted) field name."},
    )
    line = fields.Integer(
        validate=validate.Range(min=1),
        metadata={"description": "For NDJSON batches: the 1-based input line of the item."},
    )

    class Meta:
        ordered = True


class BatchSuccessSchema(Schema):
    """An item that was normalised."""

    id = fields.String(required=True, metadata={"description": "The item's id."})
    status = fields.Integer(required=True, validate=validate.OneOf([200]))
    article = fields.Nested(ArticleSchema, required=True)

    class Meta:
        ordered = True


class BatchFailureSchema(Schema):
    """An item that failed: ``error`` is the problem that item alone would have got."""

    id = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The item's id; null when the item has no readable id."},
    )
    status = fields.Integer(required=True, validate=validate.OneOf([400, 413, 422, 500]))
    error = fields.Nested(ProblemSchema, required=True)

    class Meta:
        ordered = True


class BatchResponseSchema(Schema):
    """One result per item, in item order."""

    results = fields.List(Alternatives([BatchSuccessSchema, BatchFailureSchema]), required=True)


class HealthSchema(Schema):
    """Liveness: the process answers."""

    status = fields.String(required=True, validate=validate.OneOf(["ok"]))


class ReadySchema(Schema):
    """Readiness: the core has normalised a page in this process."""

    status = fields.String(required=True, validate=validate.OneOf(["ready"]))
    version = fields.String(required=True, metadata={"description": "Service version."})
