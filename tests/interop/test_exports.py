"""JSON-LD with the published context, GraphML, GEXF, CSV and Argdown exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from policy_graph.interop.aif import read_aif
from policy_graph.interop.argdown import read_argdown, write_argdown
from policy_graph.interop.exports import CONTEXT_FILE, LIST_SEPARATOR, load_context, to_argdown, to_csv, to_gexf, to_graphml, to_jsonld
from policy_graph.namespaces import PREFIXES
from policy_graph.project import project
from policy_graph.store import Store
from tests.paths import INTEROP


@pytest.fixture(scope="module", params=["aif/moralmaze-6064.json", "aif/araucaria-nodeset543.json", "argdown/populism.argdown", "argdown/greenspan-schefczyk.argdown"])
def imported(request: pytest.FixtureRequest) -> Graph:
    path = INTEROP / request.param
    return (read_aif(path) if path.suffix == ".json" else read_argdown(path))[0]


@pytest.fixture(scope="module")
def projected(imported: Graph) -> nx.MultiDiGraph:
    return project(Store.from_graph(imported), "full")


def test_the_published_context_declares_every_project_prefix() -> None:
    context = json.loads(CONTEXT_FILE.read_text())["@context"]
    for prefix, namespace in PREFIXES.items():
        if prefix:  # JSON-LD has no empty prefix; data IRIs stay absolute
            assert context[prefix] == str(namespace), prefix
    assert context["from"] == {"@id": "pg:from", "@type": "@id"}


def test_jsonld_reparses_to_an_isomorphic_graph(imported: Graph) -> None:
    text = to_jsonld(imported)
    data = json.loads(text)
    assert data["@context"] == load_context()  # embedded: reading it back needs no network
    assert any("label" in node for node in data["@graph"])
    again = Store.from_text(text, format="json-ld").graph()  # another JSON-LD processor (Oxigraph) reads it
    assert isomorphic(again, imported)


def test_graphml_reloads_with_networkx(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = to_graphml(projected, tmp_path / "map.graphml")
    again = nx.read_graphml(path, force_multigraph=True)
    assert sorted(again.nodes) == sorted(projected.nodes)
    assert again.number_of_edges() == projected.number_of_edges()
    node, data = next((n, d) for n, d in projected.nodes(data=True) if d.get("label"))
    assert again.nodes[node]["label"] == data["label"]
    assert again.nodes[node]["kind"] == data["kind"]


def test_gexf_reloads_with_networkx(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = to_gexf(projected, tmp_path / "map.gexf")
    again = nx.read_gexf(path)
    assert sorted(again.nodes) == sorted(projected.nodes)
    assert again.number_of_edges() == projected.number_of_edges()
    assert sorted(k for *_, k in again.edges(data="kind")) == sorted(k for *_, k in projected.edges(data="kind"))


def test_csv_tables_have_one_row_per_node_and_edge(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes, edges = to_csv(projected, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with nodes.open(newline="") as handle:
        node_rows = list(csv.DictReader(handle))
    with edges.open(newline="") as handle:
        edge_rows = list(csv.DictReader(handle))
    assert {row["id"] for row in node_rows} == set(projected.nodes)
    assert len(edge_rows) == projected.number_of_edges()
    assert list(edge_rows[0])[:3] == ["from", "to", "key"]
    assert {(r["from"], r["to"], r["kind"]) for r in edge_rows} == {(u, v, d["kind"]) for u, v, d in projected.edges(data=True)}


def test_tuples_and_none_are_flattened(tmp_path: Path) -> None:
    G = nx.MultiDiGraph(view="full")
    G.add_node("a", label="A", quotes=("one", "two"), date=None, start="x")
    G.add_node("b", label="B", quotes=(), date="2022-02-24")
    G.add_edge("a", "b", key="r", kind="causal", sign=-1, footnotes=("i", "ii"), source=None, weight=0.5)
    graphml = nx.read_graphml(to_graphml(G, tmp_path / "g.graphml"))
    assert graphml.nodes["a"] == {"label": "A", "quotes": f"one{LIST_SEPARATOR}two", "start": "x"}
    assert graphml.nodes["b"]["quotes"] == ""
    gexf = nx.read_gexf(to_gexf(G, tmp_path / "g.gexf"))
    edge = next(iter(gexf.edges(data=True)))[2]
    assert edge["sign"] == -1 and edge["footnotes"] == f"i{LIST_SEPARATOR}ii" and edge["weight_"] == 0.5
    assert gexf.nodes["a"]["start_"] == "x"


def test_argdown_export_is_write_argdown(imported: Graph) -> None:
    assert to_argdown(imported) == write_argdown(imported)


def test_exports_write_atomically_over_an_existing_file(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "map.graphml"
    target.write_text("old")
    to_graphml(projected, target)
    assert target.read_text().startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["map.graphml"]
