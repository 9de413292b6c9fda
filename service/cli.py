"""Command line: normalise pages from files, stdin, directories or JSON Lines.

One entry point (``article-normaliser`` or ``python -m service``), two commands:

* ``article-normaliser [PATH ...]`` normalises one page into a JSON article (stdin when no path
  or ``-`` is given), or several files or a directory into JSON Lines, one result per page.
* ``article-normaliser batch INPUT -o OUTPUT.jsonl`` normalises a directory of pages, or a JSON
  Lines file of ``{"id", "text", "reference_time"?, "timezone"?, "url"?}`` items, on all cores
  into a JSON Lines file. It is resumable: a second run skips every id already in the output.

Each JSON Lines result is what ``POST /v1/normalise/batch`` answers for the same page, so one
reader handles both: ``{"id", "status": 200, "article"}`` or ``{"id", "status", "error"}`` where
``status`` is the problem's HTTP status and ``error`` the RFC 9457 problem object.

>>> line = run_page(Page(id="p1", text=" date 2025-01-21 Putin spoke to Xi."),
...                 Options(reference_time="2025-03-24T12:00:00Z"))
>>> record = orjson.loads(line)
>>> record["id"], record["status"], record["article"]["published"]["value"]
('p1', 200, '2025-01-21T00:00:00Z')
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson

from service.json_types import json_type
from service.normalise import InvalidOptionError, normalise

PROG = "article-normaliser"
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

    >>> Options(timezone="Asia/Kolkata").merged(Options(url="https://x.example/a"))
    Options(reference_time=None, timezone='Asia/Kolkata', url='https://x.example/a')
    """

    reference_time: str | None = None
    timezone: str | None = None
    url: str | None = None

    def merged(self, override: Options) -> Options:
        return Options(
            reference_time=override.reference_time or self.reference_time,
            timezone=override.timezone or self.timezone,
            url=override.url or self.url,
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One page to normalise: its text, or the file holding it, or the problem met reading it."""

    id: Any
    text: str | None = None
    path: str | None = None
    options: Options = Options()
    problem: dict[str, Any] | None = None
    line: int | None = None  # where a JSON Lines item came from, named in its problems


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


def read_page_text(path: str) -> str:
    """The raw page in a file: bytes decoded as UTF-8, BOM and all (the core cleans it)."""
    return Path(path).read_bytes().decode("utf-8")


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
        text = page.text if page.text is not None else read_page_text(str(page.path))
        if options.reference_time == MTIME:
            options = replace(options, reference_time=file_mtime(str(page.path)))
        article = normalise(
            text,
            reference_time=options.reference_time,
            timezone=options.timezone or None,
            url=options.url,
        )
    except InvalidOptionError as exc:
        return None, invalid_fields({exc.field: [exc.message]}, page.line)
    except UnicodeDecodeError as exc:
        detail = f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return None, problem("undecodable-text", detail)
    except OSError as exc:
        return None, problem("unreadable-file", f"{exc.strerror}: {page.path}")
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop a million-page run
        detail = f"unexpected error normalising this page: {type(exc).__name__}: {exc}"
        return None, problem("internal-error", detail, line=page.line)
    return article, None


def run_chunk(pages: list[Page], defaults: Options) -> list[tuple[int, bytes]]:
    """Normalise a chunk of pages (in a worker process)."""
    return [normalise_page(page, defaults) for page in pages]


# ---- inputs -------------------------------------------------------------------------------------


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


def page_from_item(raw: bytes, lineno: int) -> Page:
    """One JSON Lines item; a line that cannot be an item becomes a page carrying its problem.

    Checked as the API checks a batch item, with one difference: an item without an ``id`` is
    named by its line number, ``line-N`` (a resumed run needs a name for every page), and an
    integer id is kept as it is.

    >>> page_from_item(b'{"id": "a", "text": "Hello", "timezone": "Asia/Kolkata"}', 1).options
    Options(reference_time=None, timezone='Asia/Kolkata', url=None)
    >>> page_from_item(b'{"text": 5}', 7).problem["errors"]
    {'text': ['Not a valid string.']}
    """
    fallback_id = f"line-{lineno}"
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        err = problem("malformed-body", f"not valid JSON: {exc}", line=lineno)
        return Page(id=fallback_id, problem=err, line=lineno)
    if not isinstance(item, dict):
        err = invalid_fields({"body": [f"must be a JSON object, not {json_type(item)}"]}, lineno)
        return Page(id=fallback_id, problem=err, line=lineno)
    page_id = item.get("id", fallback_id)
    errors: dict[str, list[str]] = {}
    if not isinstance(page_id, str | int) or isinstance(page_id, bool) or page_id == "":
        errors["id"] = [NOT_A_STRING if page_id != "" else "Shorter than minimum length 1."]
        page_id = fallback_id
    if not isinstance(item.get("text"), str):
        errors["text"] = [NOT_A_STRING if "text" in item else MISSING]
    for name in ITEM_OPTIONS:
        if item.get(name) is not None and not isinstance(item[name], str):
            errors[name] = [NOT_A_STRING]
    if errors:
        return Page(id=page_id, problem=invalid_fields(errors, lineno), line=lineno)
    options = Options(**{name: item.get(name) for name in ITEM_OPTIONS})
    return Page(id=page_id, text=item["text"], options=options, line=lineno)


def pages_from_jsonl(stream: IO[bytes]) -> Iterator[Page]:
    """Items of a JSON Lines stream; blank lines are skipped."""
    for lineno, raw in enumerate(stream, start=1):
        if raw.strip():
            yield page_from_item(raw, lineno)


def id_key(page_id: Any) -> str:
    """Resume key of an id: ``5`` and ``"5"`` are the same page."""
    return page_id if isinstance(page_id, str) else orjson.dumps(page_id).decode()


# ---- resuming -----------------------------------------------------------------------------------


def completed_ids(output: Path) -> set[str]:
    """Ids already written to ``output``, after cutting a half-written last line off it.

    A run killed mid-write leaves a last line without its newline: that line is dropped, so its
    page is done again. A complete line that is not a result means the file is not ours.
    """
    if not output.exists():
        return set()
    done: set[str] = set()
    good_end = 0
    with output.open("rb") as stream:
        for lineno, raw in enumerate(stream, start=1):
            if not raw.endswith(b"\n"):
                break
            if raw.strip():
                try:
                    done.add(id_key(orjson.loads(raw)["id"]))
                except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                    msg = f"{output}:{lineno} is not a result line ({exc}); not resuming into it"
                    raise UsageError(msg) from None
            good_end += len(raw)
    if output.stat().st_size > good_end:
        with output.open("rb+") as stream:
            stream.truncate(good_end)
    return done


# ---- running a batch ----------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """What a run did, for the summary line."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = 0.0

    def add(self, outcomes: list[tuple[int, bytes]]) -> None:
        self.done += len(outcomes)
        self.failed += sum(1 for status, _ in outcomes if status != 200)

    def summary(self, output: str, interrupted: bool = False) -> str:
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        head = "interrupted" if interrupted else "done"
        text = (
            f"{head}: {self.done} pages normalised ({self.done - self.failed} ok, "
            f"{self.failed} failed), {self.skipped} already in {output} skipped, "
            f"{elapsed:.1f} s, {rate:.0f} pages/s"
        )
        if interrupted:
            text += "; run the same command again to resume"
        return text


def chunked(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    iterator = iter(pages)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker_signals(parent: int) -> None:
    # Ctrl-C and a group-wide SIGTERM reach every worker too: only the parent handles them
    # (it stops the pool and prints the summary); a worker leaves quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A parent killed outright (SIGKILL, OOM) cannot stop its pool: have the kernel end the
    # workers with it instead of leaving them waiting for work forever (Linux only).
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_batch(
    pages: Iterable[Page],
    sink: IO[bytes],
    defaults: Options,
    *,
    jobs: int,
    chunk_size: int,
    tally: Tally,
    progress: Any = None,
) -> None:
    """Normalise ``pages`` into ``sink`` in input order, ``jobs`` processes wide.

    Chunks are written whole and flushed as they finish, in submission order; at most a few
    chunks per worker are in flight, so memory stays flat however large the input.
    """

    def write(outcomes: list[tuple[int, bytes]]) -> None:
        sink.write(b"".join(line for _, line in outcomes))
        sink.flush()
        tally.add(outcomes)
        if progress is not None:
            progress.update(len(outcomes))

    if jobs <= 1:
        for chunk in chunked(pages, chunk_size):
            write(run_chunk(chunk, defaults))
        return
    window = jobs * 4
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_worker_signals, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[list[tuple[int, bytes]]]] = deque()
        try:
            for chunk in chunked(pages, chunk_size):
                pending.append(pool.submit(run_chunk, chunk, defaults))
                while len(pending) >= window:
                    write(pending.popleft().result())
            while pending:
                write(pending.popleft().result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def count_lines(path: Path) -> int:
    """Newlines in a file, for the progress bar's total."""
    count = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            count += block.count(b"\n")
    return count


def batch_main(argv: Sequence[str]) -> int:
    args = batch_parser().parse_args(argv)
    defaults = Options(args.reference_time, args.timezone, args.url)
    source = Path(args.input)
    output = Path(args.output)
    is_dir = args.input != "-" and source.is_dir()
    if not is_dir and args.reference_time == MTIME:
        raise UsageError("--reference-time mtime needs a directory of page files")
    if args.input != "-" and not source.exists():
        raise UsageError(f"input not found: {source}")
    check_options(defaults)
    done = completed_ids(output)
    tally = Tally(started=time.perf_counter())

    def todo(pages: Iterable[Page]) -> Iterator[Page]:
        for page in pages:
            if id_key(page.id) in done:
                tally.skipped += 1
            else:
                yield page

    show_bar = sys.stderr.isatty() and not args.no_progress
    with ExitStack() as stack:
        sink = stack.enter_context(output.open("ab"))
        pages: Iterable[Page]
        if is_dir:
            files = list_directory(source, args.pattern, exclude=output)
            total: int | None = len(files)
            pages = pages_from_files(source, files)
        elif args.input == "-":
            total, pages = None, pages_from_jsonl(sys.stdin.buffer)
        else:
            total = count_lines(source) if show_bar else None
            pages = pages_from_jsonl(stack.enter_context(source.open("rb")))
        selected = todo(pages)
        if args.limit is not None:
            selected = islice(selected, args.limit)
        progress = make_progress(total, len(done)) if show_bar else None
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            run_batch(
                selected,
                sink,
                defaults,
                jobs=args.jobs,
                chunk_size=args.chunk_size,
                tally=tally,
                progress=progress,
            )
        except KeyboardInterrupt:
            if progress is not None:
                progress.close()
            print(tally.summary(args.output, interrupted=True), file=sys.stderr)
            return EXIT_INTERRUPTED
        finally:
            signal.signal(signal.SIGTERM, previous)
        if progress is not None:
            progress.close()
    print(tally.summary(args.output), file=sys.stderr)
    return EXIT_OK


def make_progress(total: int | None, initial: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="page", file=sys.stderr, dynamic_ncols=True)


# ---- normalising files or stdin -----------------------------------------------------------------


def check_options(options: Options) -> None:
    """Reject bad run-wide options before any work: every page would fail the same way."""
    reference = None if options.reference_time == MTIME else options.reference_time
    try:
        normalise("", reference_time=reference, timezone=options.timezone or None, url=options.url)
    except InvalidOptionError as exc:
        raise UsageError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None


def files_main(argv: Sequence[str]) -> int:
    args = files_parser().parse_args(argv)
    defaults = Options(args.reference_time, args.timezone, args.url)
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
        for page in expand_paths(paths, args.pattern):
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
    page = stdin_page() if path == "-" else Page(id=path, path=path)
    record = orjson.loads(run_page(page, defaults))
    if "error" in record:
        print(f"{PROG}: {path}: {record['error']['detail']}", file=sys.stderr)
        return EXIT_FAILED
    flags = 0 if compact else orjson.OPT_INDENT_2
    sink.write(orjson.dumps(record["article"], option=flags) + b"\n")
    return EXIT_OK


def stdin_page() -> Page:
    """The page on standard input."""
    data = sys.stdin.buffer.read()
    try:
        return Page(id="-", text=data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return Page(id="-", problem=problem("undecodable-text", detail))


def expand_paths(paths: Sequence[str], pattern: str) -> Iterator[Page]:
    """Pages of the given files, directories expanded (sorted); ids are the paths as given."""
    for name in paths:
        if name == "-":
            yield stdin_page()
        elif Path(name).is_dir():
            for path in list_directory(Path(name), pattern):
                yield Page(id=str(path), path=str(path))
        else:
            yield Page(id=name, path=name)


# ---- argument parsing ---------------------------------------------------------------------------


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
        f"  {PROG} batch pages.jsonl -o articles.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="page files or directories; '-' or none: stdin"
    )
    add_option_arguments(parser)
    parser.add_argument("--compact", action="store_true", help="one-line JSON for a single page")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return parser


def batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} batch",
        description="Normalise a directory of pages, or a JSON Lines file of "
        '{"id", "text", "reference_time"?, "timezone"?, "url"?} items, on all cores into a '
        "JSON Lines file of results. Resumable: ids already in the output are skipped and new "
        "results appended, so rerun the same command after an interruption.",
    )
    parser.add_argument("input", help="a directory of page files, a .jsonl file, or '-' (stdin)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="JSON Lines output")
    add_option_arguments(parser)
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
