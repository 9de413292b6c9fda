"""The example clients in examples/ against the real service, served by gunicorn on loopback.

Each client posts a seed page and must print the title, publication date and history count the
core gives for it; a refused request must exit 1 with the problem's detail. Node and the shell
client always run (node and curl are on the machine); Go and Java run where their toolchains
are installed and are skipped, saying so, where not.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.normalise import normalise
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED, REFERENCE_TIME

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def service_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service under gunicorn, as the container runs it, on a free loopback port."""
    port = _free_port()
    env = {
        **os.environ,
        "NORMALISER_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path_factory.mktemp("prometheus")),
    }
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "service.wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not come up:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _go_command() -> list[str] | None:
    return ["go", "run", "."] if shutil.which("go") else None


def _java_command() -> list[str] | None:
    return ["java", "Client.java"] if shutil.which("java") else None


# client name -> (directory, command without the page argument, or None when not installed)
CLIENTS = {
    "node": ("node", ["node", "normalise.mjs"] if shutil.which("node") else None),
    "shell": ("shell", ["sh", "normalise.sh"] if shutil.which("curl") else None),
    "go": ("go", _go_command()),
    "java": ("java", _java_command()),
}
MISSING = {
    "node": "node is not installed",
    "shell": "curl is not installed",
    "go": "the Go toolchain is not installed (apt-get install golang-go)",
    "java": "no Java runtime (java 11+) is installed",
}


def run_client(name: str, page: Path, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    directory, command = CLIENTS[name]
    if command is None:
        pytest.skip(MISSING[name])
    environment = {**os.environ, "NORMALISER_URL": url, **env}
    if "HOME" not in environment:  # go wants a build cache
        environment.setdefault("GOCACHE", str(Path(os.environ.get("TMPDIR", "/tmp")) / "gocache"))
    return subprocess.run(
        [*command, str(page)],
        cwd=EXAMPLES / directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def expected_lines(page: Path) -> list[str]:
    article = normalise(page.read_text(encoding="utf-8"), reference_time=REFERENCE_TIME)
    published = article["published"]["value"] if article["published"] else "(unknown)"
    return [
        f"title: {article['title'] or '(none)'}",
        f"published: {published}",
        f"history: {len(article['history'])}",
    ]


@pytest.mark.parametrize("name", list(CLIENTS))
@pytest.mark.parametrize("page", [AGGREGATOR_SEED, DATELINE_SEED], ids=["aggregator", "dateline"])
def test_client_prints_title_date_and_history(name: str, page: Path, service_url: str) -> None:
    done = run_client(name, page, service_url, REFERENCE_TIME=REFERENCE_TIME)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected_lines(page)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_reports_a_refused_page(name: str, service_url: str) -> None:
    # a reference time without a UTC offset is a 422 problem
    done = run_client(name, DATELINE_SEED, service_url, REFERENCE_TIME="2025-03-24T12:00:00")
    assert done.returncode == 1
    assert "422" in done.stderr and "reference_time" in done.stderr
    assert "title:" not in done.stdout


@pytest.mark.parametrize("name", ["node", "shell"])
def test_client_defaults_to_localhost_8000(name: str) -> None:
    directory, command = CLIENTS[name]
    if command is None:
        pytest.skip(MISSING[name])
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", 8000))
        except OSError:
            pytest.skip("something listens on port 8000 here")
        # bound, not listening: a connection to the default URL is refused at once
        env = {k: v for k, v in os.environ.items() if k != "NORMALISER_URL"}
        done = subprocess.run(
            [*command, str(DATELINE_SEED)],
            cwd=EXAMPLES / directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode != 0
    assert "8000" in done.stderr or "refused" in done.stderr.lower()
