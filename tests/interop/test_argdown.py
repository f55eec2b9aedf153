"""Argdown import and export on the two real reconstructions, round trips and bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from policy_graph.errors import InputError
from policy_graph.interop.aif import IMPORT_BASE, import_file
from policy_graph.interop.argdown import read_argdown, write_argdown
from policy_graph.model import Claim, Relation
from policy_graph.namespaces import DCTERMS, PG, PROV, RDF, RDFS
from tests.paths import BAD, INTEROP

ARGDOWN_DIR = INTEROP / "argdown"


# Counted by hand, reading each file line by line, and as the reference parser (@argdown/core)
# counts (tests/interop/test_argdown_conformance.py holds the two equal):
# populism.argdown
#   statements: 29 titled + 40 untitled occurrences in premise-conclusion structures (each
#     untitled statement is its own statement, "Untitled N", even where a text repeats) = 69
#   arguments: 27 titles in <...>; 17 of them have a premise-conclusion structure, one inference each
#   support: 31 + / <+ / +> lines, of which 7 from a reconstructed argument to a statement that
#     another line already relates from that argument's conclusion: the reference moves a
#     relation of a reconstructed argument to its conclusion and keeps one = 24
#   groups: 3 headings (The Core Argument of Populism, Salvation, Doom)
#   tags: populism establishment news eu immigration islam crime culture (8)
# greenspan-schefczyk.argdown
#   statements: 3 titled + 33 untitled occurrences = 36
#   arguments: 6 (2 defined under [Against Preemption], 4 reconstructed); inferences 5
#     (Diversification has two: (1)(2) -- (3) and (3)(4)(5) -- (6))
#   support: l.53, 56, 108, 138 (4); contradiction: l.184 (1); groups: 0 (both headings
#     say isGroup: false); tags: basic concession (2)
@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("populism.argdown", {"statements": 69, "arguments": 27, "reconstructed arguments": 17, "inferences": 17, "support": 24,
                              "attack": 0, "undercut": 0, "contradiction": 0, "groups": 3, "tags": 8}),
        ("greenspan-schefczyk.argdown", {"statements": 36, "arguments": 6, "reconstructed arguments": 4, "inferences": 5,
                                         "support": 4, "attack": 0, "undercut": 0, "contradiction": 1, "groups": 0, "tags": 2}),
    ],
)
def test_counts_of_the_real_files(name: str, counts: dict[str, int]) -> None:
    graph, report = read_argdown(ARGDOWN_DIR / name)
    assert report.counts == counts
    gists = set(graph.subjects(DCTERMS.type, Literal("Argdown argument")))  # arguments without premise-conclusion structure
    assert len(set(graph.subjects(RDF.type, PG.Claim)) - gists) == counts["statements"]
    assert len(gists) == counts["arguments"] - counts["reconstructed arguments"]
    assert len(set(graph.subjects(RDF.type, SKOS.Collection))) == counts["groups"]


def _iri(slug: str, local: str) -> URIRef:
    return URIRef(f"{IMPORT_BASE}{slug}/{local}")


def test_populism_structure() -> None:
    graph, report = read_argdown(ARGDOWN_DIR / "populism.argdown")
    power, core = _iri("populism", "s-power"), _iri("populism", "a-core-argument")
    assert graph.value(power, RDFS.label) == Literal("The populists must come to power.")
    assert graph.value(power, DCTERMS.subject) == Literal("populism")
    assert set(graph.objects(core, PG["from"])) == {_iri("populism", "s-doom"), _iri("populism", "s-salvation")}
    assert graph.value(core, PG.to) == power
    assert graph.value(core, DCTERMS.description) == Literal("The populists are the only salvation of society from doom.")
    # [Destabilization] +> <Islam>: a statement supporting an argument
    support = [r for r in graph.subjects(PG["from"], _iri("populism", "s-destabilization")) if graph.value(r, PG.to) == _iri("populism", "a-islam")]
    assert len(support) == 1 and (support[0], RDF.type, PG.Support) in graph
    doom_group = _iri("populism", "g-doom")
    assert graph.value(doom_group, RDFS.label) == Literal("Doom")
    assert (doom_group, SKOS.member, _iri("populism", "a-immigration")) in graph
    author = _iri("populism", "author-david-lanius")
    assert graph.value(author, RDFS.label) == Literal("David Lanius")
    assert graph.value(power, PROV.wasAttributedTo) == author
    assert "line 195: <Immigration> is numbered [1, 2, 3, 3]; positions are used" in report.notes
    assert [u.item for u in report.unmapped] == ["front matter key 'date'"]


def test_greenspan_inference_rules_steps_and_contradiction() -> None:
    graph, report = read_argdown(ARGDOWN_DIR / "greenspan-schefczyk.argdown")
    turnover = _iri("greenspan-schefczyk", "a-turnover-argument")
    assert graph.value(turnover, PG.scheme) == Literal("Modus ponens")
    assert len(set(graph.objects(turnover, PG["from"]))) == 5
    diversification = _iri("greenspan-schefczyk", "a-diversification-argument")
    step = URIRef(f"{diversification}-step-1")
    assert graph.value(step, DCTERMS.isPartOf) == diversification
    assert graph.value(step, PG.scheme) == Literal("Transitivity of subjunction/causality")
    assert graph.value(step, PG.to) in set(graph.objects(diversification, PG["from"]))  # (3) feeds the second step
    attacks = [(graph.value(a, PG["from"]), graph.value(a, PG.to)) for a in graph.subjects(RDF.type, PG.Attack)]
    impossible = _iri("greenspan-schefczyk", "s-bubbles-impossible")
    can = _iri("greenspan-schefczyk", "s-bubbles-can-occur-in-the-real-estate-market-c5d951")
    assert sorted(attacks) == sorted([(can, impossible), (impossible, can)])
    assert {str(graph.value(a, PG.scheme)) for a in graph.subjects(RDF.type, PG.Attack)} == {"Contradiction"}
    assert graph.value(_iri("greenspan-schefczyk", "source"), DCTERMS.title) == Literal(
        "Why the Fed didn't Intervene to Prevent the 2008 Financial Crisis"
    )
    assert sorted(u.item for u in report.unmapped) == [
        "front matter key 'color'", "front matter key 'date'", "front matter key 'dot'", "front matter key 'group'",
        "front matter key 'subTitle'", "line 104: inference data {uses: [1,2,3,4]}", "line 134: inference data {uses: [1,2]}",
    ]


def test_undercut_is_an_attack_on_the_argument_never_a_support(tmp_path: Path) -> None:
    path = tmp_path / "rates.argdown"
    path.write_text(
        "[Rates]: Rates must rise.\n  + <Inflation>: Inflation is high.\n    <_ <Base effect>: Last year's prices were low.\n\n"
        "<Inflation>\n\n(1) Prices rose 8%.\n----\n(2) [Rates]\n"
    )
    graph, report = read_argdown(path)
    inflation = _iri("rates", "a-inflation")
    undercuts = list(graph.subjects(PG.to, inflation))
    assert len(undercuts) == 1
    undercut = undercuts[0]
    assert (undercut, RDF.type, PG.Attack) in graph and (undercut, RDF.type, PG.Support) not in graph
    assert graph.value(undercut, PG["from"]) == _iri("rates", "a-base-effect")
    assert graph.value(undercut, PG.scheme) == Literal("Undercut")
    assert (inflation, RDF.type, PG.Support) in graph  # the undercut argument is the inference node
    # <Inflation> concludes [Rates]: its support of [Rates] starts at its conclusion, [Rates] itself,
    # and the reference parser drops it (a relation moved onto its own end)
    assert report.counts["undercut"] == 1 and report.counts["support"] == 0
    text = write_argdown(graph)
    assert "<_ <Base effect>" in text
    again, _ = read_argdown(_write(tmp_path / "again.argdown", text))
    assert _relations(again) == _relations(graph)


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _relations(graph: Graph) -> set[tuple]:
    def local(node: object) -> str:
        return str(node).rsplit("/", 1)[-1]

    found = set()
    for rdf_class in (PG.Support, PG.Attack):
        for node in graph.subjects(RDF.type, rdf_class):
            found.add((
                local(rdf_class), tuple(sorted(local(x) for x in graph.objects(node, PG["from"]))),
                tuple(sorted(local(x) for x in graph.objects(node, PG.to))), str(graph.value(node, PG.scheme)),
                str(graph.value(node, DCTERMS.title)), str(graph.value(node, DCTERMS.description)),
            ))
    return found


def _statements(graph: Graph) -> set[tuple]:
    return {
        (str(s).rsplit("/", 1)[-1], str(graph.value(s, RDFS.label)), str(graph.value(s, DCTERMS.title)),
         tuple(sorted(map(str, graph.objects(s, DCTERMS.subject)))), tuple(sorted(map(str, graph.objects(s, SKOS.altLabel)))))
        for s in graph.subjects(RDF.type, PG.Claim)
    }


def _groups(graph: Graph) -> set[tuple]:
    return {(str(g), str(m)) for g, m in graph.subject_objects(SKOS.member)}


@pytest.mark.parametrize("name", ["populism.argdown", "greenspan-schefczyk.argdown"])
def test_round_trip_gives_the_same_statements_and_relations(name: str, tmp_path: Path) -> None:
    graph, report = read_argdown(ARGDOWN_DIR / name)
    again, report_again = read_argdown(_write(tmp_path / name, write_argdown(graph)))
    assert _statements(again) == _statements(graph)
    assert _relations(again) == _relations(graph)
    assert _groups(again) == _groups(graph)
    assert report_again.counts == report.counts


def test_export_of_a_curated_style_graph(tmp_path: Path) -> None:
    g = Graph()
    base = "https://w3id.org/policy-graph/id/"
    for key, text in (("cl-a", "Putin is pragmatic"), ("cl-b", "Dialogue can work"), ("cl-c", "Putin lured Macron")):
        Claim(iri=base + key, label=text, holders=(base + "minic",), quoted_from=base + "src").to_rdf(g)
    Relation(iri=base + "rel-1", kind="Support", source=base + "cl-a", target=base + "cl-b").to_rdf(g)
    Relation(iri=base + "rel-2", kind="Attack", source=base + "cl-c", target=base + "rel-1").to_rdf(g)
    Relation(iri=base + "rel-3", kind="CausalLink", source=base + "cl-c", target=base + "cl-b", sign="-").to_rdf(g)
    text = write_argdown(g)
    assert "[cl-a]: Putin is pragmatic" in text
    assert "<_ [cl-c]" in text  # the attack on a relation stays an undercut
    assert "// CausalLink (no Argdown syntax): [cl-c] -> [cl-b] (-)" in text
    _again, report = read_argdown(_write(tmp_path / "curated.argdown", text))
    assert report.counts["statements"] == 3 and report.counts["undercut"] == 1 and report.counts["support"] == 0
    assert report.counts["reconstructed arguments"] == 1  # the undercut relation is written as an argument


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed-argdown.argdown", r"malformed-argdown\.argdown:4: a paragraph starts with a relation \(relations go indented under"),
        ("argdown-relation-without-parent.argdown", r"argdown-relation-without-parent\.argdown:3: a paragraph starts with a relation"),
        ("argdown-no-conclusion.argdown", r"argdown-no-conclusion\.argdown:5: the premise-conclusion structure of <Inflation> has no conclusion after its last inference line"),
    ],
)
def test_bad_argdown_is_refused_with_line_and_reason(name: str, message: str, tmp_path: Path) -> None:
    target = tmp_path / "data.ttl"
    target.write_text("<urn:x:a> <urn:x:p> <urn:x:b> .\n")
    before = target.read_bytes()
    with pytest.raises(InputError, match=message):
        import_file(BAD / name, fmt="argdown", into=target)
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<A>: a\n\n(1) [P]: p\n----\n(2) [C]: c\n\n<A>\n\n(1) [Q]: q\n----\n(2) [C]\n",
         r"x\.argdown:9: <A> has a second premise-conclusion structure \(end each structure"),
        ("[A]: a\n  + [B]: b\n  strange line\n", None),  # a continuation line: joins the text of [B]
        ("<A>\n\n(1) p\n--\nrule\n", r"x\.argdown:5: an inference line opened with -- is not closed"),
        ("[A]: a\n[B]: b\n", r"x\.argdown:2: a statement definition \[\.\.\.\]: follows an element without an empty line"),
    ],
)
def test_more_argdown_edge_cases(text: str, message: str | None, tmp_path: Path) -> None:
    path = _write(tmp_path / "x.argdown", text)
    if message is None:
        graph, _ = read_argdown(path)
        assert graph.value(_iri("x", "s-b"), RDFS.label) == Literal("b strange line")
        return
    with pytest.raises(InputError, match=message):
        read_argdown(path)


def test_untitled_pcs_and_data_are_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.argdown", "# Part {isGroup: true, color: red}\n\n(1) p #t\n----\n(2) [C]: c {weight: 2}\n")
    graph, report = read_argdown(path)
    assert report.counts["arguments"] == 1 and report.counts["groups"] == 1 and report.counts["tags"] == 1
    assert [u.item for u in report.unmapped] == ["line 1: heading data {color: red}", "line 5: data {weight: 2}"]
    assert "line 3: a premise-conclusion structure without an argument title above it is named 'Untitled 1'" in report.notes
    assert graph.value(_iri("x", "unknown-author"), RDFS.label) == Literal("unknown author (Argdown file x.argdown)")


def test_include_reads_partials_relative_to_the_including_file(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    _write(tmp_path / "parts" / "premises.argdown", "[P]: Prices rise.\n  +> [C]\n\n@include(more.argdown)\n")
    _write(tmp_path / "parts" / "more.argdown", "[Q]: Wages follow.\n  +> [C]\n")
    main = _write(tmp_path / "main.argdown", "[C]: Rates must rise.\n\n@include(parts/premises.argdown)\n")
    graph, report = read_argdown(main)
    assert report.counts["statements"] == 3 and report.counts["support"] == 2
    assert graph.value(_iri("main", "s-q"), RDFS.label) == Literal("Wages follow.")


@pytest.mark.parametrize(
    ("include", "message"),
    [
        ("../outside.argdown", r"main\.argdown:3: @include\(\.\./outside\.argdown\) leaves the folder of the including file"),
        ("main.argdown", r"main\.argdown:3: @include\(main\.argdown\) includes itself"),
        ("missing.argdown", r"main\.argdown:3: @include\(missing\.argdown\): file not found"),
    ],
)
def test_include_refuses_paths_outside_cycles_and_missing_files(include: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "outside.argdown").write_text("[X]: outside\n")
    (tmp_path / "in").mkdir()
    main = _write(tmp_path / "in" / "main.argdown", f"[C]: c\n\n@include({include})\n")
    with pytest.raises(InputError, match=message):
        read_argdown(main)
