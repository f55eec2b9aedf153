"""Validation in one typed report: SHACL shapes, SPARQL quality checks, models and quote anchors.

Non-conformance is a result, not an exception: `validate` returns a `Report` whose findings
each carry a severity, the focus node, the path, a message saying what to fix, and the rule.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Literal as TypingLiteral

from pydantic import BaseModel, ValidationError
from rdflib import BNode, Graph, URIRef

from .anchors import find_anchor_problems
from .model import MODELS, model_for
from .namespaces import DCTERMS, PG, RDF, SH
from .query import get_query, select
from .resources import ONTOLOGY_DIR, SHAPES_FILE
from .shacl import Result, Shapes, path_text
from .store import Store
from .terms import to_oxigraph

__all__ = ["Finding", "Report", "ShaclEngine", "validate"]

Severity = TypingLiteral["violation", "warning", "info"]
#: Which SHACL engine `validate` runs: the native one (default) or pySHACL, the reference.
ShaclEngine = TypingLiteral["native", "pyshacl"]


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


def _shacl(store: Store, shapes: Path, engine: ShaclEngine, graph: Graph | None = None) -> list[Finding]:
    """The SHACL findings of ``store`` (or of its rdflib copy ``graph``, if already made) against ``shapes``.

    >>> store = Store.from_text('<urn:a> a <https://w3id.org/policy-graph/ns#Place> .')
    >>> _shacl(store, SHAPES_FILE, "native") == _shacl(store, SHAPES_FILE, "pyshacl")
    True
    >>> _shacl(store, SHAPES_FILE, "native")[0].rule
    'shacl:Place-label'
    """
    results = Shapes.load(shapes).validate(store) if engine == "native" else _pyshacl(graph if graph is not None else store.graph(), shapes)
    return [
        Finding(
            severity=_severity(r.severity),
            focus=r.focus,
            path=r.path,
            message=r.message or f"SHACL {r.component} not met",
            rule="shacl:" + (re.split("[#/]", r.shape)[-1] if r.shape else r.component),
        )
        for r in results
    ]


def _pyshacl(graph: Graph, shapes: Path) -> list[Result]:
    """The results of pySHACL, the reference engine, in the form the native engine gives them.

    A complex result path is written in SPARQL syntax (`path_text`) and the message is the shape's
    own ``sh:message`` (the least one if several) or none, never pySHACL's generated text.
    """
    import pyshacl

    shapes_graph = Store.from_files([shapes]).graph()  # literals read as in the data ("x"^^xsd:string is "x")
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True)
    paths: Store | None = None
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        if isinstance(path, BNode):
            paths = paths or Store.from_graph(report)
            path = path_text(paths, to_oxigraph(path))
        messages = {str(m) for g in (shapes_graph, report) for m in g.objects(shape, SH.message)}
        results.append(
            Result(
                severity=str(report.value(result, SH.resultSeverity)),
                focus=str(report.value(result, SH.focusNode)),
                path=_str(path),
                message=min(messages, default=None),
                shape=str(shape) if isinstance(shape, URIRef) else None,
                component=str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            )
        )
    return results


def _severity(iri: str) -> Severity:
    name = iri.rsplit("#", 1)[-1].lower()
    return name if name in ("violation", "warning", "info") else "violation"  # type: ignore[return-value]


def _checks(store: Store, checks_dir: Path) -> list[Finding]:
    """Run ``*-violation.rq`` and ``*-warning.rq``: each row is a finding of that severity."""
    findings = []
    for path in sorted(checks_dir.glob("*.rq")):
        name, _, severity = path.stem.rpartition("-")
        if severity not in ("violation", "warning"):
            continue
        rows = select(get_query(str(path)), store)
        for values in rows.to_strings():
            row = dict(zip(rows.variables, values))
            findings.append(
                Finding(
                    severity=severity,  # type: ignore[arg-type]
                    focus=row.get("focus"),
                    path=row.get("path"),
                    message=row.get("message") or path.stem,
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
                findings.append(Finding(severity="violation", focus=str(node), path=where or None, message=error["msg"], rule="model:" + MODELS[URIRef(str(rdf_class))].__name__))
    return findings


def validate(
    store: Store,
    *,
    shapes: Path | None = SHAPES_FILE,
    checks_dir: Path | None = ONTOLOGY_DIR / "checks",
    corpus_dir: Path | None = None,
    shacl_engine: ShaclEngine = "native",
    graph: Graph | None = None,
    models: bool = True,
) -> Report:
    """Validate ``store`` with shapes, checks and models, and quote anchors if ``corpus_dir`` is given.

    A source whose text is not in the corpus (``pg:ExternalSource``, e.g. an imported argument
    map) needs no quote anchors; with ``corpus_dir`` it gets an ``info`` note "no source text".

    ``shacl_engine`` is ``"native"`` (`policy_graph.shacl`, fast) or ``"pyshacl"`` (the reference).
    ``graph`` is the store's rdflib copy when the caller has it (saves making one); ``models=False``
    skips reading each node back as its model, for a graph written from those models (``build``).
    """
    graph = store.graph() if graph is None else graph
    findings: list[Finding] = []
    if shapes is not None:
        findings += _shacl(store, shapes, shacl_engine, graph)
    if checks_dir is not None:
        findings += _checks(store, checks_dir)
    if models:
        findings += _models(graph)
    if corpus_dir is not None:
        findings += [Finding(severity="violation", focus=str(p.focus), message=p.message, rule="anchor:" + p.rule) for p in find_anchor_problems(graph, corpus_dir)]
        findings += [
            Finding(severity="info", focus=str(s), message=f"no source text: {graph.value(s, DCTERMS.title) or s} is not in the corpus, its quotes are not checked", rule="anchor:no-source-text")
            for s in sorted(graph.subjects(RDF.type, PG.ExternalSource), key=str)
        ]
    findings.sort(key=lambda f: (f.severity != "violation", f.focus or "", f.rule, f.message))
    return Report(findings=findings, triples=len(graph))


def _str(term: object) -> str | None:
    return None if term is None else str(term)
