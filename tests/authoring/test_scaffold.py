"""Starting a document (new-source), what is left to quote (coverage) and finding what exists (search)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from policy_graph.authoring.scaffold import coverage
from policy_graph.authoring.search import search
from policy_graph.cli import app
from policy_graph.store import Store
from tests.paths import CLAIMS

runner = CliRunner()

BRIEF = """A short brief.

Emmanuel Macron met the Chancellor in Berlin on a rainy day in March 2024.[i]
The two leaders disagreed about sending long-range missiles to Ukraine, says our correspondent.[ii]
Short one.
"""


def _new_source(project: Path, text: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["new-source", str(text), "--title", "A brief", "--author", "Jane Doe", "--date", "2024-03-15",
         "--sources", str(project / "sources"), "--corpus", str(project / "corpus"), *extra],
    )
    return result.exit_code, result.output


def test_new_source_lists_every_sentence_and_marker_and_registers_the_author(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "brief.txt"
    text.write_text(BRIEF, encoding="utf-8")
    code, output = _new_source(project, text)
    assert code == 0, output
    written = (project / "sources" / "brief.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=source.schema.json\n")
    assert "#   3: Emmanuel Macron met the Chancellor in Berlin on a rainy day in March 2024.[i]" in written
    assert "#   4: The two leaders disagreed about sending long-range missiles to Ukraine, says our correspondent.[ii]" in written
    assert "#   5: Short one." in written
    assert "[i] line 3, [ii] line 4" in written
    assert (project / "corpus" / "brief.txt").read_text(encoding="utf-8") == BRIEF
    assert "  jane-doe:\n    kind: Person\n    label: 'Jane Doe'\n" in (project / "sources" / "registry.yaml").read_text(encoding="utf-8")
    # the starter file builds, and coverage lists what is left: both long sentences and both markers
    [report] = coverage(project / "sources", project / "corpus", "brief")
    assert [line for line, _ in report.open_sentences] == [3, 4]
    assert report.open_markers == [(3, "i"), (4, "ii")]


def test_new_source_refuses_to_overwrite_and_a_bad_date(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "brief.txt"
    text.write_text(BRIEF, encoding="utf-8")
    assert _new_source(project, text)[0] == 0
    registry = (project / "sources" / "registry.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["new-source", str(text), "--title", "x", "--author", "Jane Doe", "--date", "2024", "--sources", str(project / "sources"), "--corpus", str(project / "corpus")])
    assert result.exit_code != 0
    assert "has an authoring file already" in str(result.exception)
    assert (project / "sources" / "registry.yaml").read_text(encoding="utf-8") == registry  # Jane Doe is known now: not added twice
    result = runner.invoke(app, ["new-source", str(text), "--title", "x", "--author", "macron", "--date", "March 2024", "--name", "other", "--sources", str(project / "sources"), "--corpus", str(project / "corpus")])
    assert "--date: 'March 2024' is not a date" in str(result.exception)
    assert not (project / "sources" / "other.yaml").exists()


def test_new_source_refuses_an_author_without_a_name(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "brief.txt"
    text.write_text(BRIEF, encoding="utf-8")
    registry = (project / "sources" / "registry.yaml").read_bytes()
    result = runner.invoke(app, ["new-source", str(text), "--title", "x", "--author", "...", "--date", "2024", "--sources", str(project / "sources"), "--corpus", str(project / "corpus")])
    assert "--author '...' has no letter or digit" in str(result.exception)
    assert (project / "sources" / "registry.yaml").read_bytes() == registry  # "..." would end the YAML document
    assert not (project / "sources" / "brief.yaml").exists()


def test_coverage_drops_a_sentence_once_quoted(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "brief.txt"
    text.write_text(BRIEF, encoding="utf-8")
    assert _new_source(project, text)[0] == 0
    source = project / "sources" / "brief.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "claims:\n  cl-met:\n    label: Macron met the Chancellor\n    holder: Macron\n    quote: met the Chancellor in Berlin on a rainy day in March 2024\n", encoding="utf-8")
    result = runner.invoke(app, ["coverage", "brief", "--sources", str(project / "sources"), "--corpus", str(project / "corpus")])
    assert result.exit_code == 1, result.output
    assert "1/2 sentences of 8+ words quoted, 1/2 footnote markers attached" in result.output
    assert "line 4: The two leaders disagreed" in result.output
    assert "line 4: footnote [ii] not attached" in result.output
    assert "line 3" not in result.output


def test_search_folds_case_accents_and_apostrophes() -> None:
    store = Store.from_files([CLAIMS])
    assert search(store, "carrere d'encausse")[0].node == "carrere-dencausse"
    assert search(store, "HÉLÈNE")[0].words == ("Hélène",)
    top = search(store, "macron")[0]
    assert (top.node, top.kind, top.field) == ("macron", "Person", "label")
    footnote = search(store, "lxvii")[0]
    assert (footnote.field, footnote.text, footnote.source) == ("footnote", "lxvii", "src-minic-2024")
    assert search(store, "pragmatic reasonable")[0].field in ("label", "quote")
    assert search(store, "no such words anywhere") == []


def test_search_command_prints_id_kind_source_and_words() -> None:
    result = runner.invoke(app, ["search", "versailles", str(CLAIMS), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "place-versailles" in result.output and "Place" in result.output and "3 hits" in result.output
    assert runner.invoke(app, ["search", "zzzqqq", str(CLAIMS)]).exit_code == 1
