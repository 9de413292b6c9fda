"""Normalising one page into one result line, whatever goes wrong (a bad page never stops a
run).

>>> import orjson
>>> line = run_page(Page(id="p1", text=" date 2025-01-21 Putin spoke to Xi."),
...                 Options(reference_time="2025-03-24T12:00:00Z"))
>>> record = orjson.loads(line)
>>> record["id"], record["status"], record["article"]["published"]["value"]
('p1', 200, '2025-01-21T00:00:00Z')
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service.cli.results import MTIME, Options, Page, invalid_fields, problem, result_line
from service.encodings import charset_hint, decode_page
from service.normalise import InvalidOptionError, normalise
from service.normalise.html import normalise_html

HTML_SUFFIXES = (".html", ".htm")  # page files read as HTML without --html


def read_page_text(path: str, encoding: str | None = None) -> str:
    """The raw page in a file: decoded in ``encoding``, else in the one its byte-order mark
    names, else as UTF-8 (a UTF-8 BOM is kept: the core cleans it)."""
    return decode_page(Path(path).read_bytes(), encoding)


def page_text(page: Page, encoding: str | None) -> str:
    """A text page's text: as given, or its bytes (stdin) or file decoded as ``read_page_text``.

    >>> page_text(Page(id="-", data=b"Caf\\xc3\\xa9"), None)
    'Café'
    """
    if page.text is not None:
        return page.text
    if page.data is not None:
        return decode_page(page.data, encoding)
    return read_page_text(str(page.path), encoding)


def is_html(page: Page, options: Options) -> bool:
    """Whether a page is HTML: said so (an ``html`` item, ``--html``), or a file so named.

    >>> is_html(Page(id="a", path="pages/Ferry.HTM"), Options())
    True
    >>> is_html(Page(id="a", path="pages/ferry.txt"), Options()), is_html(
    ...     Page(id="a", path="pages/ferry.txt"), Options(html=True))
    (False, True)
    >>> is_html(Page(id="a", text="<p>x</p>"), Options(html=True))  # a text item stays text
    False
    """
    if page.html:
        return True
    if page.path is None:
        return False
    return options.html or Path(page.path).suffix.lower() in HTML_SUFFIXES


def html_source(page: Page, encoding: str | None) -> bytes | str:
    """A page's HTML as the core takes it: the bytes as read, so that the core finds their
    charset (a BOM, the document's ``<meta charset>``, else detected), or text when
    ``--encoding`` names the charset (it wins, and bytes it cannot read are refused as for a
    text page) or when the page came as text (a JSON Lines ``html`` item).

    >>> html_source(Page(id="-", data=b"<p>caf\\xe9</p>"), None)
    b'<p>caf\\xe9</p>'
    >>> html_source(Page(id="-", data=b"<p>caf\\xe9</p>"), "latin-1")
    '<p>café</p>'
    """
    if page.text is not None:
        return page.text
    data = page.data if page.data is not None else Path(str(page.path)).read_bytes()
    return data if encoding is None else decode_page(data, encoding)


def undecodable(exc: UnicodeDecodeError, encoding: str | None) -> dict[str, Any]:
    """The problem of a page that does not decode, with the option that reads it.

    >>> exc = UnicodeDecodeError("utf-8", b"Caf\\xe9", 3, 4, "invalid continuation byte")
    >>> undecodable(exc, None)["detail"]
    'byte 0xe9 at offset 3 is not valid utf-8: name the encoding, e.g. --encoding windows-1252'
    """
    data = exc.object
    detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {exc.encoding}"
    if encoding is None:
        detail += f": name the encoding, e.g. --encoding {charset_hint(bytes(data))}"
    return problem("undecodable-text", detail)


def file_mtime(path: str) -> str:
    """A file's modification time as RFC 3339 UTC, for ``--reference-time mtime``."""
    stamp = datetime.fromtimestamp(Path(path).stat().st_mtime, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_page(page: Page, defaults: Options) -> bytes:
    """Normalise one page into one result line; a failure becomes an error line, never raises."""
    return normalise_page(page, defaults)[1]


def normalise_page(page: Page, defaults: Options) -> tuple[int, bytes]:
    """``(status, result line)`` for one page: 200, or the status of its problem."""
    error = page.problem or None
    if error is None:
        article, error = _article_or_problem(page, defaults.merged(page.options))
    if error is not None:
        return error["status"], result_line(page.id, error=error)
    return 200, result_line(page.id, article=article)


def _article_or_problem(page: Page, options: Options) -> tuple[dict | None, dict | None]:
    try:
        if options.reference_time == MTIME:
            options = replace(options, reference_time=file_mtime(str(page.path)))
        if is_html(page, options):
            article = normalise_html(
                html_source(page, options.encoding),
                reference_time=options.reference_time,
                timezone=options.timezone or None,
                url=options.url,
            )
        else:
            article = normalise(
                page_text(page, options.encoding),
                reference_time=options.reference_time,
                timezone=options.timezone or None,
                url=options.url,
                site_furniture=page.furniture,
            )
    except InvalidOptionError as exc:
        return None, invalid_fields({exc.field: [exc.message]}, page.line)
    except UnicodeDecodeError as exc:
        return None, undecodable(exc, options.encoding)
    except OSError as exc:
        return None, problem("unreadable-file", f"{exc.strerror}: {page.path}")
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop a million-page run
        detail = f"unexpected error normalising this page: {type(exc).__name__}: {exc}"
        return None, problem("internal-error", detail, line=page.line)
    return article, None


def run_chunk(pages: list[Page], defaults: Options) -> list[tuple[int, bytes]]:
    """Normalise a chunk of pages (in a worker process)."""
    return [normalise_page(page, defaults) for page in pages]
