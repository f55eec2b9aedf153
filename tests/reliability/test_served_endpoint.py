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
from conftest import CLAIMS, listing

from policy_graph.errors import EndpointError
from policy_graph.remote import Endpoint
from policy_graph.server import OxigraphServer, free_port

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


# ---- the checking front: SERVICE, deep nesting, slow clients ----------------------------------


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _service_requests(url: str, target: str) -> list[tuple[str, bytes, str]]:
    """The same SERVICE query sent the three ways the SPARQL Protocol allows, with an escaped '#'."""
    text = f"PREFIX ex: <urn:x#>\nSELECT * WHERE {{ ?s ex:p\\# ?o . sErViCe <{target}/sparql> {{ ?s ?p ?o }} }}"
    return [
        (url + "?" + urllib.parse.urlencode({"query": text}), b"", "GET"),
        (url, urllib.parse.urlencode({"query": text}).encode(), "application/x-www-form-urlencoded"),
        (url, text.encode(), "application/sparql-query"),
    ]


def test_service_is_refused_for_every_client(server: OxigraphServer) -> None:
    from conftest import Canary

    canary = Canary()
    try:
        for url, body, kind in _service_requests(server.url, canary.url):
            if kind == "GET":
                request = urllib.request.Request(url)
                try:
                    urllib.request.urlopen(request, timeout=30).close()
                    status, message = 200, ""
                except urllib.error.HTTPError as err:
                    status, message = err.code, err.read().decode()
            else:
                status, message = _post(url, body, kind)
            assert status == 400, (kind, status, message)
            assert "SERVICE" in message and "refused" in message, message
        assert canary.connections == 0
    finally:
        canary.close()


def test_the_library_reports_the_refusal_in_one_line(server: OxigraphServer) -> None:
    from policy_graph.errors import QueryError

    text = "SELECT * WHERE {\n SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    body = urllib.parse.urlencode({"query": text}).encode()
    with pytest.raises(QueryError, match=r"the server refused the query \(HTTP 400\): the query: SERVICE clauses"):
        Endpoint(server.url)._request("POST", server.url, body, {"Content-Type": "application/x-www-form-urlencoded"}, 30, auth=None, query=True)


@pytest.mark.parametrize("depth", [1000, 5000])
def test_deep_nesting_is_refused_and_the_server_lives_on(server: OxigraphServer, depth: int) -> None:
    before = _count(server.url)
    text = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    status, message = _post(server.url, text.encode(), "application/sparql-query")
    assert status == 400
    assert f"brackets nest {depth} deep, more than the 64 allowed" in message
    assert _count(server.url) == before
    assert server.process is not None and server.process.poll() is None


def test_a_query_in_an_unknown_body_type_is_refused(server: OxigraphServer) -> None:
    status, message = _post(server.url, b"SELECT * WHERE { ?s ?p ?o }", "text/plain")
    assert status == 415 and "application/sparql-query" in message


def test_a_second_content_type_cannot_smuggle_a_query_past_the_check(server: OxigraphServer) -> None:
    """A form type for the check, a query type for the server: refused whole."""
    body = b"SELECT * WHERE {\n SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.sendall(
            b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"more than one Content-Type header" in answer


def test_slow_connections_do_not_stop_a_normal_client(server: OxigraphServer) -> None:
    """300 connections that send half a request and wait: a normal client still gets its answer."""
    host, port = server.host, server.port
    slow = []
    try:
        for _ in range(300):
            connection = socket.create_connection((host, port), timeout=5)
            connection.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nSELECT")
            slow.append(connection)
        start = time.monotonic()
        assert _count(server.url) > 0
        assert time.monotonic() - start < 5, "the normal client waited behind the slow ones"
    finally:
        for connection in slow:
            connection.close()


def test_a_writable_server_refuses_updates_that_reach_out(tmp_path: Path) -> None:
    from conftest import Canary

    canary = Canary()
    try:
        with OxigraphServer(tmp_path / "db", read_only=False) as writable:
            base = writable.url.rsplit("/", 1)[0]
            for update in (f"LOAD <{canary.url}/data.ttl>", f"INSERT {{ ?s ?p ?o }} WHERE {{\n SERVICE <{canary.url}/s> {{ ?s ?p ?o }} }}"):
                status, message = _post(base + "/update", update.encode(), "application/sparql-update")
                assert status == 400, (update, status, message)
                assert "refused" in message
            status, _ = _post(base + "/update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update")
            assert status in (200, 204)
            assert _count(writable.url) == 1
        assert canary.connections == 0
    finally:
        canary.close()
