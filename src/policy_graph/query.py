"""Named and ad-hoc SPARQL: ``select`` -> rows, ``ask`` -> bool, ``construct`` -> graph.

Queries run on the embedded pyoxigraph store (the default), on a plain rdflib `Graph`, or on a
remote SPARQL 1.1 endpoint, with identical results. Parameters travel as a mapping
(``params={"holder": ":macron"}``) and are bound as RDF terms, never pasted into the query text,
so a value cannot change the query; options such as ``timeout`` are keywords of their own, so a
SPARQL variable called ``?timeout`` can be bound too.

The work is done in `policy_graph.sparql`: ``check`` (safety checks on the parsed query),
``named`` (named queries), ``binding`` (parameters), ``rows`` (`Rows`) and ``engines``.

>>> from policy_graph.store import Store
>>> store = Store.from_text('<urn:a> <urn:p> "x" .\\n<urn:b> <urn:p> "y" .', format="nt")
>>> rows = select("SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s", store, params={"o": "y"})
>>> [str(row["s"]) for row in rows]
['urn:b']
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from .errors import QueryError
from .parameters import resolve
from .sources import Readable, as_source
from .sparql.binding import bind_values, bindings, parse_term
from .sparql.check import check_query
from .sparql.engines import PROLOGUE as _PROLOGUE
from .sparql.engines import run_oxigraph, run_rdflib, with_timeout
from .sparql.named import NamedQuery, Param, QueryForm, get_query, named_queries
from .sparql.rows import Rows
from .store import Store

__all__ = [
    "DEFAULT_TIMEOUT",
    "NamedQuery",
    "Param",
    "Rows",
    "ask",
    "bind_values",
    "construct",
    "get_query",
    "named_queries",
    "parse_term",
    "select",
]

#: Seconds a query may run before it is stopped.
DEFAULT_TIMEOUT = 30.0

#: Parameter values by variable name: text (read as the declared kind) or RDF terms.
Params = Mapping[str, "str | Node"]


def select(
    query: str | NamedQuery,
    source: Readable,
    /,
    params: Params | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    **legacy_params: str | Node,
) -> Rows:
    """Run a SELECT (a named query, a ``.rq`` path or SPARQL text) on ``source`` and return its rows.

    Parameters
    ----------
    query : str or NamedQuery
        A named query's name, a ``.rq`` path or SPARQL text.
    source : Store, rdflib.Graph or Endpoint
        Where the query runs.
    params : mapping, optional
        Values for the query's variables (``{"holder": ":macron"}``), bound as RDF terms.
    timeout : float or None
        Seconds before the query is stopped (`QueryTimeoutError`); None for no limit.
    allow_service : bool
        Permit SERVICE clauses and FROM of http(s) IRIs (network access).
    **legacy_params
        Deprecated: parameters as keywords. Use ``params``.

    Examples
    --------
    >>> from policy_graph.store import Store
    >>> store = Store.from_text('<urn:a> <urn:p> "1" .', format="nt")
    >>> select("SELECT ?timeout WHERE { ?s <urn:p> ?timeout }", store, params={"timeout": "1"}, timeout=5).to_strings()
    [('1',)]
    """
    result: Rows = _run("select", query, source, timeout, allow_service, _merged(params, legacy_params))
    return result


def ask(
    query: str | NamedQuery,
    source: Readable,
    /,
    params: Params | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    **legacy_params: str | Node,
) -> bool:
    """Run an ASK query and return its answer (parameters and options as for `select`).

    >>> from policy_graph.store import Store
    >>> ask("ASK { ?s ?p ?o }", Store())
    False
    """
    result: bool = _run("ask", query, source, timeout, allow_service, _merged(params, legacy_params))
    return result


def construct(
    query: str | NamedQuery,
    source: Readable,
    /,
    params: Params | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    **legacy_params: str | Node,
) -> Graph:
    """Run a CONSTRUCT query and return the constructed rdflib `Graph` (parameters and options as for `select`)."""
    result: Graph = _run("construct", query, source, timeout, allow_service, _merged(params, legacy_params))
    return result


# ---- helpers ----------------------------------------------------------------------------------


def _merged(params: Params | None, legacy: dict[str, str | Node]) -> Params:
    """``params``, plus parameters given the old way (as keywords), with a DeprecationWarning."""
    if not legacy:
        return params or {}
    warnings.warn(
        f"query parameters as keywords ({', '.join(sorted(legacy))}=...) are deprecated; pass them as params={{...}}",
        DeprecationWarning,
        stacklevel=3,
    )
    twice = sorted(set(legacy) & set(params or {}))
    if twice:
        raise QueryError(f"parameter(s) {', '.join(twice)} given both in params and as keywords; give each once, in params")
    return {**(params or {}), **legacy}


def _run(form: QueryForm, query: str | NamedQuery, source: Readable, timeout: float | None, allow_service: bool, params: Params) -> Any:
    named = get_query(query)
    if named.form != form:
        raise QueryError(f"{named.name} is a {named.form.upper()} query; use {named.form}() for it")
    data = as_source(source)
    check_query(named.text, named.name, allow_network=allow_service, parse=data.remote)
    bound = bindings(named, resolve(named, params, data) if params else params)
    stop = threading.Event()
    # The engine: pyoxigraph for the embedded store, rdflib's for a graph, the server's for an endpoint.
    if isinstance(data, Store):
        return with_timeout(lambda: run_oxigraph(data, named, form, bound, stop=stop), timeout, named.name, stop)
    if data.remote:
        return data.run(form, _PROLOGUE + named.text, bound, timeout=timeout, name=named.name)  # type: ignore[attr-defined]
    return with_timeout(lambda: run_rdflib(data.graph(), named, form, bound, stop), timeout, named.name, stop)
