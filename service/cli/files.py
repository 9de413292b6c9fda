"""``article-normaliser [PATH ...]``: one page to a JSON article, or several files or a
directory to JSON Lines (one result per page)."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import orjson

from service.cli.arguments import files_parser
from service.cli.furniture import learn, with_evidence
from service.cli.inputs import list_directory, pages_from_files
from service.cli.pages import normalise_page, run_page
from service.cli.results import (
    EXIT_FAILED,
    EXIT_OK,
    MTIME,
    PROG,
    Options,
    Page,
    UsageError,
)
from service.normalise import InvalidOptionError, normalise


def check_options(options: Options) -> None:
    """Reject bad run-wide options before any work: every page would fail the same way."""
    reference = None if options.reference_time == MTIME else options.reference_time
    if options.encoding is not None:
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise UsageError(
                f"--encoding: unknown encoding {options.encoding!r} "
                "(e.g. utf-8, utf-16, windows-1252, latin-1)"
            ) from None
    try:
        normalise("", reference_time=reference, timezone=options.timezone or None, url=options.url)
    except InvalidOptionError as exc:
        raise UsageError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None


def files_main(argv: Sequence[str]) -> int:
    args = files_parser().parse_args(argv)
    defaults = Options(args.reference_time, args.timezone, args.url, args.encoding, args.html)
    paths = args.paths or ["-"]
    if args.reference_time == MTIME and "-" in paths:
        raise UsageError("--reference-time mtime needs page files, not stdin")
    check_options(defaults)
    single = len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir())
    sink = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        if single:
            return write_single(paths[0], defaults, sink, compact=args.compact)
        failed = False
        pages: Iterable[Page] = expand_paths(paths, args.pattern, defaults.html)
        if args.site_furniture:  # each page judged on all the others of its site
            listed = list(pages)
            pages = with_evidence(listed, learn(listed, defaults), defaults)
        for page in pages:
            status, line = normalise_page(page, defaults)
            failed |= status != 200
            sink.write(line)
        return EXIT_FAILED if failed else EXIT_OK
    finally:
        if sink is not sys.stdout.buffer:
            sink.close()
        else:
            sink.flush()


def write_single(path: str, defaults: Options, sink: IO[bytes], *, compact: bool) -> int:
    """One page to one JSON article; a failure goes to stderr as its problem detail."""
    page = stdin_page(defaults.html) if path == "-" else Page(id=path, path=path)
    record = orjson.loads(run_page(page, defaults))
    if "error" in record:
        print(f"{PROG}: {path}: {record['error']['detail']}", file=sys.stderr)
        return EXIT_FAILED
    flags = 0 if compact else orjson.OPT_INDENT_2
    sink.write(orjson.dumps(record["article"], option=flags) + b"\n")
    return EXIT_OK


def stdin_page(html: bool) -> Page:
    """The page on standard input, read as a page file is (HTML with ``--html``)."""
    return Page(id="-", data=sys.stdin.buffer.read(), html=html)


def expand_paths(paths: Sequence[str], pattern: str, html: bool) -> Iterator[Page]:
    """Pages of the given files, directories expanded (sorted). A file given is named as given;
    a file found in a directory by its path relative to it, as ``batch`` names it."""
    for name in paths:
        if name == "-":
            yield stdin_page(html)
        elif Path(name).is_dir():
            yield from pages_from_files(Path(name), list_directory(Path(name), pattern))
        else:
            yield Page(id=name, path=name)
