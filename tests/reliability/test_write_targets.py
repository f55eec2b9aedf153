"""Writes never lose an update and never clobber what is not a file.

Two imports into one file both land (a lock around read-merge-write); a symbolic link is
written through to its target; a FIFO, a device or a folder is refused as an output; the two
files of a CSV export are written both or neither.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import CLAIMS, cli, copy_in, listing

import policy_graph.store as store_module
from policy_graph.errors import InputError
from policy_graph.store import Store, atomic_write, atomic_write_all, locked

pytestmark = pytest.mark.reliability

ID = "https://w3id.org/policy-graph/id/"


def _aif(number: int) -> str:
    return (
        f'{{"nodes": [{{"nodeID": "1", "text": "Claim {number} one", "type": "I"}}, {{"nodeID": "2", "text": "Claim {number} two", "type": "I"}},'
        ' {"nodeID": "3", "text": "Default Inference", "type": "RA"}],'
        ' "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "2"}], "locutions": []}'
    )


def test_concurrent_imports_into_one_file_all_land(workdir: Path) -> None:
    """Four imports started together: each read the file, merged and wrote it; one lost the others' (4 runs of 4)."""
    target, _ = copy_in(CLAIMS, workdir)
    sources = []
    for number in range(4):
        source = workdir / f"map{number}.json"
        source.write_text(_aif(number), encoding="utf-8")
        sources.append(source)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "policy_graph", "import", str(source), "--from", "aif", "--into", str(target)],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for source in sources
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    text = target.read_text(encoding="utf-8")
    for number in range(4):
        assert f"Claim {number} one" in text, f"the import of map{number}.json was lost"
    assert sorted(listing(workdir)) == sorted([target.name, *(s.name for s in sources)]), "no lock or temporary file is left"


def test_locks_exclude_threads_of_one_process(tmp_path: Path) -> None:
    target = tmp_path / "counter.txt"
    target.write_text("0")

    def add_one() -> None:
        for _ in range(20):
            with locked(target):
                value = int(target.read_text())
                atomic_write(target, str(value + 1))  # re-entrant: takes the same lock again

    workers = [threading.Thread(target=add_one) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert target.read_text() == "80"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.txt"]


def test_a_held_lock_times_out_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "claims.ttl"
    target.write_text("x")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import time; from pathlib import Path; from policy_graph.store import locked\nwith locked(Path({str(target)!r})):\n    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match=r"claims\.ttl: another process has been writing the file for over 0 s \(try again when it is done\)"), locked(target, timeout=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()
    assert target.read_text() == "x"


def test_a_symbolic_link_is_written_through(workdir: Path) -> None:
    real, _ = copy_in(CLAIMS, workdir)
    (workdir / "data").mkdir()
    link = workdir / "data" / "link.ttl"
    link.symlink_to(real)
    source = workdir / "map.json"
    source.write_text(_aif(7), encoding="utf-8")
    run = cli("import", source, "--from", "aif", "--into", link, cwd=workdir)
    assert run.code == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == str(real), "the link stays a link"
    assert "Claim 7 one" in real.read_text(encoding="utf-8"), "the import landed in the link's target"
    assert len(Store.from_files([real])) > len(Store.from_files([CLAIMS]))


def test_a_fifo_is_refused_as_an_output(workdir: Path) -> None:
    """Opening a FIFO to write would block; replacing it would destroy it: neither happens."""
    fifo = workdir / "out.jsonld"
    os.mkfifo(fifo)
    run = cli("export", "--to", "jsonld", "-o", fifo, CLAIMS, cwd=workdir, timeout=60)
    assert run.code == 2
    line = run.one_error_line()
    assert "out.jsonld: is a FIFO, not a regular file: policy-graph never replaces one (write to a regular file" in line, line
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in workdir.iterdir()] == ["out.jsonld"]


def test_a_fifo_is_refused_as_an_input(workdir: Path) -> None:
    """Reading a FIFO nobody writes to would wait forever (fmt, import --into read their target)."""
    fifo = workdir / "graph.ttl"
    os.mkfifo(fifo)
    source = workdir / "map.json"
    source.write_text(_aif(3), encoding="utf-8")
    for args in (("stats", fifo), ("fmt", fifo), ("import", source, "--from", "aif", "--into", fifo)):
        run = cli(*args, cwd=workdir, timeout=60)
        assert run.code == 2, run
        assert "graph.ttl: is not a regular file (a FIFO, socket or device) (give an RDF file)" in run.one_error_line()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_null_is_never_replaced(workdir: Path) -> None:
    before = os.stat("/dev/null")
    run = cli("export", "--to", "jsonld", "-o", "/dev/null", CLAIMS, cwd=workdir)
    assert run.code == 2
    assert "/dev/null: is a device, not a regular file" in run.one_error_line()
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_csv_export_writes_both_tables_or_neither(workdir: Path) -> None:
    nodes = workdir / "out.csv"
    nodes.write_text("old nodes\n")
    (workdir / "out-edges.csv").mkdir()  # the edges table cannot be written
    run = cli("export", "--to", "csv", "-o", nodes, CLAIMS, cwd=workdir)
    assert run.code == 2
    line = run.one_error_line()
    assert "out-edges.csv: cannot write over a folder (give a file name; no file was changed)" in line, line
    assert nodes.read_text() == "old nodes\n"
    assert listing(workdir) == {"out.csv": b"old nodes\n"}


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    first.write_text("old nodes")
    renames = []
    real_replace = os.replace

    def second_rename_fails(source: str, target: str | Path) -> None:
        renames.append(target)
        if len(renames) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(store_module.os, "replace", second_rename_fails)
    with pytest.raises(InputError, match=r"could not write the file: No space left on device \(no file was changed\)"):
        atomic_write_all({first: "new nodes", second: "new edges"})
    monkeypatch.undo()
    assert first.read_text() == "old nodes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nodes.csv"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("comments-fmt-cannot-keep.ttl", "comments-fmt-cannot-keep.ttl:1:1: a comment, which rewriting the file would drop"),
        ("relative-iri.ttl", "relative-iri.ttl:5:18: a relative IRI, which rewriting the file would turn into an absolute one"),
    ],
)
def test_import_into_refuses_a_target_it_would_change_silently(name: str, problem: str, workdir: Path) -> None:
    from conftest import BAD

    target, before = copy_in(BAD / name, workdir)
    source = workdir / "map.json"
    source.write_text(_aif(6), encoding="utf-8")
    run = cli("import", source, "--from", "aif", "--into", target, cwd=workdir)
    assert run.code == 2
    assert problem in run.one_error_line(), run.stderr
    assert target.read_bytes() == before


def test_a_rollback_that_fails_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a replaced file cannot be put back, the message must not say that nothing changed."""
    first, second = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    first.write_text("old nodes")
    second.write_text("old edges")
    calls = []
    real_replace = os.replace

    def only_the_first_rename_works(source: str, target: str | Path) -> None:
        calls.append(target)
        if len(calls) > 1:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(store_module.os, "replace", only_the_first_rename_works)
    with pytest.raises(InputError, match=r"nodes\.csv: could not write the files, nor put back .*nodes\.csv.*\(restore it from a copy; the other files are unchanged\)") as raised:
        atomic_write_all({first: "new nodes", second: "new edges"})
    assert "no file was changed" not in str(raised.value)
    monkeypatch.undo()
    assert second.read_text() == "old edges"
