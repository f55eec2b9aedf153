"""SPARQL 1.1 Protocol and Graph Store Protocol clients for remote servers (Oxigraph, Fuseki, ...)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

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
        if not url.startswith(("http://", "https://")):
            raise EndpointError(f"{url}: not an http(s) URL (give the server's SPARQL query URL)")
        self.url = url
        base = url.rsplit("/", 1)[0] if url.rstrip("/").endswith(("/query", "/sparql")) else url.rstrip("/")
        self.store_url = store_url or base + "/store"

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
        rows = [tuple(_term(b.get(v)) for v in variables) for b in payload["results"]["bindings"]]
        return Rows(variables, rows)

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


def _term(binding: dict[str, str] | None) -> Node | None:
    if binding is None:
        return None
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
