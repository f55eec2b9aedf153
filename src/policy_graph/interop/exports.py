"""Exports: JSON-LD with the published context, GraphML and GEXF (Gephi), CSV node and edge tables, Argdown.

JSON-LD is written from the RDF graph, compacted with ``ontology/context.jsonld`` (embedded, so
that reading it back needs no network). GraphML, GEXF and CSV are written from the networkx
projection (`policy_graph.project.project`, docs/projection-contract.md); their writers take
only strings and numbers, so tuples become ``" | "``-joined strings and ``None`` values are left out.

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("urn:a", kind="claim", label="A", quotes=("x", "y"), hedge=None)
>>> G.add_node("urn:b", kind="claim", label="B", quotes=(), hedge=None)
>>> _ = G.add_edge("urn:a", "urn:b", key="urn:r", kind="support", sign=None, footnotes=("i",))
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = to_graphml(G, folder / "g.graphml")
>>> H = nx.read_graphml(folder / "g.graphml")
>>> H.nodes["urn:a"]["quotes"], sorted(H.edges(data="kind"))
('x | y', [('urn:a', 'urn:b', 'support')])
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..errors import InputError
from ..resources import ONTOLOGY_DIR
from ..store import atomic_write, atomic_write_all
from ..tables import write_table

__all__ = ["CONTEXT_FILE", "LIST_SEPARATOR", "flatten", "load_context", "to_argdown", "to_csv", "to_gexf", "to_graphml", "to_jsonld"]

#: The published JSON-LD context.
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
#: How a tuple attribute is joined into one string in GraphML, GEXF and CSV.
LIST_SEPARATOR = " | "


def load_context(path: Path | str = CONTEXT_FILE) -> dict[str, Any]:
    """The ``@context`` object of the published context file."""
    context: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))["@context"]
    return context


def to_jsonld(graph: Graph, *, context: dict[str, Any] | None = None) -> str:
    """Serialise ``graph`` as JSON-LD compacted with the published context (embedded in the output).

    >>> from rdflib import URIRef, Literal
    >>> from policy_graph.namespaces import PG, RDF, RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x:c"), RDF.type, PG.Claim)).add((URIRef("urn:x:c"), RDFS.label, Literal("Rates rise")))
    >>> data = json.loads(to_jsonld(g))
    >>> data["@type"], data["label"]
    ('Claim', 'Rates rise')

    Blank nodes are written nested, so a graph whose blank nodes nest deeper than
    `policy_graph.jsonld.MAX_EXPORT_DEPTH` is refused with `InputError` (the serializer recurses).
    """
    from ..jsonld import MAX_EXPORT_DEPTH
    from ..turtle import blank_node_depth

    depth = blank_node_depth(graph)
    if depth > MAX_EXPORT_DEPTH:
        raise InputError(
            f"blank nodes nested {depth} deep; the JSON-LD export writes them nested and stops at {MAX_EXPORT_DEPTH}",
            hint="export as Turtle or N-Triples instead, which have no such limit",
        )
    return graph.serialize(format="json-ld", context=context or load_context(), auto_compact=True, indent=2)


def to_argdown(graph: Graph) -> str:
    """Argdown text of ``graph``, to edit as text and re-import (see `policy_graph.interop.argdown.write_argdown`)."""
    from .argdown import write_argdown  # imported here: it brings the AIF importer and the models

    return write_argdown(graph)


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attribute values are all str, int, float or bool (what GraphML and GEXF take).

    Tuples, lists and sets become `LIST_SEPARATOR`-joined strings; ``None`` values are dropped.
    """
    H = G.__class__()
    H.graph.update(_plain(G.graph))
    H.add_nodes_from((n, _plain(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, _plain(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, _plain(d)) for u, v, d in G.edges(data=True))
    return H


def to_graphml(G: nx.Graph, path: Path | str) -> Path:
    """Write ``G`` as GraphML (atomically) and return the path."""
    buffer = io.BytesIO()
    nx.write_graphml(flatten(G), buffer, named_key_ids=True)
    atomic_write(Path(path), buffer.getvalue())
    return Path(path)


def to_gexf(G: nx.Graph, path: Path | str) -> Path:
    """Write ``G`` as GEXF 1.2 for Gephi (atomically) and return the path.

    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph([("a", "b", {"kind": "attack", "footnotes": ()})])
    >>> path = to_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> list(nx.read_gexf(path).edges(data="kind"))
    [('a', 'b', 'attack')]
    """
    H = flatten(G)
    for _, data in H.nodes(data=True):  # GEXF reserves these names for its own node attributes
        for reserved in ("start", "end", "pid"):
            if reserved in data:
                data[f"{reserved}_"] = data.pop(reserved)
    for *_, data in H.edges(data=True):
        for reserved in ("start", "end", "id", "weight"):
            if reserved in data:
                data[f"{reserved}_"] = data.pop(reserved)
    buffer = io.BytesIO()
    nx.write_gexf(H, buffer)
    atomic_write(Path(path), buffer.getvalue())
    return Path(path)


def to_csv(G: nx.Graph, nodes_path: Path | str, edges_path: Path | str) -> tuple[Path, Path]:
    """Write a node table (``id`` then the attributes) and an edge table (``from``, ``to``, ``key``, attributes).

    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A, with comma"); G.add_node("b", label="B")
    >>> _ = G.add_edge("a", "b", key="r1", kind="support")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> nodes, edges = to_csv(G, folder / "nodes.csv", folder / "edges.csv")
    >>> print(edges.read_text().strip())
    from,to,key,kind
    a,b,r1,support
    """
    H = flatten(G)
    node_columns = sorted({k for _, d in H.nodes(data=True) for k in d})
    node_rows = [{"id": n, **d} for n, d in H.nodes(data=True)]
    if H.is_multigraph():
        edge_rows = [{"from": u, "to": v, "key": k, **d} for u, v, k, d in H.edges(keys=True, data=True)]
    else:
        edge_rows = [{"from": u, "to": v, "key": "", **d} for u, v, d in H.edges(data=True)]
    edge_columns = sorted({k for row in edge_rows for k in row} - {"from", "to", "key"})
    atomic_write_all(  # both tables or neither
        {Path(nodes_path): _table(["id", *node_columns], node_rows), Path(edges_path): _table(["from", "to", "key", *edge_columns], edge_rows)}
    )
    return Path(nodes_path), Path(edges_path)


# ---- helpers --------------------------------------------------------------------------------


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, tuple | list | set | frozenset):
            items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
            out[key] = LIST_SEPARATOR.join(str(v) for v in items)
        elif isinstance(value, str | int | float | bool):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _table(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_table(buffer, columns, ([row.get(column) for column in columns] for row in rows))
    return buffer.getvalue()
