"""Corpus files resolve inside the corpus folder: a graph cannot make a command read another file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BAD, cli, copy_in, listing

pytestmark = pytest.mark.reliability

COMMANDS = [("validate",), ("verify-quotes",), ("stats", "--coverage")]
SECRET = "the secret line that must not be read"


def _graph(folder: Path, name: str) -> Path:
    path = folder / "graph.ttl"
    text = (BAD / "corpus-file-outside.ttl").read_text(encoding="utf-8")
    path.write_text(text.replace('"../outside.txt"', f'"{name}"'), encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(SECRET, encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("name", ["../outside.txt", "ABSOLUTE", "sub/../../outside.txt", "link.txt"])
def test_a_corpus_file_outside_the_folder_is_refused(command: tuple[str, ...], name: str, corpus: Path, tmp_path: Path) -> None:
    name = str(tmp_path / "outside.txt") if name == "ABSOLUTE" else name
    graph = _graph(tmp_path, name)
    before = listing(tmp_path)
    run = cli(*command, graph, "--corpus", corpus, cwd=tmp_path)
    assert run.code == 2, run
    line = run.one_error_line()
    assert f"the corpus file {name!r} of https://w3id.org/policy-graph/id/src-outside lies outside the corpus folder" in line
    assert SECRET not in run.stdout + run.stderr
    assert listing(tmp_path) == before


def test_the_bad_file_is_refused_unchanged(corpus: Path, tmp_path: Path) -> None:
    data, before = copy_in(BAD / "corpus-file-outside.ttl", tmp_path)
    run = cli("verify-quotes", data, "--corpus", corpus, cwd=tmp_path)
    assert run.code == 2
    assert "'../outside.txt'" in run.one_error_line() and "(name a file inside the folder" in run.one_error_line()
    assert data.read_bytes() == before


def test_a_corpus_file_inside_the_folder_is_read(corpus: Path, tmp_path: Path) -> None:
    (corpus / "inside.txt").write_text("Some text.", encoding="utf-8")
    run = cli("verify-quotes", _graph(tmp_path, "inside.txt"), "--corpus", corpus, cwd=tmp_path)
    assert run.code == 0, run


def test_a_corpus_file_that_is_not_utf8_is_one_line(corpus: Path, tmp_path: Path) -> None:
    (corpus / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    run = cli("verify-quotes", _graph(tmp_path, "latin1.txt"), "--corpus", corpus, cwd=tmp_path)
    assert run.code == 2
    assert "is not UTF-8 text (byte 3)" in run.one_error_line()
