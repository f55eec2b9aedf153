"""A statement and its rephrasings count once in rankings and support counts."""

import networkx as nx
import pytest

from policy_graph.analysis import merge_rephrasings, rank, rephrase_groups


@pytest.fixture
def G():
    G = nx.MultiDiGraph()
    for n in ("intro", "as-we-have-said", "conclusion", "evidence", "other"):
        G.add_node(n, kind="claim", label=n)
    G.add_edge("as-we-have-said", "intro", key="r1", kind="rephrase")
    G.add_edge("conclusion", "intro", key="r2", kind="rephrase")
    G.add_edge("evidence", "intro", key="s1", kind="support")
    G.add_edge("evidence", "conclusion", key="s2", kind="support")
    G.add_edge("evidence", "other", key="s3", kind="support")
    G.add_edge("other", "as-we-have-said", key="a1", kind="attack")
    return G


def test_groups_point_at_the_first_statement(G):
    assert rephrase_groups(G) == {"intro": "intro", "as-we-have-said": "intro", "conclusion": "intro"}


def test_merged_graph_keeps_edge_keys_and_counts_a_repeated_reason_once(G):
    H = merge_rephrasings(G)
    assert set(H) == {"intro", "evidence", "other"}
    assert H.nodes["intro"]["rephrasings"] == ("as-we-have-said", "conclusion")
    assert sorted(H.edges(keys=True, data="kind")) == [
        ("evidence", "intro", "s1", "support"), ("evidence", "other", "s3", "support"), ("other", "intro", "a1", "attack"),
    ]
    assert set(G) == {"intro", "as-we-have-said", "conclusion", "evidence", "other"}, "the input is left as it was"


def test_a_graph_without_rephrasings_is_returned_as_is(G):
    G.remove_edges_from([("as-we-have-said", "intro", "r1"), ("conclusion", "intro", "r2")])
    assert merge_rephrasings(G) is G


@pytest.mark.parametrize(("once", "intro_support", "listed"), [(True, 0, 3), (False, 1, 5)])
def test_support_counts_rephrasings_once_by_default(G, once, intro_support, listed):
    ranking = dict(rank(G, "support", rephrasings_once=once))
    assert len(ranking) == listed
    assert ranking["intro"] == intro_support  # merged: one support, one attack (moved from the restatement)
