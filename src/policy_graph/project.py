"""RDF -> networkx: each view's named query becomes a typed `networkx.MultiDiGraph`.

Nodes are keyed by IRI with kind, label and attributes; each relation node becomes one edge that
carries its kind, sign, who asserts it, source, quote and footnotes (docs/projection-contract.md);
a linked argument (a support or attack with several starts) becomes one edge per premise, each
marked ``linked`` with the relation as its ``premise_group``. Each view's query is written
from the vocabulary (`policy_graph.vocabulary`): the relation kinds and structural links it
includes, so a new kind needs no query edited. A remote endpoint projects with the same queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import networkx as nx

from .errors import InputError, QueryError
from .namespaces import PREFIXES
from .query import DEFAULT_TIMEOUT, NamedQuery, select
from .sources import Readable, as_source
from .vocabulary import NODE_KINDS, RELATION_KINDS, ViewName
from .vocabulary import VIEWS as _VIEWS
from .vocabulary import view as _view

__all__ = ["VIEWS", "View", "focus", "nodes_query", "project", "resolve", "view_query"]

View = ViewName
#: The projection views (`policy_graph.vocabulary.VIEWS`).
VIEWS: tuple[View, ...] = tuple(v.name for v in _VIEWS)
_SIGNS = {"+": 1, "-": -1}
_EDGE_COLUMNS = "?u ?v ?kind ?relation ?sign ?assertedBy ?assertedByLabel ?position ?role"


def view_query(view: View) -> NamedQuery:
    """The SELECT of a view's edges (``u v kind relation sign assertedBy ...``), written from
    the vocabulary: one group for its relation kinds, one per structural link.

    >>> print(view_query("causal").text.splitlines()[3].strip())
    VALUES (?class ?kind) { (pg:CausalLink "causal") (pg:Precedes "precedes") }
    """
    spec = _view(view)
    groups = []
    if spec.relations:
        values = " ".join(f'(pg:{kind.rdf_class} "{kind.name}")' for kind in spec.relations)
        groups.append(
            f"VALUES (?class ?kind) {{ {values} }}\n"
            "    ?relation a ?class ; pg:from ?u ; pg:to ?v .\n"
            "    OPTIONAL { ?relation pg:sign ?sign }\n"
            "    OPTIONAL { ?relation prov:wasAttributedTo ?assertedBy . OPTIONAL { ?assertedBy rdfs:label ?assertedByLabel } }"
        )
    groups += [f'{link.pattern}\n    BIND("{link.name}" AS ?kind)' for link in spec.links]
    body = "\n  } UNION {\n    ".join(groups)
    ends = ""
    if spec.ends != "any":
        classes = " ".join(f"pg:{c}" for node in NODE_KINDS if node.name in spec.end_kinds for c in node.classes)
        u, v = (f"EXISTS {{ VALUES ?endClass {{ {classes} }} ?{end} a ?endClass }}" for end in "uv")
        ends = f"\n  FILTER({u} && {v})" if spec.ends == "both" else f"\n  FILTER({u} || {v})"
    text = f"SELECT {_EDGE_COLUMNS}\nWHERE {{\n  {{\n    {body}\n  }}{ends}\n}}\nORDER BY ?kind ?u ?v ?relation ?role\n"
    return NamedQuery(f"view-{view}", text, f"{view.capitalize()} view (edges)", spec.description, nodes=spec.nodes)


def nodes_query() -> NamedQuery:
    """The SELECT of every node of a known kind with its attributes, written from the vocabulary.

    >>> '(pg:Support "relation")' in nodes_query().text
    True
    """
    pairs = [(c, node.name) for node in NODE_KINDS for c in node.classes]
    pairs += [(kind.rdf_class, "relation") for kind in RELATION_KINDS]
    values = "\n    ".join(f'(pg:{c} "{kind}")' for c, kind in pairs)
    text = f"""SELECT ?node ?kind ?type ?label ?holder ?holderLabel ?date ?endDate ?precision ?certainty ?notBefore ?notAfter ?confidence ?hedge
