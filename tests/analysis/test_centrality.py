"""Rankings, and backends agreeing with plain networkx."""

import networkx as nx
import pytest

from policy_graph.analysis import rank, rank_by_kind


@pytest.fixture
def G():
    G = nx.gnp_random_graph(30, 0.12, directed=True, seed=7)
    M = nx.MultiDiGraph()
    M.add_nodes_from((n, {"kind": "claim" if n % 3 else "event"}) for n in G)
    for u, v in G.edges():
        M.add_edge(u, v, kind="support" if (u + v) % 2 else "attack")
    M.add_edge(0, 1, kind="causal", sign=1)  # a parallel edge
    return M


@pytest.mark.parametrize(
    ("by", "backend", "options"),
    [
        ("pagerank", "scipy", {}),
        ("degree", "scipy", {}),
        ("pagerank", "python", {}),
        ("degree", "python", {}),
        ("pagerank", "graphblas", {}),
        ("degree", "graphblas", {}),
        ("betweenness", "igraph", {}),
        ("betweenness", "igraph", {"k": 8, "seed": 3}),
    ],
)
def test_backend_matches_networkx(G, by, backend, options):
    if backend not in ("scipy", "python"):
        pytest.importorskip("graphblas_algorithms" if backend == "graphblas" else "igraph")
    plain = dict(rank(G, by, backend="networkx", **options))
    fast = dict(rank(G, by, backend=backend, **options))
    assert plain.keys() == fast.keys()
    assert max(abs(plain[n] - fast[n]) for n in plain) < 1e-6


def test_pagerank_matches_networkx_reference(G):
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    expected = _pagerank_python(nx.DiGraph(G))
    assert all(abs(score - expected[n]) < 1e-6 for n, score in rank(G))


@pytest.mark.parametrize("seed", range(5))
def test_scipy_backend_equals_networkx_on_awkward_graphs(seed):
    """Dangling nodes, isolated nodes, self-loops, parallel edges and undirected input."""
    G = nx.MultiDiGraph(nx.gnp_random_graph(40, 0.05, directed=True, seed=seed))
    G.add_edges_from([(0, 0), (1, 2), (1, 2), ("isolated", "isolated")])
    G.add_node("alone")
    G.add_edge(("tuple", "node"), 0)
    for graph in (G, nx.Graph(nx.gnp_random_graph(25, 0.1, seed=seed))):
        for by in ("pagerank", "degree"):
            plain = rank(graph, by, backend="networkx")
            for backend in ("scipy", "python"):
                fast = rank(graph, by, backend=backend)
                assert {n for n, _ in plain} == {n for n, _ in fast}
                if by == "degree":  # same arithmetic: same scores, same order; PageRank differs in the last bits
                    assert plain == fast
                assert max(abs(a - b) for (_, a), (_, b) in zip(sorted(plain, key=str), sorted(fast, key=str))) < 1e-12


@pytest.mark.parametrize("backend", ["python", "scipy", "networkx"])
def test_empty_and_single_node_graphs(backend):
    assert rank(nx.MultiDiGraph(), "pagerank", backend=backend) == []
    assert rank(nx.MultiDiGraph([("a", "a")]), "degree", backend=backend) == [("a", 1.0)]
    assert rank(nx.MultiDiGraph([("a", "a")]), "pagerank", backend=backend) == [("a", 1.0)]


def test_kept_matrix_follows_changes_to_the_graph(G):
    before = rank(G, "degree", backend="scipy")
    assert "policy_graph.adjacency" in G.__networkx_cache__
    G.add_edge("new", 0, kind="support")
    after = dict(rank(G, "degree", backend="scipy"))
    assert after == dict(rank(G, "degree", backend="networkx"))
    assert "new" in after and after != dict(before)
    view = G.subgraph([0, 1, 2, 3])
    assert dict(rank(view, "degree", backend="scipy")) == dict(rank(view, "degree", backend="networkx"))


def test_support_is_net_support():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "c", {"kind": "support"})] * 2 + [("b", "c", {"kind": "attack"}), ("c", "b", {"kind": "attack"})])
    assert rank(G, "support") == [("c", 1.0), ("a", 0.0), ("b", -1.0)]


def test_sorted_descending_with_ties_by_name(G):
    ranking = rank(G, "degree")
    assert ranking == sorted(ranking, key=lambda ns: (-ns[1], str(ns[0])))


def test_rank_by_kind_splits_the_global_ranking(G):
    groups = rank_by_kind(G, "pagerank")
    assert list(groups) == ["claim", "event"]
    merged = dict(rank(G))
    assert all(merged[n] == s for kind in groups for n, s in groups[kind])


@pytest.mark.parametrize(
    ("by", "backend", "match"),
    [
        ("closeness", None, "unknown ranking 'closeness'; choose one of pagerank, betweenness, degree, support"),
        ("betweenness", "graphblas", "backend 'graphblas' cannot compute 'betweenness'; choose one of networkx, igraph"),
        ("betweenness", "scipy", "backend 'scipy' cannot compute 'betweenness'; choose one of networkx, igraph"),
        ("support", "igraph", "backend 'igraph' cannot compute 'support'; choose one of networkx"),
        ("pagerank", "no-such-backend", "backend 'no-such-backend' cannot compute 'pagerank'; choose one of networkx, (graphblas, )?python, scipy"),
    ],
)
def test_errors(G, by, backend, match):
    with pytest.raises(ValueError, match=match):
        rank(G, by, backend=backend)
