"""RDF -> networkx: each view's named query becomes a typed `networkx.MultiDiGraph`.

Nodes are keyed by IRI with kind, label and attributes; each relation node becomes one edge that
carries its kind, sign, who asserts it, source, quote and footnotes (docs/projection-contract.md).
The views are named queries (``queries/view-*.rq``), so a remote endpoint projects the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from operator import itemgetter
from typing import Any, Literal as TypingLiteral

import networkx as nx

from .bulk import collector_paused
from .errors import InputError, QueryError
from .namespaces import PREFIXES
from .query import DEFAULT_TIMEOUT, NamedQuery, get_query, select
from .store import Store

__all__ = ["VIEWS", "View", "focus", "project", "resolve"]

View = TypingLiteral["argument", "causal", "actors", "timeline", "full"]
#: The projection views, each defined by ``queries/view-<name>.rq``.
VIEWS: tuple[View, ...] = ("argument", "causal", "actors", "timeline", "full")
_SIGNS = {"+": 1, "-": -1}


def _rows(query: str | NamedQuery, source: Any, *names: str) -> Iterator[tuple[str | None, ...]]:
    """The ``names`` columns (two or more) of a named SELECT's rows as plain strings (None when
    unbound); no time limit on the embedded store (a projection scans it whole), the default
    one elsewhere.

    Strings, not rdflib terms: on the embedded store `select` keeps pyoxigraph's terms and
    ``to_strings`` reads them directly (at 1M triples rdflib terms took a third of the projection).
    """
    rows = select(query, source, timeout=None if isinstance(source, Store) else DEFAULT_TIMEOUT)
    missing = [name for name in names if name not in rows.variables]
    if missing or len(names) < 2:  # itemgetter of one index gives a value, not a tuple
        wanted = ", ".join(missing or names)
        raise QueryError(f"{getattr(query, 'name', query)}: the projection needs the columns {wanted}")
    return map(itemgetter(*map(rows.variables.index, names)), rows.to_strings())


def _node_attributes(source: Any) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    columns = "node kind type label holder holderLabel date endDate precision confidence hedge".split()
    for row in _rows("graph-nodes", source, *columns):
        key, kind, type_, label, holder, holder_label, date, end_date, precision, confidence, hedge = row
        if key in nodes:  # sorted by node, then holder: the first row names the first holder
            continue
        nodes[key] = {
            "kind": kind,
            "type": type_,
            "label": label or key.rsplit("/", 1)[-1],
            "holder": holder,
            "holder_label": holder_label,
            "date": date,
            "end_date": end_date,
            "precision": precision,
            "confidence": confidence,
            "hedge": hedge,
        }
    return nodes


def _anchor_attributes(source: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    """``owner -> {"sources", "quotes", "footnotes"}``, each a tuple of distinct values in row order."""
    found: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for owner, *values in _rows("graph-quotes", source, "owner", "source", "exact", "footnote"):
        lists = found.get(owner)
        if lists is None:
            lists = found[owner] = ([], [], [])
        for value, seen in zip(values, lists):
            if value is not None and value not in seen:
                seen.append(value)
    return {owner: {"sources": tuple(s), "quotes": tuple(q), "footnotes": tuple(f)} for owner, (s, q, f) in found.items()}


def project(source: Any, view: View = "full") -> nx.MultiDiGraph:
    """Project a store, graph or endpoint into a `networkx.MultiDiGraph` for one view.

    >>> from policy_graph.store import Store
    >>> store = Store.from_text('''
    ... @prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> .
    ... :a a pg:Claim . :b a pg:Claim .
    ... :r a pg:Support ; pg:from :a ; pg:to :b .''')
    >>> G = project(store, "argument")
    >>> [(u, v, d["kind"]) for u, v, d in G.edges(data=True)]
    [('urn:x:a', 'urn:x:b', 'support')]
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}", hint="choose one of " + ", ".join(VIEWS))
    # On the embedded store everything here is building Python objects; rdflib's SPARQL engine
    # and HTTP clients may make reference cycles, so those sources keep the collector running.
    with collector_paused() if isinstance(source, Store) else nullcontext():
        return _project(source, view)


def _project(source: Any, view: View) -> nx.MultiDiGraph:
    named = get_query(f"view-{view}")
    nodes = _node_attributes(source)
    anchors = _anchor_attributes(source)
    empty = {"sources": (), "quotes": (), "footnotes": ()}
    sources = {key: a["label"] for key, a in nodes.items() if a["kind"] == "source"}
    order = dict.fromkeys(key for key, attributes in nodes.items() if attributes["kind"] in named.nodes)
    edges = []
    columns = "u v kind relation sign assertedBy assertedByLabel position role".split()
    for u, v, kind, relation, sign, asserted_by, asserted_by_label, position, role in _rows(named, source, *columns):
        order.setdefault(u)
        order.setdefault(v)
        anchor = anchors.get(relation, empty) if relation else empty
        key = relation or f"{kind}:{u}->{v}" + (f":{role}" if role is not None else "")
        edges.append((u, v, key, {
            "kind": kind,
            "sign": _SIGNS.get(sign) if sign is not None else None,
            "asserted_by": asserted_by,
            "asserted_by_label": asserted_by_label,
            "source": anchor["sources"][0] if anchor["sources"] else None,
            "quote": anchor["quotes"][0] if anchor["quotes"] else None,
            "footnotes": anchor["footnotes"],
            "relation": relation,
            "position": int(position) if position is not None else None,
            "role": role,
        }))
    graph = nx.MultiDiGraph(view=view, sources=sources)
    unknown = {"kind": "unknown"}
    graph.add_nodes_from(
        (key, {**(nodes.get(key) or {**unknown, "label": key.rsplit("/", 1)[-1]}), **anchors.get(key, empty)}) for key in order
    )
    graph.add_edges_from(edges)
    return graph


def resolve(graph: nx.Graph, name: str) -> str:
    """Find a node by IRI, CURIE, or a label that matches one node (exactly, else as a substring).

    >>> G = nx.DiGraph()
    >>> G.add_node("https://w3id.org/policy-graph/id/macron", label="Emmanuel Macron")
    >>> resolve(G, ":macron") == resolve(G, "emmanuel macron") == resolve(G, "Macron")
    True
    """
    if name in graph:
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and str(PREFIXES[prefix][local]) in graph:
        return str(PREFIXES[prefix][local])
    wanted = name.strip().lower()
    exact = [n for n, d in graph.nodes(data=True) if str(d.get("label", "")).lower() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [n for n, d in graph.nodes(data=True) if wanted in str(d.get("label", "")).lower()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        view = graph.graph.get("view")
        if view and view != "full":
            raise InputError(f"no node of the {view} view matches {name!r}", hint="name a node of that view, or choose another view (full has every node)")
        raise InputError(f"no node matches {name!r}", hint="give an IRI, a CURIE such as :macron, or part of a label")
    shown = ", ".join(sorted(graph.nodes[n].get("label", n) for n in partial)[:5])
    raise InputError(f"{name!r} matches {len(partial)} nodes ({shown}...)", hint="give the IRI or a longer label")


def focus(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of ``node`` up to ``depth`` steps, edges in either direction.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(focus(G, "b", 1))
    ['a', 'b', 'c']
    """
    keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    around = nx.MultiDiGraph(**graph.graph)  # built in the graph's own order: same input, same output
    around.add_nodes_from((n, graph.nodes[n]) for n in graph if n in keep)
    around.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep)
    return around
