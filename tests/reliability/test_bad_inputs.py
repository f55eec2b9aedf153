"""The bad-input corpus (tests/data/bad): every file is refused whole, in one line, unchanged.

Syntax-level faults fail loading, so every command exits 2 with ``file:line:col: problem (hint)``.
Semantic faults load and are findings of ``validate`` (exit 1) that name the focus node.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BAD, CLAIMS, CORPUS, cli, copy_in, listing

pytestmark = pytest.mark.reliability

ID = "https://w3id.org/policy-graph/id/"

#: file -> (line it must name or None, regex the problem must match)
SYNTAX = {
    "malformed-turtle.ttl": (12, r"blank node property lists should end with a '\]'"),
    "malformed-ntriples.nt": (2, r"[Uu]nexpected end of file|string"),
    "malformed-jsonld.jsonld": (5, r"[Tt]railing comma"),
    "unknown-prefix.ttl": (8, r"prefix schema: has not been declared"),
    "invalid-utf8.ttl": (5, r"invalid UTF-8 byte 0xe9"),
    "binary-file.ttl": (None, r"the file is binary"),
    "empty-file.ttl": (None, r"the file is empty"),
    "wrong-datatype-date.ttl": (11, r'"2022-13-45" is not a valid xsd:date'),
    "triple-term.ttl": (9, r"a quoted triple \(RDF-star, RDF 1\.2\), which the graph's model has no place for"),
}

#: file -> (focus node that must be named, rule that must fire)
SEMANTIC = {
    "dangling-iri.ttl": (ID + "cl-futil", "check:iri-used-but-undescribed"),
    "claim-without-anchor.ttl": (ID + "cl-unanchored", "check:claim-without-anchor"),
    "quote-not-in-source.ttl": (ID + "cl-futile", "anchor:quote-verbatim"),
    "self-attacking-claim.ttl": (ID + "rel-self-attack", "check:self-attack"),
    "support-cycle.ttl": (ID + "rel-futile-supports-lured", "check:support-cycle"),
}

COMMANDS = {
    "stats": ("stats",),
    "validate": ("validate", "--no-quotes"),
    "fmt": ("fmt",),
    "fmt --check": ("fmt", "--check"),
    "verify-quotes": ("verify-quotes", "--corpus", str(CORPUS)),
    "query": ("query", "stats-classes"),
}


def _check_message(line: str, name: str, expected_line: int | None, problem: str) -> None:
    where = re.escape(name) + (f":{expected_line}(:\\d+)?" if expected_line else "")
    assert re.search(rf"policy-graph: error: \S*{where}: ", line), line
    assert re.search(problem, line), line
    assert re.search(r"\(.+\)$", line), f"no hint in: {line}"


def test_the_corpus_is_complete() -> None:
    names = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert set(SYNTAX) | set(SEMANTIC) | {"aif-edge-to-missing-node.json", "malformed-argdown.argdown"} <= names


@pytest.mark.parametrize("name", sorted(SYNTAX))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_syntax_faults_fail_loading_in_every_command(name: str, command: str, workdir: Path) -> None:
    args = (*COMMANDS[command], name) if command == "query" else (COMMANDS[command][0], name, *COMMANDS[command][1:])
    path, before = copy_in(BAD / name, workdir)
    run = cli(*args, cwd=workdir)
    assert run.code == 2, run
    if command.startswith("fmt") and path.suffix != ".ttl":  # fmt rewrites Turtle only: refused before parsing
        _check_message(run.one_error_line(), name, None, r"fmt rewrites Turtle files \(\.ttl\) only")
    else:
        _check_message(run.one_error_line(), name, *SYNTAX[name])
    assert path.read_bytes() == before
    assert listing(workdir) == {name: before}, "no output or temporary file may be left"


@pytest.mark.parametrize("name", sorted(SEMANTIC))
def test_semantic_faults_are_findings_naming_the_focus_node(name: str, workdir: Path) -> None:
    import json

    path, before = copy_in(BAD / name, workdir)
    run = cli("validate", path, "--corpus", CORPUS, "--format", "json", cwd=workdir)
    assert run.code == 1, run
    assert run.stderr == "", run.stderr
    focus, rule = SEMANTIC[name]
    findings = json.loads(run.stdout)["findings"]
    assert any(f["focus"] == focus and f["rule"] == rule for f in findings), findings
    assert path.read_bytes() == before
    table = cli("validate", path, "--corpus", CORPUS, cwd=workdir)
    assert table.code == 1 and "Traceback" not in table.stderr
    assert focus.rsplit("/", 1)[1] in table.stdout.replace("\n", "").replace("│", "").replace(" ", "")


@pytest.mark.parametrize("name", sorted(SEMANTIC))
def test_semantic_faults_only_break_one_thing(name: str) -> None:
    """Apart from the fault the file is named after, nothing else is wrong with it."""
    from policy_graph.store import Store
    from policy_graph.validate import validate

    report = validate(Store.from_files([BAD / name]), corpus_dir=CORPUS)
    focus, _ = SEMANTIC[name]
    offenders = {f.focus for f in report.findings} - {focus}
    # a dangling end or a cycle may also be reported on the node at its other end
    assert len(offenders) <= 1, [f.model_dump() for f in report.findings]


def test_fifty_megabyte_literal_is_refused_cleanly(workdir: Path) -> None:
    """One 50 MB literal (generated here, not committed): refused with the line, no traceback, no echo."""
    path = workdir / "fifty-mb-literal.ttl"
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n")
        out.write('<https://w3id.org/policy-graph/id/macron> rdfs:label "')
        out.write("x" * (50 * 1024 * 1024))
        out.write('" .\n')
    before = path.stat().st_size, path.read_bytes()[-64:]
    for args in (("stats", path), ("validate", path, "--no-quotes"), ("fmt", path)):
        run = cli(*args, cwd=workdir)
        assert run.code == 2, run.stderr[-2000:]
        line = run.one_error_line()
        assert "fifty-mb-literal.ttl:3: " in line and "16 MiB" in line, line
    assert (path.stat().st_size, path.read_bytes()[-64:]) == before
    assert sorted(listing(workdir)) == ["fifty-mb-literal.ttl"]


@pytest.mark.parametrize(
    ("name", "source_format", "problem"),
    [
        ("aif-edge-to-missing-node.json", "aif", r":9: edge 2 toID 99 names a node that is not in"),
        ("aif-list-type.json", "aif", r":4: node 2 has type a list, not a string \(AIF node types are I, RA"),
        ("aif-number-locutions.json", "aif", r':6: "locutions" is a number, not a list'),
        ("aif-object-nodeid.json", "aif", r":4: node number 2 has nodeID an object \(give every node"),
        ("aif-spaces-nodeid.json", "aif", r":4: node number 2 has nodeID '   ' \(give every node"),
        ("malformed-argdown.argdown", "argdown", r":4: a paragraph starts with a relation"),
    ],
)
def test_importers_refuse_bad_files(name: str, source_format: str, problem: str, workdir: Path) -> None:
    path, before = copy_in(BAD / name, workdir)
    into, into_before = copy_in(CLAIMS, workdir)
    for args in (("import", path, "--from", source_format), ("import", path, "--from", source_format, "--into", into)):
        run = cli(*args, cwd=workdir)
        assert run.code == 2, run
        line = run.one_error_line()
        assert re.search(rf"{re.escape(name)}(:\d+)+: ", line), f"file and line must be named: {line}"
        assert re.search(problem, line), line
        assert path.read_bytes() == before
        assert into.read_bytes() == into_before
        assert sorted(listing(workdir)) == sorted([name, into.name])
