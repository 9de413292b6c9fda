"""The bad-input catalogue: every hostile or broken request issue 7 lists, as data.

Each :class:`Case` is one request and what it must get: a problem (``status`` and ``type``)
or a normalised article (status 200, optionally with some ``warnings`` codes). Bodies that
are big are built lazily (a zero-argument callable) so that importing the table is free.

>>> CASES[0].name, CASES[0].status
('empty text body', 200)
>>> len({case.name for case in CASES}) == len(CASES)
True
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

PAGE_PATH = "/v1/normalise"
BATCH_PATH = "/v1/normalise/batch"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
NDJSON = "application/x-ndjson"
REFERENCE_TIME = "2025-03-24T12:00:00Z"
AT = {"reference_time": REFERENCE_TIME}

MALFORMED = "malformed-body"
UNDECODABLE = "undecodable-text"
TOO_LARGE = "too-large"
UNSUPPORTED = "unsupported-media-type"
INVALID = "invalid-fields"

HTML = "text/html"
HTML_PAGE = (
    "<html><head><title>Ferry back | Harbour News</title></head><body><nav><a href='/'>Home</a>"
    "</nav><article><h1>Ferry back</h1><p>The harbour ferry resumed its crossings on Monday "
    "after a week of repairs.</p><p>Engineers replaced two mooring posts and the gangway, the "
    "port said.</p></article></body></html>"
)
IN_HTML: dict[str, Any] = {"content_type": HTML}
MIB = 1024 * 1024
NBSP = "\u00a0"


def aggregator(age: str) -> str:
    """A small aggregator page (title, age, title again, source, body) with this age line."""
    title = "Putin, Xi discuss their close ties"
    return (
        f"{title}\n{age}\n\n{title}\n\nThe Hindu  \n\n"
        "Russian President Vladimir Putin spoke on Tuesday with Chinese President Xi Jinping.\n"
    )


def history_page(entries: int) -> str:
    """An aggregator page whose ``History of this topic`` holds ``entries`` entries (title line,
    age line), oldest last."""
    listing = "".join(
        f"Story number {n} about the talks\n{n // 2000 + 1} days ago\n" for n in range(entries)
    )
    return (
        aggregator("2 months ago")
        + "\nHistory of this topic\n\n"
        + listing
        + "\nDiscover Related\n"
    )


def html_page(inside: bytes) -> bytes:
    """``HTML_PAGE`` with ``inside`` placed before its article."""
    return HTML_PAGE.encode().replace(b"<article>", inside + b"<article>")


def json_body(value: Any) -> bytes:
    return orjson.dumps(value)


def nested(depth: int) -> bytes:
    return b'{"text": ' + b"[" * depth + b"]" * depth + b"}"


def batch_with_bad_items(count: int) -> bytes:
    """``count`` items; every 100th item is bad in one of three ways (see ``bad_item``)."""
    return json_body(
        {"items": [bad_item(n) if n % 100 == 99 else good_item(n) for n in range(count)]}
    )


def good_item(n: int) -> dict[str, Any]:
    return {"id": f"item-{n}", "text": f"Headline {n}\n\nBody of story {n}.", **AT}


def bad_item(n: int) -> dict[str, Any]:
    kinds: list[dict[str, Any]] = [
        {"id": f"item-{n}"},  # no text
        {"id": f"item-{n}", "text": "x", "timezone": "Mars/Olympus"},
        {"id": f"item-{n}", "text": 42},
    ]
    return kinds[(n // 100) % 3]


def ndjson_cut_off() -> bytes:
    lines = [json_body(good_item(n)) + b"\n" for n in range(3)]
    return b"".join(lines) + json_body(good_item(3))[:25]  # the connection broke mid-line


Body = bytes | Callable[[], bytes]


@dataclass(frozen=True)
class Case:
    """One request of the catalogue and the answer it must get."""

    name: str
    body: Body
    content_type: str | None = TEXT
    query: dict[str, str] = field(default_factory=lambda: dict(AT))
    status: int = 200
    problem: str | None = None  # the problem type slug (None: an article, or a batch answer)
    warnings: tuple[str, ...] = ()  # codes the article must carry
    no_warnings: tuple[str, ...] = ()  # codes the article must not carry
    history_entries: int | None = None  # how many history entries the article must have
    path: str = PAGE_PATH
    config: dict[str, int] = field(default_factory=dict)  # NORMALISER_* overrides

    def data(self) -> bytes:
        return self.body() if callable(self.body) else self.body


CASES: list[Case] = [
    # --- empty, blank and broken text --------------------------------------------------------
    Case("empty text body", b"", warnings=("no_body",)),
    Case("empty JSON body", b"", content_type=JSON, status=400, problem=MALFORMED),
    Case("whitespace only", " \t\n\n  \r\n\u3000\u00a0\n".encode(), warnings=("no_body",)),
    Case("invalid UTF-8", b"Title\n\nBody \xff\xfe text.", status=400, problem=UNDECODABLE),
    Case(
        "invalid UTF-8 in JSON",
        b'{"text": "\xff"}',
        content_type=JSON,
        status=400,
        problem=MALFORMED,
    ),
    Case(
        "lone surrogate escape in JSON",
        b'{"text": "\\ud800"}',
        content_type=JSON,
        status=400,
        problem=MALFORMED,
    ),
    Case(
        "UTF-16 with BOM, charset declared",
        "Title\n\nThe body of the story.".encode("utf-16"),
        content_type="text/plain; charset=utf-16",
    ),
    Case(
        "UTF-16 with BOM, charset not declared",
        "Title\n\nThe body of the story.".encode("utf-16"),
        status=400,
        problem=UNDECODABLE,
    ),
    Case(
        "UTF-16LE without BOM, charset declared",
        "Title\n\nThe body of the story.".encode("utf-16-le"),
        content_type="text/plain; charset=utf-16-le",
    ),
    # Valid UTF-8 (ASCII with NULs between): read as such; the article is junk, not an error.
    Case("UTF-16LE without BOM, charset not declared", "Title\n\nThe body.".encode("utf-16-le")),
    Case(
        "unknown charset",
        b"Hi",
        content_type="text/plain; charset=klingon",
        status=415,
        problem=UNSUPPORTED,
    ),
    Case("NUL and control bytes", b"Title\x00\n\nBody \x01\x02\x1b[31m text\x7f.\x0b\x0c\x1c"),
    Case(
        "NUL bytes in JSON text",
        json_body({"text": "a\x00b\x00\n\x01", **AT}),
        content_type=JSON,
        query={},
    ),
    Case("10 MB text body", lambda: b"x" * (10 * MIB), status=413, problem=TOO_LARGE),
    Case(
        "10 MB JSON body",
        lambda: b'{"text": "' + b"x" * (10 * MIB) + b'"}',
        content_type=JSON,
        status=413,
        problem=TOO_LARGE,
    ),
    Case("no Content-Type", b"Hi", content_type=None, status=415, problem=UNSUPPORTED),
    Case(
        "XML Content-Type", b"<a/>", content_type="application/xml", status=415, problem=UNSUPPORTED
    ),
    # --- JSON of the wrong shape --------------------------------------------------------------
    Case("JSON array", b'[{"text": "Hi"}]', content_type=JSON, status=422, problem=INVALID),
    Case("JSON number", b"12", content_type=JSON, status=422, problem=INVALID),
    Case("JSON string", b'"Hi"', content_type=JSON, status=422, problem=INVALID),
    Case("JSON null", b"null", content_type=JSON, status=422, problem=INVALID),
    Case(
        "JSON nested 100,000 deep",
        lambda: nested(100_000),
        content_type=JSON,
        status=400,
        problem=MALFORMED,
    ),
    Case(
        "JSON nested 500 deep", lambda: nested(500), content_type=JSON, status=422, problem=INVALID
    ),
    # orjson keeps the last of duplicate keys (as json.loads does): not an error.
    Case(
        "duplicate keys",
        b'{"text": "first", "text": "Second page.", "reference_time": "2025-03-24T12:00:00Z"}',
        content_type=JSON,
    ),
    Case("text is a number", b'{"text": 5}', content_type=JSON, status=422, problem=INVALID),
    Case(
        "text is an object", b'{"text": {"a": 1}}', content_type=JSON, status=422, problem=INVALID
    ),
    Case("text is null", b'{"text": null}', content_type=JSON, status=422, problem=INVALID),
    Case(
        "unknown field",
        b'{"text": "Hi", "referencetime": "x"}',
        content_type=JSON,
        status=422,
        problem=INVALID,
    ),
    Case("trailing comma", b'{"text": "Hi",}', content_type=JSON, status=400, problem=MALFORMED),
    # --- options ----------------------------------------------------------------------------
    # A bad reference_time, on a page with an age to resolve where it matters: 422.
    *[
        Case(
            f"reference_time {name}",
            body,
            query={"reference_time": value},
            status=422,
            problem=INVALID,
        )
        for name, body, value in [
            ("garbage", b"Hi", "yesterday-ish"),
            ("naive", b"Hi", "2025-03-24T12:00:00"),
            ("year 0001", aggregator("2 months ago").encode(), "0001-01-01T00:00:00Z"),
            ("year 9999", aggregator("2 months ago").encode(), "9999-12-31T23:59:59Z"),
            ("huge offset", b"Hi", "2025-03-24T12:00:00+99:00"),
        ]
    ],
    *[
        Case(name, b"Hi", query={**AT, "timezone": zone}, status=422, problem=INVALID)
        for name, zone in [
            ("unknown timezone", "Mars/Olympus"),
            ("timezone path traversal", "../../etc/passwd"),
        ]
    ],
    Case(
        "timezone in JSON of wrong type",
        json_body({"text": "Hi", "timezone": 3}),
        content_type=JSON,
        query={},
        status=422,
        problem=INVALID,
    ),
    # --- times on the page --------------------------------------------------------------------
    Case(
        "age 999999999999 years ago",
        aggregator("999999999999 years ago").encode(),
        warnings=("unparsed_time",),
    ),
    Case(
        "age of 23 digits",
        aggregator("99999999999999999999999 minutes ago").encode(),
        warnings=("unparsed_time",),
    ),
    Case("age in the future", aggregator("in 2 hours").encode(), warnings=("future_time",)),
    # --- big and strange pages ----------------------------------------------------------------
    Case("one 4 MB line", lambda: b"word " * (4 * MIB // 5)),
    Case(
        "200,000 short distinct lines",
        lambda: "".join(f"Line {n} of the page.\n" for n in range(200_000)).encode(),
    ),
    Case("a 1 MB line of spaces", lambda: b"Title\n\n" + b" " * MIB + b"\nThe body of the story."),
    Case(
        "a 1 MB line of NBSPs",
        lambda: b"Title\n\n" + NBSP.encode() * (MIB // 2) + b"\nThe body of the story.",
    ),
    Case(
        "100,000 history entries",
        lambda: history_page(100_000).encode(),
        history_entries=100_000,
        no_warnings=("history_out_of_order",),
    ),
    # --- HTML bodies ----------------------------------------------------------------------------
    Case("HTML cut off mid-tag", HTML_PAGE[: len(HTML_PAGE) // 2].encode() + b"<p cla", **IN_HTML),
    Case("HTML nested 50,000 deep", lambda: html_page(b"<div>" * 50_000), **IN_HTML),
    Case(
        "HTML unclosed 50,000 deep", lambda: b"<span><i>" * 50_000 + HTML_PAGE.encode(), **IN_HTML
    ),
    Case(
        "HTML with 3 MB of inline script",
        lambda: html_page(b"<script>" + b"var a = 1;" * (3 * MIB // 10) + b"</script>"),
        **IN_HTML,
    ),
    Case(
        "HTML with a 3 MB base64 image",
        lambda: html_page(b'<img src="data:image/png;base64,' + b"QUJD" * (3 * MIB // 4) + b'">'),
        **IN_HTML,
    ),
    Case(
        "HTML with 100,000 attributes on one tag",
        lambda: html_page(b"<div " + b" ".join(b"a%d=x" % n for n in range(100_000)) + b">"),
        **IN_HTML,
    ),
    Case(
        "HTML of 100,000 link rows",
        lambda: b"".join(b'<div><a href="/%d">link %d</a></div>' % (n, n) for n in range(100_000)),
        **IN_HTML,
    ),
    Case("HTML in cp1252, charset not declared", HTML_PAGE.encode("cp1252"), **IN_HTML),
    Case("HTML as a zip of tags", lambda: zlib.compress(HTML_PAGE.encode() * 200), **IN_HTML),
    Case("HTML of random bytes", lambda: random.Random(7).randbytes(100_000), **IN_HTML),
    Case(
        "10 MB HTML body",
        lambda: b"<p>" + b"x" * (10 * MIB),
        content_type=HTML,
        status=413,
        problem=TOO_LARGE,
    ),
    Case(
        "HTML with an unknown charset",
        b"<p>Hi</p>",
        content_type="text/html; charset=klingon",
        status=415,
        problem=UNSUPPORTED,
    ),
    Case(
        "JSON with both text and html",
        json_body({"text": "Hi", "html": "<p>Hi</p>"}),
        content_type=JSON,
        status=422,
        problem=INVALID,
    ),
    Case("JSON html is a number", b'{"html": 5}', content_type=JSON, status=422, problem=INVALID),
    # --- batches ------------------------------------------------------------------------------
    Case(
        "JSON batch that is an array",
        b"[]",
        content_type=JSON,
        path=BATCH_PATH,
        query={},
        status=422,
        problem=INVALID,
    ),
    Case(
        "JSON batch over the item cap",
        lambda: json_body({"items": [good_item(n) for n in range(1001)]}),
        content_type=JSON,
        path=BATCH_PATH,
        query={},
        status=422,
        problem=INVALID,
    ),
    Case(
        "JSON batch of 10,000 items, 1% bad",
        lambda: batch_with_bad_items(10_000),
        content_type=JSON,
        path=BATCH_PATH,
        query={},
        # The items share one work budget: room for them on a busy 2-core machine.
        config={"NORMALISER_MAX_BATCH_ITEMS": 10_000, "NORMALISER_WORK_BUDGET_SECONDS": 600},
    ),
    Case(
        "NDJSON stream cut off mid-line",
        ndjson_cut_off,
        content_type=NDJSON,
        path=BATCH_PATH,
        query={},
    ),
    Case(
        "NDJSON line of invalid UTF-8",
        b'{"id": "a", "text": "\xff"}\n',
        content_type=NDJSON,
        path=BATCH_PATH,
        query={},
    ),
]
