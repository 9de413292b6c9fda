"""Finding gunicorn's processes from outside: the worker that answered (access log ``pid``)
and its parent, the master (``/proc``). Linux only.

>>> parent_pid(os.getpid()) == os.getppid()
True
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import requests

from tests.api.test_gunicorn import Server


def parent_pid(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(x) for x in text)
    return found


def wait_for_workers(master_pid: int, count: int, timeout: float = 30) -> set[int]:
    """The master's live children once there are ``count`` of them (booting ones included)."""
    deadline = time.monotonic() + timeout
    while True:
        workers = {pid for pid in children(master_pid) if alive(pid)}
        if len(workers) == count or time.monotonic() > deadline:
            return workers
        time.sleep(0.2)


def answering_worker(server: Server) -> int:
    """The pid of the worker that answers a /healthz now."""
    request_id = uuid.uuid4().hex
    requests.get(f"{server.url}/healthz", headers={"X-Request-ID": request_id}, timeout=10)
    for _ in range(50):
        for record in server.log_records():
            if record.get("request_id") == request_id:
                return int(record["pid"])
        time.sleep(0.1)
    raise AssertionError("the access log has no record of the request")


def master(server: Server) -> int:
    return parent_pid(answering_worker(server))


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


__all__ = [
    "alive",
    "answering_worker",
    "children",
    "master",
    "os",
    "parent_pid",
    "wait_for_workers",
]
