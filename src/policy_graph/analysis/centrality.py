"""Node rankings: PageRank, betweenness, degree and net support, with fast backends for large graphs."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from policy_graph.analysis.rephrase import merge_rephrasings

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


__all__ = ["LARGE_GRAPH_EDGES", "SMALL_GRAPH_NODES", "rank", "rank_by_kind"]

By = Literal["pagerank", "betweenness", "degree", "support"]
#: ``"python"``, ``"scipy"``, ``"igraph"`` (this module's), or a networkx backend name
#: (``"networkx"``, ``"graphblas"``, ``"cugraph"``...) that networkx's dispatch runs.
Backend = str
_BY = ("pagerank", "betweenness", "degree", "support")
#: The engines run here, each kept because a benchmark needs it (benchmarks/RESULTS.md):
#: "python" ranks a small graph without importing SciPy (the corpus: 0.09 s instead of 0.8 s in a
#: fresh process), "scipy" keeps the sparse matrix with the graph (100k triples: 0.63 s, then
#: 0.007 s for the same graph again; networkx converts on every call, 0.88 s then 0.63 s), and
#: igraph computes sampled betweenness, which no networkx backend implements (16x at 1M).
_OWN: dict[str, tuple[str, ...]] = {"pagerank": ("python", "scipy"), "degree": ("python", "scipy"), "betweenness": ("igraph",), "support": ()}
_NETWORKX = {"pagerank": nx.pagerank, "degree": nx.degree_centrality, "betweenness": nx.betweenness_centrality}
#: Above this many edges, ``backend=None`` picks igraph for betweenness when importable.
LARGE_GRAPH_EDGES = 50_000
#: Up to this many nodes, ``backend=None`` ranks PageRank and degree in plain Python: importing
#: SciPy (0.2 s) takes longer than ranking such a graph.
SMALL_GRAPH_NODES = 2_000
#: Key of the sparse adjacency in a graph's ``__networkx_cache__`` (networkx empties it on mutation).
_CACHE_KEY = "policy_graph.adjacency"


def rank(
    G: nx.Graph,
    by: By = "pagerank",
    *,
    backend: Backend | None = None,
    k: int | None = None,
    seed: int = 0,
    rephrasings_once: bool = True,
) -> list[tuple[Hashable, float]]:
    """Rank the nodes of ``G`` by a centrality score, highest first.

    Parameters
    ----------
    G : networkx graph
        A projection (usually a ``MultiDiGraph``).
    by : {"pagerank", "betweenness", "degree", "support"}
        The score (see Notes).
    backend : str, optional
        Who computes it: ``"networkx"``, any installed networkx backend that
        implements the score (``"graphblas"``, ``"cugraph"``..., run through
        networkx's dispatch), or this module's ``"python"``, ``"scipy"``
        (PageRank, degree) and ``"igraph"`` (betweenness). ``None`` picks ``"python"`` for PageRank and degree on
        graphs of up to ``SMALL_GRAPH_NODES`` nodes and ``"scipy"`` above; for
        betweenness networkx, or igraph (when importable) on graphs of more
        than ``LARGE_GRAPH_EDGES`` edges.
    k : int, optional
        Betweenness only: estimate from ``k`` sampled source nodes.
    seed : int, default 0
        Betweenness only: seed of the source sample.
    rephrasings_once : bool, default True
        Count a statement and its rephrasings (``"rephrase"`` edges, an author restating
        himself) once: they are ranked as one node, the statement they restate, with their
        edges (see `merge_rephrasings`). False ranks every rephrasing on its own.

    Returns
    -------
    list of (node, float)
        Every node with its score, by decreasing score, ties by node string (with
        ``rephrasings_once``, the rephrasings are not listed: their statement stands for them).

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
    underlying ``G`` (parallel edges merged, every edge kind counted; an
    undirected edge counts in both directions):

    - ``"pagerank"``: :func:`networkx.pagerank`, alpha 0.85 [1]_; the
      ``"scipy"`` backend runs the same power iteration as networkx's SciPy
      implementation on a sparse matrix kept with the graph (see below), the
      ``"python"`` backend runs it on dicts.
    - ``"betweenness"``: normalised directed betweenness [2]_; with ``k``,
      networkx's estimate from ``k`` sources drawn by ``random.Random(seed)``,
      which the igraph path reproduces exactly (same sample, and networkx
      3.5's rescaling of sampled counts).
    - ``"degree"``: :func:`networkx.degree_centrality`, in + out over n - 1.
    - ``"support"``: net support, the number of incoming edges of kind
      ``"support"`` minus the number of kind ``"attack"`` (parallel edges
      count), a crude tally of how contested a node is.

    Converting a graph to a matrix costs more than PageRank itself: plain
    :func:`networkx.pagerank` converts on every call (0.6 s of its 0.7 s on
    the 1M-triple benchmark projection). The ``"scipy"`` backend builds the
    sparse adjacency once and keeps it in ``G.__networkx_cache__``, which
    networkx empties whenever the graph changes, so later rankings of the
    same graph reuse it; graph views are converted on every call. A networkx
    backend gets the simple graph through networkx's dispatch and converts it
    itself (``backend="graphblas"`` needs ``policy-graph[fast]``).

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank
       citation ranking. Stanford InfoLab.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177.
    """
    if by not in _BY:
        raise ValueError(f"unknown ranking {by!r}; choose one of {', '.join(_BY)}")
    if backend is not None and backend not in _backends(by):
        raise ValueError(f"backend {backend!r} cannot compute {by!r}; choose one of {', '.join(_backends(by))}")
    return _ranked(merge_rephrasings(G) if rephrasings_once else G, by, backend, k, seed)


def _backends(by: str) -> tuple[str, ...]:
    """Who can compute ``by``: networkx and the installed networkx backends that implement it, then ours."""
    function = _NETWORKX.get(by)
    dispatched = sorted(getattr(function, "backends", {"networkx"}) - {"networkx"}) if function else []
    return ("networkx", *dispatched, *_OWN[by])


def _ranked(G: nx.Graph, by: str, backend: str | None, k: int | None, seed: int) -> list[tuple[Hashable, float]]:
    if by == "support":
        return _sorted(_net_support(G))
    chosen = backend or _auto_backend(by, G)
    if chosen == "python":
        D = _simple(G)
        return _sorted(_pagerank_python(D) if by == "pagerank" else nx.degree_centrality(D))
    if chosen == "scipy":
        adjacency = _adjacency(G)
        values = _pagerank_scipy(adjacency.matrix) if by == "pagerank" else adjacency.degree_centrality()
        return adjacency.ranking(values)
    if chosen == "igraph":
        return _sorted(_betweenness_igraph(_adjacency(G), k, seed))
    # networkx, or one of its backends through its dispatch (which converts the graph each call:
    # a simple graph made here is new, so networkx's cache of converted graphs never warns)
    options = {"k": k, "seed": seed} if by == "betweenness" else {}
    return _sorted(_NETWORKX[by](_simple(G), backend=chosen, **options))


def rank_by_kind(
    G: nx.Graph,
    by: By = "pagerank",
    *,
    backend: Backend | None = None,
    k: int | None = None,
    seed: int = 0,
    rephrasings_once: bool = True,
) -> dict[str | None, list[tuple[Hashable, float]]]:
    """Rank the whole graph, then split the ranking by node ``kind``.

    Parameters
    ----------
    G : networkx graph
        A projection.
    by, backend, k, seed, rephrasings_once
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
    groups: dict[str | None, list[tuple[Hashable, float]]] = {}
    for n, score in rank(G, by, backend=backend, k=k, seed=seed, rephrasings_once=rephrasings_once):
        groups.setdefault(G.nodes[n].get("kind"), []).append((n, score))
    return {kind: groups[kind] for kind in sorted(groups, key=lambda x: (x is None, str(x)))}


# ---------------------------------------------------------------- helpers


def _sorted(scores: Mapping[Hashable, float]) -> list[tuple[Hashable, float]]:
    return sorted(((n, float(s)) for n, s in scores.items()), key=lambda ns: (-ns[1], str(ns[0])))


def _simple(G: nx.Graph) -> nx.DiGraph:
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from(G.edges())
    if not G.is_directed():
        D.add_edges_from((v, u) for u, v in G.edges())
    return D


class _Adjacency:
    """The simple directed graph under ``G`` as a SciPy CSR matrix (1.0 per edge), in node order."""

    def __init__(self, G: nx.Graph) -> None:
        import numpy as np
        import scipy.sparse

        self.nodes = list(G)
        index = {n: i for i, n in enumerate(self.nodes)}
        neighbours = G._adj.values()  # a multigraph lists each neighbour once: parallel edges merge
        indices = np.fromiter(chain.from_iterable(map(index.__getitem__, nbrs) for nbrs in neighbours), dtype=np.int64)
        indptr = np.zeros(len(self.nodes) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, neighbours), dtype=np.int64, count=len(self.nodes)), out=indptr[1:])
        n = len(self.nodes)
        self.matrix = scipy.sparse.csr_array((np.ones(len(indices)), indices, indptr), shape=(n, n))
        self._node_array = np.fromiter(self.nodes, dtype=object, count=n)  # tuples stay whole nodes
        #: Node positions ordered by ``str(node)``: the tie order of every ranking.
        names = list(map(str, self.nodes))
        self.by_name = np.array(sorted(range(n), key=names.__getitem__), dtype=np.int64)

    def degree_centrality(self) -> NDArray[np.float64]:
        """In + out degree over n - 1, as :func:`networkx.degree_centrality` on the simple graph."""
        import numpy as np

        n = len(self.nodes)
        degree = np.diff(self.matrix.indptr) + np.bincount(self.matrix.indices, minlength=n)
        if n < 2:
            return np.ones(n)
        scores: NDArray[np.float64] = degree * (1.0 / (n - 1))  # networkx's own arithmetic: equal scores, equal ties
        return scores

    def ranking(self, scores: NDArray[np.float64]) -> list[tuple[Hashable, float]]:
        """``(node, score)`` by decreasing score, ties by node string."""
        import numpy as np

        order = self.by_name[np.argsort(-scores[self.by_name], kind="stable")]
        return list(zip(self._node_array[order].tolist(), scores[order].tolist()))


