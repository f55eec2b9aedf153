"""The main job on the embedded default: validate, answer the competency questions, write the maps.

``policy-graph demo --output out`` writes ``out/answers.md`` (CQ1-CQ10 answered from
data/claims.ttl by named queries and graph analyses), the whole views ``out/maps/*.html`` and
the atlas of focused maps ``out/atlas/index.html``, and prints where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .resources import corpus_dir as default_corpus
from .resources import data_file
from .store import Store, atomic_write
from .vocabulary import ViewName as View

__all__ = ["answer_competency_questions", "run_demo"]

MAPS: tuple[View, ...] = ("argument", "causal", "actors", "timeline")
#: CQ9's two ends: Macron's belief in a relationship of trust, his February 2024 statement.
CQ9_ENDS = (":cl-mistake-1-putin-pragmatic", ":cl-ground-troops-not-excluded")


def _rows_md(rows: list[dict[str, Any]], columns: list[str], limit: int = 40) -> str:
    """A Markdown table of ``columns``, each cell on one line and cut at a word after 160 characters."""
    from .render.grammar import truncate as cut

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:limit]:
        cells = [cut("" if row.get(c) is None else str(row[c]), 160).replace("|", "\\|") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    if len(rows) > limit:
        lines.append(f"\n... and {len(rows) - limit} more rows")
    return "\n".join(lines)


def answer_competency_questions(store: Store) -> str:
    """CQ1-CQ10 as Markdown, each answered by running its named query or analysis on ``store``."""
    from .analysis import attack_framework, explanation_paths, grounded_extension, rank
    from .project import project, resolve
    from .query import select

    parts = ["# Competency questions, answered from data/claims.ttl\n"]
    named = [
        ("CQ1. The three major mistakes, in order", "cq1-three-mistakes", {}, ["position", "label", "holder", "exact", "footnote"]),
        ("CQ2. Why the new approach? Factors and evidence", "cq2-new-approach-factors", {}, ["position", "factorLabel", "weight", "hedge", "evidenceLabel", "evidenceKind"]),
        ("CQ3. Who spoke of “radicalization by disappointment”, and what it explains", "cq3-radicalization-by-disappointment", {}, ["speakerRole", "explainedLabel", "footnote", "eventLabel", "date"]),
        ("CQ4. Dated events of both documents, in order", "cq4-dated-events", {}, ["date", "precision", "endDate", "certainty", "label", "file"]),
        ("CQ5. The Versailles meeting of 29 May 2017 in both documents", "cq5-versailles-meeting", {}, ["event", "label", "file", "claimLabel"]),
        ("CQ6. The three interpretations of Moscow's attitude (2018)", "cq6-three-interpretations", {}, ["label", "rivalLabel", "statementLabel"]),
        ("CQ7. What footnote lxvii sources", "cq7-footnote", {"footnote": "lxvii"}, ["kind", "label", "holder", "exact", "file"]),
    ]
    for title, query, params, columns in named:
        rows = select(query, store, params).to_python()
        parts.append(f"## {title}\n\n`policy-graph query {query}`\n\n{_rows_md(rows, columns, limit=120 if query.startswith('cq4') else 40)}\n")

    full = project(store, "full")
    cq8 = []
    for by in ("pagerank", "betweenness"):
        ranking = rank(full, by=by)
        actors = [full.nodes[n]["label"] for n, _ in ranking if full.nodes[n]["kind"] == "actor"][:5]
        people = [full.nodes[n]["label"] for n, _ in ranking if full.nodes[n].get("type") == "Person"][:5]
        cq8.append({"measure": by, "top actors": ", ".join(actors), "top people": ", ".join(people)})
    parts.append(f"## CQ8. The most central actors\n\n`policy-graph rank --by pagerank`\n\n{_rows_md(cq8, ['measure', 'top actors', 'top people'])}\n")

    start, end = (resolve(full, name) for name in CQ9_ENDS)
    chain = explanation_paths(full, start, end, k=1)[0]
    steps = [{"from": full.nodes[s["u"]]["label"], "link": s["kind"], "asserted by": s.get("asserted_by_label"), "to": full.nodes[s["v"]]["label"], "quote": s.get("quote")} for s in chain]
    parts.append(f"## CQ9. From the belief in trust with Putin to “nothing must be excluded”\n\n`policy-graph path {' '.join(CQ9_ENDS)}`\n\n{_rows_md(steps, ['from', 'link', 'asserted by', 'to', 'quote'])}\n")

    argument = project(store, "argument")
    framework = attack_framework(argument)
    grounded = grounded_extension(framework)
    conflicts = select("conflicts", store).to_python()
    parts.append(
        "## CQ10. Conflicting statements, and what stands under grounded semantics\n\n`policy-graph query conflicts`, `policy-graph accept`\n\n"
        + _rows_md(conflicts, ["attackerLabel", "attackerHolder", "attackedLabel", "attackedHolder", "assertedBy", "exact"])
        + "\n\nIn the grounded extension (of the arguments in conflicts): "
        + "; ".join(sorted(argument.nodes[n].get("label", n) for n in grounded if framework.degree(n) > 0))
        + "\n"
    )
    return "\n".join(parts)


def run_demo(output: Path, *, corpus_dir: Path | None = None, files: list[Path] | None = None) -> int:
    """Validate the graph (``files``, else `resources.data_file`), answer CQ1-CQ10 into
    ``output/answers.md``, write the maps; exit code."""
    from . import render
    from .project import project
    from .render.atlas import write_atlas
    from .validate import validate

    files = files or [data_file()]
    store = Store.from_files(files)
    report = validate(store, corpus_dir=corpus_dir or default_corpus())
    print(f"validated {', '.join(p.name for p in files)}: {report.triples} triples, {len(report.findings)} findings {report.counts() or ''}")
    for finding in report.findings[:20]:
        print(f"  {finding.severity}: {finding.focus}: {finding.message} [{finding.rule}]")

    output.mkdir(parents=True, exist_ok=True)
    answers = output / "answers.md"
    atomic_write(answers, answer_competency_questions(store))
    print(f"answered CQ1-CQ10: {answers}")

    maps = output / "maps"
    maps.mkdir(exist_ok=True)
    for view in MAPS:
        graph = project(store, view)
        page = render.render_html(graph, maps / f"{view}.html", title=f"policy-graph: {view} map", size_by="pagerank")
        print(f"wrote {page} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")
    full = project(store, "full")
    index = write_atlas(full, output / "atlas")
    print(f"wrote the atlas: {index} ({len(list(index.parent.glob('*.html'))) - 1} maps)")
    print(f"open {index} in a browser (works offline)")
    return 0 if report.conforms else 1
