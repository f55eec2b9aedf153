"""The command line: every command has help and appears in the README; exit codes; real runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_graph.cli import app
from tests.paths import CHECKOUT, CLAIMS

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def _cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``cwd`` (the checkout by default) with ``env`` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "policy_graph", *args],
        capture_output=True,
        text=True,
        cwd=cwd or CHECKOUT,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str, root: Path) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip()) > 100
    assert f"policy-graph {command}" in (root / "README.md").read_text(encoding="utf-8"), f"{command} missing from README"


def test_exit_codes_are_documented_in_help_and_readme(root: Path) -> None:
    result = runner.invoke(app, ["--help"])
    assert "Exit codes" in result.output
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "Exit codes" in readme or "exit codes" in readme


def test_query_cq1_as_json() -> None:
    result = _cli("query", "cq1-three-mistakes", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sorted({r["position"] for r in rows}) == [1, 2, 3]


def test_query_with_param_and_csv() -> None:
    result = _cli("query", "claims-by-holder", "--param", "holder=:former-minister", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "radicalized" in result.stdout and result.stdout.startswith("holder,claim,label")


def test_query_from_stdin_and_syntax_error_with_line_and_column() -> None:
    bad = subprocess.run([sys.executable, "-m", "policy_graph", "query", "-"], input="SELECT * WHERE {\n ?s ?p \n}", capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
    assert "<text>:3:" in bad.stderr and "syntax error" in bad.stderr


def test_unknown_query_is_exit_2_with_a_hint() -> None:
    result = _cli("query", "no-such-query")
    assert result.returncode == 2 and "policy-graph queries" in result.stderr


def test_queries_lists_every_named_query() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0 and "cq7-footnote" in result.output


def test_fmt_is_idempotent_on_the_data(tmp_path: Path, root: Path) -> None:
    copy = tmp_path / "claims.ttl"
    copy.write_bytes((root / "data" / "claims.ttl").read_bytes())
    assert _cli("fmt", str(copy)).returncode == 0
    first = copy.read_bytes()
    assert _cli("fmt", "--check", str(copy)).returncode == 0
    assert copy.read_bytes() == first == (root / "data" / "claims.ttl").read_bytes(), "data/claims.ttl is not in canonical form"


def test_stats_coverage_meets_the_targets() -> None:
    result = runner.invoke(app, ["stats", "--coverage"])
    assert result.exit_code == 0, result.output
    assert "Claim" in result.output and "Quote coverage" in result.output


def test_verify_quotes_passes_on_the_corpus(corpus_dir: Path) -> None:
    result = _cli("verify-quotes", "--corpus", str(corpus_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 problems" in result.stdout


def test_missing_file_is_one_line_exit_2() -> None:
    result = _cli("stats", "no/such/file.ttl")
    assert result.returncode == 2
    assert result.stderr.strip() == "policy-graph: error: no/such/file.ttl: file not found (check the path)"


def test_validate_engines_agree_on_the_command_line(root: Path) -> None:
    bad = root / "tests" / "data" / "shapes" / "invalid" / "actor-two-labels.ttl"
    reports = [_cli("validate", str(bad), "--no-quotes", "--format", "json", "--shacl-engine", engine) for engine in ("native", "pyshacl")]
    assert [r.returncode for r in reports] == [1, 1], [r.stderr for r in reports]
    native, reference = (json.loads(r.stdout)["findings"] for r in reports)
    assert native == reference and any(f["rule"].startswith("shacl:") for f in native)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["rank", "--by", "nonsense"], "pagerank"),
        (["accept", "--semantics", "nonsense"], "preferred"),
        (["accept", "--show", "nonsense"], "undec"),
        (["export", "--to", "nonsense"], "graphml"),
        (["query", "cq1-three-mistakes", "--format", "nonsense"], "csv"),
        (["validate", "--shacl-engine", "nonsense"], "pyshacl"),
        (["validate", "--format", "csv"], "'table', 'json'"),
        (["path", ":macron", ":putin", "--k", "0"], "greater than or equal to 1 | x>=1"),
        (["rank", "--top", "-5"], "greater than or equal to 1 | x>=1"),
        (["query", "cq1-three-mistakes", "--limit", "-1"], "greater than or equal to 0 | x>=0"),
        (["query", "cq1-three-mistakes", "--timeout", "-1"], "greater than or equal to | x>= | 0.001<=x<=86400"),
        (["render", "argument", "-o", "map.html", "--focus", ":macron", "--depth", "-1"], "greater than or equal to 0 | x>=0"),
    ],
)
def test_a_bad_choice_is_a_usage_error_that_names_the_choices(args: list[str], named: str) -> None:
    """Out-of-range and unknown option values are refused before any work (exit 2), never a traceback.

    ``named``: what the message names, as typer words it (" | " between the wordings of typer's
    own click, 0.29 on, and of click before it)."""
    result = _cli(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and any(wording in result.stderr for wording in named.split(" | "))


def test_the_command_line_offers_every_ranking_and_semantics_of_the_library() -> None:
    """The CLI's choices are spelled out (importing the analysis would slow every command's start)."""
    from typing import get_args

    from policy_graph import cli
    from policy_graph.analysis.argumentation import Semantics
    from policy_graph.analysis.centrality import By

    assert [c.value for c in cli.RankingName] == list(get_args(By))
    assert [c.value for c in cli.SemanticsName] == list(get_args(Semantics))


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["fmt", "x.nt"], "fmt rewrites Turtle files (.ttl) only"),
        (["fmt", "folder"], "fmt rewrites Turtle files (.ttl) only"),
        (["render", "full", "in.ttl", "-o", "in.ttl"], "the output is one of the input files"),
        (["export", "in.ttl", "--to", "jsonld", "-o", "in.ttl"], "the output is one of the input files"),
        (["export", "--to", "aif", "-o", "-"], "the output must be a file name"),
        (["render", "full", "-o", "folder"], "the output must be a file name"),
        (["render", "full", "-o", "map.dot", "--format", "html"], "does not match the file's suffix .dot"),
        (["render", "argument", "in.ttl", "-o", "map.pdf"], "cannot write a map as .pdf"),
        (["atlas", "in.ttl", "-o", "x.nt"], "the output must be a folder"),
        (["demo", "-o", "x.nt"], "the output must be a folder"),
        (["validate", "folder"], "the folder holds no RDF file"),
        (["query", "bad.rq"], "invalid UTF-8 byte 0xff"),
        (["push", "x.nt", "--endpoint", "http://[::1/query"], "not a usable http(s) URL"),
        (["push", "x.nt", "--endpoint", "http://127.0.0.1:9/query", "--store-url", "nope"], "nope: not an http(s) URL"),
        (["ach", ":macron", "--data", "in.ttl"], "has no parts to compare"),
        (["ach", ":macron", ":putin", "--data", "in.ttl"], "no claim supports or attacks these hypotheses"),
        (["stats"], "no graph given and no data/claims.ttl in the current folder"),
    ],
)
def test_bad_files_and_outputs_are_refused_and_nothing_is_written(args: list[str], problem: str, tmp_path: Path) -> None:
    """Found by probing the CLI: each of these corrupted a file, wrote the wrong format or was a traceback."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "x.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    (tmp_path / "in.ttl").write_bytes(CLAIMS.read_bytes())
    (tmp_path / "bad.rq").write_bytes(b"\xff\xfeSELECT")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert problem in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert not any((tmp_path / "folder").iterdir())


