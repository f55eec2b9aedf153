"""Shared fixtures: the real curated graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from policy_graph.resources import CORPUS_DIR, DATA_FILE, PROJECT_ROOT
from policy_graph.store import Store


@pytest.fixture(scope="session")
def root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.fail(f"the corpus folder {CORPUS_DIR} is missing (expected ../shared/corpus beside the project)")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def store() -> Store:
    return Store.from_files([DATA_FILE])


@pytest.fixture(scope="session")
def graph(store: Store) -> Graph:
    return store.graph()
