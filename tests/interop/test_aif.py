"""AIF JSON import, export, round trip, bad inputs and merging into a graph file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from policy_graph.errors import InputError
from policy_graph.interop.aif import IMPORT_BASE, import_file, merge_into, normalise_scheme, read_aif, write_aif
from policy_graph.model import Claim, Relation
from policy_graph.namespaces import DCTERMS, PG, PROV, RDF, RDFS, XSD
from policy_graph.store import load
from policy_graph.turtle import canonical_turtle
from tests.paths import BAD, INTEROP

AIF_DIR = INTEROP / "aif"
FILES = ["moralmaze-6064.json", "araucaria-nodeset543.json", "araucaria-nodeset213.json"]
ARGUMENT_TYPES = {"I", "RA", "CA", "MA", "PA"}


# Counted by hand, reading each file node by node:
# moralmaze-6064: I = 29045 29053 29054 111805 111809 111816 111829 111833 111839 (9);
#   L = 29056 29058 29069 111807 111808 111811 111812 111818 111819 111827 111831 111832
#   111835 111836 111841 111842 (16); RA = 111803 111814 111821 111824 111844 (5);
#   TA = 111802 111813 111820 111823 111828 111837 111838 111843 (8); YA = the other 14;
#   edges 148463..148516 (54); 13 locution entries (29056, 29058 and 29069 twice, 111835 twice).
# araucaria-nodeset543: I = 5015..5033 (19), CA = 5034 5035, RA = 5036..5040; edges 4707..4731 (25).
# araucaria-nodeset213: I = 837 and 1991..2000 (11), RA = 2001..2005; edges 1887..1901 (15).
@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("moralmaze-6064.json", {"I": 9, "RA": 5, "L": 16, "YA": 14, "TA": 8, "edges": 54, "locutions": 13}),
        ("araucaria-nodeset543.json", {"I": 19, "RA": 5, "CA": 2, "edges": 25, "locutions": 0}),
        ("araucaria-nodeset213.json", {"I": 11, "RA": 5, "edges": 15, "locutions": 0}),
    ],
)
def test_counts_of_the_real_files(name: str, counts: dict[str, int]) -> None:
    graph, report = read_aif(AIF_DIR / name)
    assert report.counts == counts
    assert len(set(graph.subjects(RDF.type, PG.Claim))) == counts["I"]
    assert len(set(graph.subjects(RDF.type, PG.Support))) == counts["RA"]
    assert len(set(graph.subjects(RDF.type, PG.Attack))) == counts.get("CA", 0)


def test_moralmaze_keeps_who_said_it_and_when() -> None:
    graph, report = read_aif(AIF_DIR / "moralmaze-6064.json")
    ns = IMPORT_BASE["moralmaze-6064/"]
    claim, person = URIRef(ns + "29053"), URIRef(ns + "person-409")
    # L 29056 (person 409, "CL : ...") -> YA 111800 (Asserting) -> I 29053
    assert list(graph.objects(claim, PROV.wasAttributedTo)) == [person]
    assert graph.value(person, RDFS.label) == Literal("CL (AIFdb person 409)")
    assert graph.value(claim, PROV.generatedAtTime) == Literal("2014-04-28T15:51:38", datatype=XSD.dateTime)
    # person 437 ("NL") asserts 111839 through L 111841 and YA 111840
    assert graph.value(URIRef(ns + "111839"), PROV.wasAttributedTo) == URIRef(ns + "person-437")
    # the locution layer: L 29056 was recorded twice, each record a prov:Activity with its time and speaker
    records = sorted(graph.subjects(PROV.generated, URIRef(ns + "29056")))
    assert len(records) == 2
    assert {graph.value(r, PROV.wasAssociatedWith) for r in records} == {person}
    assert {graph.value(r, DCTERMS.date) for r in records} == {Literal("2014-04-28T15:51:40", datatype=XSD.dateTime), Literal("2015-11-25T16:13:54", datatype=XSD.dateTime)}
    # the RA without a scheme keeps none; the others keep "Default Inference"
    assert graph.value(URIRef(ns + "111803"), PG.scheme) is None
    assert graph.value(URIRef(ns + "111814"), PG.scheme) == Literal("Default Inference")
    # the only items not kept are AIFdb scheme numbers (14 YA + 4 RA nodes carry one)
    assert len(report.unmapped) == 18
    assert {u.reason for u in report.unmapped} == {"AIFdb scheme number; the scheme name is kept"}
    assert not list(graph.subjects(PG.corpusFile, None))


def test_araucaria_schemes_speakers_and_relations() -> None:
    graph, report = read_aif(AIF_DIR / "araucaria-nodeset543.json")
    ns = IMPORT_BASE["araucaria-nodeset543/"]
    ra = URIRef(ns + "5036")
    assert graph.value(ra, PG.scheme) == Literal("Cause To Effect")
    assert graph.value(ra, DCTERMS.alternative) == Literal("CauseToEffect")
    assert {str(p).rsplit("/", 1)[-1] for p in graph.objects(ra, PG["from"])} == {"5018", "5019", "5020", "5021", "5022"}
    assert graph.value(ra, PG.to) == URIRef(ns + "5015")
    ca = URIRef(ns + "5034")
    assert (graph.value(ca, PG["from"]), graph.value(ca, PG.to)) == (URIRef(ns + "5016"), URIRef(ns + "5019"))
    unknown = URIRef(ns + "unknown-speaker")
    assert graph.value(unknown, RDFS.label) == Literal("unknown speaker (AIF nodeset araucaria-nodeset543)")
    assert graph.value(URIRef(ns + "5015"), PROV.wasAttributedTo) == unknown
    assert graph.value(URIRef(ns + "5015"), PROV.wasQuotedFrom) == URIRef(ns + "source")
    assert report.unmapped == ()


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("CauseToEffect", "Cause To Effect"), ("ExpertOpinion", "Expert Opinion"), ("PracticalReasoning", "Practical Reasoning"),
     ("Analogy", "Analogy"), ("Default Inference", "Default Inference"), ("PopularConceding", "Popular Conceding")],
)
def test_normalise_scheme(raw: str, normal: str) -> None:
    assert normalise_scheme(raw) == normal


def _nodes(data: dict, types: set[str] | None = None) -> set[tuple]:
    return {(n["nodeID"], n["type"], n["text"], n.get("scheme"), n.get("timestamp")) for n in data["nodes"] if types is None or n["type"] in types}


def _edges(data: dict, ids: set[str] | None = None) -> set[tuple[str, str]]:
    return {(e["fromID"], e["toID"]) for e in data["edges"] if ids is None or (e["fromID"] in ids and e["toID"] in ids)}


@pytest.mark.parametrize("name", FILES)
def test_round_trip_keeps_every_argument_node_edge_and_text(name: str) -> None:
    original = json.loads((AIF_DIR / name).read_text())
    graph, _ = read_aif(AIF_DIR / name)
    exported = json.loads(json.dumps(write_aif(graph)))  # JSON-serialisable
    assert _nodes(exported, ARGUMENT_TYPES) == _nodes(original, ARGUMENT_TYPES)
    ids = {n["nodeID"] for n in original["nodes"] if n["type"] in ARGUMENT_TYPES}
    assert _edges(exported, ids) == _edges(original, ids)
    # and the dialogue layer too: every node, edge and locution
    assert _nodes(exported) == _nodes(original)
    assert _edges(exported) == _edges(original)
    assert len(exported["edges"]) == len(original["edges"])
    assert exported["locutions"] == original.get("locutions", [])  # every record, every field, in order


@pytest.mark.parametrize("name", FILES)
def test_exported_aif_reads_back_to_the_same_graph(name: str, tmp_path: Path) -> None:
    graph, _ = read_aif(AIF_DIR / name)
    (tmp_path / name).write_text(json.dumps(write_aif(graph), indent=1))
    again, _ = read_aif(tmp_path / name)
    assert canonical_turtle(again) == canonical_turtle(graph)


def test_write_aif_of_a_curated_style_graph() -> None:
    g = Graph()
    base = "https://w3id.org/policy-graph/id/"
    for key in ("a", "b", "c"):
        Claim(iri=base + key, label=f"claim {key}", holders=(base + "minic",), quoted_from=base + "src").to_rdf(g)
    Relation(iri=base + "r1", kind="Support", source=base + "a", target=base + "b").to_rdf(g)
    Relation(iri=base + "r2", kind="Attack", source=base + "c", target=base + "r1").to_rdf(g)
    Relation(iri=base + "r3", kind="CausalLink", source=base + "a", target=base + "c", sign="-").to_rdf(g)
    Relation(iri=base + "r4", kind="Precedes", source=base + "a", target=base + "c").to_rdf(g)
    data = write_aif(g)
    types = sorted(n["type"] for n in data["nodes"])
    assert types == ["CA", "I", "I", "I", "RA", "RA"]  # Precedes has no AIF counterpart
    by_text = {n["text"]: n["nodeID"] for n in data["nodes"]}
    ca = next(n["nodeID"] for n in data["nodes"] if n["type"] == "CA")
    support = next(n["nodeID"] for n in data["nodes"] if n["type"] == "RA" and n.get("scheme") is None)
    assert (by_text["claim c"], ca) in _edges(data) and (ca, support) in _edges(data)  # undercut: CA -> RA
    assert {n.get("scheme") for n in data["nodes"] if n["type"] == "RA"} == {None, "Cause To Effect"}


@st.composite
def _aif_graphs(draw: st.DrawFn) -> dict:
    claims = draw(st.integers(2, 8))
    nodes = [{"nodeID": str(i), "type": "I", "text": draw(st.text(min_size=1, max_size=20).filter(str.strip))} for i in range(1, claims + 1)]
    edges = []
    for j in range(draw(st.integers(0, 5))):
        node_id = str(100 + j)
        kind = draw(st.sampled_from(["RA", "CA", "PA"]))
        nodes.append({"nodeID": node_id, "type": kind, "text": kind})
        premises = draw(st.sets(st.integers(1, claims), min_size=1, max_size=3))
        conclusion = draw(st.integers(1, claims))
        edges += [{"edgeID": str(len(edges) + 1), "fromID": str(p), "toID": node_id} for p in sorted(premises)]
        edges.append({"edgeID": str(len(edges) + 1), "fromID": node_id, "toID": str(conclusion)})
    return {"nodes": nodes, "edges": edges}


@settings(max_examples=40, deadline=None)
@given(data=_aif_graphs())
def test_round_trip_property(data: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("aif") / "random.json"
    path.write_text(json.dumps(data))
    exported = write_aif(read_aif(path)[0])
    assert {(n["nodeID"], n["type"], n["text"]) for n in exported["nodes"]} == {(n["nodeID"], n["type"], n["text"]) for n in data["nodes"]}
    assert _edges(exported) == _edges(data)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("aif-malformed.json", r"aif-malformed\.json:3:3: malformed JSON: Expecting ',' delimiter \(fix the JSON syntax there"),
        ("aif-missing-node.json", r'aif-missing-node\.json:7: edge 11 toID 2 names a node that is not in "nodes" \(add the missing node or remove the edge\)'),
        ("aif-edge-to-missing-node.json", r"aif-edge-to-missing-node\.json:9: edge 2 toID 99 names a node that is not in \"nodes\""),
        ("aif-unknown-type.json", r"aif-unknown-type\.json:3: node 2 has unknown type 'XA' \(AIF node types are I, RA, CA, MA, PA, L, YA, TA\)"),
        ("aif-rephrase-cycle.json", r"aif-rephrase-cycle\.json:4: rephrases form a cycle: 1 -> 2 -> 1 \(MA-nodes 3, 4\) \(a rephrase restates"),
    ],
)
def test_bad_aif_is_refused_with_place_and_reason(name: str, message: str, tmp_path: Path) -> None:
    target = tmp_path / "data.ttl"
    target.write_text("<urn:x:a> <urn:x:p> <urn:x:b> .\n")
    before = target.read_bytes()
    with pytest.raises(InputError, match=message):
        import_file(BAD / name, fmt="aif", into=target)
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"nodeID": "1"}]', r"x\.json:1: expected a JSON object, found a list"),
        ('{"nodes": []}', r'x\.json: no "edges" list'),
        ('{"nodes": [{"type": "I", "text": "a"}], "edges": []}', r"x\.json: node number 1 has no nodeID"),
        ('{"nodes": [{"nodeID": "1", "type": "I", "text": " "}], "edges": []}', r"x\.json:1: I-node 1 has no text"),
        ('{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}, {"nodeID": "1", "type": "I", "text": "b"}], "edges": []}', r"x\.json:1: node id 1 is used twice"),
        ('{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": [], "locutions": [{"nodeID": "1", "personID": "7"}]}',
         r'x\.json:1: a locution names node 1, which is not an L-node in "nodes"'),
        ("", r"x\.json: the file is empty"),
    ],
)
def test_more_bad_aif(text: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(text)
    with pytest.raises(InputError, match=message):
        read_aif(tmp_path / "x.json")


def test_what_has_no_place_is_reported(tmp_path: Path) -> None:
    (tmp_path / "extra.json").write_text(json.dumps({
        "nodes": [{"nodeID": "1", "type": "I", "text": "a", "colour": "red"}, {"nodeID": "2", "type": "I", "text": "b"},
                  {"nodeID": "3", "type": "RA", "text": "RA", "timestamp": "yesterday"}],
        "edges": [{"edgeID": "9", "fromID": "1", "toID": "2"}],
        "analysis": {"annotator": "x"},
    }))
    _, report = read_aif(tmp_path / "extra.json")
    assert [(u.item, u.reason) for u in report.unmapped] == [
        ('top-level key "analysis"', "not part of AIF nodes, edges, locutions or participants"),
        ("node 1 key 'colour'", "AIF node attribute with no place in the model"),
        ("node 3 timestamp 'yesterday'", "not a date and time"),
        ("RA-node 3", "has no premise: kept as a relation without pg:from"),
        ("RA-node 3", "has no conclusion: kept as a relation without pg:to"),
        ("edge 9 1 -> 2", "links two I-nodes directly; AIF relates I-nodes only through S-nodes"),
    ]


def test_merge_into_adds_namespaced_nodes_and_refuses_a_second_import(tmp_path: Path) -> None:
    target = tmp_path / "data.ttl"
    target.write_text("@prefix pg: <https://w3id.org/policy-graph/ns#> .\n<https://w3id.org/policy-graph/id/cl-a> a pg:Claim .\n")
    graph, _ = import_file(AIF_DIR / "araucaria-nodeset213.json", fmt="aif", into=target)
    merged = load([target])
    assert len(merged) == len(graph) + 1
    assert (URIRef("https://w3id.org/policy-graph/id/cl-a"), RDF.type, PG.Claim) in merged
    before = target.read_bytes()
    with pytest.raises(InputError, match=r"data\.ttl: the import would overwrite https://w3id\.org/policy-graph/id/import/araucaria-nodeset213/\d+ and \d+ more, already in the target \(import it under another namespace \(--slug NAME\)"):
        import_file(AIF_DIR / "araucaria-nodeset213.json", fmt="aif", into=target)
    assert target.read_bytes() == before
    # under another slug the same file goes in beside the first import
    import_file(AIF_DIR / "araucaria-nodeset213.json", fmt="aif", into=target, slug="second-copy")
    assert len(load([target])) == 2 * len(graph) + 1


def test_merge_into_keeps_the_targets_literals_as_written(tmp_path: Path) -> None:
    target = tmp_path / "data.ttl"
    written = [
        '"01"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"1e3"^^<http://www.w3.org/2001/XMLSchema#double>',
        '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>',
    ]
    target.write_text("".join(f"<urn:x:a> <urn:x:p{i}> {lexical} .\n" for i, lexical in enumerate(written)), encoding="utf-8")
    graph, _ = import_file(AIF_DIR / "araucaria-nodeset213.json", fmt="aif", into=target)
    text = target.read_text(encoding="utf-8")
    assert all(lexical.split("^^")[0] in text for lexical in written), text[:400]
    assert len(load([target])) == len(graph) + len(written)


def test_merge_into_creates_a_missing_target_and_refuses_unknown_suffixes(tmp_path: Path) -> None:
    graph, _ = read_aif(AIF_DIR / "araucaria-nodeset213.json")
    merge_into(tmp_path / "new.ttl", graph)
    assert len(load([tmp_path / "new.ttl"])) == len(graph)
    with pytest.raises(InputError, match=r"cannot tell the format of out\.txt"):
        merge_into(tmp_path / "out.txt", graph)
    assert not (tmp_path / "out.txt").exists()


# A QT30-style map: numeric speaker ids, participants, locution start/end times, an L -> RA
# edge and a locution key AIF does not define.
DIALOGUE = {
    "nodes": [
        {"nodeID": "1", "type": "I", "text": "Taxes should rise"},
        {"nodeID": "2", "type": "I", "text": "The deficit is large"},
        {"nodeID": "3", "type": "RA", "text": "Default Inference", "scheme": "Default Inference"},
        {"nodeID": "4", "type": "L", "text": "Ann Smith : taxes should rise"},
        {"nodeID": "5", "type": "L", "text": "Bob Jones : the deficit is large"},
        {"nodeID": "6", "type": "YA", "text": "Asserting"},
        {"nodeID": "7", "type": "YA", "text": "Arguing"},
        {"nodeID": "8", "type": "TA", "text": "Default Transition"},
    ],
    "edges": [
        {"edgeID": "1", "fromID": "4", "toID": "6"}, {"edgeID": "2", "fromID": "6", "toID": "1"},
        {"edgeID": "3", "fromID": "2", "toID": "3"}, {"edgeID": "4", "fromID": "3", "toID": "1"},
        {"edgeID": "5", "fromID": "4", "toID": "8"}, {"edgeID": "6", "fromID": "8", "toID": "5"},
        {"edgeID": "7", "fromID": "8", "toID": "7"}, {"edgeID": "8", "fromID": "7", "toID": "3"},
        {"edgeID": "9", "fromID": "5", "toID": "3"},
    ],
    "locutions": [
        {"nodeID": "4", "personID": 17, "timestamp": "2020-05-28 20:00:03", "start": "2020-05-28 20:00:03", "end": "2020-05-28 20:00:07.25", "source": None},
        {"nodeID": "5", "personID": 23, "timestamp": "2020-05-28 20:00:08", "start": "2020-05-28 20:00:08", "end": None, "source": "qt30-2020-05-28"},
    ],
    "participants": [
        {"participantID": 17, "firstname": "Ann", "surname": "Smith"},
        {"participantID": 23, "firstname": "Bob", "surname": "Jones"},
    ],
}


def test_the_dialogue_layer_survives_import_and_export(tmp_path: Path) -> None:
    (tmp_path / "qt.json").write_text(json.dumps(DIALOGUE))
    graph, report = read_aif(tmp_path / "qt.json")
    assert report.unmapped == ()
    exported = json.loads(json.dumps(write_aif(graph)))
    assert _nodes(exported) == _nodes(DIALOGUE)
    assert _edges(exported) == _edges(DIALOGUE)  # the L -> RA edge 5 -> 3 too
    assert exported["locutions"] == DIALOGUE["locutions"]  # numbers stay numbers, start/end kept
    assert exported["participants"] == DIALOGUE["participants"]
    ns = IMPORT_BASE["qt/"]
    assert graph.value(URIRef(ns + "person-17"), RDFS.label) == Literal("Ann Smith")
    assert graph.value(URIRef(ns + "1"), PROV.wasAttributedTo) == URIRef(ns + "person-17")


def test_locution_keys_outside_aif_are_reported(tmp_path: Path) -> None:
    data = {**DIALOGUE, "locutions": [{**DIALOGUE["locutions"][0], "mood": "calm"}]}
    (tmp_path / "qt.json").write_text(json.dumps(data))
    _, report = read_aif(tmp_path / "qt.json")
    assert [(u.item, u.reason) for u in report.unmapped] == [("locution of node 4 key 'mood'", "AIFdb locution attribute with no place in the model")]


def test_a_large_import_is_written_by_pyoxigraph_with_the_same_triples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_graph.interop import aif

    graph, _ = read_aif(AIF_DIR / "moralmaze-6064.json")
    canonical = tmp_path / "canonical.ttl"
    import_file(AIF_DIR / "moralmaze-6064.json", fmt="aif", into=canonical)
    monkeypatch.setattr(aif, "CANONICAL_MAX_TRIPLES", 10)  # as if the import were large
    streamed = tmp_path / "streamed.ttl"
    import_file(AIF_DIR / "moralmaze-6064.json", fmt="aif", into=streamed)
    assert canonical.read_bytes() != streamed.read_bytes()
    assert canonical_turtle(load([streamed])) == canonical_turtle(load([canonical])) == canonical_turtle(graph)
