"""The native SHACL engine against pySHACL, the reference: the same findings, exactly.

Each test validates one graph with both engines and compares the sorted findings: the example
files of test_ontology.py, the curated graph, the curated graph with hand-made faults, and small
graphs mutated by Hypothesis. pySHACL is slow (4 s on the curated graph), so the random graphs
are built from the valid examples, not from the curated graph.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.errors import InputError
from policy_graph.resources import SHAPES_FILE
from policy_graph.store import Store
from policy_graph.validate import Finding, validate

EXAMPLES = Path(__file__).parent / "data" / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))

PG = "https://w3id.org/policy-graph/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _findings(store: Store, engine: str, shapes: Path = SHAPES_FILE) -> list[tuple[str, str, str, str, str]]:
    """The SHACL findings of one engine (no checks; model findings do not depend on the engine)."""
    report = validate(store, shapes=shapes, checks_dir=None, shacl_engine=engine)  # type: ignore[arg-type]
    return sorted(_key(f) for f in report.findings if f.rule.startswith("shacl:"))


def _key(finding: Finding) -> tuple[str, str, str, str, str]:
    return (finding.severity, finding.focus or "", finding.path or "", finding.rule, finding.message)


def _agree(store: Store) -> list[tuple[str, str, str, str, str]]:
    native = _findings(store, "native")
    assert native == _findings(store, "pyshacl")
    return native


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_examples_agree(path: Path) -> None:
    _agree(Store.from_files([path]))


def test_curated_graph_agrees(store: Store) -> None:
    assert _agree(store) == []


def _node(store: ox.Store, query: str) -> ox.NamedNode | ox.BlankNode:
    """The first ``?n`` of ``query`` (prefixes pg:, rdf:, prov:, oa: and dcterms: declared)."""
    prefixes = f"PREFIX pg: <{PG}> PREFIX rdf: <{RDF}> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    return next(iter(store.query(prefixes + query + " ORDER BY STR(?n) LIMIT 1")))["n"]


def test_curated_graph_with_faults_agrees(store: Store) -> None:
    """One fault of each kind in the curated graph: missing, extra, ill-typed, mismatched and misplaced values."""
    data = ox.Store()
    data.extend(store.ox)
    label, quoted, date, end = (ox.NamedNode(iri) for iri in ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/ns/prov#wasQuotedFrom", PG + "date", PG + "endDate"))
    claims = [row["n"] for row in data.query(f"SELECT ?n WHERE {{ ?n a <{PG}Claim> }} ORDER BY STR(?n) LIMIT 3")]
    actor = _node(data, "SELECT ?n WHERE { ?n a pg:Person }")
    event = _node(data, "SELECT ?n WHERE { ?n a pg:Event ; pg:date ?d }")
    day = next(iter(data.query(f"SELECT ?n ?d WHERE {{ ?n a <{PG}Event> ; <{PG}date> ?d FILTER(DATATYPE(?d) = <{XSD}date> && ?n != <{event.value}>) }} ORDER BY ?n LIMIT 1")))
    source = _node(data, f"SELECT ?n WHERE {{ ?n a pg:Source FILTER NOT EXISTS {{ <{claims[1].value}> prov:wasQuotedFrom ?n }} }}")
    selector = _node(data, "SELECT ?n WHERE { ?n a oa:TextQuoteSelector }")
    cell = _node(data, "SELECT ?n WHERE { ?e pg:parts ?n . ?n rdf:first ?x }")
    relation = _node(data, "SELECT ?n WHERE { ?n a pg:Support ; pg:from ?f }")
    for quad in [*data.quads_for_pattern(claims[0], label, None), *data.quads_for_pattern(event, date, None)]:
        data.remove(quad)
    data.extend(
        ox.Quad(*triple)
        for triple in [
            (claims[1], quoted, source),  # a second prov:wasQuotedFrom
            (claims[2], quoted, actor),  # not a pg:Source
            (event, date, ox.Literal("2017-05-29")),  # a plain string
            (event, end, ox.Literal("2022-02-30", datatype=ox.NamedNode(XSD + "date"))),  # ill-typed
            (source, ox.NamedNode(PG + "corpusFile"), ox.Literal("dir/file.txt")),  # a second value, and a bad pattern
            (day["n"], date, ox.Literal(day["d"].value + "T00:00:00", datatype=day["d"].datatype)),  # not an xsd:date form, and a second date
            (claims[0], ox.NamedNode(PG + "about"), ox.Literal("05", datatype=ox.NamedNode(XSD + "integer"))),  # a literal
            (selector, ox.NamedNode("http://www.w3.org/ns/oa#exact"), ox.Literal("x" * 601)),  # too long: a warning
            (actor, label, ox.BlankNode()),  # a blank node has no length
            (cell, ox.NamedNode(RDF + "first"), actor),  # a list cell with two members
            (relation, ox.NamedNode(PG + "to"), next(data.quads_for_pattern(relation, ox.NamedNode(PG + "from"), None)).object),
        ]
    )
    findings = _agree(Store(data))
    rules = {rule for *_, rule, _ in findings}
    assert {
        "shacl:Claim-label", "shacl:Claim-reportedBy", "shacl:Event-dateDatatype", "shacl:Event-endDate",
        "shacl:Source-corpusFile", "shacl:Claim-about", "shacl:AboutKind", "shacl:Quote-exactLength", "shacl:Actor-label",
        "shacl:Explanation-partsList", "shacl:ListNode", "shacl:Relation-notSelf", "shacl:Explanation-partKind",
    } <= rules, rules
    assert {"shacl:Event-date", "shacl:Event-dateDatatype"} <= {f[3] for f in findings if f[1] == day["n"].value}, findings


def test_quoted_triples_are_values_that_fail_literal_constraints(store: Store) -> None:
    """RDF 1.2 triple terms (the loader refuses them; a store built in code may hold them) are
    values that fail a label's or a quote's constraints, not a crash. pySHACL cannot read them."""
    from policy_graph.shacl import Shapes

    data = ox.Store()
    data.extend(store.ox)
    claim = _node(data, "SELECT ?n WHERE { ?n a pg:Claim }")
    selector = _node(data, "SELECT ?n WHERE { ?n a oa:TextQuoteSelector }")
    label, exact = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.NamedNode("http://www.w3.org/ns/oa#exact")
    quoted = ox.Triple(claim, label, ox.Literal("a claim"))
    for node, predicate in ((claim, label), (selector, exact)):
        data.remove(next(data.quads_for_pattern(node, predicate, None)))
        data.add(ox.Quad(node, predicate, quoted))
    results = Shapes.load(SHAPES_FILE).validate(Store(data))
    assert {(r.focus, r.path) for r in results} >= {(claim.value, label.value), (selector.value, exact.value)}, results


def _pool(quads: list[ox.Quad]) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    """Replacement values: the graph's own terms, and literals and IRIs that break some constraint."""
    terms = {term for q in quads for term in (q.subject, q.object)}
    odd = [
        ox.Literal(""), ox.Literal(" "), ox.Literal("XI"), ox.Literal("a/b"), ox.Literal("x" * 601), ox.Literal("Macron", language="fr"),
        ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")), ox.Literal("yes", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("2020", datatype=ox.NamedNode(XSD + "gYear")), ox.Literal("2020-02-30", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("2020-01-05T00:00:00", datatype=ox.NamedNode(XSD + "date")), ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("+", datatype=ox.NamedNode(XSD + "string")), ox.NamedNode("http://www.wikidata.org/entity/Q42"),
        ox.NamedNode("https://example.org/Q42"), ox.NamedNode(RDF + "nil"), ox.NamedNode(PG + "day"), ox.NamedNode(PG + "Event"),
        ox.NamedNode(PG + "Person"), ox.NamedNode(PG + "Place"), ox.NamedNode(PG + "CausalLink"), ox.NamedNode(PG + "DatePrecision"),
        ox.BlankNode(),
    ]
    return sorted(terms, key=str) + odd


