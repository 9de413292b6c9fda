"""``article-normaliser batch``: many pages on all cores into a JSON Lines file, in input
order, resumable.

>>> tally = Tally(done=3, failed=1)
>>> tally.summary("out.jsonl").split(",")[0]
'done: 3 pages normalised (2 ok'
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from service.cli.arguments import batch_parser
from service.cli.files import check_options
from service.cli.furniture import learn, with_evidence
from service.cli.inputs import check_items_file, list_directory, pages_from_files, pages_from_jsonl
from service.cli.pages import run_chunk
from service.cli.results import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    MTIME,
    Options,
    Page,
    UsageError,
)
from service.cli.resume import completed_ids
from service.normalise.site_furniture import SiteMemory


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
    defaults = Options(args.reference_time, args.timezone, args.url, args.encoding, args.html)
    source = Path(args.input)
    output = Path(args.output)
    is_dir = args.input != "-" and source.is_dir()
    if not is_dir and args.reference_time == MTIME:
        raise UsageError("--reference-time mtime needs a directory of page files")
    if args.input != "-" and not source.exists():
        raise UsageError(f"input not found: {source}")
    if not is_dir and args.html:
        raise UsageError(
            "--html reads page files as HTML: JSON Lines items give their HTML as an 'html' "
            "member instead of 'text'"
        )
    check_options(defaults)
    if not is_dir and args.input != "-":
        check_items_file(source)
    done = completed_ids(output)
    tally = Tally(started=time.perf_counter())

    def todo(pages: Iterable[Page]) -> Iterator[Page]:
        for page in pages:
            if page.key in done:
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
        if args.site_furniture:
            pages = with_evidence(pages, _site_memory(source, is_dir, args, defaults), defaults)
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
    return EXIT_FAILED if tally.failed else EXIT_OK


def _site_memory(source: Path, is_dir: bool, args: Any, defaults: Options) -> SiteMemory:
    """What the run's pages show of their sites: files are read once before the run, so that
    each page is judged on all the others of its host; stdin can be read once only, so its
    pages are judged on the ones before them (a stream)."""
    if is_dir:
        files = list_directory(source, args.pattern, exclude=Path(args.output))
        return learn(pages_from_files(source, files), defaults)
    if args.input == "-":
        return SiteMemory(scope="stream")
    with source.open("rb") as stream:
        return learn(pages_from_jsonl(stream), defaults)


def make_progress(total: int | None, initial: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="page", file=sys.stderr, dynamic_ncols=True)
