"""Analysis of Competing Hypotheses: scoring, graph extraction, and Heuer's Iraq example."""

from pathlib import Path

import networkx as nx
import pytest

from policy_graph.analysis import ach_from_graph, ach_matrix
from policy_graph.interop.ach import ACHFormatError, read_ach_xhtml


def _by_name(doc, scores):
    return {doc.names[k]: v for k, v in scores.items()}


def test_heuer_iraq_example(shared: Path) -> None:
    """Heuer (1999), ch. 8, Figure 15: will Iraq retaliate for the US bombing of its
    intelligence headquarters? H1 no retaliation, H2 minor terrorist actions,
    H3 a major terrorist attack.

    What the chapter says, and what we check:
    - Step 3 (diagnosticity): evidence consistent with every hypothesis has no
      diagnostic value; in Figure 15 that is E1, Saddam's public statement of
      intent not to retaliate (+ + +).
    - Step 5: work down the matrix looking at the minuses; the most likely
      hypothesis is the one with the least evidence against it, not the most
      for it. H2 has no minus at all: it is the one left standing.
    - E6 (loss of face) is marked "--", strongly inconsistent with H1.
    Counted Heuer's way (I = 1, II = 2): H2 0, H3 2 (E2, E3), H1 4 (E4, E5 and
    the double minus of E6), so the ranking is H2, H3, H1: the scores follow from
    the figure.
    """
    doc = read_ach_xhtml(shared / "interop" / "ach" / "heuer-iraq.xhtml")
    assert list(_by_name(doc, doc.hypotheses)) == ["H1", "H2", "H3"]
    assert list(_by_name(doc, doc.evidence)) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert doc.hypotheses[next(iter(doc.hypotheses))] == "Iraq will not retaliate."
    result = ach_matrix(doc.ratings)
    assert _by_name(doc, result.inconsistency) == {"H1": 4, "H2": 0, "H3": 2}
    assert _by_name(doc, result.inconsistent_count) == {"H1": 3, "H2": 0, "H3": 2}
    assert [doc.names[h] for h in result.ranking] == ["H2", "H3", "H1"]
    assert [doc.names[e] for e in result.non_diagnostic] == ["E1"]
    assert _by_name(doc, result.diagnosticity) == {"E1": 0, "E2": 2, "E3": 2, "E4": 2, "E5": 2, "E6": 3}


def test_weights_change_the_ranking():
    ratings = {"e1": {"h1": "I", "h2": "C"}, "e2": {"h1": "C", "h2": "I"}, "e3": {"h1": "C", "h2": "I"}}
    plain = ach_matrix(ratings)
    assert plain.ranking == ("h1", "h2") and plain.weighted_inconsistency is None
    weighted = ach_matrix(ratings, weights={"e1": 3.0, "e2": 0.5, "e3": 0.5})
    assert weighted.weighted_inconsistency == {"h1": 3.0, "h2": 1.0}
    assert weighted.ranking == ("h2", "h1")


@pytest.mark.parametrize(
    ("ratings", "options", "match"),
    [
        ({"e1": {"h1": "+"}}, {}, r"rating '\+' of evidence 'e1' for hypothesis 'h1' is not one of CC, C"),
        ({"e1": {"h1": "I"}}, {"weights": {"e1": -1}}, r"weights must be >= 0"),
        ({"e1": {"h1": "I"}}, {"weights": {"e9": 1}}, r"weights name evidence not in the matrix: \['e9'\]"),
        ({"e1": {"h1": "I"}}, {"hypotheses": ["h2"]}, r"hypotheses \['h1'\] are rated but missing"),
    ],
)
def test_ach_matrix_errors(ratings, options, match):
    with pytest.raises(ValueError, match=match):
        ach_matrix(ratings, **options)


def test_missing_cells_are_neutral():
    r = ach_matrix({"e1": {"h1": "I"}, "e2": {"h2": "C"}})
    assert r.ratings == {"e1": {"h1": "I", "h2": "N"}, "e2": {"h1": "N", "h2": "C"}}


def test_ach_from_graph_uses_parts_and_skips_rivals():
    G = nx.MultiDiGraph()
    G.add_node("H1", kind="explanation", label="radicalization by disappointment")
    G.add_node("H2", kind="explanation", label="France is not important enough")
    G.add_edge("p1", "H1", kind="part", position=1)
    G.add_edge("p2", "H1", kind="part", position=2)
    G.add_edge("e1", "p1", kind="support")
    G.add_edge("e1", "p2", kind="attack")
    G.add_edge("e2", "H2", kind="support")
    G.add_edge("H2", "H1", kind="attack")
    G.add_edge("e3", "H2", kind="causal", sign=1)
    r = ach_from_graph(G, ["H1", "H2"])
    assert r.ratings == {"e1": {"H1": "I", "H2": "N"}, "e2": {"H1": "N", "H2": "C"}}
    assert r.ranking == ("H2", "H1")
    assert r.labels["H1"] == "radicalization by disappointment"


@pytest.mark.parametrize(
    ("hyps", "error", "match"),
    [([], ValueError, "at least one hypothesis"), (["nope"], nx.NodeNotFound, "hypothesis 'nope'")],
)
def test_ach_from_graph_errors(hyps, error, match):
    with pytest.raises(error, match=match):
        ach_from_graph(nx.MultiDiGraph([("a", "b")]), hyps)


GOOD_ROW = '<tr about="urn:eleatics:evidence"><th about="#E1">E1</th><td>{mark}</td></tr>'
DOC = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><table>'
    '<tr><th/><th scope="col" about="#H1">H1</th></tr>{rows}</table></body></html>'
)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("<html><body>", r"bad\.xhtml:1:\d+: not well-formed XML"),
        ("<html><body/></html>", r"bad\.xhtml: root element is <html>, expected XHTML <html>"),
        (DOC.format(rows=GOOD_ROW.format(mark="?")), r"evidence row '#E1', column '#H1': unknown mark '\?'"),
        (DOC.format(rows=GOOD_ROW.replace("<td>{mark}</td>", "")), r"evidence row '#E1' has 0 <td> cells, expected 1"),
        (DOC.format(rows="").replace("<table>", "<table><tr about='urn:x'/>"), r"no <table> with rows about="),
    ],
)
def test_read_ach_xhtml_errors(tmp_path, text, match):
    path = tmp_path / "bad.xhtml"
    path.write_text(text)
    with pytest.raises(ACHFormatError, match=match) as info:
        read_ach_xhtml(path)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("mark", "rating"), [("++", "CC"), ("+", "C"), ("", "N"), ("NA", "NA"), ("-", "I"), ("--", "II")])
def test_read_ach_xhtml_marks(tmp_path, mark, rating):
    path = tmp_path / "m.xhtml"
    path.write_text(DOC.format(rows=GOOD_ROW.format(mark=mark)))
    assert read_ach_xhtml(path).ratings == {"#E1": {"#H1": rating}}
