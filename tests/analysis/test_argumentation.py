"""Dung semantics: the paper's examples, and a brute-force cross-check on random frameworks."""

from itertools import combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_graph.analysis import (
    SemanticsTimeout,
    attack_framework,
    complete_extensions,
    grounded_extension,
    labelling,
    preferred_extensions,
    stable_extensions,
)

F = frozenset

CASES = {
    # name: (attacks, grounded, preferred, stable)
    "nixon diamond": ([("a", "b"), ("b", "a")], F(), [F("a"), F("b")], [F("a"), F("b")]),
    "chain a>b>c": ([("a", "b"), ("b", "c")], F("ac"), [F("ac")], [F("ac")]),
    "odd cycle of 3": ([("a", "b"), ("b", "c"), ("c", "a")], F(), [F()], []),
    "even cycle of 4": (
        [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")],
        F(), [F("ac"), F("bd")], [F("ac"), F("bd")],
    ),
    "self-attack": ([("a", "a")], F(), [F()], []),
    "self-attacker defeated": ([("a", "a"), ("b", "a")], F("b"), [F("b")], [F("b")]),
    "reinstatement of odd cycle": (
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")], F("bd"), [F("bd")], [F("bd")],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_dung_examples(name):
    attacks, grounded, preferred, stable = CASES[name]
    af = nx.DiGraph(attacks)
    assert grounded_extension(af) == grounded
    assert preferred_extensions(af) == preferred
    assert stable_extensions(af) == stable


@pytest.mark.parametrize(
    ("semantics", "expected"),
    [
        ("grounded", {"a": "in", "b": "out", "d": "undec", "e": "undec", "f": "undec", "g": "undec"}),
        ("complete", {"a": "in", "b": "out", "d": "undec", "e": "undec", "f": "undec", "g": "undec"}),
        ("preferred", {"a": "in", "b": "out", "d": "undec", "e": "undec", "f": "undec", "g": "in"}),
        ("stable", {"a": "in", "b": "out", "d": "undec", "e": "undec", "f": "undec", "g": "in"}),
    ],
)
def test_sceptical_labelling(semantics, expected):
    """Floating reinstatement: d <-> e both attack f, f attacks g.

    Every preferred extension ({a, d, g} and {a, e, g}) contains g, so g is
    sceptically in; f is out in each extension but attacked by no argument
    that is in all of them, so the sceptical labelling leaves it undec.
    """
    af = nx.DiGraph([("a", "b"), ("d", "e"), ("e", "d"), ("d", "f"), ("e", "f"), ("f", "g")])
    assert labelling(af, semantics) == expected


def test_labelling_without_stable_extension_is_all_undec():
    af = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert set(labelling(af, "stable").values()) == {"undec"}


def test_labelling_rejects_unknown_semantics():
    with pytest.raises(ValueError, match="unknown semantics 'ideal'; choose one of grounded, complete"):
        labelling(nx.DiGraph(), "ideal")


def test_undirected_framework_is_refused():
    with pytest.raises(nx.NetworkXNotImplemented, match="directed graph"):
        grounded_extension(nx.Graph([("a", "b")]))


def test_attack_framework_includes_claims_and_undercuts():
    G = nx.MultiDiGraph()
    G.add_node("c1", kind="claim", label="NATO expansion provoked Russia")
    G.add_node("c2", kind="claim", label="Russia was provoked")
    G.add_node("c3", kind="claim", label="lonely claim")
    G.add_node("rel", kind="relation", label="c1 supports c2")
    G.add_node("x", kind="claim", label="the quote is out of context")
    G.add_edge("c1", "c2", key="rel", kind="support")
    G.add_edge("x", "rel", kind="attack")
    G.add_edge("c3", "c3", kind="rephrase")
    af = attack_framework(G)
    assert set(af) == {"c1", "c2", "c3", "x", "rel"}
    assert list(af.edges) == [("x", "rel")]
    assert af.nodes["rel"] == {"kind": "relation", "label": "c1 supports c2"}
    assert labelling(af) == {"c1": "in", "c2": "in", "c3": "in", "x": "in", "rel": "out"}


# ------------------------------------------------------------ brute force


def _conflict_free(af, s):
    return not any(af.has_edge(a, b) for a in s for b in s)


def _defends(af, s, a):
    return all(any(af.has_edge(c, b) for c in s) for b in af.pred[a])


def _brute_force(af):
    nodes = list(af)
    subsets = [F(c) for r in range(len(nodes) + 1) for c in combinations(nodes, r)]
    admissible = [s for s in subsets if _conflict_free(af, s) and all(_defends(af, s, a) for a in s)]
    complete = [s for s in admissible if all((a in s) == _defends(af, s, a) for a in nodes)]
    preferred = [s for s in admissible if not any(s < t for t in admissible)]
    stable = [
        s for s in subsets
        if _conflict_free(af, s) and all(a in s or any(af.has_edge(c, a) for c in s) for a in nodes)
    ]
    return min(complete, key=len), complete, preferred, stable


@st.composite
def frameworks(draw):
    n = draw(st.integers(0, 8))
    pairs = [(a, b) for a in range(n) for b in range(n)]
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=20) if pairs else st.just([]))
    af = nx.DiGraph()
    af.add_nodes_from(range(n))
    af.add_edges_from(attacks)
    return af


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_matches_brute_force(af):
    grounded, complete, preferred, stable = _brute_force(af)
    assert grounded_extension(af) == grounded
    assert sorted(map(sorted, complete_extensions(af))) == sorted(map(sorted, complete))
    assert sorted(map(sorted, preferred_extensions(af))) == sorted(map(sorted, preferred))
    assert sorted(map(sorted, stable_extensions(af))) == sorted(map(sorted, stable))


def test_hundreds_of_sparse_arguments_stay_fast():
    af = nx.gnp_random_graph(300, 0.01, directed=True, seed=3)
    assert len(preferred_extensions(af)) == 3


@st.composite
def layered_frameworks(draw):
    """Small cycles joined by attacks that go one way: many strongly connected components."""
    af = nx.DiGraph()
    cycles = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    start = 0
    for size in cycles:
        members = list(range(start, start + size))
        af.add_nodes_from(members)
        af.add_edges_from(zip(members, members[1:] + members[:1]))
        start += size
    pairs = [(a, b) for a in range(start) for b in range(a + 1, start)]
    af.add_edges_from(draw(st.lists(st.sampled_from(pairs), max_size=8)) if pairs else [])
    return af


@settings(max_examples=200, deadline=None)
@given(layered_frameworks())
def test_scc_decomposition_matches_brute_force(af):
    _, complete, preferred, stable = _brute_force(af)
    assert sorted(map(sorted, preferred_extensions(af))) == sorted(map(sorted, preferred))
    assert sorted(map(sorted, stable_extensions(af))) == sorted(map(sorted, stable))
    assert sorted(map(sorted, complete_extensions(af))) == sorted(map(sorted, complete))


def test_a_long_even_cycle_needs_no_recursion():
    n = 1_200
    af = nx.DiGraph((i, (i + 1) % n) for i in range(n))
    evens, odds = frozenset(range(0, n, 2)), frozenset(range(1, n, 2))
    assert sorted(complete_extensions(af), key=sorted) == sorted([frozenset(), evens, odds], key=sorted)
    assert set(preferred_extensions(af)) == set(stable_extensions(af)) == {evens, odds}


def test_a_long_chain_of_two_cycles_has_few_extensions_and_stays_fast():
    """600 two-cycles in a chain, each side attacking the same side of the next: the first
    choice decides every later one, and the SCCs are solved in order."""
    af = nx.DiGraph()
    for i in range(600):
        af.add_edges_from([(2 * i, 2 * i + 1), (2 * i + 1, 2 * i)])
        if i:
            af.add_edges_from([(2 * i - 2, 2 * i), (2 * i - 1, 2 * i + 1)])
    assert len(preferred_extensions(af, timeout=60)) == 2  # the first two-cycle decides every later one
    assert len(stable_extensions(af, timeout=60)) == 2


@pytest.mark.parametrize("semantics", ["preferred", "stable", "complete"])
def test_a_dense_framework_finishes_or_stops_at_the_timeout(semantics):
    """300 arguments attacking 6 others each: an answer or SemanticsTimeout, never RecursionError."""
    import random
    import time

    rng = random.Random(7)
    af = nx.DiGraph((a, b) for a in range(300) for b in rng.sample(range(300), 6))
    search = {"preferred": preferred_extensions, "stable": stable_extensions, "complete": complete_extensions}[semantics]
    started = time.monotonic()
    try:
        result = search(af, timeout=2)
    except SemanticsTimeout as err:
        assert f"the {semantics} extensions were not found within 2 s" in str(err)
    else:
        assert all(not any(af.has_edge(a, b) for a in e for b in e) for e in result)  # conflict-free
    assert time.monotonic() - started < 10


def test_labelling_passes_the_timeout_on():
    af = nx.DiGraph((i, (i + 1) % 4) for i in range(4))
    assert labelling(af, "preferred", timeout=5) == dict.fromkeys(range(4), "undec")


def test_the_accept_command_stops_at_its_timeout_with_one_line(tmp_path):
    """A dense conflict graph: `accept --semantics preferred --timeout` answers or says why not (exit 2)."""
    import random
    import subprocess
    import sys

    rng = random.Random(7)
    lines = ["@prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> ."]
    lines += [f":c{a} a pg:Claim ." for a in range(300)]
    lines += [f":r{a}-{b} a pg:Attack ; pg:from :c{a} ; pg:to :c{b} ." for a in range(300) for b in rng.sample(range(300), 6)]
    (tmp_path / "dense.ttl").write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "policy_graph", "accept", str(tmp_path / "dense.ttl"), "--semantics", "preferred", "--timeout", "0.5"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    if result.returncode == 0:
        assert "preferred labelling" in result.stdout
    else:
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("policy-graph: error: the preferred extensions were not found within 0.5 s")
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
