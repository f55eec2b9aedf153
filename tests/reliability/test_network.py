"""Nothing reaches the network by default: load, validate and query run with sockets blocked.

Two proofs: Python's socket functions are replaced by ones that raise (catches rdflib, pySHACL,
urllib), and a canary TCP server on loopback records any connection at all (catches pyoxigraph's
own Rust HTTP client too, which Python's socket module does not see).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CLAIMS, CORPUS, Canary

from policy_graph.errors import NetworkRefusedError
from policy_graph.query import ask, construct, select
from policy_graph.store import Store
from policy_graph.validate import validate

pytestmark = pytest.mark.reliability


class NetworkUsed(AssertionError):
    """Raised by the blocked socket functions."""


@pytest.fixture()
def canary() -> Iterator[Canary]:
    listener = Canary()  # made before the sockets are blocked
    yield listener
    listener.close()


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch, canary: Canary) -> Canary:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return canary


def _imports_file(tmp_path: Path, target: str) -> Path:
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<https://w3id.org/policy-graph/id/> a owl:Ontology ; owl:imports <{target}> , <http://example.org/x> .\n"
        f'<https://w3id.org/policy-graph/id/macron> rdfs:label "Emmanuel Macron" ; rdfs:seeAlso <{target}/doc> .\n',
        encoding="utf-8",
    )
    return path


def test_the_socket_block_works(no_network: Canary) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", no_network.port))


def test_load_validate_query_of_the_curated_graph_stay_offline(no_network: Canary) -> None:
    store = Store.from_files([CLAIMS])
    report = validate(store, corpus_dir=CORPUS)
    assert report.triples == len(store)
    assert len(select("stats-classes", store)) > 0
    assert len(select("stats-classes", store.graph())) > 0  # the rdflib engine too
    assert no_network.connections == 0


def test_owl_imports_is_not_followed(tmp_path: Path, no_network: Canary) -> None:
    path = _imports_file(tmp_path, no_network.url + "/ontology.ttl")
    store = Store.from_files([path])
    assert len(store) == 5, "only the file's own triples: nothing imported"
    validate(store, corpus_dir=None)
    assert ask("ASK { ?o owl:imports ?x }", store)
    assert len(construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", store.graph())) == 5
    assert no_network.connections == 0


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <{url}/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <{url}/>\nSELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE ex:sparql { ?s ?p ?o }\n}",
    "ASK { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { # comment\n SERVICE <{url}/sparql> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_by_default(template: str, engine: str, no_network: Canary) -> None:
    text = template.replace("{url}", no_network.url)
    store = Store.from_files([CLAIMS])
    source = store if engine == "oxigraph" else store.graph()
    run = {"SELECT": select, "ASK": ask, "CONSTRUCT": construct}[next(w for w in ("SELECT", "ASK", "CONSTRUCT") if w in text)]
    with pytest.raises(NetworkRefusedError, match="SERVICE clauses reach the network and are refused by default"):
        run(text, source)
    assert no_network.connections == 0


def test_service_in_a_string_or_comment_is_not_a_service_clause(no_network: Canary) -> None:
    store = Store.from_text('<urn:a> <urn:p> "SERVICE" .', format="nt")
    rows = select('SELECT ?service WHERE { ?s ?p ?service FILTER(?service = "SERVICE") } # SERVICE <http://x>', store)
    assert len(rows) == 1


def test_service_is_allowed_only_on_request(canary: Canary) -> None:
    """With ``allow_service=True`` the query does go out (proof that the refusal above is what stops it)."""
    store = Store.from_text("<urn:a> <urn:p> <urn:b> .", format="nt")
    with contextlib.suppress(Exception):  # the canary answers nothing; the point is that it was called
        select(f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}", store, allow_service=True, timeout=5)
    assert canary.connections >= 1


def test_cli_refuses_service_with_one_line(tmp_path: Path, canary: Canary) -> None:
    from conftest import cli

    run = cli("query", "-", CLAIMS, stdin=f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}")
    assert run.code == 2
    assert "SERVICE clauses reach the network" in run.one_error_line()
    assert canary.connections == 0
