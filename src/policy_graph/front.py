"""A checking front for the Oxigraph server: every query passes `sparql.check` before it is relayed.

The Oxigraph server has no switch to refuse ``SERVICE`` (it makes the outbound request for any
client) and its parser overflows its stack on deeply nested queries (the process died at 1,000
nested groups). `QueryFront` listens where clients connect, reads each request with a time
limit, refuses a query that `check_query` refuses (HTTP 400, one line of text) and relays the
rest to the server on a private loopback port, streaming the answer back.

One thread per connection, so slow or idle clients hold only their own thread: 300 connections
that never finish a request do not keep a normal client from its answer. A request must arrive
within `REQUEST_SECONDS`, one read of it within `READ_SECONDS`.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import EndpointError, QueryError
from .sparql.check import check_query

__all__ = ["READ_SECONDS", "REQUEST_SECONDS", "QueryFront"]

#: Seconds one read from a client may wait (also how long an idle keep-alive connection stays).
READ_SECONDS = 10.0
#: Seconds a client has to send a whole request body.
REQUEST_SECONDS = 30.0
#: Largest request body accepted (bytes): a query, or a file for the Graph Store of a writable server.
MAX_BODY = 64 * 1024 * 1024
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"})
_QUERY_TYPES = {"application/sparql-query": "query", "application/sparql-update": "update"}
_SPARQL_BODIES = frozenset({"application/x-www-form-urlencoded", *_QUERY_TYPES})


class QueryFront:
    """A threaded HTTP front on ``host:port`` relaying checked requests to ``upstream_port`` on loopback.

    ``upstream_seconds`` bounds the wait for the server's answer (its own query timeout plus a margin).
    """

    def __init__(self, host: str, port: int, upstream_port: int, *, upstream_seconds: float = 60.0) -> None:
        handler = type("Handler", (_Handler,), {"upstream": ("127.0.0.1", upstream_port), "upstream_seconds": upstream_seconds})
        server_class = _Server6 if ":" in host else _Server
        try:
            self.server = server_class((host, port), handler)
        except OSError as err:
            raise EndpointError(f"cannot listen on {host} port {port}: {err.strerror} (choose another --port)") from err
        self.thread = threading.Thread(target=self.server.serve_forever, name="query front", daemon=True)

    def start(self) -> QueryFront:
        """Accept connections on a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close the listening socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of connections waits in the backlog instead of being refused


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = READ_SECONDS
    upstream: tuple[str, int]
    upstream_seconds: float
    status_sent = False

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the front writes no access log."""

    def do_GET(self) -> None:
        self._relay()

    def do_HEAD(self) -> None:
        self._relay()

    def do_POST(self) -> None:
        self._relay()

    def do_PUT(self) -> None:
        self._relay()

    def do_DELETE(self) -> None:
        self._relay()

    def _relay(self) -> None:
        self.status_sent = False
        try:
            body = self._body()
        except _Refused as refused:
            self._answer(refused.status, str(refused))
            return
        except (TimeoutError, OSError):
            self.close_connection = True
            return
        content_type = self.headers.get("Content-Type", "")
        if self.command == "POST" and not self.path.startswith("/store") and _media(content_type) not in _SPARQL_BODIES:
            self._answer(415, "send SPARQL as application/sparql-query, application/sparql-update or a form")
            return
        for kind, text in _sparql_texts(self.path, content_type, body):
            try:
                check_query(text, f"the {kind}", update=kind == "update")
            except QueryError as err:
                self._answer(400, str(err))
                return
        self._forward(body)

    def _body(self) -> bytes:
        """The request body, read with a deadline for the whole of it."""
        for name in ("Content-Type", "Content-Length", "Transfer-Encoding"):
            if len(self.headers.get_all(name) or []) > 1:  # the server might read another copy than the check
                raise _Refused(400, f"the request has more than one {name} header")
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _Refused(411, "send the body with a Content-Length (chunked bodies are not accepted)")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Refused(400, "the Content-Length is not a number") from None
        if length < 0 or length > MAX_BODY:
            raise _Refused(413, f"the body is larger than {MAX_BODY} bytes")
        deadline = time.monotonic() + REQUEST_SECONDS
        parts: list[bytes] = []
        left = length
        while left > 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the client sent its body too slowly")
            part = self.rfile.read1(min(left, 65536))
            if not part:
                raise ConnectionError("the client closed the connection")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _forward(self, body: bytes) -> None:
        upstream = http.client.HTTPConnection(*self.upstream, timeout=self.upstream_seconds)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream.request(self.command, self.path, body if body or self.command in ("POST", "PUT") else None, headers)
            response = upstream.getresponse()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP and key.lower() not in ("date", "server"):
                    self.send_header(key, value)
            length = response.getheader("Content-Length")
            if self.command == "HEAD" or response.status in (204, 304):
                self.send_header("Content-Length", length or "0")
                self.end_headers()
            elif length is not None:
                self.send_header("Content-Length", length)
                self.end_headers()
                while chunk := response.read(65536):
                    self.wfile.write(chunk)
            else:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                while chunk := response.read1(65536):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException) as err:
            if self.status_sent:  # the answer is cut: the client sees a closed connection
                self.close_connection = True
            else:
                self._answer(502, f"the SPARQL server did not answer: {err}")
        finally:
            upstream.close()

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status_sent = True
        super().send_response(code, message)

    def _answer(self, status: int, message: str) -> None:
        payload = (message.replace("\n", " ") + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)


class _Refused(Exception):
    """A request the front answers itself with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _sparql_texts(path: str, content_type: str, body: bytes) -> list[tuple[str, str]]:
    """Every SPARQL query or update a request carries, as (``query`` or ``update``, text): the
    parameters of the URL and of a form body, or a ``application/sparql-query``/``-update`` body.

    >>> _sparql_texts("/query?query=ASK%7B%7D", "", b"")
    [('query', 'ASK{}')]
    >>> _sparql_texts("/update", "application/x-www-form-urlencoded", b"update=LOAD+%3Chttp%3A%2F%2Fh%2F%3E")
    [('update', 'LOAD <http://h/>')]
    >>> _sparql_texts("/query", "application/sparql-query; charset=utf-8", b"ASK {}")
    [('query', 'ASK {}')]
    """
    fields = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    media = _media(content_type)
    if media == "application/x-www-form-urlencoded":
        for name, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
            fields.setdefault(name, []).extend(values)
    texts = [(kind, text) for kind in ("query", "update") for text in fields.get(kind, [])]
    if media in _QUERY_TYPES:
        texts.append((_QUERY_TYPES[media], body.decode("utf-8", "replace")))
    return texts


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()
