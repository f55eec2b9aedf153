"""Node rankings: PageRank, betweenness, degree and net support, with fast backends for large graphs."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable
from typing import Literal

import networkx as nx

__all__ = ["LARGE_GRAPH_EDGES", "rank", "rank_by_kind"]

By = Literal["pagerank", "betweenness", "degree", "support"]
Backend = Literal["networkx", "graphblas", "igraph"]
_BY = ("pagerank", "betweenness", "degree", "support")
_BACKENDS = {
    "pagerank": ("networkx", "graphblas"),
    "degree": ("networkx", "graphblas"),
    "betweenness": ("networkx", "igraph"),
    "support": ("networkx",),
}
#: Above this many edges, ``backend=None`` picks graphblas or igraph when importable.
LARGE_GRAPH_EDGES = 50_000


def rank(
    G: nx.Graph,
    by: By = "pagerank",
    *,
    backend: Backend | None = None,
    k: int | None = None,
    seed: int = 0,
) -> list[tuple[Hashable, float]]:
    """Rank the nodes of ``G`` by a centrality score, highest first.

    Parameters
    ----------
    G : networkx graph
        A projection (usually a ``MultiDiGraph``).
    by : {"pagerank", "betweenness", "degree", "support"}
        The score (see Notes).
    backend : {"networkx", "graphblas", "igraph"}, optional
        Who computes it. ``None`` picks plain networkx, or for graphs with
        more than ``LARGE_GRAPH_EDGES`` edges graphblas (PageRank, degree) or
        igraph (betweenness) when importable.
    k : int, optional
        Betweenness only: estimate from ``k`` sampled source nodes.
    seed : int, default 0
        Betweenness only: seed of the source sample.

    Returns
    -------
    list of (node, float)
        Every node with its score, by decreasing score, ties by node string.

    Raises
    ------
    ValueError
        If ``by`` is unknown, or ``backend`` cannot compute ``by``.
    ImportError
        If the requested backend is not installed.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("e1", "c", kind="support")
    0
    >>> G.add_edge("e2", "c", kind="support")
    0
    >>> G.add_edge("e3", "c", kind="attack")
    0
    >>> rank(G, "support")[0]
    ('c', 1.0)
    >>> rank(G, "degree")[0]
    ('c', 1.0)

    Notes
    -----
    All scores but ``"support"`` are computed on the simple directed graph
    underlying ``G`` (parallel edges merged, every edge kind counted):

    - ``"pagerank"``: :func:`networkx.pagerank`, alpha 0.85 [1]_.
    - ``"betweenness"``: normalised directed betweenness [2]_; with ``k``,
      networkx's estimate from ``k`` sources drawn by ``random.Random(seed)``,
      which the igraph path reproduces exactly (same sample, and networkx
      3.6's rescaling of sampled counts).
    - ``"degree"``: :func:`networkx.degree_centrality`, in + out over n - 1.
    - ``"support"``: net support, the number of incoming edges of kind
      ``"support"`` minus the number of kind ``"attack"`` (parallel edges
      count), a crude tally of how contested a node is.

    graphblas-algorithms 2023.10 converts networkx graphs through SciPy;
    where SciPy is missing, its dispatch fails, so this module builds the
    GraphBLAS matrix itself (``Matrix.from_coo``) and hands networkx a
    graphblas graph, which dispatches on its type. Plain networkx PageRank
    also needs SciPy. Since SciPy is a dependency, plain networkx
    is the default for PageRank and degree at every size (faster than the graphblas dispatch once
    the conversion is counted, as measured in benchmarks/); ``backend="graphblas"`` opts in.

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank
       citation ranking. Stanford InfoLab.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177.
    """
    if by not in _BY:
        raise ValueError(f"unknown ranking {by!r}; choose one of {', '.join(_BY)}")
    if backend is not None and backend not in _BACKENDS[by]:
        raise ValueError(
            f"backend {backend!r} cannot compute {by!r}; choose one of {', '.join(_BACKENDS[by])}"
        )
    if by == "support":
        scores = _net_support(G)
    else:
        D = _simple(G)
        chosen = backend or _auto_backend(by, D)
        if by == "pagerank":
            scores = _pagerank_graphblas(D) if chosen == "graphblas" else _pagerank_networkx(D)
        elif by == "degree":
            scores = (
                _graphblas_call(D, nx.degree_centrality)
                if chosen == "graphblas"
                else nx.degree_centrality(D)
            )
        else:
            scores = (
                _betweenness_igraph(D, k, seed)
                if chosen == "igraph"
                else nx.betweenness_centrality(D, k=k, seed=seed)
            )
    return sorted(((n, float(s)) for n, s in scores.items()), key=lambda ns: (-ns[1], str(ns[0])))


def rank_by_kind(
    G: nx.Graph,
    by: By = "pagerank",
    *,
    backend: Backend | None = None,
    k: int | None = None,
    seed: int = 0,
) -> dict[str | None, list[tuple[Hashable, float]]]:
    """Rank the whole graph, then split the ranking by node ``kind``.

    Parameters
    ----------
    G : networkx graph
        A projection.
    by, backend, k, seed
        As for :func:`rank`.

    Returns
    -------
    dict
        ``kind -> [(node, score), ...]`` in rank order; keys sorted, nodes
        without a kind under ``None`` (last).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="actor"); G.add_node("c", kind="claim")
    >>> G.add_edge("a", "c", kind="holds")
    0
    >>> rank_by_kind(G, "degree")
    {'actor': [('a', 1.0)], 'claim': [('c', 1.0)]}

    Notes
    -----
    Scores are computed on the whole graph, so they compare across kinds.
    """
    groups: dict = {}
    for n, score in rank(G, by, backend=backend, k=k, seed=seed):
        groups.setdefault(G.nodes[n].get("kind"), []).append((n, score))
    return {kind: groups[kind] for kind in sorted(groups, key=lambda x: (x is None, str(x)))}


# ---------------------------------------------------------------- helpers


def _simple(G: nx.Graph) -> nx.DiGraph:
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from(G.edges())
    return D


def _net_support(G: nx.Graph) -> dict:
    scores = dict.fromkeys(G, 0)
    for _, v, kind in G.edges(data="kind"):
        if kind == "support":
            scores[v] += 1
        elif kind == "attack":
            scores[v] -= 1
    return scores


def _auto_backend(by: str, D: nx.DiGraph) -> str:
    # Measured at 1M triples (benchmarks/RESULTS.md): networkx's SciPy PageRank and degree beat
    # the graphblas dispatch once the matrix conversion is counted, so graphblas is opt-in;
    # sampled betweenness on igraph is 16x faster than networkx.
    if by != "betweenness" or D.number_of_edges() <= LARGE_GRAPH_EDGES:
        return "networkx"
    try:
        __import__("igraph")
    except ImportError:
        return "networkx"
    return "igraph"


def _pagerank_networkx(D: nx.DiGraph) -> dict:
    return nx.pagerank(D)


def _pagerank_graphblas(D: nx.DiGraph) -> dict:
    return _graphblas_call(D, nx.pagerank)


def _graphblas_call(D: nx.DiGraph, func) -> dict:
    import graphblas as gb
    import graphblas_algorithms as ga

    ids = {n: i for i, n in enumerate(D)}
    rows = [ids[u] for u, _ in D.edges()]
    cols = [ids[v] for _, v in D.edges()]
    A = gb.Matrix.from_coo(rows, cols, 1.0, nrows=len(ids), ncols=len(ids), dtype=float)
    H = ga.DiGraph(A, key_to_id=ids)
    result = func(H)
    return {n: float(result[n]) for n in D}


def _betweenness_igraph(D: nx.DiGraph, k: int | None, seed: int) -> dict:
    import igraph as ig

    nodes = list(D)
    n = len(nodes)
    ids = {x: i for i, x in enumerate(nodes)}
    g = ig.Graph(n=n, edges=[(ids[u], ids[v]) for u, v in D.edges()], directed=True)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    if k is None:
        raw = g.betweenness(directed=True)
        return {x: raw[i] / ((n - 1) * (n - 2)) for i, x in enumerate(nodes)}
    sample = random.Random(seed).sample(nodes, k)
    raw = g.betweenness(directed=True, sources=[ids[s] for s in sample])
    # networkx 3.6's rescaling of sampled counts (endpoints excluded): sources saw k - 1
    # other sources, the other nodes saw k.
    sampled = set(sample)
    source_scale = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    other_scale = 1 / (k * (n - 2))
    return {
        x: raw[i] * (source_scale if x in sampled else other_scale) for i, x in enumerate(nodes)
    }
