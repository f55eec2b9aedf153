"""Argdown import and export against the reference parser, ``@argdown/core``, as the oracle.

For every file in ``../shared/interop/argdown`` the statements, arguments, premise-conclusion
structures and relations (kind and both ends) of the imported graph equal what the reference
parser reports; a file it refuses is refused here with the line it names. ``export --to
argdown`` of each import and of the curated graph parses in the reference without errors, with
the counts policy-graph reads back. ``make test`` installs the reference parser
(``tests/argdown-oracle``, npm); without Node or without that install these tests are skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

from policy_graph.errors import InputError
from policy_graph.interop.argdown import (
    _UNRECONSTRUCTED,
    _Writer,
    read_argdown,
    write_argdown,
)
from policy_graph.namespaces import DCTERMS, PG, RDF, RDFS
from policy_graph.store import load
from tests.paths import CHECKOUT, CLAIMS, INTEROP

ORACLE = CHECKOUT / "tests" / "argdown-oracle"
FILES = sorted((INTEROP / "argdown").rglob("*.argdown"))
_TAG = re.compile(r"(?:(?<=\s)|^)#(?:\([^)]+\)|[\w-]+)[ \t]?")

if shutil.which("node") is None:
    pytestmark = pytest.mark.skip(reason="Node.js is not installed: the Argdown reference parser cannot run")
elif not (ORACLE / "node_modules" / "@argdown" / "core").is_dir():
    pytestmark = pytest.mark.skip(reason="the Argdown reference parser is not installed: run `make oracle` (npm ci in tests/argdown-oracle)")


def reference(paths: list[Path]) -> dict[str, Any]:
    """What ``@argdown/core`` reads in each file (``tests/argdown-oracle/export.js``)."""
    run = subprocess.run(["node", str(ORACLE / "export.js"), *map(str, paths)], capture_output=True, text=True, check=True, timeout=300)
    found: dict[str, Any] = json.loads(run.stdout)
    return found


@pytest.fixture(scope="module")
def oracle() -> dict[str, Any]:
    return reference(FILES)


def _text(text: str) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", text)).strip()


def _reference_structure(found: dict[str, Any]) -> dict[str, Counter[str]]:
    """The reference's elements keyed as `_graph_structure` keys them: by title, an untitled
    statement by its text, an untitled argument by its conclusion."""
    def statement(title: str, text: str) -> str:
        return f"text:{_text(text)}" if re.fullmatch(r"Untitled \d+", title) else title

    statements = {title: statement(title, text) for title, text in found["statements"]}
    arguments = {}
    for title, pcs in found["arguments"]:
        arguments[title] = f"pcs:{statements[pcs[-1][1]]}" if re.fullmatch(r"Untitled \d+", title) and pcs else title

    def end(kind: str, title: str) -> str:
        return {"equivalence-class": statements, "argument": arguments}.get(kind, {}).get(title) or f"inference:{arguments[title]}"

    structures = Counter()
    for title, pcs in filter(lambda item: item[1], found["arguments"]):  # reconstructed arguments
        roles = Counter(f"{role}:{statements[s]}" for role, s, _ in pcs)
        rules = ", ".join(", ".join(rule for rule in (r or []) if rule) for _, _, r in pcs if r is not None and any(r))
        structures[json.dumps([arguments[title], sorted(roles.elements()), rules])] += 1
    return {
        "statements": Counter(statements[t] for t, _ in found["statements"]),
        "arguments": Counter(arguments.values()),
        "structures": structures,
        "relations": Counter(json.dumps([kind, end(*source), end(*target)], sort_keys=True) for kind, source, target in found["relations"]),
    }


def _graph_structure(graph: Graph) -> dict[str, Counter[str]]:
    """The same view of an imported graph."""
    gists = set(graph.subjects(DCTERMS.type, _UNRECONSTRUCTED))
    claims = set(graph.subjects(RDF.type, PG.Claim)) - gists
    steps = set(graph.subjects(DCTERMS.isPartOf, None))
    arguments = {s for s in graph.subjects(RDF.type, PG.Support) if s not in steps and graph.value(s, RDFS.label) is not None
                 and not str(s).rsplit("/", 1)[-1].startswith("r-")} | gists

    def statement(node: object) -> str:
        title = graph.value(node, DCTERMS.title)  # type: ignore[arg-type]
        return str(title) if title is not None else f"text:{_text(str(graph.value(node, RDFS.label)))}"  # type: ignore[arg-type]

    def argument(node: object) -> str:
        title = graph.value(node, DCTERMS.title)  # type: ignore[arg-type]
        return str(title) if title is not None else f"pcs:{statement(graph.value(node, PG.to))}"  # type: ignore[arg-type]

    structures = Counter()
    for node in arguments - gists:
        parts = [node, *(s for s in steps if graph.value(s, DCTERMS.isPartOf) == node)]
        intermediary = {graph.value(s, PG.to) for s in parts if s != node}
        premises = {p for s in parts for p in graph.objects(s, PG["from"])} - intermediary
        roles = [f"premise:{statement(p)}" for p in premises] + [f"intermediary-conclusion:{statement(c)}" for c in intermediary]
        roles.append(f"main-conclusion:{statement(graph.value(node, PG.to))}")
        ordered = sorted(parts, key=lambda s: 10**6 if s == node else int(str(s).rsplit("-step-", 1)[-1]))
        rules = ", ".join(str(graph.value(s, PG.scheme)) for s in ordered if graph.value(s, PG.scheme) is not None)
        structures[json.dumps([argument(node), sorted(roles), rules])] += 1

    def end(node: URIRef, kind: str) -> str:
        if node in claims:
            return statement(node)
        if kind == "undercut" and (node in steps or node in arguments - gists):
            return f"inference:{argument(graph.value(node, DCTERMS.isPartOf) or node)}"
        return argument(node)

    relations = Counter()
    for node in graph.subjects(PG.to, None):
        if not str(node).rsplit("/", 1)[-1].startswith("r-"):
            continue
        scheme = str(graph.value(node, PG.scheme) or "")
        kind = "undercut" if scheme == "Undercut" else "contradictory" if scheme == "Contradiction" else "support" if (node, RDF.type, PG.Support) in graph else "attack"
        source, target = graph.value(node, PG["from"]), graph.value(node, PG.to)
        pair = [end(source, kind), end(target, kind)]  # type: ignore[arg-type]
        if kind == "contradictory" and pair != sorted(pair):  # stated once, stored both ways
            continue
        relations[json.dumps([kind, *pair], sort_keys=True)] += 1
    return {
        "statements": Counter(statement(c) for c in claims),
        "arguments": Counter(argument(a) for a in arguments),
        "structures": structures,
        "relations": relations,
    }


def _contradictions_once(found: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    relations = Counter()
    for key, count in found["relations"].items():
        kind, source, target = json.loads(key)
        if kind == "contradictory":
            source, target = sorted([source, target])
        relations[json.dumps([kind, source, target], sort_keys=True)] += count
    return {**found, "relations": relations}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_import_equals_the_reference(path: Path, oracle: dict[str, Any]) -> None:
    found = oracle[str(path)]
    if found["errors"]:
        with pytest.raises(InputError) as refused:
            read_argdown(path)
        if found["firstErrorLine"] is not None:
            assert f"{path.name}:{found['firstErrorLine']}:" in str(refused.value)
        return
    graph, _ = read_argdown(path)
    ours, theirs = _graph_structure(graph), _contradictions_once(_reference_structure(found))
    for part in ("statements", "arguments", "structures", "relations"):
        assert ours[part] == theirs[part], part


def test_table_of_counts_per_file(oracle: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["| file | reference: statements / arguments / relations | policy-graph |", "|---|---|---|"]
    for path in FILES:
        found = oracle[str(path)]
        theirs = "refused (line {})".format(found["firstErrorLine"]) if found["errors"] else "{} / {} / {}".format(
            len(found["statements"]), len(found["arguments"]), len(found["relations"]))
        try:
            _, report = read_argdown(path)
        except InputError as err:
            ours = f"refused (line {err.line})"
        else:
            counts = report.counts
            relations = sum(counts[k] for k in ("support", "attack", "undercut", "contradiction"))
            ours = f"{counts['statements']} / {counts['arguments']} / {relations}"
        rows.append(f"| {path.relative_to(FILES[0].parents[1]) if 'conformance' in path.parts else path.name} | {theirs} | {ours} |")
        assert ours == theirs, rows[-1]
    with capsys.disabled():
        print("\n" + "\n".join(rows))


def _exports(tmp_path: Path) -> list[tuple[Path, Graph]]:
    written = []
    for path in FILES:
        try:
            graph, _ = read_argdown(path)
        except InputError:
            continue
        out = tmp_path / f"{path.stem}.argdown"
        out.write_text(write_argdown(graph), encoding="utf-8")
        written.append((out, graph))
    curated = load([CLAIMS])
    out = tmp_path / "claims.argdown"
    out.write_text(write_argdown(curated), encoding="utf-8")
    return [*written, (out, curated)]


def test_exports_parse_in_the_reference_with_the_same_counts(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    found = reference([path for path, _ in exports])
    for path, graph in exports:
        theirs = found[str(path)]
        assert theirs["errors"] == 0, f"{path.name}: the reference parser found {theirs['errors']} errors {theirs['exceptions']}"
        writer = _Writer(graph)
        assert len(theirs["statements"]) == len(writer.statements | writer.bare), path.name
        assert len(theirs["arguments"]) == len(writer.arguments), path.name
        again, _ = read_argdown(path)
        assert _graph_structure(again)["relations"].total() == _contradictions_once(_reference_structure(theirs))["relations"].total(), path.name
