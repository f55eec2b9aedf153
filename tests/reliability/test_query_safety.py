"""Query safety: parameters are bound as RDF terms, updates are refused, runaway queries are stopped."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest
from conftest import CLAIMS, cli, copy_in, listing
from rdflib import BNode, Literal, URIRef

from policy_graph.errors import InputError, PolicyGraphError, QueryError, QueryTimeoutError
from policy_graph.query import ask, parse_term, select
from policy_graph.store import Store

pytestmark = pytest.mark.reliability

INJECTIONS_IRI = [
    "x> } ; DROP ALL ; SELECT * { <y",
    "<urn:x> } ; DROP ALL ; SELECT * { <urn:y>",
    "http://a/b> } ; DROP ALL ; SELECT * { <y",
    ':macron" . } DROP ALL #',
    ":macron> ?p ?o } UNION { ?s ?p ?o",
    "<urn:a>\n<urn:b>",
]
INJECTIONS_LITERAL = [
    'x" } ; DROP ALL ; SELECT * { "y',
    "x' } ; DROP ALL ; #",
    '"""x""" ) } UNION { ?s ?p ?o',
    "x\\\" } #",
    "lxvii\n}",
]


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_files([CLAIMS])


@pytest.mark.parametrize("value", INJECTIONS_IRI)
def test_iri_injection_is_refused_as_a_bad_value(value: str) -> None:
    with pytest.raises(InputError, match="is not an IRI, a known CURIE or a local name"):
        parse_term(value, "iri")


@pytest.mark.parametrize("value", INJECTIONS_IRI)
def test_iri_injection_through_a_named_query_changes_nothing(value: str, store: Store) -> None:
    before = len(store)
    with pytest.raises(PolicyGraphError):
        select("claims-by-holder", store, {"holder": value})
    assert len(store) == before


@pytest.mark.parametrize("value", INJECTIONS_LITERAL)
def test_literal_with_quotes_is_a_value_not_code(value: str, store: Store) -> None:
    before = len(store)
    rows = select("cq7-footnote", store, {"footnote": value})
    assert len(rows) == 0
    assert len(store) == before
    assert str(select("SELECT ?v WHERE { }", store, {"v": value}).rows[0][0]) == value, "the value arrives verbatim"


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
        "LOAD <http://example.org/x>",
    ],
)
def test_updates_are_refused_and_change_nothing(text: str, store: Store) -> None:
    before = len(store)
    with pytest.raises(QueryError):
        select(text, store)
    assert len(store) == before


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("holder=x> } ; DROP ALL ; SELECT * { <y", "no node of the graph has this label"),  # not written as an IRI: read as a label
        ("holder=<urn:x> } ; DROP ALL ; SELECT * { <urn:y>", "is not an IRI, a known CURIE or a local name"),
        ("nobody=:macron", "unknown parameter(s) nobody"),
        ("holder", "write name=value"),
    ],
)
def test_cli_injection_is_a_clean_error_and_the_data_are_unchanged(param: str, message: str, tmp_path: Path) -> None:
    data, before = copy_in(CLAIMS, tmp_path)
    run = cli("query", "claims-by-holder", data, "--param", param, "--format", "json", cwd=tmp_path)
    assert run.code == 2, run
    assert message in run.one_error_line()
    assert run.stdout == ""
    assert listing(tmp_path) == {data.name: before}


def test_cli_literal_with_quotes_returns_no_rows(tmp_path: Path) -> None:
    data, before = copy_in(CLAIMS, tmp_path)
    run = cli("query", "cq7-footnote", data, "--param", 'footnote=x" } ; DROP ALL ; #', "--format", "json", cwd=tmp_path)
    assert run.code == 0, run
    assert json.loads(run.stdout) == []
    assert listing(tmp_path) == {data.name: before}


def test_cli_update_text_is_refused(tmp_path: Path) -> None:
    data, before = copy_in(CLAIMS, tmp_path)
    run = cli("query", "-", data, stdin="DROP ALL", cwd=tmp_path)
    assert run.code == 2
    assert "only SELECT, ASK and CONSTRUCT queries are supported" in run.one_error_line()
    assert listing(tmp_path) == {data.name: before}


def test_a_parameter_binds_a_variable_the_query_does_not_select(store: Store) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(select(count, store, {"o": "no such label"}).rows[0][0]) == 0
    label = str(select("SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 1", store).rows[0][0])
    expected = len(select("SELECT ?s ?p WHERE { ?s ?p ?o FILTER(?o = ?l) }", store, {"l": label}))
    assert int(select(count, store, {"o": label}).rows[0][0]) == expected >= 1


def test_query_syntax_error_names_the_place(store: Store) -> None:
    with pytest.raises(QueryError, match=r"<text>:2:\d+: SPARQL syntax error"):
        select("SELECT * WHERE {\n ?s ?p }", store)


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.nt"
    path.write_text("".join(f'<urn:s{i}> <urn:p{i % 7}> "v{i}" .\n' for i in range(3000)), encoding="utf-8")
    return path


def test_pathological_query_is_stopped_in_the_library(synthetic: Path) -> None:
    store = Store.from_files([synthetic])
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0\.5 s"):
        select(CROSS_PRODUCT, store, timeout=0.5)
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_a_timed_out_streaming_query_stops_working(synthetic: Path, engine: str) -> None:
    """A query that streams rows ends its worker thread soon after the timeout (no CPU burnt on)."""
    store = Store.from_files([synthetic])
    source = store if engine == "pyoxigraph" else store.graph()
    before = set(threading.enumerate())
    with pytest.raises(QueryTimeoutError):
        select("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", source, timeout=0.5)
    (worker,) = set(threading.enumerate()) - before
    worker.join(5)
    assert not worker.is_alive()


def test_pathological_query_is_stopped_on_the_command_line(synthetic: Path) -> None:
    start = time.monotonic()
    run = cli("query", "-", synthetic, "--timeout", "1", stdin=CROSS_PRODUCT, timeout=30)
    elapsed = time.monotonic() - start
    assert run.code == 2
    assert run.one_error_line() == "policy-graph: error: <text>: stopped after 1 s (raise the limit with --timeout, or simplify the query)"
    assert elapsed < 8, f"took {elapsed:.1f} s"


def test_ask_is_bound_too(store: Store) -> None:
    """Ad-hoc queries declare no kinds: a string written as an IRI or CURIE binds an IRI, other
    strings text; a term is bound as given."""
    text = "ASK { ?c prov:wasAttributedTo ?holder }"
    assert ask(text, store, {"holder": parse_term(":macron")}) is True
    assert ask(text, store, {"holder": ":macron"}) is True
    assert ask(text, store, {"holder": "https://w3id.org/policy-graph/id/macron"}) is True
    assert ask(text, store, {"holder": Literal(":macron")}) is False
    assert ask(text, store, {"holder": "Emmanuel Macron"}) is False


BINDING_DATA = "<urn:a> <urn:p> <urn:b> . <urn:c> <urn:p> <urn:d> . <urn:a> <urn:q> <urn:x> ."


@pytest.mark.parametrize(
    ("text", "params", "expected"),
    [
        # the first { is an EXISTS in the SELECT clause, not the WHERE clause
        ("SELECT ?s (EXISTS { ?s <urn:q> ?y } AS ?has) WHERE { ?s <urn:p> ?o }", {"s": URIRef("urn:a")}, [("urn:a", "true")]),
        # the parameter is assigned by BIND: bound after the query instead
        ("SELECT ?s ?o WHERE { ?s <urn:p> ?x BIND(?x AS ?o) }", {"o": URIRef("urn:d")}, [("urn:c", "urn:d")]),
        # a parameter that is not selected still binds
        ("SELECT ?s WHERE { ?s <urn:p> ?o }", {"o": URIRef("urn:b")}, [("urn:a",)]),
    ],
)
def test_parameters_bind_where_the_query_uses_them(text: str, params: dict, expected: list) -> None:
    store = Store.from_text(BINDING_DATA)
    assert select(text, store, params).to_strings() == expected


def test_short_construct_takes_parameters() -> None:
    from policy_graph.query import construct

    graph = construct("CONSTRUCT WHERE { ?s <urn:p> ?o }", Store.from_text(BINDING_DATA), {"s": URIRef("urn:a")})
    assert {(str(s), str(o)) for s, _, o in graph} == {("urn:a", "urn:b")}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"zz": URIRef("urn:a")}, "the query has no variable ?zz to bind"),
        ({"s": BNode("b0")}, "?s cannot be bound to a blank node"),
    ],
)
def test_parameters_that_cannot_bind_are_refused(params: dict, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        select("SELECT * WHERE { ?s ?p ?o }", Store.from_text(BINDING_DATA), params)


def test_an_order_by_in_a_trailing_comment_is_not_applied() -> None:
    data = '<urn:a> <urn:n> 1 ; <urn:x> "a" . <urn:b> <urn:n> 2 ; <urn:x> "z" .'
    text = "SELECT ?s WHERE { ?s <urn:n> ?n ; <urn:x> ?x }\nORDER BY DESC(?n)  # was: ORDER BY ?x"
    store = Store.from_text(data)
    assert select(text, store).to_strings() == [("urn:b",), ("urn:a",)]


# ---- parameters as a mapping --------------------------------------------------------------------


def test_a_variable_named_like_an_option_is_bindable(store: Store) -> None:
    """``?timeout`` and ``?allow_service`` are query variables like any other: ``params`` binds them."""
    text = "SELECT ?timeout ?allow_service WHERE { }"
    rows = select(text, store, params={"timeout": "5", "allow_service": "yes"}, timeout=10)
    assert rows.to_strings() == [("5", "yes")]


def test_parameters_as_keywords_still_work_with_a_deprecation_warning(store: Store) -> None:
    with pytest.warns(DeprecationWarning, match=r"query parameters as keywords \(holder=\.\.\.\) are deprecated; pass them as params="):
        old = select("claims-by-holder", store, holder=":macron")
    assert old.to_strings() == select("claims-by-holder", store, {"holder": ":macron"}).to_strings()
    assert len(old) > 0


def test_a_parameter_given_both_ways_is_refused(store: Store) -> None:
    with pytest.warns(DeprecationWarning), pytest.raises(QueryError, match=r"parameter\(s\) holder given both in params and as keywords"):
        select("claims-by-holder", store, {"holder": ":macron"}, holder=":putin")


def test_the_query_modules_import_no_cycle() -> None:
    """query imports remote, remote imports only the sparql modules: a fresh interpreter loads remote first."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import policy_graph.remote, policy_graph.query"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    source = Path(__import__("policy_graph.remote").remote.__file__).read_text(encoding="utf-8")
    assert "from .query" not in source


