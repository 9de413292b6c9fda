"""What the command line reads and writes: options, pages, and results shaped as the API's.

Each JSON Lines result is what ``POST /v1/normalise/batch`` answers for the same page, so one
reader handles both: ``{"id", "status": 200, "article"}`` or ``{"id", "status", "error"}`` where
``status`` is the problem's HTTP status and ``error`` the RFC 9457 problem object.

>>> result_line("p1", error=problem("malformed-body", "not JSON", line=2))[:40]
b'{"id":"p1","status":400,"error":{"type":'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from service import __version__
from service.normalise.site_furniture import SiteEvidence

PROG = "article-normaliser"
VERSION = f"{PROG} {__version__}"
MTIME = "mtime"  # --reference-time value: each file's modification time (when it was scraped)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# The problems a page can meet, as the API names them (service/api/problems.py; a test keeps the
# two tables in step): slug -> (status, title). Only unreadable-file is the command line's own.
PROBLEM_TYPE_PREFIX = "urn:article-normaliser:problem:"
PROBLEMS: dict[str, tuple[int, str]] = {
    "malformed-body": (400, "Malformed request body"),
    "undecodable-text": (400, "Text does not decode"),
    "invalid-fields": (422, "Invalid fields"),
    "internal-error": (500, "Internal server error"),
    "unreadable-file": (400, "File cannot be read"),
}
MISSING, NOT_A_STRING = "Missing data for required field.", "Not a valid string."


class UsageError(Exception):
    """A command-line mistake: reported on stderr with exit status 2, before any work starts."""


@dataclass(frozen=True, slots=True)
class Options:
    """Normalisation options; a page's own options override these run-wide defaults.

    >>> merged = Options(timezone="Asia/Kolkata", html=True).merged(Options(url="https://x.in"))
    >>> merged.timezone, merged.url, merged.html
    ('Asia/Kolkata', 'https://x.in', True)
    """

    reference_time: str | None = None
    timezone: str | None = None
    url: str | None = None
    encoding: str | None = None  # of page files (run-wide only): else their BOM's, else UTF-8
    html: bool = False  # every page file and stdin is HTML (run-wide only; --html)

    def merged(self, override: Options) -> Options:
        return Options(
            reference_time=override.reference_time or self.reference_time,
            timezone=override.timezone or self.timezone,
            url=override.url or self.url,
            encoding=self.encoding,
            html=self.html,
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One page to normalise: its text, its bytes (stdin), or the file holding it, or the
    problem met reading it. ``html``: the page is HTML (a JSON Lines ``html`` item, stdin with
    ``--html``); a file is also HTML by its name (``.html``, ``.htm``) or ``--html``."""

    id: Any
    text: str | None = None
    path: str | None = None
    data: bytes | None = None
    html: bool = False
    options: Options = Options()
    problem: dict[str, Any] | None = None
    line: int | None = None  # where a JSON Lines item came from, named in its problems
    #: What the run's other pages of this page's site show (``service.cli.furniture``).
    furniture: SiteEvidence | None = None

    @property
    def key(self) -> str:
        """What a resumed run knows the page by: its id, or ``line-N`` when it has none (its
        result's id is null, as the API answers it).

        >>> Page(id=5).key, Page(id=None, line=3).key
        ('5', 'line-3')
        """
        if self.id is None or self.id == "":
            return f"line-{self.line}"
        return id_key(self.id)


def id_key(page_id: Any) -> str:
    """Resume key of an id: ``5`` and ``"5"`` are the same page."""
    return page_id if isinstance(page_id, str) else orjson.dumps(page_id).decode()


def problem(
    slug: str, detail: str, errors: dict[str, list[str]] | None = None, line: int | None = None
) -> dict[str, Any]:
    """An RFC 9457 problem object, as the API answers it; ``line`` names a JSON Lines line.

    >>> problem("invalid-fields", "bad zone", {"timezone": ["bad zone"]})["status"]
    422
    >>> problem("malformed-body", "not valid JSON", line=3)["detail"]
    'line 3: not valid JSON'
    """
    status, title = PROBLEMS[slug]
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + slug,
        "title": title,
        "status": status,
        "detail": detail if line is None else f"line {line}: {detail}",
    }
    if errors:
        body["errors"] = errors
    if line is not None:
        body["line"] = line
    return body


def invalid_fields(errors: dict[str, list[str]], line: int | None = None) -> dict[str, Any]:
    """The 422 problem naming every invalid field, worded as the API words it.

    >>> invalid_fields({"text": ["Missing data for required field."]})["detail"]
    'invalid field: text: Missing data for required field.'
    """
    parts = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    noun = "field" if len(errors) == 1 else "fields"
    return problem("invalid-fields", f"invalid {noun}: {parts}", errors, line)


def result_line(page_id: Any, *, article: dict | None = None, error: dict | None = None) -> bytes:
    """One JSON Lines result, newline included: the API's batch result for the same page.

    >>> result_line("a", error=problem("malformed-body", "not JSON"))[:29]
    b'{"id":"a","status":400,"error'
    """
    if error is not None:
        return orjson.dumps({"id": page_id, "status": error["status"], "error": error}) + b"\n"
    return orjson.dumps({"id": page_id, "status": 200, "article": article}) + b"\n"
