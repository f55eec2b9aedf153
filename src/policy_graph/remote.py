"""SPARQL 1.1 Protocol and Graph Store Protocol clients for remote servers (Oxigraph, Fuseki, ...).

Every request is bounded as a whole: ``timeout`` covers connecting, sending and reading the
complete answer (a watchdog closes the connection at the deadline, so a server that answers one
byte at a time is stopped too). Credentials written in a URL (``https://user:secret@host/...``)
are sent as HTTP Basic authentication and never appear in a message. A redirect is followed
only to the same scheme, host and port; one elsewhere is refused.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import secrets
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.term import Node

from .errors import EndpointError, QueryError
from .namespaces import bind_prefixes
from .sparql.binding import bind_values
from .sparql.rows import Rows

__all__ = ["Endpoint"]


class Endpoint:
    """A remote SPARQL endpoint; ``update_url`` / ``store_url`` default to Oxigraph's layout.

    >>> Endpoint("http://127.0.0.1:7878/query").store_url
    'http://127.0.0.1:7878/store'
    """

    def __init__(self, url: str, *, store_url: str | None = None) -> None:
        self.url, self._auth = _split_credentials(_checked_url(url, "the server's SPARQL query URL"))
        base = self.url.rsplit("/", 1)[0] if self.url.rstrip("/").endswith(("/query", "/sparql")) else self.url.rstrip("/")
        if store_url:
            self.store_url, store_auth = _split_credentials(_checked_url(store_url, "its Graph Store URL"))
            self._store_auth = store_auth or self._auth
        else:
            self.store_url, self._store_auth = base + "/store", self._auth

    #: Queries leave this process (`policy_graph.sources.DataSource`).
    remote = True
    #: The server's last HTTP Digest challenge, once it asked for Digest authentication.
    _challenge: str | None = None
    _answered = 0

    def _digest(self, auth: str, method: str, url: str) -> str:
        """The Digest answer to the last challenge, with the next request count (``nc``)."""
        assert self._challenge is not None
        self._answered += 1
        return _digest(auth, self._challenge, method, url, self._answered)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def graph(self, *, timeout: float | None = 300) -> Graph:
        """The server's whole default graph, by one CONSTRUCT (for quote coverage, models...)."""
        return self.run("construct", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {}, timeout=timeout, name="the whole graph")  # type: ignore[no-any-return]

    def _request(
        self, method: str, url: str, body: bytes, headers: dict[str, str], timeout: float | None, *, auth: str | None, query: bool = False
    ) -> tuple[str, bytes]:
        """Send one request (following same-origin redirects) and return the content type and the
        whole body; ``query`` says an HTTP 400 is the server refusing a query (a `QueryError`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if auth:
            headers = {**headers, "Authorization": self._digest(auth, method, url) if self._challenge else auth}
        for _ in range(_MAX_REDIRECTS + 1):
            status, reason, answer_headers, payload = _exchange(method, url, body, headers, deadline, timeout)
            challenge = answer_headers.get("WWW-Authenticate", "")
            if status == 401 and auth and challenge[:7].lower() == "digest " and not headers["Authorization"].startswith("Digest"):
                self._challenge = challenge  # Digest (Virtuoso's Graph Store): answered from now on
                headers = {**headers, "Authorization": self._digest(auth, method, url)}
                continue
            if status in (301, 302, 303, 307, 308):
                target = urllib.parse.urljoin(url, answer_headers.get("Location", ""))
                if _origin(target) != _origin(url):
                    raise EndpointError(f"{url}: redirected to {_redacted(target)}, another scheme, host or port; refused (give the final URL)")
                url = target
                continue
            if status >= 400:
                text = payload[:300].decode("utf-8", "replace").strip().replace("\n", " ")
                if status == 400 and query:
                    raise QueryError(f"{url}: the server refused the query (HTTP 400): {text}")
                raise EndpointError(f"{url}: HTTP {status} {reason}: {text}")
            return answer_headers.get("Content-Type", ""), payload
        raise EndpointError(f"{url}: more than {_MAX_REDIRECTS} redirects; give the final URL")

    def run(self, form: str, text: str, bindings: dict[str, Node], *, timeout: float | None, name: str) -> Any:
        """Send a query (bindings in a VALUES block of escaped terms, `query.bind_values`) and parse the answer."""
        text = bind_values(text, bindings, form)  # type: ignore[arg-type]
        accept = "application/n-triples" if form == "construct" else "application/sparql-results+json"
        body = urllib.parse.urlencode({"query": text}).encode()
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        content_type, answer = self._request("POST", self.url, body, headers, timeout, auth=self._auth, query=True)
        if form == "construct":
            if "n-triples" not in content_type and "text/plain" not in content_type:
                raise EndpointError(f"{self.url}: expected N-Triples, got {content_type or 'no content type'}")
            try:
                return bind_prefixes(Graph()).parse(data=answer.decode("utf-8"), format="nt")
            except (ParserError, UnicodeDecodeError) as err:
                raise EndpointError(f"{self.url}: the answer is not valid N-Triples ({err})") from None
        try:
            payload = json.loads(answer)
        except ValueError:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({content_type or 'no content type'})") from None
        if form == "ask":
            if not isinstance(payload, dict) or not isinstance(payload.get("boolean"), bool):
                raise EndpointError(f"{self.url}: the answer is not a SPARQL JSON boolean result (no true/false 'boolean')")
            return payload["boolean"]
        variables, solutions = _solutions(payload, self.url)
        return Rows(variables, _rows(variables, solutions))

    def push(self, paths: Iterable[Path | str], *, graph: str | None = None, append: bool = False, timeout: float | None = 60) -> int:
        """Send the triples of RDF files to the server's Graph Store; returns how many were sent.

        The target graph (``graph``, else the default graph) is replaced (HTTP PUT), so pushing
        the same files twice leaves the same triples; ``append=True`` adds to it (POST). Every
        file is read and checked first, then all go as one N-Triples document in one request:
        a bad file sends nothing, and the graph never holds part of the files. ``timeout``
        bounds the request as a whole.
        """
        from .store import Store

        store = Store.from_files(paths)
        document = store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        target = self.store_url + ("?" + urllib.parse.urlencode({"graph": graph}) if graph else "?default")
        method, headers = ("POST" if append else "PUT"), {"Content-Type": "application/n-triples"}
        if self._store_auth and self._challenge is None:
            # An empty request without credentials first: a server asking for Digest
            # authentication (Virtuoso) closes the connection on a refused body before it
            # answers, and names no scheme to a Basic attempt. The probe adds an empty document
            # (POST), which changes nothing; an empty PUT would empty the graph on a server that
            # takes it without credentials.
            status, _, answer, _ = _exchange("POST", target, b"", headers, None if timeout is None else time.monotonic() + timeout, timeout)
            challenge = answer.get("WWW-Authenticate", "")
            if status == 401 and challenge[:7].lower() == "digest ":
                self._challenge = challenge
        self._request(method, target, document, headers, timeout, auth=self._store_auth)
        return len(store)


def _checked_url(url: str, wanted: str) -> str:
    """``url`` if it is a well-formed http(s) URL, else an `EndpointError` asking for ``wanted``.

    >>> _checked_url("http://[::1/query", "a URL")
    Traceback (most recent call last):
    ...
    policy_graph.errors.EndpointError: http://[::1/query: not a usable http(s) URL (Invalid IPv6 URL); give a URL
    >>> _checked_url("ftp://me:secret@host/query", "a URL")
    Traceback (most recent call last):
    ...
    policy_graph.errors.EndpointError: ftp://***@host/query: not an http(s) URL; give a URL
    """
    try:
        parts = urllib.parse.urlsplit(url)
        problem = None if parts.scheme in ("http", "https") and parts.hostname else "not an http(s) URL"
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as err:
        problem = f"not a usable http(s) URL ({err})"
    if problem:
        raise EndpointError(f"{_redacted(url)}: {problem}; give {wanted}")
    return url


def _redacted(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``.

    >>> _redacted("https://me:secret@host:8443/q?x=1")
    'https://***@host:8443/q?x=1'
    """
    scheme, sep, rest = url.partition("://")
    authority, slash, tail = rest.partition("/")
    if sep and "@" in authority:
        return f"{scheme}://***@{authority.rsplit('@', 1)[1]}{slash}{tail}"
    return url


