"""The served endpoint: loopback by default, read-only (updates and Graph Store writes refused), and under load."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_graph.errors import EndpointError
from policy_graph.remote import Endpoint
from policy_graph.server import OxigraphServer, free_port

from conftest import CLAIMS, listing

pytestmark = [pytest.mark.reliability, pytest.mark.server]

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    folder = tmp_path_factory.mktemp("served")
    with OxigraphServer.with_files([CLAIMS], folder / "db") as running:
        yield running


def _count(url: str) -> int:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def _status(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_defaults_are_loopback_and_read_only(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "db")
    assert server.host == "127.0.0.1" and server.read_only is True


def test_serve_command_binds_loopback_by_default() -> None:
    from typer.main import get_command

    from policy_graph.cli import app

    serve = get_command(app).commands["serve"]  # type: ignore[attr-defined]
    assert {p.name: p.default for p in serve.params}["bind"] == "127.0.0.1"


def test_serve_command_listens_only_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policy_graph", "serve", str(CLAIMS), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _count(f"http://127.0.0.1:{port}/query") > 0
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        other = _non_loopback_address()
        if other:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=2).close()
    finally:
        process.terminate()
        process.wait(timeout=20)


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP: no packet is sent
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.parametrize(
    ("what", "method", "path", "body", "content_type"),
    [
        ("SPARQL UPDATE DROP ALL", "POST", "/update", b"DROP ALL", "application/sparql-update"),
        ("SPARQL UPDATE INSERT DATA", "POST", "/update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
        ("UPDATE sent to /query", "POST", "/query", b"DROP ALL", "application/sparql-update"),
        ("UPDATE as a form field", "POST", "/query", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("Graph Store PUT", "PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples"),
        ("Graph Store POST", "POST", "/store?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples"),
        ("Graph Store DELETE", "DELETE", "/store?default", b"", "application/n-triples"),
        ("bulk POST /store", "POST", "/store", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples"),
    ],
)
def test_writes_are_refused_and_the_data_are_unchanged(server: OxigraphServer, what: str, method: str, path: str, body: bytes, content_type: str) -> None:
    before = _count(server.url)
    base = server.url.rsplit("/", 1)[0]
    status = _status(urllib.request.Request(base + path, data=body or None, method=method, headers={"Content-Type": content_type}))
    assert status >= 400, f"{what}: HTTP {status}"
    assert _count(server.url) == before, what


def test_push_to_the_read_only_server_is_a_clean_error(server: OxigraphServer, tmp_path: Path) -> None:
    before = _count(server.url)
    with pytest.raises(EndpointError, match=r"HTTP \d{3}"):
        Endpoint(server.url).push([CLAIMS])
    assert _count(server.url) == before


def test_load_test_from_a_second_process(server: OxigraphServer, tmp_path: Path) -> None:
    before = _count(server.url)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "loadtest.py"), "--endpoint", server.url, "--clients", "4", "--requests", "25", "--json", "--max-seconds", "120"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == 0 and result["requests"] == 100, result
    assert result["p50_ms"] > 0 and result["throughput"] > 0
    assert _count(server.url) == before


def test_with_files_refuses_bad_input_before_starting(tmp_path: Path) -> None:
    from policy_graph.errors import InputError

    bad = ROOT / "tests" / "data" / "bad" / "unknown-prefix.ttl"
    with pytest.raises(InputError, match=r"unknown-prefix\.ttl:8:22: The prefix schema: has not been declared"):
        OxigraphServer.with_files([bad], tmp_path / "db")
    assert listing(tmp_path) == {}
