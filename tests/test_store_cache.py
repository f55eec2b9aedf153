"""The persistent on-disk store: keyed by the files' content, reused while they are unchanged,
rebuilt when they change, and never left half-built by bad input."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_graph import cli
from policy_graph import store as store_module
from policy_graph.errors import InputError
from policy_graph.store import Store
from policy_graph.turtle import canonical_turtle
from tests.paths import CLAIMS

ID = "https://w3id.org/policy-graph/id/"
TRIPLE = f"<{ID}a> <{ID}p> <{ID}b> .\n"


def _stores(cache: Path) -> list[str]:
    """The store folders in ``cache`` (the stamp memo aside)."""
    return sorted(p.name for p in cache.iterdir() if p.name != "stamps") if cache.exists() else []


def _no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was parsed again")

    monkeypatch.setattr(store_module, "_load_file", refuse)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(TRIPLE, encoding="utf-8")
    return path


def test_an_unchanged_file_reopens_its_store(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    assert len(Store.from_files([data], cache_dir=cache)) == 1
    built = _stores(cache)
    assert len(built) == 1
    _no_rebuild(monkeypatch)
    assert len(Store.from_files([data], cache_dir=cache)) == 1
    data.write_text(TRIPLE, encoding="utf-8")  # same content, new mtime and ctime: hashed again, same store
    assert len(Store.from_files([data], cache_dir=cache)) == 1
    assert _stores(cache) == built


def test_a_changed_file_gets_a_new_store_with_the_change(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Store.from_files([data], cache_dir=cache)
    data.write_text(TRIPLE + f"<{ID}a> <{ID}p> <{ID}c> .\n", encoding="utf-8")
    reopened = Store.from_files([data], cache_dir=cache)
    assert len(reopened) == 2
    assert len(_stores(cache)) == 2


def test_the_cached_store_holds_what_an_in_memory_load_holds(tmp_path: Path) -> None:
    cached = Store.from_files([CLAIMS], cache_dir=tmp_path / "cache")
    in_memory = Store.from_files([CLAIMS])
    assert len(cached) == len(in_memory) > 9000
    # blank nodes (anchors, lists) get new labels per parse: compare the canonical serialisations
    assert canonical_turtle(cached.graph()) == canonical_turtle(in_memory.graph())


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (TRIPLE + f"<{ID}a> <{ID}p> .\n", 2, r"not a valid RDF object"),
        (TRIPLE * 2 + f'<{ID}a> <{ID}date> "2022-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n', 3, r"not a valid xsd:date"),
    ],
    ids=["syntax", "ill-typed-date"],
)
def test_bad_input_is_refused_and_leaves_no_store(tmp_path: Path, text: str, line: int, message: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(InputError, match=message) as raised:
        Store.from_files([bad], cache_dir=cache)
    assert raised.value.line == line
    assert _stores(cache) == []  # neither a store nor a half-built folder
    assert not [name for name in _open_files() if str(cache) in name]  # and the store was closed first


def _open_files() -> list[str]:
    """The paths this process holds open (Linux)."""
    names = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):  # the listing's own descriptor, closed by now
            names.append(os.readlink(fd))
    return names


def test_a_bad_second_file_is_refused_and_leaves_no_store(data: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.ttl"
    second.write_text(f'<{ID}b> <{ID}date> "2022-02-30x"^^<http://www.w3.org/2001/XMLSchema#date> .\n', encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(InputError, match="not a valid xsd:date") as raised:
        Store.from_files([data, second], cache_dir=cache)
    assert raised.value.path == second and raised.value.line == 1
    assert _stores(cache) == []


def test_several_files_make_one_store_with_all_their_triples(data: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.ttl"
    second.write_text(f"<{ID}b> <{ID}p> <{ID}c> .\n", encoding="utf-8")
    cached = Store.from_files([data, second], cache_dir=tmp_path / "cache")
    assert len(cached) == 2 and len(_stores(tmp_path / "cache")) == 1


def test_large_input_goes_through_the_cache_on_the_command_line(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "CACHE_ABOVE_BYTES", 0)
    runner = CliRunner()
    first = runner.invoke(cli.app, ["query", "SELECT ?o WHERE { ?s ?p ?o }", str(data), "--format", "csv"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == ["o", f"{ID}b"]
    cache = tmp_path / "xdg" / "policy-graph" / "stores"
    assert len(_stores(cache)) == 1
    _no_rebuild(monkeypatch)
    again = runner.invoke(cli.app, ["query", "SELECT ?o WHERE { ?s ?p ?o }", str(data), "--format", "csv"])
    assert again.output == first.output


def test_small_input_is_parsed_in_memory(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = CliRunner().invoke(cli.app, ["query", "SELECT ?o WHERE { ?s ?p ?o }", str(data)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "xdg").exists()
