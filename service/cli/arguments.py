"""The command line's arguments: one parser per command.

>>> files_parser().parse_args(["--encoding", "latin-1", "page.txt"]).encoding
'latin-1'
"""

from __future__ import annotations

import argparse
import os

from service.cli.results import PROG, VERSION


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reference-time",
        metavar="TIME",
        help="when the pages were scraped (RFC 3339 with an offset, e.g. 2025-03-24T12:00:00Z); "
        "relative ages resolve against it. 'mtime' takes each file's modification time. "
        "Default: now, with the warning reference_time_assumed",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="IANA zone for dates written without one (default: the zone the page makes "
        "evident, else UTC with an interval widened to every zone)",
    )
    parser.add_argument(
        "--url", help="the page's address (batch: of items without one); names a missing source"
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="encoding of page files and stdin, e.g. windows-1252 or utf-16 (default: the one "
        "a byte-order mark names, else UTF-8; for HTML, else the document's own charset, else "
        "detected); JSON Lines items are always UTF-8",
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="read every page file and stdin as HTML (files named *.html or *.htm always are): "
        "the main content is found and the markup's title, times, authors and site are read; "
        "the charset is the one --encoding names, else a BOM's or the document's own, else "
        "detected",
    )
    parser.add_argument(
        "--no-site-furniture",
        dest="site_furniture",
        action="store_false",
        help="keep every page's site furniture. By default, when several text pages are "
        "normalised, a short body line that stands on at least two other pages of the same host "
        "(the item's url, else --url) is removed as that site's template (reason "
        "site_furniture); JSON Lines on stdin: judged on the pages before it only",
    )
    parser.add_argument(
        "--pattern",
        default="*",
        help="file name pattern when a directory is given (default '*': every non-hidden file)",
    )


def files_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Normalise raw scraped pages into clean JSON articles.\n"
        "One page gives one JSON article; several files or a directory give JSON Lines,\n"
        f"one result per page. For large runs on all cores, resumable: '{PROG} batch --help'.",
        epilog=f"examples:\n  {PROG} page.txt\n  curl -s URL | {PROG} --compact\n"
        f"  {PROG} --reference-time 2025-03-24T12:00:00Z pages/ > articles.jsonl\n"
        f"  {PROG} page.html\n  curl -s URL | {PROG} --html\n"
        f"  {PROG} batch pages.jsonl -o articles.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="page files or directories; '-' or none: stdin"
    )
    add_option_arguments(parser)
    add_version_argument(parser)
    parser.add_argument("--compact", action="store_true", help="one-line JSON for a single page")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return parser


def batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} batch",
        description="Normalise a directory of pages, or a JSON Lines file of "
        '{"id", "text" (or "html"), "reference_time"?, "timezone"?, "url"?} items, on all cores '
        "into a JSON Lines file of results. Resumable: ids already in the output are skipped "
        "and new results appended, so rerun the same command after an interruption. Exit status: 0 "
        "when every page was normalised, 1 when any failed (its error line says why), 2 for a "
        "usage error, 130 when interrupted.",
    )
    parser.add_argument("input", help="a directory of page files, a .jsonl file, or '-' (stdin)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="JSON Lines output")
    add_option_arguments(parser)
    add_version_argument(parser)
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=available_cores(),
        help="worker processes (default: all cores, %(default)s here); 1 runs in-process",
    )
    parser.add_argument(
        "--chunk-size", type=positive_int, default=32, help="pages per task (default 32)"
    )
    parser.add_argument(
        "--limit", type=positive_int, help="stop after this many new pages (a sample run)"
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar even on a terminal"
    )
    return parser


def add_version_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=VERSION)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
