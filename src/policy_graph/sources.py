"""Where a graph is read from: one small interface for the embedded store, an rdflib graph and a
SPARQL endpoint.

Every reading function (`query.select`, `project.project`, the CLI's commands) takes any of the
three; what differs between them is stated here once instead of by type checks where they are
used:

- `DataSource.remote`: whether queries leave this process (then they are bounded by a time limit
  and checked for ``SERVICE`` before they are sent, since the server parses them);
- `DataSource.graph`: the whole graph as an rdflib `Graph`, for what SPARQL does not do
  (models, quote anchors and coverage, serialisation). On an endpoint that is one CONSTRUCT.

`policy_graph.store.Store` and `policy_graph.remote.Endpoint` implement it; an rdflib `Graph`
does through `GraphSource`, which `as_source` applies.

>>> from rdflib import Graph
>>> source = as_source(Graph())
>>> source.remote, len(source.graph())
(False, 0)
>>> as_source("data/claims.ttl")
Traceback (most recent call last):
...
TypeError: cannot read a graph from a str: give a Store, an rdflib Graph or an Endpoint (Store.from_files reads files)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Union, runtime_checkable

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["DataSource", "GraphSource", "Readable", "as_source"]


@runtime_checkable
class DataSource(Protocol):
    """What a reading command needs from where the graph lives."""

    @property
    def remote(self) -> bool:
        """Whether queries leave this process (time-bounded; ``SERVICE`` refused before sending)."""
        ...

    def graph(self) -> Graph:
        """The whole graph as an rdflib `Graph`."""
        ...


#: What the reading functions take: a `DataSource`, or an rdflib `Graph` (read through `GraphSource`).
Readable = Union[DataSource, "Graph"]


class GraphSource:
    """An rdflib `Graph` as a `DataSource` (queries run on rdflib's SPARQL engine)."""

    remote = False

    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def graph(self) -> Graph:
        """The graph itself (not a copy)."""
        return self._graph

    def __repr__(self) -> str:
        return f"GraphSource({len(self._graph)} triples)"


def as_source(source: object) -> DataSource:
    """``source`` as a `DataSource`: a `Store` or `Endpoint` as it is, an rdflib `Graph` wrapped.

    Raises `TypeError` naming what it takes for anything else.
    """
    from rdflib import Graph

    from .store import Store

    if isinstance(source, Store):  # first: a check against the Protocol takes 0.1-0.2 ms
        return source
    if isinstance(source, Graph):
        return GraphSource(source)
    if isinstance(source, DataSource):
        return source
    raise TypeError(
        f"cannot read a graph from a {type(source).__name__}: give a Store, an rdflib Graph or an Endpoint"
        " (Store.from_files reads files)"
    )
