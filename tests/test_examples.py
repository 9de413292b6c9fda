"""The example clients in examples/ against the real service, served by gunicorn on loopback.

Each client posts a seed page and must print the title, publication date and history count the
core gives for it. Every client behaves alike: the API key from NORMALISER_API_KEY, the page's
bytes sent unchanged, and one clear line on stderr with exit status 1 for a missing file, a
refused request or a service that is down. Python, Node and the shell client always run
(python3, node and curl are on the machine); Go and Java run where their toolchains are
installed and are skipped, saying so, where not.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.normalise import normalise
from service.normalise.html import normalise_html
from tests.conftest import AGGREGATOR_SEED, DATELINE_SEED, REFERENCE_TIME

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(tmp_path_factory: pytest.TempPathFactory, **env: str) -> Iterator[str]:
    """The service under gunicorn, as the container runs it, on a free loopback port."""
    port = _free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NORMALISER_")},
        "NORMALISER_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path_factory.mktemp("prometheus")),
        **env,
    }
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "service.wsgi:app"],
            cwd=ROOT,
            env=environment,
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


@pytest.fixture(scope="module")
def service_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_service(tmp_path_factory)


API_KEY = "first-hour-key-1"


@pytest.fixture(scope="module")
def keyed_service_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service with API keys configured: every /v1/ call needs one."""
    yield from start_service(tmp_path_factory, NORMALISER_API_KEYS=f"other-key,{API_KEY}")


def _go_command() -> list[str] | None:
    # built once, as the examples README says, and run as a program: `go run` would add its
    # own "exit status 1" line to a failure's one line
    return ["go", "build"] if shutil.which("go") else None


def _java_command() -> list[str] | None:
    return ["java", "Client.java"] if shutil.which("java") else None


# client name -> (directory, command without the page argument, or None when not installed)
CLIENTS = {
    "python": ("python", [sys.executable, "normalise.py"]),
    "node": ("node", ["node", "normalise.mjs"] if shutil.which("node") else None),
    "shell": ("shell", ["sh", "normalise.sh"] if shutil.which("curl") else None),
    "go": ("go", _go_command()),
    "java": ("java", _java_command()),
}
MISSING = {
    "python": "",
    "node": "node is not installed",
    "shell": "curl is not installed",
    "go": "the Go toolchain is not installed (apt-get install golang-go)",
    "java": "no Java runtime (java 11+) is installed",
}


@functools.cache
def go_binary() -> Path:
    """The Go client built once (``go build``), as examples/README.md shows."""
    target = Path(tempfile.mkdtemp(prefix="go-client-")) / "normalise"
    env = {**os.environ}
    if "HOME" not in env:  # go wants a build cache
        env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "gocache"))
    subprocess.run(
        ["go", "build", "-o", str(target), "."],
        cwd=EXAMPLES / "go",
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    return target


def run_client(name: str, page: Path, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    directory, command = CLIENTS[name]
    if command is None:
        pytest.skip(MISSING[name])
    if name == "go":
        command = [str(go_binary())]
    environment = {
        **{
            k: v for k, v in os.environ.items() if k not in ("NORMALISER_API_KEY", "REFERENCE_TIME")
        },
        "NORMALISER_URL": url,
        **env,
    }
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


def assert_one_line_failure(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 1, nothing on stdout, one line on stderr holding ``words``."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one clear line, no stack trace
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_reports_a_refused_page(name: str, service_url: str) -> None:
    # a reference time without a UTC offset is a 422 problem
    done = run_client(name, DATELINE_SEED, service_url, REFERENCE_TIME="2025-03-24T12:00:00")
    assert_one_line_failure(done, "422", "reference_time")


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_reports_a_missing_file(name: str, service_url: str, tmp_path: Path) -> None:
    done = run_client(name, tmp_path / "no-such-page.txt", service_url)
    assert_one_line_failure(done, "no-such-page.txt")


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_reports_a_service_that_is_down(name: str, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))  # bound, not listening: a connection is refused at once
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
        done = run_client(name, DATELINE_SEED, url)
    assert_one_line_failure(done, "cannot reach", url)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_sends_the_api_key(name: str, keyed_service_url: str) -> None:
    without = run_client(name, DATELINE_SEED, keyed_service_url)
    assert_one_line_failure(without, "401")
    done = run_client(
        name,
        DATELINE_SEED,
        keyed_service_url,
        NORMALISER_API_KEY=API_KEY,
        REFERENCE_TIME=REFERENCE_TIME,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected_lines(DATELINE_SEED)


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_sends_the_pages_bytes_unchanged(
    name: str, service_url: str, tmp_path: Path
) -> None:
    # a UTF-16 page with its byte-order mark: read as text by the client, it would be mangled
    page = tmp_path / "utf16.txt"
    page.write_bytes(DATELINE_SEED.read_text(encoding="utf-8").encode("utf-16"))
    done = run_client(name, page, service_url, REFERENCE_TIME=REFERENCE_TIME)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected_lines(DATELINE_SEED)
    # a Latin-1 page reaches the service as it is, which says how to name its charset
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le café a ouvert lundi.\n".encode("latin-1"))
    assert_one_line_failure(run_client(name, latin, service_url), "400", "charset")


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_defaults_to_localhost_8000(name: str) -> None:
    directory, command = CLIENTS[name]
    if command is None:
        pytest.skip(MISSING[name])
    if name == "go":
        command = [str(go_binary())]
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
            timeout=180,
            check=False,
        )
    assert_one_line_failure(done, "localhost:8000")


# An invented page in windows-1252 that says so only in its markup: sent as text/plain it is
# refused (400, not UTF-8); sent as text/html, bytes unchanged, the service reads its charset.
HTML_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252">'
    "<title>Le café du quai rouvre ses portes | Gazette du Port</title>"
    '<meta property="article:published_time" content="2025-03-20T08:15:00+01:00"></head><body>'
    "<article><h1>Le café du quai rouvre ses portes</h1>"
    "<p>Le café du quai a rouvert lundi après trois mois de travaux sur la façade.</p>"
    "<p>Les habitués sont revenus dès l’aube, et la terrasse était pleine à midi.</p>"
    "</article></body></html>"
).encode("windows-1252")


@pytest.mark.parametrize("name", list(CLIENTS))
def test_client_sends_an_html_file_as_text_html(
    name: str, service_url: str, tmp_path: Path
) -> None:
    article = normalise_html(HTML_PAGE, reference_time=REFERENCE_TIME)
    expected = [
        f"title: {article['title']}",
        f"published: {article['published']['value']}",
        f"history: {len(article['history'])}",
    ]
    assert expected[:2] == [
        "title: Le café du quai rouvre ses portes",
        "published: 2025-03-20T07:15:00Z",
    ]
    for suffix in (".html", ".HTM"):
        page = tmp_path / f"cafe{suffix}"
        page.write_bytes(HTML_PAGE)
        done = run_client(name, page, service_url, REFERENCE_TIME=REFERENCE_TIME)
        assert done.returncode == 0, (suffix, done.stderr)
        assert done.stdout.splitlines() == expected, suffix
    # the same bytes under another name are a text page, which the service refuses as not UTF-8
    text = tmp_path / "cafe.txt"
    text.write_bytes(HTML_PAGE)
    assert_one_line_failure(run_client(name, text, service_url), "400", "charset")
