"""Parameters as the graph knows them, and names with a "did you mean": CLI and library alike."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policy_graph import __version__
from policy_graph.errors import InputError
from policy_graph.query import select
from policy_graph.store import Store
from tests.paths import CHECKOUT

TWO_EMMANUELS = """@prefix : <https://w3id.org/policy-graph/id/> .
@prefix pg: <https://w3id.org/policy-graph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:macron a pg:Person ; rdfs:label "Emmanuel Macron" ; skos:altLabel "Le Président" .
:bonne a pg:Person ; rdfs:label "Emmanuel Bonne" .
"""


def _cli(*args: str, cwd: Path = CHECKOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy_graph", *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_version() -> None:
    result = _cli("--version")
    assert (result.returncode, result.stdout) == (0, f"policy-graph {__version__}\n")


def test_a_label_gives_the_same_answer_as_the_iri() -> None:
    by_iri = _cli("query", "claims-by-holder", "--param", "holder=:macron", "--format", "csv")
    by_label = _cli("query", "claims-by-holder", "--param", "holder=macron", "--format", "csv")
    by_words = _cli("query", "claims-by-holder", "--param", "holder=Former Minister", "--format", "csv")
    assert by_iri.returncode == by_label.returncode == by_words.returncode == 0, by_label.stderr + by_words.stderr
    assert len(by_iri.stdout.splitlines()) > 10 and by_label.stdout == by_iri.stdout
    assert by_words.stdout == _cli("query", "claims-by-holder", "--param", "holder=:former-minister", "--format", "csv").stdout


def test_labels_fold_case_and_accents_and_an_ambiguous_label_lists_the_candidates(tmp_path: Path) -> None:
    (tmp_path / "g.ttl").write_text(TWO_EMMANUELS, encoding="utf-8")
    store = Store.from_files([tmp_path / "g.ttl"])
    text = "SELECT ?label WHERE { ?who rdfs:label ?label }"
    query = "claims-by-holder"
    assert select(query, store, params={"holder": "le president"}).rows == select(query, store, params={"holder": ":macron"}).rows
    with pytest.raises(InputError, match=r"holder=EMMANUEL: 2 nodes match this label: :bonne \(Emmanuel Bonne\), :macron \(Emmanuel Macron\)"):
        select(query, store, params={"holder": "EMMANUEL"})
    assert select(text, store, params={"who": "Emmanuel Bonne"}).rows == []  # undeclared and not written as an IRI: text, not a label
    run = _cli("query", "claims-by-holder", str(tmp_path / "g.ttl"), "--param", "holder=Emmanuel")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and ":bonne (Emmanuel Bonne), :macron (Emmanuel Macron)" in run.stderr


@pytest.mark.parametrize("value", [":macronn", "<https://w3id.org/policy-graph/id/macronn>", "macronn"])
def test_an_iri_that_names_no_node_is_an_error_not_an_empty_answer(value: str, store: Store) -> None:
    for source in (store, store.graph()):  # the embedded store and an rdflib Graph
        with pytest.raises(InputError, match="did you mean :macron"):
            select("claims-by-holder", source, params={"holder": value})
    run = _cli("query", "claims-by-holder", "--param", f"holder={value}")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"policy-graph: error: holder={value}: ") and "did you mean :macron" in run.stderr


def test_an_ad_hoc_iri_parameter_is_checked_too(store: Store) -> None:
    with pytest.raises(InputError, match=re.escape("no node of the graph is <https://w3id.org/policy-graph/id/nobody>")):
        select("SELECT ?label WHERE { ?s rdfs:label ?label }", store, params={"s": ":nobody"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "cq1-three-mistake"], "unknown query 'cq1-three-mistake' (did you mean cq1-three-mistakes?"),
        (["query", "claims-by-holder", "-p", "holdr=:macron"], "unknown parameter(s) holdr; it takes holder (did you mean holder?)"),
        (["render", "argumnt", "-o", "x.html"], "'argumnt' is not a view (argument, causal, actors, timeline, full); did you mean argument?"),
        (["rank", "--view", "causl"], "did you mean causal?"),
        (["query", "claims-by-holder", "holder=:macron"], "holder=:macron: no such file; to give a parameter, write --param holder=:macron"),
    ],
)
def test_misspelt_names_get_the_nearest_one(args: list[str], expected: str, tmp_path: Path) -> None:
    run = _cli(*args)
    assert run.returncode == 2
    assert expected in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
