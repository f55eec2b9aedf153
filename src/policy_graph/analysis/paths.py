"""Explanation paths: the shortest chains of sourced links from one node to another."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from policy_graph.vocabulary import EDGE_KINDS  # every edge kind of the projection contract

__all__ = ["DEFAULT_KINDS", "EDGE_KINDS", "explanation_paths"]

#: The kinds an explanation path follows unless told otherwise.
DEFAULT_KINDS = (
    "causal", "support", "explains", "part", "precedes", "qualifies", "update", "stated_at", "about",
)
_STEP_KEYS = ("kind", "sign", "asserted_by_label", "source", "quote", "footnotes")


def explanation_paths(
    G: nx.Graph,
    source: Hashable,
    target: Hashable,
    k: int = 1,
    kinds: Iterable[str] = DEFAULT_KINDS,
) -> list[list[dict[str, Any]]]:
    """Return the ``k`` shortest simple paths from ``source`` to ``target``, step by step.

    Parameters
    ----------
    G : networkx graph
        A projection following the attribute contract (usually a ``MultiDiGraph``).
    source, target : node
        Where the explanation starts and ends.
    k : int, default 1
        How many paths, shortest first.
    kinds : iterable of str
        Edge kinds the path may follow, in order of preference (see Notes).

    Returns
    -------
    list of list of dict
        Up to ``k`` paths; each is a list of steps ``{"u", "v", "kind", "sign",
        "asserted_by_label", "source", "quote", "footnotes"}``. Fewer than
        ``k`` when there are fewer simple paths.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not in ``G``.
    networkx.NetworkXNoPath
        If no path over the given kinds joins them.
    ValueError
        If ``k < 1`` or a kind is not in the projection contract.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("nato", "threat", kind="causal", sign=1, quote="NATO expands")
    0
    >>> G.add_edge("threat", "war", kind="causal", sign=1)
    0
    >>> [(s["u"], s["v"], s["quote"]) for s in explanation_paths(G, "nato", "war")[0]]
    [('nato', 'threat', 'NATO expands'), ('threat', 'war', None)]

    Notes
    -----
    Paths follow edge direction and are counted in steps. Parallel edges
    between two nodes collapse to the best one: an edge with a quote beats
    one without, then one with a source, then the kind listed earlier in
    ``kinds``, then the smaller key. The paths come from Yen's algorithm as
    implemented by :func:`networkx.shortest_simple_paths` [1]_.

    References
    ----------
    .. [1] Yen, J. Y. (1971). Finding the K shortest loopless paths in a
       network. Management Science 17(11), 712-716.
    """
    kinds = tuple(kinds)
    unknown = [kind for kind in kinds if kind not in EDGE_KINDS]
    if unknown:
        raise ValueError(f"unknown edge kind(s) {unknown!r}; valid kinds: {', '.join(EDGE_KINDS)}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    for n in (source, target):
        if n not in G:
            raise nx.NodeNotFound(f"node {n!r} is not in the graph")
    D = _collapse(G, kinds)
    D.add_nodes_from((source, target))
    try:
        paths = list(islice(nx.shortest_simple_paths(D, source, target), k))
    except nx.NetworkXNoPath:
        paths = []
    if not paths:
        raise nx.NetworkXNoPath(
            f"no path from {source!r} to {target!r} over edges of kind {', '.join(kinds)}"
        )
    return [
        [{"u": u, "v": v, **{key: D.edges[u, v][key] for key in _STEP_KEYS}} for u, v in pairwise(p)]
        for p in paths
    ]


# ---------------------------------------------------------------- helpers


def _collapse(G: nx.Graph, kinds: tuple[str, ...]) -> nx.DiGraph:
    rank = {kind: i for i, kind in enumerate(kinds)}
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, 0, d) for u, v, d in G.edges(data=True)
    )
    D = nx.DiGraph()
    best: dict[tuple[Hashable, Hashable], tuple[bool, bool, int, str]] = {}
    for u, v, key, data in edges:
        kind = data.get("kind")
        if kind not in rank:
            continue
        score = (data.get("quote") is None, data.get("source") is None, rank[kind], str(key))
        if (u, v) not in best or score < best[u, v]:
            best[u, v] = score
            step = {name: data.get(name) for name in _STEP_KEYS}
            step["footnotes"] = tuple(data.get("footnotes") or ())
            D.add_edge(u, v, **step)
    return D
