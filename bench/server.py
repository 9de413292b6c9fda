"""Start and stop the real gunicorn server on a free loopback port, and read its workers' RSS.

The server is started exactly as the README starts it (``gunicorn -c gunicorn.conf.py
service.wsgi:app``) with only the bind address added, and always on 127.0.0.1.

>>> 1024 <= free_port() <= 65535
True
>>> rss_kib(os.getpid()) > 0, cpu_seconds(os.getpid()) > 0
(True, True)
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.machine import ROOT

HOST = "127.0.0.1"
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"
APP = "service.wsgi:app"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (``VmRSS`` in ``/proc/<pid>/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """User + system CPU time a process has used so far (``/proc/<pid>/stat``); with
    ``reaped_children``, plus what its children that have ended used (gunicorn's master: the
    workers it has replaced)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (gunicorn's workers when ``pid`` is the master)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(found)


def missing_reason(config: Path = GUNICORN_CONFIG, app: str = APP) -> str | None:
    """Why the HTTP sections cannot run, or ``None`` when they can.

    >>> missing_reason(Path("/nonexistent/gunicorn.conf.py"))
    '/nonexistent/gunicorn.conf.py not found'
    """
    if not config.exists():
        return f"{config} not found"
    module = app.split(":", 1)[0]
    try:
        found = importlib.util.find_spec(module) is not None
    except ImportError:
        found = False
    if not found:
        return f"{module} not found: the HTTP API is not there yet"
    return None


@dataclass
class Server:
    """A running gunicorn master and where it listens."""

    process: subprocess.Popen
    port: int
    log: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[int]:
        """The worker pids now."""
        return children(self.process.pid)

    def worker_rss(self) -> dict[int, int]:
        """RSS in KiB of each worker now."""
        found = {}
        for pid in self.workers():
            try:
                found[pid] = rss_kib(pid)
            except OSError:
                continue
        return found

    def server_cpu(self) -> dict[int, float]:
        """CPU seconds used so far by the master and each worker (the master's share of a
        request, such as accepting the worker's heartbeats, is the server's cost too); the
        master's figure includes the workers it has replaced (``max_requests``), so that the
        sum never drops when a worker is replaced during a run."""
        found = self.workers_cpu()
        with contextlib.suppress(OSError):
            found[self.process.pid] = cpu_seconds(self.process.pid, reaped_children=True)
        return found

    def server_cpu_total(self) -> float:
        """``server_cpu`` summed: every CPU second the server has used so far."""
        return sum(self.server_cpu().values())

    def workers_cpu(self) -> dict[int, float]:
        """CPU seconds used so far by each worker."""
        found = {}
        for pid in self.workers():
            try:
                found[pid] = cpu_seconds(pid)
            except OSError:
                continue
        return found

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        """One request on a fresh connection: (status, body)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        """SIGTERM the master (graceful), SIGKILL it after 20 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(
    config: Path = GUNICORN_CONFIG,
    app: str = APP,
    ready_path: str = "/healthz",
    wait: float = 60,
    env: dict[str, str] | None = None,
) -> Server:
    """Start ``gunicorn -c <config> -b 127.0.0.1:<free port> <app>``; wait until it answers.
    ``env``: variables added to this process's environment for the server."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(config),
        "-b",
        f"{HOST}:{port}",
        app,
    ]
    # The bind address twice: on the command line (which wins over the config file) and in
    # the variable the project's config reads, so that it is loopback whichever is read.
    env = {**os.environ, **(env or {}), "NORMALISER_BIND": f"{HOST}:{port}", "PORT": str(port)}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}): {tail(log)}")
        try:
            status, _ = server.request("GET", ready_path)
            if status == 200:
                _wait_for_workers(server, deadline)
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer {ready_path} within {wait:.0f} s: {tail(log)}")


def _wait_for_workers(server: Server, deadline: float, steady: float = 1.5) -> None:
    """Wait until the number of workers has not changed for ``steady`` seconds: the first
    answer comes from the first worker up, and the others may still be booting."""
    count, since = len(server.workers()), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < steady:
        time.sleep(0.1)
        now = len(server.workers())
        if now != count:
            count, since = now, time.monotonic()


def tail(log: Path, lines: int = 15) -> str:
    """The last lines of the server's log, for error messages."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
