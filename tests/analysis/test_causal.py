"""Axelrod's signed path effects and balance."""

import networkx as nx
import pytest

from policy_graph.analysis import imbalanced_pairs, path_effects, total_effect


def _map(edges):
    G = nx.MultiDiGraph()
    for u, v, sign in edges:
        G.add_edge(u, v, kind="causal", sign=sign)
    return G


@pytest.mark.parametrize(
    ("edges", "target", "expected"),
    [
        ([("a", "b", 1)], "b", "+"),
        ([("a", "b", -1)], "b", "-"),
        ([("a", "b", -1), ("b", "c", -1)], "c", "+"),
        ([("a", "c", 1), ("a", "b", -1), ("b", "c", 1)], "c", "?"),
        ([("a", "c", 1), ("a", "c", -1)], "c", "?"),  # two authors disagree on one link
        ([("b", "a", 1), ("c", "b", 1)], "c", "0"),
    ],
)
def test_total_effect(edges, target, expected):
    assert total_effect(_map(edges), "a", target) == expected


def test_path_effects_ignore_other_kinds_and_respect_cutoff():
    G = _map([("a", "b", 1), ("b", "c", -1), ("a", "c", 1)])
    G.add_edge("a", "c", kind="support")
    assert path_effects(G, "a", "c") == [(["a", "c"], 1), (["a", "b", "c"], -1)]
    assert path_effects(G, "a", "c", cutoff=1) == [(["a", "c"], 1)]


@pytest.mark.parametrize(
    ("source", "target", "error", "match"),
    [
        ("a", "zz", nx.NodeNotFound, "node 'zz' is not in the graph"),
        ("a", "a", ValueError, "source and target are the same node 'a'"),
    ],
)
def test_path_effects_errors(source, target, error, match):
    with pytest.raises(error, match=match):
        path_effects(_map([("a", "b", 1)]), source, target)


def test_unsigned_causal_edge_is_refused():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="rel-1", kind="causal", sign=None)
    with pytest.raises(ValueError, match=r"causal edge 'a' -> 'b' \(key 'rel-1'\) has sign None"):
        total_effect(G, "a", "b")


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([("a", "b", 1), ("b", "c", 1)], []),
        ([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)], [("a", "c", 1, 1)]),
        # a feedback loop: b -> c -> b; a reaches c directly (-) and via b (+)
        (
            [("a", "b", 1), ("b", "c", 1), ("c", "b", 1), ("a", "c", -1)],
            [("a", "b", 1, 1), ("a", "c", 1, 1)],
        ),
    ],
)
def test_imbalanced_pairs(edges, expected):
    assert imbalanced_pairs(_map(edges)) == expected
