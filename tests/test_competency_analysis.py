"""Competency questions CQ8-CQ10: graph analyses over the projection of the real graph."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from policy_graph.analysis import attack_framework, explanation_paths, grounded_extension, labelling, rank
from policy_graph.project import project, resolve
from policy_graph.query import select
from policy_graph.store import Store


@pytest.fixture(scope="module")
def full(store: Store) -> nx.MultiDiGraph:
    return project(store, "full")


@pytest.mark.parametrize("by", ["pagerank", "betweenness"])
def test_cq8_macron_and_putin_are_the_most_central_people(full: nx.MultiDiGraph, by: str) -> None:
    ranking = rank(full, by=by)
    actors = [full.nodes[n]["label"] for n, _ in ranking if full.nodes[n]["kind"] == "actor"]
    people = [full.nodes[n]["label"] for n, _ in ranking if full.nodes[n].get("type") == "Person"]
    assert "Emmanuel Macron" in actors[:3], actors[:5]
    assert "Russia" in actors[:3], "the texts speak of Russia far more than of any other actor"
    assert set(people[:2]) == {"Emmanuel Macron", "Vladimir Putin"}, people[:5]
    assert "Vladimir Putin" in actors[:5], actors[:5]


def test_cq9_explanatory_chain_from_trust_to_ground_troops(full: nx.MultiDiGraph) -> None:
    start = resolve(full, ":cl-mistake-1-putin-pragmatic")
    end = resolve(full, ":cl-ground-troops-not-excluded")
    assert "trust" in full.nodes[start]["label"] and "ground troops" in full.nodes[end]["label"]
    chains = explanation_paths(full, start, end, k=3)
    assert len(chains) >= 2
    shortest = chains[0]
    assert shortest[0]["u"] == start and shortest[-1]["v"] == end
    assert all(step["v"] == following["u"] for step, following in itertools.pairwise(shortest))
    for step in shortest:
        assert step["kind"] in {"causal", "support", "explains", "part", "precedes", "qualifies"}
        assert step["source"], f"step {step['u']} -> {step['v']} has no source"
        assert step["quote"], "every step carries the sentence it comes from"
    assert len(chains[1]) >= len(shortest)


def test_cq10_conflicts_and_grounded_extension(store: Store) -> None:
    conflicts = select("conflicts", store).to_python()
    pairs = {(r["attackerLabel"], r["attackedLabel"]) for r in conflicts}
    futile_vs_moderating = [(a, b) for a, b in pairs if "futile" in a and "moderating role" in b]
    assert futile_vs_moderating, "the 2024 'largely futile' judgement must attack the 2018 'moderating role' hope"
    assert {r["assertedBy"] for r in conflicts if "moderating role" in (r["attackedLabel"] or "")} == {"policy-graph curators"}
    argument = project(store, "argument")
    framework = attack_framework(argument)
    grounded = grounded_extension(framework)
    labels = labelling(framework, "grounded")
    futile = resolve(argument, ":cl-macron-efforts-futile")
    moderating = resolve(argument, ":cl-2018-moderating-role")
    assert futile in grounded and labels[futile] == "in"
    assert labels[moderating] == "out"
    assert all(labels[v] == "out" for u in grounded for v in framework.successors(u))
