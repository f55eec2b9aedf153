"""Explanation paths over the projection."""

import networkx as nx
import pytest

from policy_graph.analysis import explanation_paths


@pytest.fixture
def G():
    G = nx.MultiDiGraph()
    G.add_edge("c1", "c2", key="r1", kind="support", asserted_by_label="Minic", source="src-1",
               quote="because of this", footnotes=("lxvii",))
    G.add_edge("c1", "c2", key="r2", kind="causal", sign=1)  # weaker: no quote
    G.add_edge("c2", "ex", kind="part", position=1)
    G.add_edge("ex", "ev", kind="explains")
    G.add_edge("c1", "ev", kind="holds")  # not followed by default
    G.add_edge("c1", "c3", kind="causal", sign=-1)
    G.add_edge("c3", "ev", kind="causal", sign=1)
    return G


def test_shortest_path_keeps_the_sourced_edge(G):
    [path] = explanation_paths(G, "c1", "ev")
    assert [(s["u"], s["v"], s["kind"]) for s in path] == [("c1", "c3", "causal"), ("c3", "ev", "causal")]
    first = explanation_paths(G, "c1", "c2")[0][0]
    assert first == {
        "u": "c1", "v": "c2", "kind": "support", "sign": None, "asserted_by_label": "Minic",
        "source": "src-1", "quote": "because of this", "footnotes": ("lxvii",),
    }


@pytest.mark.parametrize(
    ("k", "kinds", "lengths"),
    [
        (1, None, [2]),
        (2, None, [2, 3]),
        (5, None, [2, 3]),
        (1, ("holds",), [1]),
        (1, ("support", "part", "explains"), [3]),
    ],
)
def test_k_shortest(G, k, kinds, lengths):
    options = {} if kinds is None else {"kinds": kinds}
    assert [len(p) for p in explanation_paths(G, "c1", "ev", k=k, **options)] == lengths


@pytest.mark.parametrize(
    ("args", "options", "error", "match"),
    [
        (("ev", "c1"), {}, nx.NetworkXNoPath, "no path from 'ev' to 'c1' over edges of kind causal, support"),
        (("c1", "zz"), {}, nx.NodeNotFound, "node 'zz' is not in the graph"),
        (("c1", "ev"), {"k": 0}, ValueError, "k must be at least 1, got 0"),
        (("c1", "ev"), {"kinds": ("cause",)}, ValueError, r"unknown edge kind\(s\) \['cause'\]; valid kinds: support"),
    ],
)
def test_errors(G, args, options, error, match):
    with pytest.raises(error, match=match):
        explanation_paths(G, *args, **options)
