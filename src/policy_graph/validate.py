"""Validation in one typed report: SHACL shapes, SPARQL quality checks, models and quote anchors.

Non-conformance is a result, not an exception: `validate` returns a `Report` whose findings
each carry a severity, the focus node, the path, a message saying what to fix, and the rule.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal as TypingLiteral

from pydantic import BaseModel, ValidationError
from rdflib import Graph, URIRef

from .anchors import find_anchor_problems
from .model import MODELS, model_for
from .namespaces import RDF, SH
from .query import get_query, select
from .resources import ONTOLOGY_DIR, SHAPES_FILE
from .store import Store

__all__ = ["Finding", "Report", "validate"]

Severity = TypingLiteral["violation", "warning", "info"]


class Finding(BaseModel):
    """One problem: how bad, where (focus node and path), what to do, and which rule found it."""

    severity: Severity
    focus: str | None
    path: str | None = None
    message: str
    rule: str


class Report(BaseModel):
    """The outcome of `validate`: conforms when no finding is a violation."""

    findings: list[Finding]
    triples: int

    @property
    def conforms(self) -> bool:
        """True when no finding has severity ``violation``."""
        return not any(f.severity == "violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        return dict(Counter(f.severity for f in self.findings))


def _shacl(graph: Graph, shapes: Path) -> list[Finding]:
    import pyshacl

    shapes_graph = Graph().parse(shapes, format="turtle")
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1].lower()
        shape = results.value(result, SH.sourceShape)
        findings.append(
            Finding(
                severity=severity if severity in ("violation", "warning", "info") else "violation",  # type: ignore[arg-type]
                focus=_str(results.value(result, SH.focusNode)),
                path=_str(results.value(result, SH.resultPath)),
                message=str(results.value(result, SH.resultMessage) or "SHACL constraint not met"),
                rule="shacl:" + (str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]),
            )
        )
    return findings


def _checks(store: Store, checks_dir: Path) -> list[Finding]:
    """Run ``*-violation.rq`` and ``*-warning.rq``: each row is a finding of that severity."""
    findings = []
    for path in sorted(checks_dir.glob("*.rq")):
        name, _, severity = path.stem.rpartition("-")
        if severity not in ("violation", "warning"):
            continue
        for row in select(get_query(str(path)), store):
            findings.append(
                Finding(
                    severity=severity,  # type: ignore[arg-type]
                    focus=_str(row.get("focus")),
                    path=_str(row.get("path")),
                    message=str(row.get("message") or path.stem),
                    rule=f"check:{name}",
                )
            )
    return findings


def _models(graph: Graph) -> list[Finding]:
    findings = []
    for node, rdf_class in sorted(graph.subject_objects(RDF.type)):
        if rdf_class not in MODELS or not isinstance(node, URIRef):
            continue
        try:
            model_for(graph, str(node))
        except ValidationError as err:
            for error in err.errors():
                where = ".".join(str(p) for p in error["loc"])
                findings.append(Finding(severity="violation", focus=str(node), path=where or None, message=error["msg"], rule="model:" + MODELS[rdf_class].__name__))
    return findings


def validate(
    store: Store,
    *,
    shapes: Path | None = SHAPES_FILE,
    checks_dir: Path | None = ONTOLOGY_DIR / "checks",
    corpus_dir: Path | None = None,
) -> Report:
    """Validate ``store`` with shapes, checks and models, and quote anchors if ``corpus_dir`` is given."""
    graph = store.graph()
    findings: list[Finding] = []
    if shapes is not None:
        findings += _shacl(graph, shapes)
    if checks_dir is not None:
        findings += _checks(store, checks_dir)
    findings += _models(graph)
    if corpus_dir is not None:
        findings += [Finding(severity="violation", focus=str(p.focus), message=p.message, rule="anchor:" + p.rule) for p in find_anchor_problems(graph, corpus_dir)]
    findings.sort(key=lambda f: (f.severity != "violation", f.focus or "", f.rule, f.message))
    return Report(findings=findings, triples=len(graph))


def _str(term: object) -> str | None:
    return None if term is None else str(term)
