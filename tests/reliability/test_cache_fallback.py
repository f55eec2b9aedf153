"""The on-disk cache store never breaks a command: a corrupt store is rebuilt, an unusable cache
folder (a file in the way, full, read-only) means loading in memory with a one-line note."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
from conftest import CLAIMS

import policy_graph.cli as cli_module
import policy_graph.store as store_module
from policy_graph.cli import main
from policy_graph.store import Store

pytestmark = pytest.mark.reliability

DATA = '<urn:x:a> <urn:x:p> "x" .\n'


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


def _stores(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name != "stamps")


def test_a_corrupt_store_is_rebuilt(tmp_path: Path) -> None:
    data, cache = _data(tmp_path), tmp_path / "cache"
    Store.from_files([data], cache_dir=cache)
    (folder,) = _stores(cache)
    for part in (folder / "db").iterdir():
        if part.name == "CURRENT":
            part.write_text("garbage\n")
    store = Store.from_files([data], cache_dir=cache)
    assert len(store) == 1 and store.note is None
    assert Store.from_files([data], cache_dir=cache).note is None, "the rebuilt store is reused"


def test_a_store_with_missing_files_is_rebuilt(tmp_path: Path) -> None:
    data, cache = _data(tmp_path), tmp_path / "cache"
    Store.from_files([data], cache_dir=cache)
    (folder,) = _stores(cache)
    for part in (folder / "db").iterdir():
        part.unlink()
    assert len(Store.from_files([data], cache_dir=cache)) == 1


def test_a_file_where_the_cache_folder_should_be(tmp_path: Path) -> None:
    data, cache = _data(tmp_path), tmp_path / "cache"
    cache.write_text("not a folder")
    store = Store.from_files([data], cache_dir=cache)
    assert len(store) == 1
    assert store.note is not None and store.note.startswith(f"the cache store in {cache} cannot be used (") and "loaded in memory instead" in store.note
    assert cache.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("_build_store", OSError(errno.ENOSPC, "No space left on device")),
        ("_build_store", RuntimeError("IO error: No space left on device")),
        ("tempfile.mkdtemp", PermissionError(errno.EROFS, "Read-only file system")),
    ],
)
def test_a_full_or_read_only_cache_falls_back_to_memory(where: str, error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, cache = _data(tmp_path), tmp_path / "cache"

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    if where == "tempfile.mkdtemp":
        monkeypatch.setattr(store_module.tempfile, "mkdtemp", fail)
    else:
        monkeypatch.setattr(store_module, where, fail)
    store = Store.from_files([data], cache_dir=cache)
    assert len(store) == 1
    assert store.note is not None and str(error.args[-1]) in store.note, store.note
    assert not cache.exists() or _stores(cache) == [], "no half-built store is left"


def test_bad_input_is_still_refused_not_hidden_by_the_fallback(tmp_path: Path) -> None:
    from policy_graph.errors import InputError

    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> <urn:x:p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:1"):
        Store.from_files([bad], cache_dir=tmp_path / "cache")


def test_the_command_prints_one_note_and_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    cache_home = tmp_path / "cache-home"
    cache_home.write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setattr(cli_module, "CACHE_ABOVE_BYTES", 0)  # use the cache for any input
    monkeypatch.setattr(sys, "argv", ["policy-graph", "stats", str(CLAIMS)])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code in (0, None)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("policy-graph: note: the cache store in ") and "loaded in memory instead" in err, err
    assert "Traceback" not in err
