"""Where the time goes: cProfile tables (self and cumulative share) and pyinstrument trees.

Three paths are profiled in-process: ``normalise()`` of the aggregator seed, the relative-age
resolver, and the whole ``POST /v1/normalise`` request through the WSGI app (routing,
parsing, validation, normalising, serialising; only gunicorn's socket work is left out).

>>> short("/x/site-packages/dateutil/relativedelta.py")
'dateutil/relativedelta.py'
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path

from bench.machine import ROOT

TOP = 12


def short(path: str) -> str:
    """A file name without the parts that say only where Python is installed."""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    if path.startswith(str(ROOT)):
        return path[len(str(ROOT)) + 1 :]
    if "/lib/python" in path:
        return "stdlib/" + path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return path


def _name(key: tuple[str, int, str]) -> str:
    path, line, function = key
    if path == "~":
        return function
    return f"{function} ({short(path)}:{line})"


def profile_table(call: Callable[[], object], repeat: int) -> tuple[list[list[str]], float]:
    """Rows ``[function, self %, cumulative %, calls per run]``, and seconds per run."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values()) or 1e-12
    rows = []
    ranked = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:TOP]
    for key, (_, calls, self_time, cumulative, _callers) in ranked:
        rows.append(
            [
                _name(key),
                f"{100 * self_time / total:.1f} %",
                f"{100 * cumulative / total:.1f} %",
                f"{calls / repeat:g}",
            ]
        )
    return rows, total / repeat


def cumulative_table(
    call: Callable[[], object], repeat: int, under: str = "service/"
) -> list[list[str]]:
    """The project's own functions by cumulative share: which step costs what."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values()) or 1e-12
    own = [(k, v) for k, v in stats.items() if short(k[0]).startswith(under)]
    ranked = sorted(own, key=lambda item: item[1][3], reverse=True)[:TOP]
    return [[_name(k), f"{100 * v[3] / total:.1f} %"] for k, v in ranked]


def pyinstrument_text(call: Callable[[], object], repeat: int, path: Path) -> bool:
    """Write pyinstrument's call tree of ``repeat`` calls to ``path``; False if not installed."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return False
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(repeat):
        call()
    profiler.stop()
    path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    return True


def request_call(references: list[str]) -> Callable[[], object] | None:
    """``POST /v1/normalise`` through the WSGI app, once per reference time; ``None`` if no app.

    The WSGI environs (each with its own body and ``reference_time``) are built before the
    profile starts, so werkzeug's test helpers are not billed to the request path.
    """
    try:
        from werkzeug.test import EnvironBuilder

        from service.wsgi import app
    except ImportError:
        return None
    import orjson

    from bench.pages import AGGREGATOR_SEED, read_seed

    page = read_seed(AGGREGATOR_SEED)
    environs = []
    for stamp in references:
        body = orjson.dumps({"text": page, "reference_time": stamp})
        environs.append(
            EnvironBuilder(
                path="/v1/normalise", method="POST", data=body, content_type="application/json"
            ).get_environ()
        )
    environs.reverse()

    def call() -> bytes:
        status: list[str] = []
        chunks = app(environs.pop(), lambda s, h, e=None: status.append(s))
        try:
            return b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()

    call()  # the first request pays for lazy imports and first-use compilation
    return call


def render(title: str, rows: list[list[str]], per_run: float, note: str) -> list[str]:
    """A Markdown section for one profile."""
    from bench.report import _grid  # noqa: PLC0415 - one table format for the whole report

    return [
        f"### {title}",
        "",
        f"{note} cProfile time per run (inflated by the profiler): {per_run * 1e3:.2f} ms.",
        "",
        *_grid(["function (self time ranked)", "self", "cumulative", "calls/run"], rows),
        "",
    ]


def live_profile(
    pid: int, seconds: float, out: Path, rate: int = 250, gil: bool = True
) -> list[list[str]] | None:
    """Sample the running gunicorn master ``pid`` and its workers with py-spy for ``seconds``
    (while the caller puts load on it); write the collapsed stacks to ``out`` (feed them to
    flamegraph.pl or speedscope for a flame graph) and return the top functions by self time
    and by total time as rows ``[function, self %, total %]``. ``None`` when py-spy is missing
    or may not attach (it needs ptrace rights over the server). ``gil``: only samples of the
    thread holding the GIL, i.e. Python actually running, not threads blocked in a send or
    waiting for work (which py-spy cannot always tell from running)."""
    import shutil
    import subprocess
    import sys

    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        return None
    command = [spy, "record", "--pid", str(pid), "--subprocesses", "--nonblocking"]
    command += ["--rate", str(rate), "--duration", str(max(1, round(seconds)))]
    command += ["--format", "raw", "--output", str(out)] + (["--gil"] if gil else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        return None
    return collapsed_top(out.read_text(encoding="utf-8"))


def collapsed_top(
    collapsed: str, top: int = TOP, idle: tuple[str, ...] = ("select ", "wait ")
) -> list[list[str]]:
    r"""Top functions of collapsed stacks (``a;b;c 12``) by self and total share, leaving out
    the samples whose leaf is an idle wait (a worker waiting in ``select`` for a request).

    >>> collapsed_top("main;work (x.py:1);dumps (y.py:2) 3\nmain;work (x.py:1) 1\n", top=2)
    [['dumps (y.py:2)', '75.0 %', '75.0 %'], ['work (x.py:1)', '25.0 %', '100.0 %']]
    """
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        frames = stack.split(";")
        if frames[-1].startswith(idle):
            continue
        count = int(count_text)
        samples += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + count
    samples = samples or 1
    ranked = sorted(own.items(), key=lambda item: item[1], reverse=True)[:top]
    return [
        [_frame(name), f"{100 * n / samples:.1f} %", f"{100 * total[name] / samples:.1f} %"]
        for name, n in ranked
    ]


def _frame(name: str) -> str:
    function, _, where = name.partition(" (")
    return f"{function} ({short(where.rstrip(')'))})" if where else function


def share_under(collapsed: str, under: str = "service/normalise/") -> float:
    r"""The share of samples whose stack passes through a file under ``under``.

    >>> share_under("w;f (/r/service/normalise/a.py:1) 3\nw;g (/r/service/api/b.py:2) 1\n")
    0.75
    """
    hits = total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        total += int(count_text)
        if under in stack:
            hits += int(count_text)
    return hits / total if total else 0.0
