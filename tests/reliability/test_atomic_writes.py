"""Atomic writes: a failure during ``fmt``, ``import --into`` or ``save`` leaves the old file and no temp file."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BAD, CLAIMS, copy_in, listing
from rdflib import Graph, Literal, URIRef

import policy_graph.store as store_module
import policy_graph.turtle as turtle_module
from policy_graph.cli import main
from policy_graph.errors import InputError
from policy_graph.store import Store, atomic_write, save

pytestmark = pytest.mark.reliability

AIF = b"""{"nodes": [{"nodeID": "1", "text": "Macron came to realise that Putin had lured him", "type": "I"},
           {"nodeID": "2", "text": "Macron's efforts were largely futile", "type": "I"},
           {"nodeID": "3", "text": "Default Inference", "type": "RA"}],
 "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "2"}],
 "locutions": []}
"""


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


class _HalfWriter(io.BufferedWriter):
    """A file that writes half of what it is given, then fails: the torn write atomic_write must hide."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        super().write(bytes(data)[: len(data) // 2])
        super().flush()
        raise OSError(errno.EIO, "Input/output error")


def _half_fdopen(fd: int, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedWriter:
    return _HalfWriter(io.FileIO(fd, "wb"))


#: name -> (attribute of policy_graph.store's os module or of policy_graph.turtle, replacement, exception the caller sees)
FAULTS: dict[str, tuple[str, Callable[..., object], type[BaseException]]] = {
    "os.replace fails (disk full)": ("os.replace", _disk_full, InputError),
    "os.fsync fails": ("os.fsync", _disk_full, InputError),
    "a torn write (half the bytes, then EIO)": ("os.fdopen", _half_fdopen, InputError),
    "Ctrl-C during fsync": ("os.fsync", _interrupt, KeyboardInterrupt),
    "the serializer raises": ("turtle.canonical_turtle", lambda graph: (_ for _ in ()).throw(RuntimeError("serializer failed")), RuntimeError),
}


def _patch(monkeypatch: pytest.MonkeyPatch, where: str) -> Callable[[Callable[..., object]], None]:
    if where.startswith("os."):
        return lambda fake: monkeypatch.setattr(store_module.os, where[3:], fake)
    return lambda fake: monkeypatch.setattr(turtle_module, where.removeprefix("turtle."), fake)


def _run_main(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    monkeypatch.setattr(sys, "argv", ["policy-graph", *map(str, args)])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_save_failure_keeps_the_previous_file(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, before = copy_in(CLAIMS, tmp_path)
    graph = Graph()
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("new")))
    where, fake, expected = FAULTS[fault]
    _patch(monkeypatch, where)(fake)
    with pytest.raises(expected):
        save(graph, target)
    assert target.read_bytes() == before
    assert listing(tmp_path) == {target.name: before}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_save_failure_on_a_new_file_leaves_nothing(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where, fake, expected = FAULTS[fault]
    _patch(monkeypatch, where)(fake)
    with pytest.raises(expected):
        save(Store.from_files([CLAIMS]).graph(), tmp_path / "new.ttl")
    assert listing(tmp_path) == {}


def test_write_error_is_one_clean_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, _ = copy_in(CLAIMS, tmp_path)
    monkeypatch.setattr(store_module.os, "replace", _disk_full)
    with pytest.raises(InputError, match=r"claims\.ttl: could not write the file: No space left on device \(the previous file, if any, is unchanged\)"):
        atomic_write(target, "x")


def test_write_into_a_missing_folder_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="could not write the file"):
        atomic_write(tmp_path / "no" / "such" / "folder.ttl", "x")


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fmt_failure_keeps_the_previous_file(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target, before = copy_in(BAD / "support-cycle.ttl", tmp_path)  # has comments: not canonical, so fmt --drop-comments rewrites it
    where, fake, expected = FAULTS[fault]
    _patch(monkeypatch, where)(fake)
    if expected is InputError:
        assert _run_main(monkeypatch, "fmt", "--drop-comments", target) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"policy-graph: error: {target}: could not write the file"), err
    elif expected is KeyboardInterrupt:
        assert _run_main(monkeypatch, "fmt", "--drop-comments", target) in (1, 130)  # click's "Aborted!" or our 130
    else:  # an unforeseen exception: one line naming the input, exit 2 (the top-level guard)
        assert _run_main(monkeypatch, "fmt", "--drop-comments", target) == 2
        err = capsys.readouterr().err
        assert err == f"policy-graph: error: {target}: fmt failed unexpectedly: RuntimeError: serializer failed (run it again with --debug to see the traceback, and please report it)\n", err
    assert target.read_bytes() == before
    assert listing(tmp_path) == {target.name: before}


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target, before = copy_in(BAD / "support-cycle.ttl", tmp_path)
    monkeypatch.setattr(turtle_module, "canonical_turtle", lambda graph: (_ for _ in ()).throw(RuntimeError("serializer failed")))
    assert _run_main(monkeypatch, "fmt", "--debug", "--drop-comments", target) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and err.rstrip().endswith("RuntimeError: serializer failed"), err
    assert target.read_bytes() == before


def test_fmt_rewrites_when_nothing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the test above: without a fault, fmt does change the file."""
    target, before = copy_in(BAD / "support-cycle.ttl", tmp_path)
    assert _run_main(monkeypatch, "fmt", "--drop-comments", target) == 0
    assert target.read_bytes() != before
    assert sorted(listing(tmp_path)) == [target.name]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_import_into_failure_keeps_the_previous_file(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "map.json"
    source.write_bytes(AIF)
    target, before = copy_in(CLAIMS, tmp_path)
    where, fake, expected = FAULTS[fault]
    _patch(monkeypatch, where)(fake)
    if expected is InputError:
        assert _run_main(monkeypatch, "import", source, "--from", "aif", "--into", target) == 2
        err = capsys.readouterr().err
        assert err.splitlines()[-1].startswith(f"policy-graph: error: {target}: could not write the file"), err
        assert "Traceback" not in err
    elif expected is KeyboardInterrupt:
        assert _run_main(monkeypatch, "import", source, "--from", "aif", "--into", target) in (1, 130)  # click's "Aborted!" or our 130
    else:  # an unforeseen exception: one line naming the inputs, exit 2 (the top-level guard)
        assert _run_main(monkeypatch, "import", source, "--from", "aif", "--into", target) == 2
        err = capsys.readouterr().err
        assert err.splitlines()[-1].startswith(f"policy-graph: error: {source}, {target}: import failed unexpectedly: RuntimeError: serializer failed"), err
    assert target.read_bytes() == before
    assert listing(tmp_path) == {source.name: AIF, target.name: before}


def test_import_into_works_when_nothing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "map.json"
    source.write_bytes(AIF)
    target, _before = copy_in(CLAIMS, tmp_path)
    assert _run_main(monkeypatch, "import", source, "--from", "aif", "--into", target) == 0
    assert len(Store.from_files([target])) > len(Store.from_files([CLAIMS]))
    assert sorted(listing(tmp_path)) == sorted([source.name, target.name])


def test_permissions_survive_a_rewrite(tmp_path: Path) -> None:
    target, _ = copy_in(CLAIMS, tmp_path)
    os.chmod(target, 0o640)
    atomic_write(target, "x")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_a_new_file_gets_the_mode_the_umask_gives(mask: int, tmp_path: Path) -> None:
    """Not the temporary file's 0600: a map or export written for others must be readable."""
    before = os.umask(mask)
    try:
        atomic_write(tmp_path / "new.html", "x")
    finally:
        os.umask(before)
    assert (tmp_path / "new.html").stat().st_mode & 0o777 == 0o666 & ~mask
