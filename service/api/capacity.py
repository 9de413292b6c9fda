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

#: Peak core memory of a page (tracemalloc, measured with ``python -m bench.bounds``): about
#: 100 bytes per blank line, 400 per short line (U+FFFD lines), 16 per byte of long paragraphs
#: (texts copied through cleaning, paragraphs, body and answer). Date lines cost about 1 KB
#: each, but the work budget stops a page after some 10,000 of them, which bounds that too.
PER_LINE = 500
PER_BYTE = 16
_RETRY_SECONDS = 2


def page_memory(text: str, size: int) -> int:
    """The memory to reserve for normalising ``text`` (``size`` UTF-8 bytes) and answering it.

    >>> page_memory("a\\nb\\n", 4)
    1564
    """
    return PER_LINE * (text.count("\n") + 1) + PER_BYTE * size


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