def test_a_map_takes_its_format_from_the_file_suffix(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_bytes(CLAIMS.read_bytes())
    result = _cli("render", "argument", "-o", "map.dot", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "map.dot").read_text(encoding="utf-8").startswith('digraph "argument"')


def test_serve_refuses_a_port_another_server_listens_on() -> None:
    import socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = _cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in result.stderr


def test_an_ad_hoc_query_binds_iris_written_as_iris_and_refuses_a_parameter_twice() -> None:
    text = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    as_iri = _cli("query", text, "--param", "s=:macron", "--format", "csv")
    assert as_iri.returncode == 0 and as_iri.stdout.splitlines() == ["label", "Emmanuel Macron"], as_iri.stderr
    as_text = _cli("query", "SELECT ?s WHERE { ?s rdfs:label ?label }", "--param", "label=Emmanuel Macron", "--format", "csv")
    assert as_text.stdout.splitlines()[1:] == ["https://w3id.org/policy-graph/id/macron"], as_text.stderr
    twice = _cli("query", text, "-p", "s=:macron", "-p", "s=:putin")
    assert twice.returncode == 2 and "given twice" in twice.stderr


def test_a_node_outside_the_view_is_named_as_such_and_an_import_of_the_wrong_form_is_refused(tmp_path: Path) -> None:
    outside = _cli("path", ":macron", ":putin", "--view", "argument")
    assert outside.returncode == 2 and "no node of the argument view matches ':macron'" in outside.stderr
    aif = tmp_path / "map.json"
    aif.write_text('{"nodes": [{"nodeID": "1", "text": "A claim", "type": "I"}], "edges": []}', encoding="utf-8")
    wrong = _cli("import", str(aif), "--from", "argdown")
    assert wrong.returncode == 2 and "no statement found in it as argdown" in wrong.stderr and "--from aif" in wrong.stderr
    right = _cli("import", str(aif), "--from", "aif")
    assert right.returncode == 0 and "A claim" in right.stdout, right.stderr


def test_the_default_graph_is_data_claims_ttl_of_the_current_folder_or_policy_graph_data(tmp_path: Path) -> None:
    """Not the checkout's graph: a user's own data/claims.ttl, or the file $POLICY_GRAPH_DATA names."""
    own = tmp_path / "data" / "claims.ttl"
    own.parent.mkdir()
    own.write_text("@prefix pg: <https://w3id.org/policy-graph/ns#> .\n<urn:x:a> a pg:Claim .\n", encoding="utf-8")
    counted = _cli("query", "stats-classes", "--format", "csv", cwd=tmp_path)
    assert counted.stdout.splitlines()[1:] == ["https://w3id.org/policy-graph/ns#Claim,1"], counted.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = _cli("query", "stats-classes", "--format", "csv", cwd=elsewhere, env={"POLICY_GRAPH_DATA": str(own)})
    assert named.stdout == counted.stdout, named.stderr
    missing = _cli("stats", cwd=elsewhere, env={"POLICY_GRAPH_DATA": "nowhere.ttl"})
    assert missing.returncode == 2 and missing.stderr.strip() == (
        "policy-graph: error: nowhere.ttl: no graph there ($POLICY_GRAPH_DATA) "
        "(set POLICY_GRAPH_DATA to an RDF file or folder, or give files as arguments)"
    )
