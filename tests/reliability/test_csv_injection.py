"""CSV and TSV cells a spreadsheet would run as formulas are neutralised with a leading quote (OWASP)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import CLAIMS, cli

pytestmark = pytest.mark.reliability

HOSTILE = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\tTAB=1", "\rCR=1"]


def _graph(folder: Path) -> Path:
    path = folder / "hostile.ttl"
    text = CLAIMS.read_text(encoding="utf-8")
    labels = "".join(f':hostile-{i} a pg:Actor ; rdfs:label "{label.encode("unicode_escape").decode()}" .\n' for i, label in enumerate(HOSTILE))
    path.write_text(text + "\n" + labels, encoding="utf-8")
    return path


def _cells(text: str, delimiter: str = ",") -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row}


def test_export_csv_neutralises_formulas(tmp_path: Path) -> None:
    graph = tmp_path / "hostile.ttl"
    graph.write_text(CLAIMS.read_text(encoding="utf-8").replace('"Emmanuel Macron"', '"=cmd|\' /C calc\'!A0"'), encoding="utf-8")
    out = tmp_path / "nodes.csv"
    run = cli("export", "--to", "csv", "-o", out, graph, cwd=tmp_path)
    assert run.code == 0, run
    cells = _cells(out.read_text(encoding="utf-8"))
    assert "'=cmd|' /C calc'!A0" in cells
    assert "=cmd|' /C calc'!A0" not in cells


def test_to_csv_neutralises_every_formula_start(tmp_path: Path) -> None:
    import networkx as nx

    from policy_graph.interop.exports import to_csv

    G = nx.MultiDiGraph()
    for i, label in enumerate(HOSTILE):
        G.add_node(f"n{i}", label=label, weight=-1)
    G.add_edge("n0", "n1", key=HOSTILE[2], kind="support")
    nodes, edges = to_csv(G, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    cells = _cells(nodes.read_bytes().decode()) | _cells(edges.read_bytes().decode())  # bytes: keep the CR
    assert {"'" + label for label in HOSTILE} <= cells
    assert not set(HOSTILE) & cells
    assert "-1" in cells, "a number is kept"


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_query_csv_and_tsv_neutralise_formulas(fmt: str, delimiter: str, tmp_path: Path) -> None:
    text = "SELECT ?label ?n WHERE { ?a a pg:Actor ; rdfs:label ?label FILTER(STRSTARTS(STR(?a), STR(:hostile-))) BIND(-3 AS ?n) }"
    run = cli("query", "-", _graph(tmp_path), "--format", fmt, stdin=text, cwd=tmp_path)
    assert run.code == 0, run
    cells = _cells(run.stdout, delimiter)
    shown = [label for label in HOSTILE if not label.startswith("\r")]  # captured text turns CR into a line end
    assert {"'" + label for label in shown} <= cells
    assert not set(shown) & cells
    assert "-3" in cells, "a number is not a formula: kept as it is"