BASE = list(Store.from_files(VALID).ox)
POOL = _pool(BASE)
MUTATION = st.tuples(st.sampled_from(["delete", "add", "replace"]), st.integers(0, len(BASE) - 1), st.sampled_from(POOL))


@pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")  # rdflib on a mutated "yes"^^xsd:boolean
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_examples_agree(mutations: list[tuple[str, int, ox.NamedNode | ox.BlankNode | ox.Literal]]) -> None:
    """Delete a triple, give a subject another value, or replace a value: the engines still agree."""
    quads = list(BASE)
    for operation, index, value in mutations:
        quad = quads[index % len(quads)]
        if operation != "add":
            quads.remove(quad)
        if operation != "delete":
            quads.append(ox.Quad(quad.subject, quad.predicate, value))
    data = ox.Store()
    data.extend(quads)
    _agree(Store(data))


def test_nested_warnings_conform_as_in_pyshacl(tmp_path: Path) -> None:
    """A failing warning-level shape still conforms inside sh:or and sh:not, and fails sh:node through its results."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Soft sh:class ex:Missing ; sh:severity sh:Warning ; sh:message "soft" .
ex:Hard sh:class ex:Missing ; sh:message "hard" .
ex:S sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:or ( ex:Hard ex:Soft ) ; sh:message "or" ] ,
                [ sh:path ex:p ; sh:not ex:Soft ; sh:message "not" ] ,
                [ sh:path ex:p ; sh:node ex:Soft ] ,
                [ sh:path ex:p ; sh:or ( ex:Hard [ sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:severity sh:Info ] ] ) ] .
""",
        encoding="utf-8",
    )
    data = Store.from_text("<http://example.org/a> a <http://example.org/C> ; <http://example.org/p> <http://example.org/b> .")
    native = _findings(data, "native", shapes)
    assert native == _findings(data, "pyshacl", shapes)
    assert sorted((rule, message) for *_, rule, message in native) == [
        ("shacl:NodeConstraintComponent", "SHACL NodeConstraintComponent not met"),
        ("shacl:NotConstraintComponent", "not"),
        ("shacl:Soft", "soft"),
    ], native


