"""Where pages come from: page files (one page each; a directory expanded) or JSON Lines
of ``{"id", "text" (or "html"), "reference_time"?, "timezone"?, "url"?}`` items.

A page file found in a directory is named by its path relative to that directory (so a
resumed run knows it after a move), whichever command reads it.

>>> [page.id for page in pages_from_jsonl(iter([b'{"id": "a", "text": "x"}', b"", b"[1]"]))]
['a', None]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from service.cli.results import (
    MISSING,
    NOT_A_STRING,
    PROG,
    Options,
    Page,
    UsageError,
    invalid_fields,
    problem,
)
from service.json_types import json_type


def list_directory(root: Path, pattern: str = "*", exclude: Path | None = None) -> list[Path]:
    """Regular files under ``root`` matching ``pattern``, hidden ones left out, sorted."""
    skip = exclude.resolve() if exclude is not None else None
    found = []
    for path in root.rglob(pattern):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if skip is not None and path.resolve() == skip:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def pages_from_files(root: Path, files: Iterable[Path]) -> Iterator[Page]:
    """One page per file; its id is the path relative to ``root``, so it survives a move."""
    for path in files:
        yield Page(id=path.relative_to(root).as_posix(), path=str(path))


ITEM_OPTIONS = ("reference_time", "timezone", "url")
MAX_ID_CHARS = 1024  # as the API's BatchItem


def page_from_item(raw: bytes, lineno: int) -> Page:
    """One JSON Lines item, checked as ``POST /v1/normalise/batch`` checks it: ``id`` (a string
    of 1 to 1024 characters) and ``text`` (or ``html``, the page's HTML, instead) are required.
    A line that cannot be an item becomes a page carrying its problem; its result's id is null
    when it names none, as the API's is.

    >>> page_from_item(b'{"id": "a", "text": "Hello", "timezone": "Asia/Kolkata"}', 1).options
    Options(reference_time=None, timezone='Asia/Kolkata', url=None, encoding=None, html=False)
    >>> page = page_from_item(b'{"id": "h", "html": "<p>Hello</p>"}', 2)
    >>> page.text, page.html
    ('<p>Hello</p>', True)
    >>> page = page_from_item(b'{"text": 5}', 7)
    >>> page.id, page.key, page.problem["errors"]
    (None, 'line-7', {'id': ['Missing data for required field.'], 'text': ['Not a valid string.']})
    """
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        err = problem("malformed-body", f"not valid JSON: {exc}", line=lineno)
        return Page(id=None, problem=err, line=lineno)
    if not isinstance(item, dict):
        err = invalid_fields({"body": [f"must be a JSON object, not {json_type(item)}"]}, lineno)
        return Page(id=None, problem=err, line=lineno)
    page_id = item.get("id")
    errors: dict[str, list[str]] = {}
    if "id" not in item or page_id is None:
        errors["id"] = [MISSING if "id" not in item else "Field may not be null."]
    elif not isinstance(page_id, str):
        errors["id"] = [NOT_A_STRING]
    elif not 1 <= len(page_id) <= MAX_ID_CHARS:
        errors["id"] = [f"Length must be between 1 and {MAX_ID_CHARS}."]
    if "text" in item and "html" in item:
        errors["html"] = ["send text or html, not both"]
    elif "html" in item:
        if not isinstance(item["html"], str):
            errors["html"] = [NOT_A_STRING]
    elif not isinstance(item.get("text"), str):
        errors["text"] = [NOT_A_STRING if "text" in item else MISSING]
    for name in ITEM_OPTIONS:
        if item.get(name) is not None and not isinstance(item[name], str):
            errors[name] = [NOT_A_STRING]
    page_id = page_id if isinstance(page_id, str) else None  # echoed as the API echoes it
    if errors:
        return Page(id=page_id, problem=invalid_fields(errors, lineno), line=lineno)
    options = Options(**{name: item.get(name) for name in ITEM_OPTIONS})
    if "html" in item:
        return Page(id=page_id, text=item["html"], html=True, options=options, line=lineno)
    return Page(id=page_id, text=item["text"], options=options, line=lineno)


def pages_from_jsonl(stream: Iterable[bytes]) -> Iterator[Page]:
    """Items of a JSON Lines stream; blank lines are skipped."""
    for lineno, raw in enumerate(stream, start=1):
        if raw.strip():
            yield page_from_item(raw, lineno)


def check_items_file(path: Path) -> None:
    """Refuse (a usage error) a file that is a page, not JSON Lines of items: its first
    non-blank line is not a JSON object. Each of its lines would otherwise fail as an item.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt") as page:
    ...     _ = page.write(b"\\nPutin, Xi talk\\n2 hours ago\\n")
    ...     page.flush()
    ...     check_items_file(Path(page.name))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    service.cli.results.UsageError: ... is a page, not JSON Lines of items ...
    """
    with path.open("rb") as stream:
        for raw in stream:
            if raw.strip():
                first = raw
                break
        else:
            return
    try:
        is_item = isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        is_item = first.lstrip().startswith(b"{")  # an item, broken: its own error line
    if not is_item:
        raise UsageError(
            f"{path} is a page, not JSON Lines of items (its first line is not a JSON object):"
            f" normalise it with '{PROG} {path}', or give batch the directory holding it"
        )