WHERE {{
  VALUES (?class ?kind) {{
    {values}
  }}
  ?node a ?class .
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  OPTIONAL {{ ?node rdfs:label|dcterms:title ?label }}
  OPTIONAL {{ ?node prov:wasAttributedTo ?holder . OPTIONAL {{ ?holder rdfs:label ?holderLabel }} }}
  OPTIONAL {{ ?node pg:date ?date }}
  OPTIONAL {{ ?node pg:endDate ?endDate }}
  OPTIONAL {{ ?node pg:datePrecision ?p . BIND(STRAFTER(STR(?p), "#") AS ?precision) }}
  OPTIONAL {{ ?node pg:dateCertainty ?d . BIND(STRAFTER(STR(?d), "#") AS ?certainty) }}
  OPTIONAL {{ ?node pg:notBefore ?notBefore }}
  OPTIONAL {{ ?node pg:notAfter ?notAfter }}
  OPTIONAL {{ ?node pg:confidence ?c . BIND(STRAFTER(STR(?c), "#") AS ?confidence) }}
  OPTIONAL {{ ?node pg:hedge ?hedge }}
}}
ORDER BY ?node ?holder
"""
    return NamedQuery("graph-nodes", text, "Graph nodes", "Every node of a known kind with its kind, class, label, holder, date, precision, date certainty and bounds, confidence and hedge.")


def _rows(query: str | NamedQuery, source: Readable, *names: str) -> Iterator[tuple[Any, ...]]:
    """The ``names`` columns (two or more) of a named SELECT's rows as plain strings (None when
    unbound); no time limit in this process (a projection scans the whole graph), the default
    one on a remote endpoint.

    Strings, not rdflib terms: on the embedded store `select` keeps pyoxigraph's terms and
    ``to_strings`` reads them directly (at 1M triples rdflib terms took a third of the projection).
    """
    rows = select(query, source, timeout=DEFAULT_TIMEOUT if as_source(source).remote else None)
    missing = [name for name in names if name not in rows.variables]
    if missing or len(names) < 2:  # itemgetter of one index gives a value, not a tuple
        wanted = ", ".join(missing or names)
        raise QueryError(f"{getattr(query, 'name', query)}: the projection needs the columns {wanted}")
    return map(itemgetter(*map(rows.variables.index, names)), rows.to_strings())


def _node_attributes(source: Readable) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    columns = ["node", "kind", "type", "label", "holder", "holderLabel", "date", "endDate", "precision", "certainty", "notBefore", "notAfter", "confidence", "hedge"]
    for row in _rows(nodes_query(), source, *columns):
        key, kind, type_, label, holder, holder_label, date, end_date, precision, certainty, not_before, not_after, confidence, hedge = row
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
            "certainty": certainty or ("stated" if date else None),
            "not_before": not_before,
            "not_after": not_after,
            "confidence": confidence,
            "hedge": hedge,
        }
    alternatives = NamedQuery("alt-labels", "SELECT ?node ?name WHERE { ?node skos:altLabel ?name } ORDER BY ?node ?name")
    for key, name in _rows(alternatives, source, "node", "name"):
        if key in nodes:
            nodes[key]["alt_labels"] = (*nodes[key].get("alt_labels", ()), name)
    return nodes


def _anchor_attributes(source: Readable) -> dict[str, dict[str, tuple[str, ...]]]:
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


def project(source: Readable, view: View = "full") -> nx.MultiDiGraph:
    """Project a store, graph or endpoint into a `networkx.MultiDiGraph` for one view.

    >>> from policy_graph.store import Store
    >>> store = Store.from_text('''
    ... @prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> .
    ... :a a pg:Claim . :b a pg:Claim .
    ... :r a pg:Support ; pg:from :a ; pg:to :b .''')
    >>> G = project(store, "argument")
    >>> [(u, v, d["kind"], d["linked"]) for u, v, d in G.edges(data=True)]
    [('urn:x:a', 'urn:x:b', 'support', False)]
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}", hint="choose one of " + ", ".join(VIEWS))
    return _project(source, view)


def _project(source: Readable, view: View) -> nx.MultiDiGraph:
    named = view_query(view)
    nodes = _node_attributes(source)
    anchors = _anchor_attributes(source)
    empty = {"sources": (), "quotes": (), "footnotes": ()}
    sources = {key: a["label"] for key, a in nodes.items() if a["kind"] == "source"}
    order = dict.fromkeys(key for key, attributes in nodes.items() if attributes["kind"] in named.nodes)
    edges = []
    columns = ["u", "v", "kind", "relation", "sign", "assertedBy", "assertedByLabel", "position", "role"]
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
    _mark_linked(edges)
    graph = nx.MultiDiGraph(view=view, sources=sources)
    unknown = {"kind": "unknown"}
    graph.add_nodes_from(
        (key, {**(nodes.get(key) or {**unknown, "label": key.rsplit("/", 1)[-1]}), **anchors.get(key, empty)}) for key in order
    )
    graph.add_edges_from(edges)
    return graph


def _mark_linked(edges: list[tuple[Any, Any, str, dict[str, Any]]]) -> None:
    """Give each edge ``linked`` and ``premise_group``: a relation with several starts (a linked
    argument) is one edge per premise, all with ``linked=True`` and the relation's IRI as group."""
    starts = Counter(attributes["relation"] for *_, attributes in edges if attributes["relation"])
    for *_, attributes in edges:
        linked = starts[attributes["relation"]] > 1 if attributes["relation"] else False
        attributes["linked"] = linked
        attributes["premise_group"] = attributes["relation"] if linked else None


def resolve(graph: nx.Graph, name: str) -> str:
    """Find a node by IRI, CURIE, or a label or alternative label (``alt_labels``, the texts' own
    spellings) that matches one node (exactly, else as a substring).

    >>> G = nx.DiGraph()
    >>> G.add_node("https://w3id.org/policy-graph/id/macron", label="Emmanuel Macron", alt_labels=("E. Macron",))
    >>> resolve(G, ":macron") == resolve(G, "emmanuel macron") == resolve(G, "Macron") == resolve(G, "E. Macron")
    True
    """
    if name in graph:
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and str(PREFIXES[prefix][local]) in graph:
        return str(PREFIXES[prefix][local])
    wanted = name.strip().lower()
    names = {n: [str(d.get("label", "")).lower(), *(a.lower() for a in d.get("alt_labels", ()))] for n, d in graph.nodes(data=True)}
    exact = [n for n, known in names.items() if wanted in known]
    if len(exact) == 1:
        return str(exact[0])
    partial = exact or [n for n, known in names.items() if any(wanted in k for k in known)]
    if len(partial) == 1:
        return str(partial[0])
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
