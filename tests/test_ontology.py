"""The ontology, shapes and checks: example files that must conform, counter-examples named
after the constraint they break, and the real graph with no findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from policy_graph.namespaces import OWL, RDF, RDFS
from policy_graph.resources import ONTOLOGY_DIR
from policy_graph.store import Store
from policy_graph.validate import validate

SHAPES = Path(__file__).parent / "data" / "shapes"
VALID = sorted((SHAPES / "valid").glob("*.ttl"))
INVALID = sorted((SHAPES / "invalid").glob("*.ttl"))


def _findings(path: Path) -> list:
    return validate(Store.from_files([path])).findings


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_examples_conform(path: Path) -> None:
    findings = _findings(path)
    assert not findings, [f.message for f in findings]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_counter_examples_break_their_constraint(path: Path) -> None:
    expected = re.match(r"# expect: (.+)", path.read_text(encoding="utf-8")).group(1).strip()  # type: ignore[union-attr]
    findings = _findings(path)
    assert findings, f"{path.name} should not conform"
    assert any(expected in f"{f.message} {f.rule}" for f in findings), [f"{f.rule}: {f.message}" for f in findings]


def test_every_check_is_headed_with_problem_and_solution() -> None:
    checks = sorted((ONTOLOGY_DIR / "checks").glob("*.rq"))
    assert len(checks) >= 12
    for path in checks:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Problem:") and "# Solution:" in text, path.name
        assert path.stem.endswith(("-violation", "-warning")), path.name


def test_every_constraint_says_what_to_fix() -> None:
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    constrained = {s for s, p, _ in shapes if str(p).startswith(sh) and str(p)[len(sh):] in {"minCount", "maxCount", "datatype", "class", "in", "pattern", "node", "or", "hasValue", "minLength", "maxLength", "nodeKind"}}
    missing = [str(s) for s in constrained if (s, URIRef(sh + "message"), None) not in shapes and isinstance(s, URIRef)]
    assert not missing


def test_ontology_terms_are_labelled_commented_and_typed() -> None:
    ontology = Graph().parse(ONTOLOGY_DIR / "policy-graph.ttl")
    header = URIRef("https://w3id.org/policy-graph/ns")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert (header, OWL.versionInfo, None) in ontology
    for term in {s for s in ontology.subjects(RDF.type) if str(s).startswith("https://w3id.org/policy-graph/ns#")}:
        assert (term, RDFS.label, None) in ontology and (term, RDFS.comment, None) in ontology, term
    assert not list(ontology.triples((None, OWL.imports, None))), "the project never fetches anything"


def test_the_curated_graph_has_no_findings(store: Store, corpus_dir: Path) -> None:
    report = validate(store, corpus_dir=corpus_dir)
    assert report.conforms and not report.findings, [f"{f.rule} {f.focus}: {f.message}" for f in report.findings[:10]]


def test_the_checks_know_a_relation_by_its_ends_whatever_its_kind() -> None:
    """An undercut of an update is no wrong-kind end, and an update to itself is a self-attack
    (the checks once listed the relation classes and missed the kinds added later)."""
    text = """@prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> .
    :a a pg:Claim . :b a pg:Claim . :c a pg:Claim .
    :update a pg:Update ; pg:from :a ; pg:to :b .
    :undercut a pg:Attack ; pg:from :c ; pg:to :update .
    :loop a pg:Update ; pg:from :c ; pg:to :c ."""
    findings = validate(Store.from_text(text), shapes=None).findings
    rules = sorted((f.focus or "", f.rule) for f in findings if f.rule in ("check:self-attack", "check:relation-end-wrong-kind"))
    assert rules == [("urn:x:loop", "check:self-attack")], rules
