"""The competency answers of `policy-graph demo` (out/answers.md): every column a question needs,
one row per thing, long texts cut at a word."""

from __future__ import annotations

import re

import pytest

from policy_graph.demo import answer_competency_questions
from policy_graph.query import select
from policy_graph.store import Store


@pytest.fixture(scope="module")
def answers(store: Store) -> str:
    return answer_competency_questions(store)


def _table(answers: str, question: str) -> list[dict[str, str]]:
    """The rows of the Markdown table under the heading ``## {question}.``, by column name."""
    section = answers.split(f"## {question}.", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = _cells(lines[0])
    return [dict(zip(header, _cells(line))) for line in lines[2:]]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_cq5_shows_the_claims_of_each_source(answers: str) -> None:
    rows = _table(answers, "CQ5")
    assert rows and all(row["claimLabel"] for row in rows), "CQ5 must show which claim of each source is about the meeting"
    assert {row["file"][:3] for row in rows} == {"000", "004"}


def test_cq4_shows_each_event_once_per_source_with_its_end(answers: str, store: Store) -> None:
    rows = _table(answers, "CQ4")
    expected = {(r["event"], r["file"]) for r in select("cq4-dated-events", store).to_python()}
    assert len(rows) == len(expected)
    assert "endDate" in rows[0]
    assert any(row["endDate"] == "2018-05-25" for row in rows)


def test_long_cells_are_cut_at_a_word(answers: str, store: Store) -> None:
    full = " ".join(str(v) for name in ("cq5-versailles-meeting", "cq7-footnote", "conflicts") for row in select(name, store, {"footnote": "lxvii"} if name == "cq7-footnote" else {}).to_python() for v in row.values() if v)
    cells = [cell for question in ("CQ5", "CQ7", "CQ10") for row in _table(answers, question) for cell in row.values()]
    cut_cells = [cell for cell in cells if cell.endswith("…")]
    assert cut_cells, "no long cell was cut: the check would prove nothing"
    for cell in cut_cells:
        stem = cell.removesuffix("…").replace("\\|", "|")
        assert re.search(re.escape(stem) + r"[\s,;:]", full), f"cut mid-word: {cell!r}"


@pytest.mark.parametrize("question", [f"CQ{n}" for n in range(1, 11)])
def test_no_two_rows_of_an_answer_look_alike(answers: str, question: str) -> None:
    """Rows that differ only in a column the table leaves out would read as duplicates."""
    rows = [tuple(row.values()) for row in _table(answers, question)]
    assert rows, f"{question} has no rows"
    assert len(set(rows)) == len(rows), [row for row in rows if rows.count(row) > 1][:2]