def _adjacency(G: nx.Graph) -> _Adjacency:
    cache = None if nx.is_frozen(G) else getattr(G, "__networkx_cache__", None)
    if cache is not None and _CACHE_KEY in cache:
        kept: _Adjacency = cache[_CACHE_KEY]
        return kept
    adjacency = _Adjacency(G)
    if cache is not None:
        cache[_CACHE_KEY] = adjacency
    return adjacency


def _pagerank_scipy(A: Any, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> NDArray[np.float64]:
    """PageRank by power iteration, step for step as networkx 3's ``_pagerank_scipy`` (uniform
    teleport and dangling weights); raises `networkx.PowerIterationFailedConvergence` likewise."""
    import numpy as np
    import scipy.sparse

    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(A.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out, out=np.zeros_like(out), where=out != 0)
    P = scipy.sparse.csr_array(scipy.sparse.diags_array(inverse) @ A)
    x: NDArray[np.float64] = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    dangling = np.where(out == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ P + x[dangling].sum() * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def _pagerank_python(D: nx.DiGraph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> dict[Hashable, float]:
    """`_pagerank_scipy` on a simple digraph's dicts, for graphs too small to be worth importing SciPy."""
    n = len(D)
    if n == 0:
        return {}
    x = dict.fromkeys(D, 1.0 / n)
    dangling = [u for u, nbrs in D._adj.items() if not nbrs]
    for _ in range(max_iter):
        last = x
        base = alpha * sum(last[u] for u in dangling) / n + (1 - alpha) / n
        x = dict.fromkeys(D, base)
        for u, nbrs in D._adj.items():
            if nbrs:
                share = alpha * last[u] / len(nbrs)
                for v in nbrs:
                    x[v] += share
        if sum(abs(x[u] - last[u]) for u in x) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def _net_support(G: nx.Graph) -> dict[Hashable, float]:
    scores: dict[Hashable, float] = dict.fromkeys(G, 0)
    for _, v, kind in G.edges(data="kind"):
        if kind == "support":
            scores[v] += 1
        elif kind == "attack":
            scores[v] -= 1
    return scores


def _auto_backend(by: str, G: nx.Graph) -> str:
    # Measured (benchmarks/RESULTS.md, "Ranking engines"): PageRank and degree on the kept SciPy
    # matrix beat plain networkx (which converts on every call) and the graphblas dispatch (whose
    # import and conversion cost more than the ranking); sampled betweenness on igraph is 16x
    # faster than networkx at 1M.
    if by != "betweenness":  # len(G) is O(1); a multigraph counts its edges one by one
        return "python" if len(G) <= SMALL_GRAPH_NODES else "scipy"
    if G.number_of_edges() <= LARGE_GRAPH_EDGES:
        return "networkx"
    try:
        __import__("igraph")
    except ImportError:
        return "networkx"
    return "igraph"


def _betweenness_igraph(adjacency: _Adjacency, k: int | None, seed: int) -> dict[Hashable, float]:
    import igraph as ig

    nodes = adjacency.nodes
    n = len(nodes)
    ids = {x: i for i, x in enumerate(nodes)}
    coo = adjacency.matrix.tocoo()
    g = ig.Graph(n=n, edges=list(zip(coo.row.tolist(), coo.col.tolist())), directed=True)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    if k is None:
        raw = g.betweenness(directed=True)
        return {x: raw[i] / ((n - 1) * (n - 2)) for i, x in enumerate(nodes)}
    sample = random.Random(seed).sample(nodes, k)
    raw = g.betweenness(directed=True, sources=[ids[s] for s in sample])
    # networkx's rescaling of sampled counts since 3.5, the lowest version allowed (endpoints
    # excluded): sources saw k - 1 other sources, the other nodes saw k.
    sampled = set(sample)
    source_scale = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    other_scale = 1 / (k * (n - 2))
    return {
        x: raw[i] * (source_scale if x in sampled else other_scale) for i, x in enumerate(nodes)
    }
