"""Imported argument maps validate: linked and convergent arguments, sources without text, the projection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.interop.aif import IMPORT_BASE, read_aif, write_aif
from policy_graph.interop.argdown import read_argdown
from policy_graph.namespaces import PG
from policy_graph.project import project
from policy_graph.store import Store
from policy_graph.validate import Report, validate
from tests.paths import CORPUS, SHARED

AIF_FILES = sorted((SHARED / "interop" / "aif").glob("*.json"))
ARGDOWN_FILES = sorted((SHARED / "interop" / "argdown").glob("*.argdown"))


def _report(graph: object, *, corpus: Path | None = None) -> Report:
    return validate(Store.from_graph(graph), corpus_dir=corpus)  # type: ignore[arg-type]


def _violations(report: Report) -> list[str]:
    return [f"{f.rule} {f.focus}: {f.message}" for f in report.findings if f.severity == "violation"]


@pytest.mark.parametrize("path", AIF_FILES + ARGDOWN_FILES, ids=lambda p: p.name)
def test_imports_of_the_shared_files_validate(path: Path) -> None:
    graph, _ = read_aif(path) if path.suffix == ".json" else read_argdown(path)
    report = _report(graph, corpus=CORPUS)
    assert _violations(report) == []
    notes = [f for f in report.findings if f.rule == "anchor:no-source-text"]
    assert [(f.severity, f.message.split(":")[0]) for f in notes] == [("info", "no source text")]


def _node(node_id: int, kind: str, text: str | None = None) -> dict[str, str]:
    return {"nodeID": str(node_id), "type": kind, "text": text or kind}


def _edges(pairs: list[tuple[int, int]]) -> list[dict[str, str]]:
    return [{"edgeID": str(n), "fromID": str(u), "toID": str(v)} for n, (u, v) in enumerate(pairs, 1)]


# One case of each structure AIF can state about three claims 1, 2 -> 3.
CASES: dict[str, dict[str, list[dict[str, str]]]] = {
    "linked": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(3, "I", "c"), _node(10, "RA")],
               "edges": _edges([(1, 10), (2, 10), (10, 3)])},
    "convergent": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(3, "I", "c"), _node(10, "RA"), _node(11, "RA")],
                   "edges": _edges([(1, 10), (10, 3), (2, 11), (11, 3)])},
    "conflict": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(3, "I", "c"), _node(10, "RA"), _node(11, "CA")],
                 "edges": _edges([(1, 10), (10, 3), (2, 11), (11, 10)])},  # an undercut of the inference
    "linked-conflict": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(3, "I", "c"), _node(11, "CA")],
                        "edges": _edges([(1, 11), (2, 11), (11, 3)])},
    "preference": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(3, "I", "c"), _node(10, "RA"), _node(11, "RA"), _node(12, "PA")],
                   "edges": _edges([(1, 10), (10, 3), (2, 11), (11, 3), (10, 12), (12, 11)])},
    "rephrase": {"nodes": [_node(1, "I", "a"), _node(2, "I", "b"), _node(10, "MA")], "edges": _edges([(1, 10), (10, 2)])},
}


@pytest.mark.parametrize("name", CASES)
def test_generated_cases_validate_and_round_trip(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(CASES[name]))
    graph, _ = read_aif(path)
    assert _violations(_report(graph)) == []
    exported = write_aif(graph)
    assert {(e["fromID"], e["toID"]) for e in exported["edges"]} == {(e["fromID"], e["toID"]) for e in CASES[name]["edges"]}


def test_linked_and_convergent_differ_in_the_graph_and_the_projection(tmp_path: Path) -> None:
    structures = {}
    for name in ("linked", "convergent"):
        (tmp_path / f"{name}.json").write_text(json.dumps(CASES[name]))
        graph, _ = read_aif(tmp_path / f"{name}.json")
        edges = sorted((u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], d["linked"], d["premise_group"])
                       for u, v, d in project(Store.from_graph(graph), "argument").edges(data=True))
        structures[name] = (len(set(graph.subjects(None, PG.Support))), edges)
    group = f"{IMPORT_BASE}linked/10"
    assert structures["linked"] == (1, [("1", "3", True, group), ("2", "3", True, group)])
    assert structures["convergent"] == (2, [("1", "3", False, None), ("2", "3", False, None)])


def test_a_causal_link_with_two_causes_is_a_violation(tmp_path: Path) -> None:
    text = """@prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> .
    :r a pg:CausalLink ; pg:from :a, :b ; pg:to :c ; pg:sign "+" ."""
    report = validate(Store.from_text(text), checks_dir=None)
    assert any(f.rule == "shacl:Relation-oneFrom" for f in report.findings)


@st.composite
def _linked_or_convergent(draw: st.DrawFn) -> dict[str, list[dict[str, str]]]:
    claims = draw(st.integers(2, 6))
    nodes = [_node(i, "I", draw(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(str.strip)))
             for i in range(1, claims + 1)]
    pairs: list[tuple[int, int]] = []
    for j in range(draw(st.integers(1, 4))):
        node_id = 100 + j
        conclusion = draw(st.integers(1, claims))
        premises = draw(st.sets(st.integers(1, claims).filter(lambda p, c=conclusion: p != c), min_size=1, max_size=3))
        nodes.append(_node(node_id, draw(st.sampled_from(["RA", "CA"]))))
        pairs += [(p, node_id) for p in sorted(premises)] + [(node_id, conclusion)]
    return {"nodes": nodes, "edges": _edges(pairs)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_linked_or_convergent())
def test_random_linked_and_convergent_graphs_round_trip_and_validate(data: dict[str, list[dict[str, str]]], tmp_path: Path) -> None:
    path = tmp_path / "random.json"
    path.write_text(json.dumps(data))
    graph, _ = read_aif(path)
    exported = write_aif(graph)
    assert {(n["nodeID"], n["type"], n["text"]) for n in exported["nodes"]} == {(n["nodeID"], n["type"], n["text"]) for n in data["nodes"]}
    assert {(e["fromID"], e["toID"]) for e in exported["edges"]} == {(e["fromID"], e["toID"]) for e in data["edges"]}
    violations = _violations(_report(graph))
    # the one violation an import may carry is the data's own: a support cycle (a -> b -> a)
    assert all(v.startswith("check:support-cycle") for v in violations), violations


def test_two_files_of_the_same_name_go_into_one_graph_with_slug(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "map.json").write_text(json.dumps(CASES["linked" if folder == "one" else "convergent"]))
    target = tmp_path / "graph.ttl"
    first = _cli("import", str(tmp_path / "one" / "map.json"), "--from", "aif", "--into", str(target))
    assert first.returncode == 0, first.stderr
    clash = _cli("import", str(tmp_path / "two" / "map.json"), "--from", "aif", "--into", str(target))
    assert clash.returncode == 2 and "--slug NAME" in clash.stderr
    second = _cli("import", str(tmp_path / "two" / "map.json"), "--from", "aif", "--into", str(target), "--slug", "map-two")
    assert second.returncode == 0, second.stderr
    store = Store.from_files([target])
    assert len(set(store.graph().subjects(None, PG.Support))) == 3
    assert _violations(validate(store)) == []
    bad = _cli("import", str(tmp_path / "two" / "map.json"), "--from", "aif", "--slug", "Map Two")
    assert bad.returncode == 2 and "--slug map-two" in bad.stderr


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy_graph", *args], capture_output=True, text=True, check=False)


def test_linkable_kinds_are_the_ones_the_shapes_let_have_several_starts() -> None:
    from rdflib import Graph, URIRef

    from policy_graph.resources import SHAPES_FILE
    from policy_graph.vocabulary import RELATION_KINDS

    shapes = Graph().parse(SHAPES_FILE)
    single = {str(c).rsplit("#", 1)[-1] for c in shapes.objects(URIRef("https://w3id.org/policy-graph/shapes#SingleStartShape"), URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert {k.rdf_class for k in RELATION_KINDS if not k.linkable} == single - {"Relation"}
    assert {k.rdf_class for k in RELATION_KINDS if k.linkable} == {"Support", "Attack"}
