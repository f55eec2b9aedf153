"""The query checks decide on the query as a SPARQL parser reads it: SERVICE and FROM of files or
the network are refused whatever escapes, comments, case or nesting surround them, and queries
nested deeper than `MAX_NESTING` are refused before any parser sees them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BAD, CLAIMS, Canary, cli, copy_in, listing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.errors import NetworkRefusedError, QueryError
from policy_graph.query import ask, select
from policy_graph.remote import Endpoint
from policy_graph.sparql.check import MAX_NESTING, check_query, nesting_depth
from policy_graph.store import Store

pytestmark = pytest.mark.reliability

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REFUSED = "SERVICE clauses reach the network and are refused by default"
UNREADABLE = "the query may hold a SERVICE or FROM clause"


@pytest.fixture()
def listener() -> Iterator[Canary]:
    made = Canary()
    yield made
    made.close()


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_text("<urn:a> <urn:p> <urn:b> .", format="nt")


# ---- SERVICE after an escaped '#' (the reported bypass) ----------------------------


ESCAPED_HASH = "PREFIX ex: <{url}/ns#>\nSELECT * WHERE {{ ?s ex:p\\# ?o . SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_after_an_escaped_hash_is_refused_in_the_library(engine: str, store: Store, listener: Canary) -> None:
    source = store if engine == "oxigraph" else store.graph()
    with pytest.raises(NetworkRefusedError):
        select(ESCAPED_HASH.format(url=listener.url), source)
    assert listener.connections == 0


def test_service_after_an_escaped_hash_is_refused_on_the_command_line(tmp_path: Path, listener: Canary) -> None:
    data, before = copy_in(CLAIMS, tmp_path)
    run = cli("query", "-", data, stdin=ESCAPED_HASH.format(url=listener.url), cwd=tmp_path)
    assert run.code == 2, run
    assert "refused" in run.one_error_line() and "SERVICE" in run.one_error_line()
    assert run.stdout == ""
    assert listener.connections == 0
    assert listing(tmp_path) == {data.name: before}


def test_the_bad_query_file_is_refused() -> None:
    query = BAD / "service-after-escaped-hash.rq"
    before = query.read_bytes()
    run = cli("query", query, CLAIMS)
    assert run.code == 2
    assert run.one_error_line().startswith("policy-graph: error: service-after-escaped-hash: the query may hold a SERVICE or FROM clause")
    assert query.read_bytes() == before


def test_service_to_an_endpoint_is_refused_before_sending(listener: Canary) -> None:
    with pytest.raises(NetworkRefusedError, match=REFUSED):
        select("SELECT * WHERE {\n SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", Endpoint(listener.url + "/query"))
    assert listener.connections == 0


# ---- property tests: escapes, comments, case, nesting ----------------------------------

_ESCAPES = st.sampled_from(["ex:p\\#", "ex:a\\(", "ex:a\\)", "ex:b\\'", 'ex:c\\"'[:-1] + "\\&", "ex:d\\~", "ex:e\\.x", "<urn:x#y>", "ex:plain"])
_CASE = st.text(alphabet="sS", min_size=1, max_size=1).flatmap(lambda _: st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]))
_NOISE = st.sampled_from(['"#"', '"}"', "'{'", '"""a\n}"""', "<urn:a(b)>", "?o", '"\\"#"', "1"])


@st.composite
def _service_queries(draw: st.DrawFn) -> str:
    """A query with one SERVICE clause, after escaped names, strings with '#' and braces,
    comments, any letter case, at some depth."""
    depth = draw(st.integers(0, 6))
    lines = ["PREFIX ex: <http://example.org/ns#>"]
    if draw(st.booleans()):
        lines.append("# a comment with SERVICE and { braces")
    body = f"?s {draw(_ESCAPES)} {draw(_NOISE)} ."
    newline = "\n" if draw(st.booleans()) else " "
    silent = " SILENT" if draw(st.booleans()) else ""
    service = f"{draw(_CASE)}{silent} <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }}"
    opening = "".join(draw(st.sampled_from(["{ ", "{ OPTIONAL { ", "{ ?x ?y ?z . { "])) for _ in range(depth))
    closing = "} " * opening.count("{")
    lines.append(f"SELECT * WHERE {{ {opening}{body}{newline}{service} {closing}}}")
    return "\n".join(lines)


@SETTINGS
@given(_service_queries())
def test_a_service_clause_is_always_refused(text: str) -> None:
    with pytest.raises(NetworkRefusedError):
        check_query(text, "q")


@st.composite
def _harmless_queries(draw: st.DrawFn) -> str:
    """The word SERVICE only where it is no clause: a string, a comment, an IRI, a local name."""
    word = draw(_CASE)
    place = draw(st.sampled_from([f'"{word} <http://h/> {{ }}"', f"<urn:{word}>", f"ex:{word}", f"?{word}"]))
    comment = draw(st.sampled_from(["", f" # {word} <http://h/> {{ ?s ?p ?o }}"]))
    return f"PREFIX ex: <urn:x#>\nSELECT * WHERE {{ ?s ?p {place} }}{comment}"


@SETTINGS
@given(_harmless_queries())
def test_the_word_service_elsewhere_is_not_refused(text: str) -> None:
    check_query(text, "q")
    select(text, Store())


@st.composite
def _any_queries(draw: st.DrawFn) -> str:
    return draw(st.one_of(_service_queries(), _harmless_queries(), st.sampled_from(
        ["SELECT ?s WHERE { ?s pg:from ?o }", "ASKFROM<file:///etc/passwd>{}", "SELECT ?x FROM<urn:g>{}",
         "SELECT * WHERE { ?s prov:wasQuotedFrom ?o }", "# taken from a map\nASK {}", "SELECT*FROM<http://h/x>{}"])))


@SETTINGS
@given(_any_queries())
def test_skipping_the_parse_never_changes_the_verdict(text: str) -> None:
    """The parse is skipped when SERVICE and FROM cannot be keywords: that shortcut decides as the parse would."""
    outcomes = []
    for parse in (False, True):
        try:
            check_query(text, "q", parse=parse)
            outcomes.append("ok")
        except QueryError as err:
            outcomes.append(type(err).__name__)
    assert outcomes[0] == outcomes[1], text


# ---- FROM -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "file:///etc/passwd"),
        ("SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "http://127.0.0.1:9/g"),
        ("PREFIX f: <file:///etc/>\nSELECT * FROM f:passwd { ?s ?p ?o }", "file:///etc/passwd"),
        ("select * from <HTTPS://h/x> { ?s ?p ?o }", "HTTPS://h/x"),
    ],
)
def test_from_a_file_or_the_network_is_refused(text: str, iri: str, store: Store) -> None:
    with pytest.raises(NetworkRefusedError, match=f"FROM <{iri}> reads a file or the network and is refused"):
        (ask if text.lower().startswith("ask") else select)(text, store)


def test_a_keyword_touching_from_is_refused_too(store: Store) -> None:
    """Oxigraph reads ``ASKFROM<g>{}`` as ASK FROM; rdflib's parser cannot read it, so it is refused unread."""
    with pytest.raises(NetworkRefusedError, match=UNREADABLE):
        ask("ASKFROM<file:///etc/passwd>{}", store)


