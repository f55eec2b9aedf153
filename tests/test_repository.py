"""The project's files speak only of the project: no path of the machine they were made on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.paths import CHECKOUT

#: The sources, tests, notebooks, queries, ontology, scripts and the files that build or describe them.
CHECKED = ("src", "tests", "notebooks", "queries", "ontology", "scripts", "benchmarks", "README.md", "Makefile", "pyproject.toml")
_SKIPPED = {"__pycache__", ".pytest_cache", ".hypothesis", "data", "node_modules"}  # node_modules: installed third-party code


def _files() -> list[Path]:
    found = []
    for name in CHECKED:
        top = CHECKOUT / name
        candidates = [top] if top.is_file() else sorted(top.rglob("*"))
        found += [p for p in candidates if p.is_file() and not _SKIPPED & set(p.relative_to(CHECKOUT).parts)]
    return found


def test_no_file_holds_a_path_of_this_machine() -> None:
    machine = {str(CHECKOUT.parent), str(Path.home()), sys.prefix, sys.base_prefix} - {"/", ""}
    found = []
    for path in _files():
        text = path.read_bytes().decode("utf-8", "replace")
        found += [f"{path.relative_to(CHECKOUT)}: {local}" for local in machine if local + "/" in text]
    assert not found, "use paths relative to the checkout (../shared beside it):\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["src", "tests", "notebooks"])
def test_the_checked_folders_exist(folder: str) -> None:
    assert any(p.is_relative_to(CHECKOUT / folder) for p in _files())
