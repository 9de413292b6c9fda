"""How much memory a worker has promised to the pages it is normalising, and refusing work it
cannot hold.

Each request reserves an estimate of its peak memory (``page_memory``) before the core runs
and gives it back after; a reservation that would take the worker past
``NORMALISER_WORKER_MEMORY_BYTES`` is refused with 503 ``over-capacity`` (retry shortly: the
other pages finish), and a page whose estimate alone passes it with 413 ``too-large``. With the
defaults (320 MiB per worker, two workers of ~55 MiB at rest and a master of ~45 MiB,
with a fifth more in the allocator than Python counts) a pod stays under its 1 GiB limit.

>>> guard = MemoryGuard(1000)
>>> with guard.hold(600):
...     guard.held
600
>>> guard.held
0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from service.api.problems import Problem

#: Peak core memory of a page (tracemalloc while ``normalise`` runs, the core's bounded caches
#: full as in a serving worker), measured with ``python -m bench.bounds --kib 1024`` and
#: ``--kib 64``: a line that holds text costs up to ~190 bytes (short header lines: its line
#: object, its reading, its removed entry), a history line ~390 with its answer; a blank line
#: ~10 (a byte in a map, no object); each byte up to ~10 more (the text's copies through
#: cleaning, the body, the answer); and a page up to a few MB whatever its size (readings
#: added to the caches, a stretch of lines split at once; 64 KiB of distinct date lines
#: peaks at 7 MB). Pages of distinct header date lines cost ~850 bytes a line, more than this
#: reserves: the work budget bounds them (~11,000 such lines a second).
PER_TEXT_LINE = 200
PER_BLANK_LINE = 16
PER_BYTE = 12
PER_PAGE = 8 << 20
#: Every line break ``str.splitlines`` (so the core) knows, beside ``\n``.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_RETRY_SECONDS = 2


def page_memory(text: str, size: int) -> int:
    """The memory to reserve for normalising ``text`` (``size`` UTF-8 bytes) and answering it.

    >>> page_memory("a\\nb\\n", 4) - PER_PAGE, page_memory("\\n" * 100, 100) - PER_PAGE
    (648, 3184)
    """
    lines = line_count(text)
    blank = min(blank_lines(text), lines)
    return PER_PAGE + PER_TEXT_LINE * (lines - blank) + PER_BLANK_LINE * blank + PER_BYTE * size


def line_count(text: str) -> int:
    """The lines the core will see (every break ``str.splitlines`` knows; ``\\r\\n`` is one),
    counted in C without splitting.

    >>> line_count("a\\r\\nb\\rc\\u2028d"), line_count("a\\n")
    (4, 2)
    """
    breaks = text.count("\n")
    if not text.isascii() or "\r" in text or not text.isprintable():
        breaks += sum(text.count(other) for other in _OTHER_BREAKS) - text.count("\r\n")
    return breaks + 1


def blank_lines(text: str) -> int:
    """The page's blank lines between ``\\n`` breaks, counted in C: each ``replace`` pass
    halves every run of breaks, and the breaks it takes out are blank lines (a run of ``r``
    holds ``r - 1``). Blank lines of other conventions (``\\r\\n``) are not counted: the
    estimate errs on the side of more text lines.

    >>> blank_lines("a\\n\\n\\n\\n\\nb\\n\\n\\nc"), blank_lines("a\\r\\n\\r\\nb")
    (6, 0)
    """
    blank = 0
    while "\n\n" in text:
        shorter = text.replace("\n\n", "\n")
        blank += len(text) - len(shorter)
        text = shorter
    return blank


class MemoryGuard:
    """A worker's reservations: a counter under a lock (threads of one process share it)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, amount: int) -> Iterator[None]:
        """Reserve ``amount`` bytes for the block; refuse (a Problem) what cannot be held."""
        release = self.reserve(amount)
        try:
            yield
        finally:
            release()

    def reserve(self, amount: int) -> Callable[[], None]:
        """Reserve ``amount`` bytes until the returned function is called (once or more);
        refuse (a Problem) what cannot be held.

        >>> guard = MemoryGuard(100)
        >>> release = guard.reserve(80)
        >>> try:
        ...     guard.reserve(30)
        ... except Problem as problem:
        ...     print(problem.status, problem.headers)
        503 {'Retry-After': '2'}
        >>> release(); release(); guard.held
        0
        """
        if amount > self.limit:
            raise Problem(
                "too-large",
                f"the page would need about {amount >> 20} MiB to normalise; one worker may "
                f"hold {self.limit >> 20} MiB (NORMALISER_WORKER_MEMORY_BYTES): send a smaller "
                "page, or the article's own part of it",
            )
        with self._lock:
            if self.held + amount > self.limit:
                raise Problem(
                    "over-capacity",
                    f"this worker holds {self.held >> 20} MiB of pages and this one needs about "
                    f"{amount >> 20} MiB more than its {self.limit >> 20} MiB "
                    "(NORMALISER_WORKER_MEMORY_BYTES); retry after the seconds in Retry-After",
                    headers={"Retry-After": str(_RETRY_SECONDS)},
                )
            self.held += amount
        released = [False]

        def release() -> None:
            with self._lock:
                if not released[0]:
                    released[0] = True
                    self.held -= amount

        return release


_GUARDS: dict[int, MemoryGuard] = {}
_GUARDS_LOCK = threading.Lock()


def guard_for(limit: int) -> MemoryGuard:
    """The process's guard for ``limit`` (one per configured limit, shared by its threads).

    >>> guard_for(123) is guard_for(123)
    True
    """
    with _GUARDS_LOCK:
        return _GUARDS.setdefault(limit, MemoryGuard(limit))
