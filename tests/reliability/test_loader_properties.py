"""Property tests: loaders raise only the project's errors; save -> load gives the same graph."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef

from policy_graph.errors import PolicyGraphError
from policy_graph.store import Store, save

pytestmark = pytest.mark.reliability

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

VALID = {
    ".ttl": b'@prefix : <https://w3id.org/policy-graph/id/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
    b':a :p "x"@en , 3 , "2022-02-24"^^xsd:date ; :q [ :r :b ] , ( 1 2 ) .\n',
    ".nt": b'<urn:a> <urn:p> "x\\n\\"y"@en .\n_:b <urn:p> <urn:c> .\n',
    ".jsonld": b'{"@context": {"@vocab": "urn:v#"}, "@id": "urn:a", "p": [{"@value": "x", "@language": "en"}, 3]}\n',
}


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """Valid input with a few random byte edits: reaches deeper parser states than noise."""

    @st.composite
    def edit(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 4))):
            where = draw(st.integers(0, len(data)))
            kind = draw(st.sampled_from(["insert", "delete", "replace"]))
            chunk = draw(st.binary(min_size=1, max_size=4) | st.sampled_from([b'"', b"<", b">", b"{", b"}", b"[", b"]", b".", b"\\", b":", b"@", b"^^", b"\xc3", b"\xff", b"\x00"]))
            if kind == "insert":
                data[where:where] = chunk
            elif kind == "delete":
                del data[where : where + len(chunk)]
            else:
                data[where : where + len(chunk)] = chunk
        return bytes(data)

    return edit()


def _load_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            Store.from_files([path])
        except PolicyGraphError as err:
            assert "\n" not in str(err), f"multi-line message: {err!r}"
            assert str(err).startswith(str(path)), f"the message must name the file: {err}"


@pytest.mark.parametrize("suffix", sorted(VALID))
@SETTINGS
@given(data=st.binary(max_size=300))
def test_from_files_on_arbitrary_bytes_raises_only_project_errors(suffix: str, data: bytes) -> None:
    _load_bytes(data, suffix)


@pytest.mark.parametrize("suffix", sorted(VALID))
@SETTINGS
@given(data=st.data())
def test_from_files_on_damaged_valid_files_raises_only_project_errors(suffix: str, data: st.DataObject) -> None:
    _load_bytes(data.draw(_mutations(VALID[suffix])), suffix)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
@SETTINGS
@given(text=st.text(max_size=300) | st.sampled_from([v.decode() for v in VALID.values()]).flatmap(lambda s: st.just(s) | st.text(max_size=20).map(lambda t: s[: len(s) // 2] + t)))
def test_from_text_on_arbitrary_text_raises_only_project_errors(fmt: str, text: str) -> None:
    try:
        Store.from_text(text, format=fmt)  # type: ignore[arg-type]
    except PolicyGraphError as err:
        assert "\n" not in str(err), repr(err)


def test_from_text_refuses_lone_surrogates() -> None:
    with pytest.raises(PolicyGraphError, match="unencodable character"):
        Store.from_text('<urn:a> <urn:p> "\udc80" .', format="nt")


def test_from_text_checks_datatypes_like_files() -> None:
    with pytest.raises(PolicyGraphError, match=r'<text>:1: "2022-13-45" is not a valid xsd:date'):
        Store.from_text('<urn:a> <urn:p> "2022-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .', format="nt")


# ---- save -> load -------------------------------------------------------------------

# valid IRI characters only: rdflib accepts a bare "%" in a URIRef, the loader (rightly) does not
_LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_.~", min_size=1, max_size=12) | st.just("a%20b")
_IRIS = st.one_of(
    _LOCAL.map(lambda s: URIRef("https://w3id.org/policy-graph/id/" + s)),
    _LOCAL.map(lambda s: URIRef("https://w3id.org/policy-graph/ns#" + s)),
    _LOCAL.map(lambda s: URIRef("http://example.org/a/" + s)),
    st.sampled_from([URIRef("urn:x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://example.org/é/ü?q=1#f")]),
)
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_LITERALS = st.one_of(
    _TEXT.map(Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "fr", "de-ch", "ru"])).map(lambda t: Literal(t[0], lang=t[1])),
    st.integers(-(10**20), 10**20).map(Literal),
    st.booleans().map(Literal),
    st.dates().map(Literal),
)
_BNODES = st.sampled_from([BNode("b1"), BNode("b2"), BNode("b3")])
_TRIPLES = st.tuples(_IRIS | _BNODES, _IRIS, _IRIS | _BNODES | _LITERALS)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
@SETTINGS
@given(triples=st.lists(_TRIPLES, max_size=25))
def test_save_then_load_round_trips(suffix: str, triples: list[tuple[URIRef, URIRef, URIRef]], tmp_path: Path) -> None:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    path = tmp_path / f"out{suffix}"
    save(graph, path)
    assert _canonical(Store.from_files([path])) == _canonical(Store.from_graph(graph)), path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file may be left"


def _canonical(store: Store) -> set[str]:
    """The store's triples with blank nodes relabelled by RDFC-1.0 (exact, and fast where
    rdflib's `isomorphic` takes minutes on thousands of blank nodes)."""
    import pyoxigraph as ox

    dataset = ox.Dataset(store.ox)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def test_save_then_load_round_trips_the_curated_graph(tmp_path: Path) -> None:
    from conftest import CLAIMS

    store = Store.from_files([CLAIMS])
    expected = _canonical(store)
    for suffix in (".ttl", ".nt", ".jsonld"):
        path = save(store.graph(), tmp_path / f"claims{suffix}")
        assert _canonical(Store.from_files([path])) == expected, suffix