def _split_credentials(url: str) -> tuple[str, str | None]:
    """``url`` without its ``user:password@`` and the HTTP Basic ``Authorization`` value made of them.

    >>> _split_credentials("http://me:s%40cret@host/query")
    ('http://host/query', 'Basic bWU6c0BjcmV0')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.netloc.rsplit("@", 1)[1]
    user, password = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return urllib.parse.urlunsplit(parts._replace(netloc=host)), f"Basic {token}"


def _digest(basic: str, challenge: str, method: str, url: str, count: int = 1) -> str:
    """The HTTP Digest ``Authorization`` value (RFC 7616, MD5, qop ``auth`` when offered) answering
    ``challenge`` with the user and password of the Basic value ``basic``, as request ``count``.

    >>> value = _digest("Basic ZGJhOmRiYQ==", 'Digest realm="r", nonce="n", qop="auth"', "PUT", "http://h/crud?graph=g")
    >>> value.startswith('Digest username="dba", realm="r", nonce="n", uri="/crud?graph=g", qop=auth, nc=00000001, cnonce=')
    True
    """
    user, _, password = base64.b64decode(basic.split(" ", 1)[1]).decode().partition(":")
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    known = md5(f"{user}:{realm}:{password}"), md5(f"{method}:{uri}")
    answer = f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}"'
    if "auth" in fields.get("qop", "").split(","):
        cnonce = secrets.token_hex(8)
        answer += f', qop=auth, nc={count:08x}, cnonce="{cnonce}", response="{md5(f"{known[0]}:{nonce}:{count:08x}:{cnonce}:auth:{known[1]}")}"'
    else:
        answer += f', response="{md5(f"{known[0]}:{nonce}:{known[1]}")}"'
    if "opaque" in fields:
        answer += f', opaque="{fields["opaque"]}"'
    return answer + (f", algorithm={fields['algorithm']}" if "algorithm" in fields else "")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


_MAX_REDIRECTS = 5


def _exchange(
    method: str, url: str, body: bytes, headers: dict[str, str], deadline: float | None, timeout: float | None
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    """One HTTP exchange, finished by ``deadline``: a watchdog shuts the socket down at that
    moment, which ends a connect, send or read that is still waiting (or dripping)."""
    parts = urllib.parse.urlsplit(url)
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname or "", parts.port, timeout=timeout)
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), stop) if deadline is not None else None
    if watchdog is not None:
        watchdog.daemon = True
        watchdog.start()
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        chunks = []
        while chunk := response.read1(65536):
            chunks.append(chunk)
            if expired.is_set():
                break
        if expired.is_set():
            raise TimeoutError
        return response.status, response.reason, response.headers, b"".join(chunks)
    except (OSError, http.client.HTTPException) as err:
        if expired.is_set() or isinstance(err, TimeoutError):
            raise EndpointError(f"{url}: no complete answer within {timeout:g} s (raise --timeout, or check the server)") from None
        raise EndpointError(f"{url}: unreachable ({getattr(err, 'strerror', None) or err})") from None
    finally:
        if watchdog is not None:
            watchdog.cancel()
        connection.close()


def _solutions(payload: Any, url: str) -> tuple[tuple[str, ...], list[dict[str, dict[str, str]]]]:
    """The variables and solutions of SPARQL JSON results, or an `EndpointError` naming what is wrong.

    >>> _solutions({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri"}}]}}, "http://h/q")
    Traceback (most recent call last):
    ...
    policy_graph.errors.EndpointError: http://h/q: the answer is not SPARQL JSON results (solution 1: ?s has no text 'value')
    """
    def fail(what: str) -> EndpointError:
        return EndpointError(f"{url}: the answer is not SPARQL JSON results ({what})")

    head = payload.get("head") if isinstance(payload, dict) else None
    variables = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise fail("no list of variable names at head.vars")
    results = payload.get("results")
    solutions = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(solutions, list):
        raise fail("no list of solutions at results.bindings")
    for number, solution in enumerate(solutions, 1):
        if not isinstance(solution, dict):
            raise fail(f"solution {number} is not an object")
        for name, term in solution.items():
            if not isinstance(term, dict) or term.get("type") not in _TERM_TYPES:
                raise fail(f"solution {number}: ?{name} is not a term of type uri, bnode or literal")
            if not isinstance(term.get("value"), str):
                raise fail(f"solution {number}: ?{name} has no text 'value'")
    return tuple(variables), solutions


_TERM_TYPES = frozenset({"uri", "bnode", "literal", "typed-literal"})


def _rows(variables: tuple[str, ...], bindings: list[dict[str, dict[str, str]]]) -> list[tuple[Any, ...]]:
    """The solutions as rows of pyoxigraph terms, as the embedded store gives them: `Rows` makes
    rdflib terms only when they are read (for 11k rows of 9 terms, rdflib terms made here took
    1.1 s of a 4 s query). Each distinct term is made once. A term pyoxigraph refuses (a server's
    odd blank node id, say) stays an rdflib term, which `Rows` reads too.

    >>> _rows(("s", "n"), [{"s": {"type": "uri", "value": "urn:a"}}, {"s": {"type": "bnode", "value": "nodeID://b1"}}])
    [(<NamedNode value=urn:a>, None), (rdflib.term.BNode('nodeID://b1'), None)]
    """
    memo: dict[tuple[str | None, ...], Any] = {}

    def term(binding: dict[str, str] | None) -> Any:
        if binding is None:
            return None
        key = (binding["type"], binding["value"], binding.get("xml:lang"), binding.get("datatype"))
        made = memo.get(key)
        if made is None:
            try:
                made = _native_term(binding)
            except ValueError:
                made = _term(binding)
            memo[key] = made
        return made

    return [tuple(term(solution.get(v)) for v in variables) for solution in bindings]


def _native_term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def _term(binding: dict[str, str]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    if "datatype" in binding and binding["datatype"] != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(binding["datatype"]))
    return Literal(value)
