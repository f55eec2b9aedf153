"""Input that used to crash (a segmentation fault, a RecursionError, a traceback) is refused or
handled with one line and exit 2, and nothing is changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import BAD, CLAIMS, cli, copy_in, listing

pytestmark = pytest.mark.reliability


def _term_chain(path: Path, terms: int = 5000) -> None:
    """A ~98 KB context whose terms are each defined through the next (the parser overflowed its stack)."""
    context: dict[str, str] = {f"t{i}": f"t{i + 1}:x" for i in range(terms)}
    context[f"t{terms}"] = "http://example.org/"
    path.write_text(json.dumps({"@context": context, "@id": "urn:x:a", "t0": "v"}), encoding="utf-8")


def _nested_objects(path: Path, depth: int = 5000) -> None:
    path.write_text('{"@id": "urn:x:a", "urn:x:p": ' + '{"urn:x:p": ' * depth + '"x"' + "}" * depth + "}", encoding="utf-8")


#: case -> (how to make the file, the message the one line must hold)
JSONLD = {
    "term-chain": (_term_chain, r"term-chain\.jsonld:1: the @context defines term 't\d+' through a chain of more than 100 other terms"),
    "nested-objects": (_nested_objects, r"nested-objects\.jsonld:1: JSON nested more than 500 levels deep"),
}


@pytest.mark.parametrize("case", sorted(JSONLD))
@pytest.mark.parametrize("command", [("stats",), ("validate", "--no-quotes"), ("export", "--to", "aif", "-o", "out.json")])
def test_jsonld_that_crashed_the_parser_is_refused(case: str, command: tuple[str, ...], workdir: Path) -> None:
    import re

    make, problem = JSONLD[case]
    path = workdir / f"{case}.jsonld"
    make(path)
    before = path.read_bytes()
    run = cli(*command, path, cwd=workdir)
    assert run.code == 2, (run.code, run.stderr[-500:])  # was -11 (SIGSEGV)
    assert re.search(problem, run.one_error_line()), run.stderr
    assert listing(workdir) == {path.name: before}


def test_a_context_to_fetch_is_refused_in_plain_words(workdir: Path) -> None:
    path, before = copy_in(BAD / "jsonld-remote-context.jsonld", workdir)
    run = cli("stats", path, cwd=workdir)
    assert run.code == 2
    line = run.one_error_line()
    assert "jsonld-remote-context.jsonld:2: the @context 'https://w3id.org/policy-graph/context.jsonld' is a document to fetch" in line, line
    assert "LoadDocumentCallback" not in line
    assert listing(workdir) == {path.name: before}


def test_a_jsonld_export_too_deep_to_nest_is_refused(workdir: Path) -> None:
    deep = workdir / "deep.ttl"
    deep.write_text("<urn:x:a> <urn:x:p> " + "[ <urn:x:p> " * 450 + "<urn:x:o>" + " ]" * 450 + " .\n", encoding="utf-8")
    before = deep.read_bytes()
    run = cli("export", "--to", "jsonld", "-o", "out.jsonld", deep, cwd=workdir)
    assert run.code == 2
    assert "blank nodes nested 450 deep; the JSON-LD export writes them nested and stops at 200" in run.one_error_line()
    assert listing(workdir) == {"deep.ttl": before}


def test_a_jsonld_export_of_the_data_reads_back(workdir: Path) -> None:
    """The control: the limits leave real documents alone."""
    assert cli("export", "--to", "jsonld", "-o", "claims.jsonld", CLAIMS, cwd=workdir).code == 0
    assert cli("stats", "claims.jsonld", cwd=workdir).code == 0


@pytest.mark.parametrize("case", ["binary", "latin-1", "proc"])
def test_a_corpus_file_that_cannot_be_read_is_one_line(case: str, workdir: Path) -> None:
    graph, before = copy_in(BAD / "quote-not-in-source.ttl", workdir)
    corpus = workdir / "corpus"
    corpus.mkdir()
    name = "004_f2a92c93a478228c.txt"
    if case == "binary":
        (corpus / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
        problem = "is not UTF-8 text"
    elif case == "latin-1":
        (corpus / name).write_bytes("Le président a dit".encode("latin-1"))
        problem = "is not UTF-8 text"
    else:  # a corpus folder pointing into /proc: reading a process's memory file fails
        shutil.rmtree(corpus)
        corpus = Path("/proc/self")
        graph.write_text(before.decode("utf-8").replace(name, "mem"), encoding="utf-8")
        before = graph.read_bytes()
        problem = "cannot be read"
    for command in (("validate",), ("verify-quotes",), ("stats", "--coverage")):
        run = cli(command[0], graph, *command[1:], "--corpus", corpus, cwd=workdir)
        assert run.code == 2, (command, run)
        assert problem in run.one_error_line(), run.stderr
    assert graph.read_bytes() == before