def test_subclasses_in_the_data_count_as_in_pyshacl(tmp_path: Path) -> None:
    """rdfs:subClassOf triples of the data graph widen sh:targetClass and sh:class (no inference otherwise)."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:C ; sh:message "class" ] .
""",
        encoding="utf-8",
    )
    data = Store.from_text(
        """@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:D rdfs:subClassOf ex:C . ex:E rdfs:subClassOf ex:D .
ex:a a ex:E ; ex:p ex:b , ex:c , "literal" . ex:b a ex:D . ex:c a ex:F .
"""
    )
    native = _findings(data, "native", shapes)
    assert native == _findings(data, "pyshacl", shapes)
    assert [(focus, message) for _, focus, _, _, message in native] == [("http://example.org/a", "class")] * 2, native


def test_literals_compare_as_in_pyshacl(tmp_path: Path) -> None:
    """sh:in compares literals as rdflib reads them: "+"^^xsd:string is "+" and "01"^^xsd:integer is "1"."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ( "+"^^xsd:string "01"^^xsd:integer "x"@EN ) ; sh:message "in" ] .
""",
        encoding="utf-8",
    )
    data = Store.from_text('<http://example.org/a> a <http://example.org/C> ; <http://example.org/p> "+", 1, "x"@en, "y" .')
    native = _findings(data, "native", shapes)
    assert native == _findings(data, "pyshacl", shapes)
    assert [message for *_, message in native] == ["in"], native


@pytest.mark.parametrize(
    ("shape", "term"),
    [
        ("sh:closed true", "sh:closed"),
        ("sh:targetNode ex:a", "sh:targetNode"),
        ("sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ]", "sh:inversePath"),
        ("sh:property [ sh:path ex:p ; sh:pattern \"a\" ; sh:flags \"i\" ]", "sh:flags"),
        ("sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ]", "sh:qualified"),
        ("sh:deactivated true", "sh:deactivated"),
        ("sh:node ex:S", "recursive shapes"),
        ('sh:property [ sh:path "p" ; sh:minCount 1 ]', "is not a SHACL property path"),
        ('sh:property [ sh:path ex:p ; sh:pattern "(" ]', "is not a regular expression"),
    ],
)
def test_unsupported_shapes_are_refused_by_name(tmp_path: Path, shape: str, term: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(f"@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\nex:S sh:targetClass ex:C ; {shape} .\n", encoding="utf-8")
    data = Store.from_text("<http://example.org/a> a <http://example.org/C> .")
    with pytest.raises(InputError) as raised:
        validate(data, shapes=shapes, checks_dir=None)
    assert term in str(raised.value) and "shape <http://example.org/S>" in str(raised.value) and "shapes.ttl" in str(raised.value)


def test_pyshacl_is_only_imported_for_its_engine() -> None:
    code = (
        "import sys\n"
        "from policy_graph.store import Store\n"
        "from policy_graph.validate import validate\n"
        "report = validate(Store.from_text('<urn:a> a <https://w3id.org/policy-graph/ns#Place> .'), checks_dir=None)\n"
        "assert 'shacl:Place-label' in [f.rule for f in report.findings], report\n"
        "assert 'pyshacl' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
