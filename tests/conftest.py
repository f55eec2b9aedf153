"""Shared fixtures: the real curated graph, loaded once per test session, and the shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from policy_graph.store import Store
from tests.paths import CHECKOUT, CLAIMS, CORPUS, SHARED


@pytest.fixture(scope="session")
def root() -> Path:
    return CHECKOUT


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder: $POLICY_GRAPH_SHARED, else ../shared beside the checkout (tests/paths.py)."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared folder {SHARED} is missing: put it beside the checkout or set POLICY_GRAPH_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared: Path) -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def store() -> Store:
    return Store.from_files([CLAIMS])


@pytest.fixture(scope="session")
def graph(store: Store) -> Graph:
    return store.graph()
