"""Remote calls hold their limits: the timeout bounds the whole exchange, credentials are never
echoed, redirects elsewhere are refused, and a malformed answer is one line.

Every server here is a loopback `http.server` that stops by itself (a dripping answer ends
after 30 s even if nobody reads it)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import CLAIMS, cli

from policy_graph.errors import EndpointError
from policy_graph.query import ask, select
from policy_graph.remote import Endpoint

pytestmark = pytest.mark.reliability

COUNT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
Behaviour = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A loopback HTTP server answering every request with ``behaviour``; records each request's headers and method."""

    def __init__(self, behaviour: Behaviour) -> None:
        seen: list[dict[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append({**dict(self.headers), "method": self.command})
                behaviour(self)

            do_GET = do_PUT = do_POST

        self.requests = seen
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def serve() -> Iterator[Callable[[Behaviour], Server]]:
    made: list[Server] = []

    def start(behaviour: Behaviour) -> Server:
        made.append(Server(behaviour))
        return made[-1]

    yield start
    for server in made:
        server.close()


def _answer(status: int, body: bytes, content_type: str = "application/sparql-results+json", **headers: str) -> Behaviour:
    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return behaviour


def _drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then the body one byte every 0.5 s (for 30 s at most)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(60):
        try:
            handler.wfile.write(b" ")
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.5)


def _drip_headers(handler: BaseHTTPRequestHandler) -> None:
    """The status line and headers one byte every 0.5 s (for 30 s at most)."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nX-Slow: " + b"x" * 60:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.5)


def _silent(handler: BaseHTTPRequestHandler) -> None:
    """Read the request, answer nothing for 30 s."""
    time.sleep(30)


# ---- timeouts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("behaviour", [_drip, _drip_headers, _silent], ids=["drip-body", "drip-headers", "silent"])
def test_the_timeout_bounds_the_whole_query(serve: Callable[[Behaviour], Server], behaviour: Behaviour) -> None:
    server = serve(behaviour)
    start = time.monotonic()
    with pytest.raises(EndpointError, match=r"no complete answer within 1.5 s \(raise --timeout"):
        select(COUNT, Endpoint(server.url), timeout=1.5)
    assert time.monotonic() - start < 4


def test_the_command_line_query_stops_at_its_timeout(serve: Callable[[Behaviour], Server]) -> None:
    server = serve(_drip)
    start = time.monotonic()
    run = cli("query", "-", "--endpoint", server.url, "--timeout", "2", stdin=COUNT, timeout=60)
    assert run.code == 2
    assert run.one_error_line() == f"policy-graph: error: {server.url}: no complete answer within 2 s (raise --timeout, or check the server)"
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("behaviour", [_drip, _silent], ids=["drip-body", "silent"])
def test_push_stops_at_its_timeout(serve: Callable[[Behaviour], Server], behaviour: Behaviour) -> None:
    server = serve(behaviour)
    start = time.monotonic()
    run = cli("push", CLAIMS, "--endpoint", server.url, "--timeout", "2", timeout=60)
    assert run.code == 2
    assert "no complete answer within 2 s" in run.one_error_line()
    assert time.monotonic() - start < 12


# ---- credentials --------------------------------------------------------------------------------


def test_credentials_are_sent_as_basic_auth_and_never_echoed(serve: Callable[[Behaviour], Server]) -> None:
    server = serve(_answer(500, b"boom", "text/plain"))
    url = server.url.replace("http://", "http://alice:s3cr%40t@")
    run = cli("query", "-", "--endpoint", url, stdin=COUNT, timeout=60)
    assert run.code == 2
    line = run.one_error_line()
    assert "s3cr" not in line and "alice" not in line
    assert f"http://127.0.0.1:{server.port}/query: HTTP 500" in line
    assert server.requests[0]["Authorization"] == "Basic YWxpY2U6czNjckB0"  # alice:s3cr@t
    assert "alice" not in repr(Endpoint(url))


def test_credentials_are_not_echoed_when_the_server_is_unreachable() -> None:
    run = cli("query", "-", "--endpoint", "http://bob:hunter2@127.0.0.1:1/query", stdin=COUNT, timeout=60)
    assert run.code == 2
    assert "hunter2" not in run.stderr and "bob" not in run.stderr
    assert "unreachable" in run.one_error_line()


def test_push_names_the_store_without_credentials(serve: Callable[[Behaviour], Server]) -> None:
    server = serve(_answer(204, b""))
    run = cli("push", CLAIMS, "--endpoint", server.url.replace("http://", "http://carol:pw@"), timeout=60)
    assert run.code == 0, run
    assert run.stdout.startswith(f"replaced the default graph at http://127.0.0.1:{server.port}/store:"), run
    assert "carol" not in run.stdout + run.stderr and ":pw@" not in run.stdout + run.stderr
    assert server.requests[-1]["Authorization"].startswith("Basic ")
    # the first request, without credentials, probes for a Digest challenge: it must not be an
    # empty PUT, which a server taking it would obey by emptying the graph
    assert [(r["method"], r["Content-Length"]) for r in server.requests[:-1]] == [("POST", "0")]


# ---- redirects ------------------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["https://127.0.0.1:{port}/query", "http://localhost:{port}/query", "file:///etc/passwd", "http://127.0.0.1:1/query"])
def test_a_redirect_elsewhere_is_refused(serve: Callable[[Behaviour], Server], location: str) -> None:
    server = serve(_answer(302, b"", Location=location.format(port=0)))
    target = location.format(port=0)
    with pytest.raises(EndpointError, match=f"redirected to {target}, another scheme, host or port; refused"):
        select(COUNT, Endpoint(server.url), timeout=5)
    assert len(server.requests) == 1


def test_a_redirect_on_the_same_server_is_followed(serve: Callable[[Behaviour], Server]) -> None:
    answer = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:a"}}]}}).encode()
    final = _answer(200, answer)
    redirect = _answer(307, b"", Location="/query/")
    server = serve(lambda handler: (redirect if handler.path == "/query" else final)(handler))
    assert select(COUNT, Endpoint(server.url), timeout=5).to_strings() == [("urn:a",)]
    assert len(server.requests) == 2


# ---- malformed answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"not json", "the answer is not SPARQL JSON results (application/sparql-results+json)"),
        (b"[]", "no list of variable names at head.vars"),
        (b'{"head": {}}', "no list of variable names at head.vars"),
        (b'{"head": {"vars": ["s"]}, "results": {}}', "no list of solutions at results.bindings"),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [1]}}', "solution 1 is not an object"),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri"}}]}}', "solution 1: ?s has no text 'value'"),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "x", "value": "a"}}]}}', "?s is not a term of type uri, bnode or literal"),
    ],
)
def test_malformed_sparql_json_is_one_line(serve: Callable[[Behaviour], Server], body: bytes, problem: str) -> None:
    server = serve(_answer(200, body))
    run = cli("query", "-", "--endpoint", server.url, stdin=COUNT, timeout=60)
    assert run.code == 2
    assert run.one_error_line().startswith(f"policy-graph: error: {server.url}: ")
    assert problem in run.one_error_line()


def test_a_malformed_boolean_is_one_error(serve: Callable[[Behaviour], Server]) -> None:
    server = serve(_answer(200, b'{"head": {}, "boolean": "yes"}'))
    with pytest.raises(EndpointError, match="not a SPARQL JSON boolean result"):
        ask("ASK { ?s ?p ?o }", Endpoint(server.url), timeout=5)
