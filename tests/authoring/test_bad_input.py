"""Bad authoring input: one line with file:line:column per problem, exit 2, the graph file untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_graph.cli import app

runner = CliRunner()


def _build(project: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--sources", str(project / "sources"), "--corpus", str(project / "corpus"), "-o", str(project / "data" / "claims.ttl")])
    return result.exit_code, result.output


# (what is wrong, text replaced, replacement, expected line:column, expected words)
CASES = [
    ("quote not in the text", "quote: a pragmatic and reasonable man", "quote: a pragmatic and sensible man", "sample.yaml:49:12", "closest passage (text line 2): “a pragmatic and reasonable man.”"),
    ("unknown actor", "holder: macron\n", "holder: macronn\n", "sample.yaml:42:13", "unknown actor 'macronn' (did you mean macron?)"),
    ("unknown actor by a near label", "agent: Vladimir Putin", "agent: Vladimir Poutine", "sample.yaml:19:12", "did you mean putin?"),
    ("one id twice in a section", "  cl-failed:\n", "  cl-hope:\n", "sample.yaml:77:3", "'cl-hope' is given twice here"),
    ("two nodes with one id", "claims:\n", "claims:\n  ev-versailles:\n    label: x\n    holder: author\n    quote: the dialogue failed\n", "sample.yaml:40:3", "'ev-versailles' is already defined at"),
    ("a relation to nothing", "attacks: cl-not-pragmatic", "attacks: cl-nothing", "sample.yaml:53:16", "unknown claim or event or explanation or relation 'cl-nothing'"),
    ("a malformed date", "date: '2017-05-29'", "date: 29 May 2017", "sample.yaml:16:11", "date: String should match pattern"),
    ("a YAML syntax error", "label: Putin is not pragmatic", "label: [Putin is not pragmatic", "sample.yaml:61:11", "YAML syntax error"),
    ("an actor where an event is needed", "stated_at: ev-versailles", "stated_at: macron", "sample.yaml:44:16", "'macron' is an actor, not an event"),
    ("an unknown field", "    hedge: probably", "    hedges: probably", "sample.yaml:45:5", "unknown field 'hedges'"),
]


@pytest.mark.parametrize(("what", "old", "new", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_at_its_place_and_changes_nothing(project: Path, what: str, old: str, new: str, where: str, words: str) -> None:
    code, _ = _build(project)
    assert code == 0
    graph_file = project / "data" / "claims.ttl"
    before = graph_file.read_bytes()
    source = project / "sources" / "sample.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, output = _build(project)
    assert code == 2, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert re.search(re.escape(where) + r"\d*: ", lines[0]), lines[0]
    assert words in lines[0]
    assert graph_file.read_bytes() == before


def test_a_probable_duplicate_is_a_warning(project: Path) -> None:
    assert _build(project)[0] == 0
    source = project / "sources" / "sample.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("claims:\n", "claims:\n  cl-failure:\n    label: The dialogue has failed\n    holder: author\n    quote: the dialogue failed\n", 1), encoding="utf-8")
    code, output = _build(project)
    assert code == 0, output
    assert "sample.yaml:40:3: warning: cl-failure is a probable duplicate of cl-failed" in output


def test_a_label_names_an_actor(project: Path) -> None:
    source = project / "sources" / "sample.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("holder: macron\n", "holder: President Macron\n"), encoding="utf-8")
    code, output = _build(project)
    assert code == 0, output
    assert "prov:wasAttributedTo :macron" in (project / "data" / "claims.ttl").read_text(encoding="utf-8")


HOSTILE = [
    ("an alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "anchors and aliases"),
    ("deep nesting", "a: " + "[" * 50 + "]" * 50 + "\n", "levels deep"),
    ("deeper nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
    ("a list at the top", "- a\n- b\n", "Input should be a valid dictionary"),
    ("not UTF-8", b"source:\n  title: \xff\xfe\n", "cannot read the file"),
    ("a key that is a mapping", "? {a: b}\n: c\n", "a mapping key must be a plain word"),
]


@pytest.mark.parametrize(("what", "content", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_is_one_line(project: Path, what: str, content: str | bytes, words: str) -> None:
    source = project / "sources" / "sample.yaml"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, output = _build(project)
    assert code == 2, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0] and "sample.yaml:" in lines[0], output
