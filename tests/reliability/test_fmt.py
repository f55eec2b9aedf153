"""``fmt`` cannot lose data: its output parses back to the same graph, it is idempotent, and what
it cannot keep (comments, relative IRIs) is refused with the file left byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BAD, cli, copy_in, listing
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from policy_graph.namespaces import PREFIXES
from policy_graph.terms import from_oxigraph
from policy_graph.turtle import canonical_turtle, first_comment, same_graph

pytestmark = pytest.mark.reliability

XSD = "http://www.w3.org/2001/XMLSchema#"


def _parsed(path_or_text: Path | str) -> set[ox.Quad]:
    """The quads of a Turtle file or text, exactly as written (not normalised by a store)."""
    if isinstance(path_or_text, Path):
        return set(ox.parse(path=str(path_or_text), format=ox.RdfFormat.TURTLE))
    return set(ox.parse(path_or_text.encode("utf-8"), format=ox.RdfFormat.TURTLE))


#: name -> Turtle that an earlier fmt wrote back wrong (a raw NUL, a syntax error, a changed value)
AWKWARD = {
    "nul-escape": '<urn:x:a> <urn:x:p> "before\\u0000after" .\n',
    "control-characters": '<urn:x:a> <urn:x:p> "\\u0001\\u001F\\u007F\\u0085\\u2028\\r\\t" .\n',
    "multi-line-ending-in-quote": '<urn:x:a> <urn:x:p> """line one\nline two \\"""" .\n',
    "multi-line-ending-in-backslash": '<urn:x:a> <urn:x:p> """line one\nends in \\\\""" .\n',
    "micro-sign-local-name": "<https://w3id.org/policy-graph/id/a\u00b5> <urn:x:p> <https://w3id.org/policy-graph/id/\u00aa> .\n",
    "middle-dot-and-final-dot": "<https://w3id.org/policy-graph/id/a\u00b7b> <urn:x:p> <https://w3id.org/policy-graph/id/a.> .\n",
    "digit-first-local-name": "<https://w3id.org/policy-graph/id/1a> <urn:x:p> <https://w3id.org/policy-graph/id/-a> .\n",
    "rdf-type-as-object": "<urn:x:a> <urn:x:p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> .\n",
    "lexical-forms-kept": (
        f'<urn:x:a> <urn:x:p> "01"^^<{XSD}integer>, "1e3"^^<{XSD}double>, "1"^^<{XSD}boolean>, "1.50"^^<{XSD}decimal> .\n'
    ),
    "language-tags": '<urn:x:a> <urn:x:p> "chat"@fr, "colour"@en-GB .\n',
    "nested-list-in-list": "<urn:x:a> <urn:x:p> ( 1 ( [ <urn:x:q> () ] ) ) .\n",
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_fmt_keeps_every_triple_exactly(name: str, workdir: Path) -> None:
    path = workdir / f"{name}.ttl"
    path.write_text(AWKWARD[name], encoding="utf-8")
    before = _parsed(path)
    run = cli("fmt", path, cwd=workdir)
    assert run.code == 0, run
    after = _parsed(path)
    assert same_graph(_graph(after), _graph(before)), path.read_text(encoding="utf-8")
    if "[" not in AWKWARD[name]:  # no blank nodes: the very same quads
        assert after == before, path.read_text(encoding="utf-8")
    assert b"\x00" not in path.read_bytes()
    again = cli("fmt", "--check", path, cwd=workdir)
    assert again.code == 0 and again.stdout == "", again


def test_fmt_is_idempotent_with_several_blank_node_subjects(workdir: Path) -> None:
    """Six runs gave five different outputs: blank nodes were numbered in memory order."""
    text = (
        "_:a <urn:x:p> 1 . _:b <urn:x:p> 2 . _:c <urn:x:p> 3 ; <urn:x:q> _:a . _:d <urn:x:r> _:a .\n"
        "_:e <urn:x:s> _:e . _:f <urn:x:t> _:g . _:g <urn:x:t> _:f . _:h <urn:x:t> _:i . _:i <urn:x:t> _:h .\n"
    )
    outputs = set()
    for number in range(6):
        path = workdir / f"copy{number}.ttl"
        path.write_text(text, encoding="utf-8")
        assert cli("fmt", path, cwd=workdir).code == 0
        assert cli("fmt", "--check", path, cwd=workdir).code == 0
        outputs.add(path.read_bytes())
        assert same_graph(_graph(_parsed(path)), _graph(_parsed(text)))
    assert len(outputs) == 1


SYMMETRIC = {
    "500 interchangeable pairs": "".join(f"_:a{i} <urn:x:t> _:b{i} . _:b{i} <urn:x:t> _:a{i} .\n" for i in range(500)),
    "cycles of 4 and 300": "".join(f"_:a{i} <urn:x:t> _:a{(i + 1) % 4} .\n" for i in range(4))
    + "".join(f"_:c{i} <urn:x:t> _:c{(i + 1) % 300} .\n" for i in range(300)),
}


@pytest.mark.parametrize("name", sorted(SYMMETRIC))
def test_fmt_labels_symmetric_blank_nodes_the_same_way_every_time(name: str, workdir: Path) -> None:
    """Colour refinement cannot tell these blank nodes apart; ties are broken one pick at a time."""
    outputs = set()
    for number in range(3):
        path = workdir / f"copy{number}.ttl"
        path.write_text(SYMMETRIC[name], encoding="utf-8")
        run = cli("fmt", path, cwd=workdir, timeout=60)
        assert run.code == 0, run.stderr
        outputs.add(path.read_bytes())
        assert same_graph(_graph(_parsed(path)), _graph(_parsed(SYMMETRIC[name])))
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("relative-iri.ttl", r"relative-iri\.ttl:5:\d+: a relative IRI, which rewriting the file would turn into an absolute one \(write the full IRI, or declare @base"),
        ("comments-fmt-cannot-keep.ttl", r"comments-fmt-cannot-keep\.ttl:1:1: a comment, which rewriting the file would drop \(remove the comments: policy-graph fmt --drop-comments"),
    ],
)
def test_fmt_refuses_what_it_cannot_keep(name: str, problem: str, workdir: Path) -> None:
    import re

    path, before = copy_in(BAD / name, workdir)
    run = cli("fmt", path, cwd=workdir)
    assert run.code == 2, run
    assert re.search(problem, run.one_error_line()), run.stderr
    assert listing(workdir) == {name: before}


def test_drop_comments_is_the_opt_in(workdir: Path) -> None:
    path, before = copy_in(BAD / "comments-fmt-cannot-keep.ttl", workdir)
    assert cli("fmt", "--drop-comments", path, cwd=workdir).code == 0
    assert first_comment(path.read_text(encoding="utf-8")) is None
    assert _parsed(path) == set(ox.parse(before, format=ox.RdfFormat.TURTLE))
    assert listing(workdir) == {path.name: path.read_bytes()}


def test_one_bad_file_means_no_file_is_rewritten(workdir: Path) -> None:
    good = workdir / "good.ttl"
    good.write_text('<urn:x:b> <urn:x:p> "2" .\n<urn:x:a> <urn:x:p> "1" .\n', encoding="utf-8")
    bad, bad_before = copy_in(BAD / "malformed-turtle.ttl", workdir)
    good_before = good.read_bytes()
    run = cli("fmt", good, bad, cwd=workdir)
    assert run.code == 2
    assert "malformed-turtle.ttl:12" in run.one_error_line()
    assert listing(workdir) == {"good.ttl": good_before, bad.name: bad_before}


def test_a_byte_order_mark_is_accepted(workdir: Path) -> None:
    path = workdir / "bom.ttl"
    path.write_bytes(b'\xef\xbb\xbf<urn:x:a> <urn:x:p> "x" .\n')
    assert cli("stats", path, cwd=workdir).code == 0
    assert cli("fmt", path, cwd=workdir).code == 0
    assert path.read_bytes() == b'\n<urn:x:a> <urn:x:p> "x" .\n'


@pytest.mark.parametrize("depth", [450, 5000])
def test_deep_nesting_is_written_without_recursion(depth: int, workdir: Path) -> None:
    path = workdir / "deep.ttl"
    path.write_text("<urn:x:a> <urn:x:p> " + "[ <urn:x:p> " * depth + "<urn:x:o>" + " ]" * depth + " .\n", encoding="utf-8")
    before = _parsed(path)
    run = cli("fmt", path, cwd=workdir)
    assert run.code == 0, run.stderr[-2000:]
    assert same_graph(_graph(_parsed(path)), _graph(before))
    assert max(len(line) - len(line.lstrip()) for line in path.read_text(encoding="utf-8").splitlines()) < 100, "indentation is capped"
    construct = cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", path, cwd=workdir)
    assert construct.code == 0 and construct.stderr == "", construct.stderr[-2000:]
    assert same_graph(_graph(_parsed(construct.stdout)), _graph(before))


def test_fmt_of_the_data_is_a_fixed_point(tmp_path: Path) -> None:
    from conftest import CLAIMS

    copy = tmp_path / "claims.ttl"
    shutil.copyfile(CLAIMS, copy)
    run = cli("fmt", "--check", copy)
    assert run.code == 0, run


# ---- property: any graph of awkward terms round-trips exactly and formats to a fixed point ----

_AWKWARD_CHARS = st.sampled_from(list('\x00\x01\x1f\x7f\x85\u2028\u2029\t\n\r"\'\\#<>{}µª·._-:/%éあ😀 aZ09'))
_TEXT = st.text(_AWKWARD_CHARS, max_size=12)
_LOCAL = st.text(st.sampled_from(list("aZ09_-.·µªé%:/#")), max_size=6)


@st.composite
def _iris(draw: st.DrawFn) -> URIRef:
    namespace = draw(st.sampled_from(sorted(str(ns) for ns in PREFIXES.values()) + ["urn:x:", "http://example.org/a#"]))
    iri = namespace + draw(_LOCAL)
    try:
        ox.NamedNode(iri)
    except ValueError:
        assume(False)
    return URIRef(iri)


@st.composite
def _literals(draw: st.DrawFn) -> Literal:
    text = draw(_TEXT)
    kind = draw(st.sampled_from(["plain", "lang", "typed"]))
    if kind == "lang":
        return Literal(text, lang=draw(st.sampled_from(["en", "fr-CA"])), normalize=False)
    if kind == "typed":
        return Literal(text, datatype=URIRef(draw(st.sampled_from([XSD + "token", "urn:x:type", XSD + "integer"]))), normalize=False)
    return Literal(text, normalize=False)


_BLANKS = [BNode(f"n{number}") for number in range(5)]


@st.composite
def _graphs(draw: st.DrawFn) -> Graph:
    subjects = st.one_of(_iris(), st.sampled_from(_BLANKS))
    objects = st.one_of(_iris(), st.sampled_from(_BLANKS), _literals())
    graph = Graph()
    for subject, predicate, obj in draw(st.lists(st.tuples(subjects, _iris(), objects), max_size=12)):
        graph.add((subject, predicate, obj))
    return graph


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_graphs())
def test_canonical_turtle_round_trips_and_is_idempotent(graph: Graph) -> None:
    text = canonical_turtle(graph)
    back = _graph(_parsed(text))
    assert same_graph(graph, back), text
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        assert {tuple(map(str, (s, p, o))) + ((getattr(o, "language", None) or "").lower(), getattr(o, "datatype", None)) for s, p, o in back} == {
            tuple(map(str, (s, p, o))) + ((getattr(o, "language", None) or "").lower(), getattr(o, "datatype", None)) for s, p, o in graph
        }
    assert canonical_turtle(back) == text


def _graph(quads: set[ox.Quad]) -> Graph:
    graph = Graph()
    for quad in quads:
        triple: tuple[Node, Node, Node] = (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        graph.add(triple)  # type: ignore[arg-type]
    return graph