def test_from_a_graph_name_and_words_containing_from_are_accepted(store: Store) -> None:
    assert len(select("SELECT * FROM <urn:graph> WHERE { ?s ?p ?o }", store)) == 0
    assert len(select("SELECT ?s WHERE { ?s pg:from ?o } # taken from the map", store)) == 0


def test_from_the_network_is_allowed_on_request_but_a_file_never(store: Store) -> None:
    check_query("SELECT * FROM <http://h/g> { ?s ?p ?o }", "q", allow_network=True)
    with pytest.raises(NetworkRefusedError, match="load the data as a file instead"):
        check_query("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "q", allow_network=True)


# ---- nesting ----------------------------------------------------------------------------


def _nested(depth: int, shape: str) -> str:
    if shape == "groups":
        return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth
    if shape == "parentheses":
        return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "?o" + ")" * depth + ") }"
    if shape == "exists":
        return "SELECT * WHERE { ?s ?p ?o " + "FILTER(EXISTS { ?s ?p ?o " * depth + "})" * depth + " }"
    if shape == "iri-lookalike":  # '<' then no space: an IRI to a naive tokenizer, a comparison to the parser
        return "SELECT * WHERE { ?s ?p ?o FILTER(?o<" + "(" * depth + "?o" + ")" * depth + ">0) }"
    return "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * depth + "?o" + " ]" * depth + " }"


@pytest.mark.parametrize("shape", ["groups", "parentheses", "exists", "iri-lookalike", "blank-nodes"])
def test_deep_nesting_is_refused_before_parsing(shape: str, store: Store) -> None:
    text = _nested(5000, shape)
    assert nesting_depth(text) > MAX_NESTING
    with pytest.raises(QueryError, match=rf"brackets nest \d+ deep, more than the {MAX_NESTING} allowed; refused before parsing"):
        select(text, store)


def test_nesting_up_to_the_limit_runs() -> None:
    text = _nested(MAX_NESTING - 1, "groups")
    assert nesting_depth(text) == MAX_NESTING - 1
    assert len(select(text, Store.from_text("<urn:a> <urn:p> <urn:b> .", format="nt"))) == 1


def test_deep_nesting_is_one_line_on_the_command_line() -> None:
    query = BAD / "deep-nesting.rq"
    run = cli("query", query, CLAIMS, timeout=60)
    assert run.code == 2, run
    assert run.one_error_line() == (
        f"policy-graph: error: deep-nesting: brackets nest 5000 deep, more than the {MAX_NESTING} allowed; "
        "refused before parsing (simplify the query)"
    )


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('SELECT * { ?s ?p "{{{" }', 1),
        ("SELECT * { ?s ?p ?o } # {{{{", 1),
        ("SELECT * { ?s <urn:x#{> ?o }", 1),
        ("SELECT * { ?s ex:p\\# { { ?o } } }", 3),  # an escaped '#' starts no comment
        ("SELECT * { ?s ?p '''}\n}''' }", 1),
        (") ) ) SELECT * { { } }", 2),  # stray closers do not hide the opens after them
        ('SELECT * { ?s ?p "unterminated { { {\n }', 4),  # a short string ends at the line's end
    ],
)
def test_the_tokenizer_counts_what_a_parser_sees(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


# ---- updates (checked by the served endpoint's front) ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD <http://127.0.0.1:9/data.ttl> reads a file or the network"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD <file:///etc/passwd> reads a file or the network"),
        ("INSERT { ?s ?p ?o } USING <file:///etc/passwd> WHERE { ?s ?p ?o }", "USING <file:///etc/passwd> reads a file or the network"),
        ("INSERT { ?s ?p ?o } WHERE {\n SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", REFUSED),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> } ; lOaD <https://h/x>", "LOAD <https://h/x> reads a file or the network"),
    ],
)
def test_updates_that_read_files_or_the_network_are_refused(text: str, message: str) -> None:
    with pytest.raises(NetworkRefusedError, match=re.escape(message)):
        check_query(text, "the update", update=True)


def test_a_plain_update_passes() -> None:
    check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "the update", update=True)