# ---- ORDER BY: sorted once, as the engine sorts ----------------------------------------------------

ORDER_DATA = """
<urn:a> <urn:v> 1.5 , "2022-03-01"^^<http://www.w3.org/2001/XMLSchema#date> , "b"@en .
<urn:b> <urn:v> 2 , "z" , _:x .
<urn:c> <urn:v> "2021-12-31"^^<http://www.w3.org/2001/XMLSchema#date> , "a"@fr , <urn:iri> .
<urn:d> <urn:w> 0 .
"""


class _CountingStore:
    """Wraps a pyoxigraph store and counts the queries it runs."""

    def __init__(self, inner: object) -> None:
        self.inner, self.queries = inner, 0

    def query(self, *args: object, **kwargs: object) -> object:
        self.queries += 1
        return self.inner.query(*args, **kwargs)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "order",
    ["?v", "STR(?v)", "?v ?s", "STR(?v) ?s", "?s ?v"],
)
def test_order_by_any_terms_runs_once_and_sorts_as_the_engine(order: str) -> None:
    """Dates, decimals, tagged text, numbers beside text, blank nodes and unbound values: the
    order is the engine's own, and the query runs once (it ran a second time to let the engine sort)."""
    store = Store.from_text(ORDER_DATA, format="turtle")
    text = f"SELECT ?s ?v WHERE {{ ?s ?p ?x OPTIONAL {{ ?s <urn:v> ?v }} }} ORDER BY {order}"
    expected = [tuple(None if t is None else str(t) for t in (s["s"], s["v"])) for s in store.ox.query(text)]
    counting = _CountingStore(store.ox)
    store.ox = counting  # type: ignore[assignment]
    rows = select(text, store)
    assert counting.queries == 1
    got = [tuple(None if t is None else str(t) for t in row) for row in rows._terms]
    keys = [k.strip() for k in order.replace("STR(", "").replace(")", "").split()]
    index = {"?s": 0, "?v": 1}
    project = lambda r: tuple(r[index[k]] for k in keys)  # noqa: E731
    assert [project(r) for r in got] == [project(r) for r in expected]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_order_by_a_variable_not_selected_is_left_to_the_engine() -> None:
    store = Store.from_text('<urn:a> <urn:n> 2 . <urn:b> <urn:n> 1 .', format="turtle")
    counting = _CountingStore(store.ox)
    store.ox = counting  # type: ignore[assignment]
    assert select("SELECT ?s WHERE { ?s <urn:n> ?n } ORDER BY ?n", store).to_strings() == [("urn:b",), ("urn:a",)]
    assert counting.queries == 1
