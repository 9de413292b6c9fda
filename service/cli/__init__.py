"""Command line: normalise pages from files, stdin, directories or JSON Lines.

One entry point (``article-normaliser`` or ``python -m service``), two commands:

* ``article-normaliser [PATH ...]`` normalises one page into a JSON article (stdin when no path
  or ``-`` is given), or several files or a directory into JSON Lines, one result per page.
* ``article-normaliser batch INPUT -o OUTPUT.jsonl`` normalises a directory of pages, or a JSON
  Lines file of ``{"id", "text" (or "html"), "reference_time"?, "timezone"?, "url"?}`` items,
  on all cores into a JSON Lines file. It is resumable: a second run skips every id already in
  the output.

Page files named ``*.html`` or ``*.htm`` (any file, and stdin, with ``--html``) are read as
HTML: their bytes go to ``service.normalise.html.normalise_html``, which finds the charset.

Each JSON Lines result is what ``POST /v1/normalise/batch`` answers for the same page (see
``service.cli.results``). Both commands exit 0 when every page was normalised, 1 when any
failed, 2 for a usage error and 130 when interrupted.

Modules: ``results`` (options, pages, result lines), ``pages`` (one page to one result),
``inputs`` (page files and JSON Lines items), ``resume``, ``runner`` (the batch command),
``files`` (the page command), ``arguments``. One page to one result line is shown in
``service.cli.pages``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from service.cli.files import files_main
from service.cli.inputs import page_from_item, pages_from_jsonl
from service.cli.pages import normalise_page, run_page
from service.cli.results import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    MISSING,
    PROBLEMS,
    PROG,
    Options,
    Page,
    UsageError,
    invalid_fields,
    problem,
    result_line,
)
from service.cli.runner import batch_main

__all__ = [
    "EXIT_FAILED",
    "MISSING",
    "PROBLEMS",
    "Options",
    "Page",
    "invalid_fields",
    "main",
    "normalise_page",
    "page_from_item",
    "pages_from_jsonl",
    "problem",
    "result_line",
    "run_page",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``article-normaliser`` and ``python -m service``; returns the exit status.

    A first argument ``batch`` selects the batch command (a file named ``batch``: ``./batch``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["batch"]:
            return batch_main(args[1:])
        return files_main(args)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `article-normaliser dir/ | head` closed the pipe: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
