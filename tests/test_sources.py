"""One data-source interface: the embedded store, an rdflib graph and a served endpoint answer
the same library calls, and every reading command runs on a served endpoint as on the files."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from policy_graph.project import project
from policy_graph.query import select
from policy_graph.remote import Endpoint
from policy_graph.server import OxigraphServer
from policy_graph.sources import DataSource, GraphSource, as_source
from policy_graph.store import Store

from .paths import CLAIMS


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with OxigraphServer.with_files([CLAIMS], tmp_path_factory.mktemp("served") / "db") as running:
        yield Endpoint(running.url)


def test_the_three_sources_are_data_sources(store: Store, graph: Graph) -> None:
    for source in (store, Endpoint("http://127.0.0.1:1/query"), as_source(graph)):
        assert isinstance(source, DataSource)
    assert isinstance(as_source(graph), GraphSource) and as_source(store) is store
    assert [s.remote for s in (store, as_source(graph), Endpoint("http://127.0.0.1:1/query"))] == [False, False, True]


@pytest.mark.parametrize("value", ["data/claims.ttl", Path("data/claims.ttl"), None, 3])
def test_anything_else_is_refused_by_name(value: object) -> None:
    with pytest.raises(TypeError, match=f"cannot read a graph from a {type(value).__name__}: give a Store, an rdflib Graph or an Endpoint"):
        select("stats-classes", value)  # type: ignore[arg-type]


@pytest.mark.server
def test_graph_and_projection_agree_on_every_source(store: Store, graph: Graph, endpoint: Endpoint) -> None:
    assert len(endpoint.graph()) == len(store.graph()) == len(graph)
    edges = {name: sorted(project(source, "argument").edges(keys=True)) for name, source in (("store", store), ("graph", graph), ("endpoint", endpoint))}
    assert edges["store"] == edges["graph"] == edges["endpoint"] != []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policy_graph", *args], capture_output=True, text=True, check=False, timeout=300, cwd=CLAIMS.parent.parent
    )


# Every command that reads a graph and takes --endpoint, with arguments that give an answer.
READING_COMMANDS = [
    ("stats", "--coverage"),
    ("query", "cq1-three-mistakes", "--format", "csv"),
    ("query", "claims-by-holder", "--param", "holder=:former-minister", "--format", "csv"),
    ("path", "considered Putin a pragmatic", ":cl-ground-troops-not-excluded", "--k", "3"),
    ("rank", "--by", "pagerank"),
    ("accept", "--semantics", "preferred"),
    ("ach", ":ex-interpretation-1-versailles-went-wrong", ":ex-interpretation-2-france-not-important", ":ex-interpretation-3-long-term-agenda"),
    ("timeline", "--actor", ":macron"),
    ("render", "argument", "--format", "dot", "-o", "{tmp}/map.dot"),
]


@pytest.mark.server
@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_reading_command_answers_from_an_endpoint_as_from_the_files(command: tuple[str, ...], endpoint: Endpoint, tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "served").mkdir()
    on_files = _cli(*(a.format(tmp=tmp_path / "files") for a in command))  # data/claims.ttl of the checkout
    served = _cli(*(a.format(tmp=tmp_path / "served") for a in command), "--endpoint", endpoint.url)
    assert served.returncode == on_files.returncode == 0, served.stderr + on_files.stderr
    assert "Traceback" not in served.stderr
    if command[0] == "render":
        assert (tmp_path / "served" / "map.dot").read_text() == (tmp_path / "files" / "map.dot").read_text()
    else:
        assert served.stdout == on_files.stdout
