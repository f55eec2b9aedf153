"""SPARQL 1.1 Protocol and Graph Store Protocol clients for remote servers (Oxigraph, Fuseki, ...)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .bulk import collector_paused
from .errors import EndpointError, QueryError
from .namespaces import bind_prefixes
from .store import FORMATS, rdf_files

__all__ = ["Endpoint"]

_CONTENT_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json"}


class Endpoint:
    """A remote SPARQL endpoint; ``update_url`` / ``store_url`` default to Oxigraph's layout.

    >>> Endpoint("http://127.0.0.1:7878/query").store_url
    'http://127.0.0.1:7878/store'
    """

    def __init__(self, url: str, *, store_url: str | None = None) -> None:
        self.url = _checked_url(url, "the server's SPARQL query URL")
        base = url.rsplit("/", 1)[0] if url.rstrip("/").endswith(("/query", "/sparql")) else url.rstrip("/")
        self.store_url = _checked_url(store_url, "its Graph Store URL") if store_url else base + "/store"

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def _request(self, request: urllib.request.Request, timeout: float | None) -> tuple[str, bytes]:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            body = err.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
            if err.code == 400 and "query" in request.full_url:
                raise QueryError(f"{request.full_url}: the server refused the query (HTTP 400): {body}") from err
            raise EndpointError(f"{request.full_url}: HTTP {err.code} {err.reason}: {body}") from err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise EndpointError(f"{request.full_url}: unreachable ({reason})") from err

    def run(self, form: str, text: str, bindings: dict[str, Node], *, timeout: float | None, name: str) -> Any:
        """Send a query (bindings in a VALUES block of escaped terms, `query.bind_values`) and parse the answer."""
        from .query import bind_values

        text = bind_values(text, bindings, form)  # type: ignore[arg-type]
        accept = "application/n-triples" if form == "construct" else "application/sparql-results+json"
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        content_type, body = self._request(request, timeout)
        if form == "construct":
            if "n-triples" not in content_type and "text/plain" not in content_type:
                raise EndpointError(f"{self.url}: expected N-Triples, got {content_type or 'no content type'}")
            return bind_prefixes(Graph()).parse(data=body.decode("utf-8"), format="nt")
        try:
            payload = json.loads(body)
        except ValueError as err:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({content_type})") from err
        if form == "ask":
            return bool(payload["boolean"])
        from .query import Rows

        variables = tuple(payload["head"]["vars"])
        return Rows(variables, _rows(variables, payload["results"]["bindings"]))

    def push(self, paths: Iterable[Path | str], *, graph: str | None = None, timeout: float | None = 60) -> int:
        """Add the triples of RDF files to the server (Graph Store Protocol POST); returns files sent."""
        files = rdf_files(paths)
        target = self.store_url + ("?" + urllib.parse.urlencode({"graph": graph}) if graph else "?default")
        for path in files:
            request = urllib.request.Request(
                target,
                data=path.read_bytes(),
                method="POST",
                headers={"Content-Type": _CONTENT_TYPES[FORMATS[path.suffix]]},
            )
            self._request(request, timeout)
        return len(files)


def _checked_url(url: str, wanted: str) -> str:
    """``url`` if it is a well-formed http(s) URL, else an `EndpointError` asking for ``wanted``.

    >>> _checked_url("http://[::1/query", "a URL")
    Traceback (most recent call last):
    ...
    policy_graph.errors.EndpointError: http://[::1/query: not a usable http(s) URL (Invalid IPv6 URL); give a URL
    """
    try:
        parts = urllib.parse.urlsplit(url)
        problem = None if parts.scheme in ("http", "https") and parts.hostname else "not an http(s) URL"
    except ValueError as err:
        problem = f"not a usable http(s) URL ({err})"
    if problem:
        raise EndpointError(f"{url}: {problem}; give {wanted}")
    return url


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

    with collector_paused():
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
