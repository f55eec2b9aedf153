"""The vocabulary module against the ontology, the shapes, the literals and the docs, both ways;
and what adding a relation kind takes (in a throw-away copy of the project)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import get_args

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from policy_graph.namespaces import AIF, PG
from policy_graph.vocabulary import (
    LINK_KINDS,
    NODE_KINDS,
    RELATION_KINDS,
    VIEWS,
    RelationClass,
    ViewName,
    edge_styles,
    markdown_tables,
    relation_kind,
)


@pytest.fixture(scope="module")
def ontology(root: Path) -> Graph:
    return Graph().parse(root / "ontology" / "policy-graph.ttl")


@pytest.fixture(scope="module")
def shapes(root: Path) -> Graph:
    return Graph().parse(root / "ontology" / "shapes.ttl")


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def test_relation_kinds_are_the_ontology_relation_classes(ontology: Graph) -> None:
    in_ontology = {_local(c) for c in ontology.subjects(RDFS.subClassOf, PG.Relation)}
    in_vocabulary = {kind.rdf_class for kind in RELATION_KINDS}
    assert in_vocabulary == in_ontology, (
        f"only in the vocabulary: {sorted(in_vocabulary - in_ontology)}; only in the ontology: {sorted(in_ontology - in_vocabulary)}"
    )


def test_relation_classes_are_declared_disjoint(ontology: Graph) -> None:
    member_lists = [set(Collection(ontology, m)) for d in ontology.subjects(RDF.type, OWL.AllDisjointClasses) for m in ontology.objects(d, OWL.members)]
    relation_classes = {PG[kind.rdf_class] for kind in RELATION_KINDS}
    assert relation_classes in member_lists


@pytest.mark.parametrize("kind", RELATION_KINDS, ids=lambda k: k.name)
def test_aif_counterpart_matches_the_ontology(ontology: Graph, kind: object) -> None:
    assert hasattr(kind, "rdf_class")
    declared = {_local(c).removesuffix("-node") for c in ontology.objects(PG[kind.rdf_class], RDFS.subClassOf) if str(c).startswith(str(AIF))}
    if kind.aif_scheme is None:  # a plain counterpart is stated in the ontology; a scheme variant is not
        assert declared == ({kind.aif} if kind.aif else set())
    else:
        assert not declared and kind.aif


def test_node_kind_classes_are_ontology_classes(ontology: Graph) -> None:
    classes = {_local(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(PG._NS))}
    for node in NODE_KINDS:
        assert set(node.classes) <= classes, node.name
    actor_classes = {_local(c) for c in ontology.subjects(RDFS.subClassOf, PG.Actor)}
    assert set(next(n for n in NODE_KINDS if n.name == "actor").classes) == actor_classes


def _targets(shapes: Graph, shape: str) -> set[str]:
    return {_local(c) for c in shapes.objects(URIRef("https://w3id.org/policy-graph/shapes#" + shape), SH.targetClass)}


def test_shapes_target_every_relation_class(shapes: Graph) -> None:
    classes = {kind.rdf_class for kind in RELATION_KINDS}
    assert _targets(shapes, "RelationShape") == {"Relation", *classes}
    assert _targets(shapes, "NonCausalSignShape") == {"Relation", *(k.rdf_class for k in RELATION_KINDS if not k.signed)}
    assert _targets(shapes, "CausalLinkShape") == {k.rdf_class for k in RELATION_KINDS if k.signed}
    end_kind = URIRef("https://w3id.org/policy-graph/shapes#RelationEndKind")
    alternatives = {_local(c) for option in Collection(shapes, shapes.value(end_kind, SH["or"])) for c in shapes.objects(option, SH["class"])}
    assert classes <= alternatives, sorted(classes - alternatives)


def test_literals_match_the_tables() -> None:
    assert get_args(RelationClass) == tuple(kind.rdf_class for kind in RELATION_KINDS)
    assert get_args(ViewName) == tuple(view.name for view in VIEWS)


def test_every_kind_has_a_style_and_names_are_unique() -> None:
    names = [kind.name for kind in RELATION_KINDS] + [link.name for link in LINK_KINDS]
    assert len(names) == len(set(names))
    styles = edge_styles()
    assert set(names) <= set(styles)
    for kind in RELATION_KINDS:
        assert kind.signed == bool(kind.signed_styles), kind.name
        assert all(s.mark for s in kind.signed_styles.values()), kind.name


def test_views_name_known_kinds() -> None:
    node_kinds = {node.name for node in NODE_KINDS}
    for view in VIEWS:
        assert view.edge_kinds, view.name
        assert set(view.nodes) <= node_kinds and set(view.end_kinds) <= node_kinds, view.name
        assert (view.ends == "any") == (not view.end_kinds), view.name


def test_unknown_kind_names_the_choices() -> None:
    with pytest.raises(KeyError, match=r"no relation kind 'Supports' \(support, attack"):
        relation_kind("Supports")


def test_docs_page_is_generated_from_the_vocabulary(root: Path) -> None:
    page = (root / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert page == markdown_tables(), "docs/vocabulary.md is out of date: run `python -m policy_graph.vocabulary > docs/vocabulary.md`"


# ---- adding a relation kind ----------------------------------------------------------------

_NEW_KIND = '''    RelationKind(
        "contradicts", "Contradicts", "contradicts", "one \\u2192 the other",
        EdgeStyle("#7f1d1d", True, 2.0, "contradicts"), aif="CA", aif_scheme="Contradiction",
    ),
)

_PARTS = '''
_NEW_CLASS = """
pg:Contradicts a owl:Class ;
    rdfs:subClassOf pg:Relation ;
    rdfs:label "Contradicts"@en ;
    rdfs:comment "pg:from and pg:to cannot both be true."@en ;
    rdfs:isDefinedBy <https://w3id.org/policy-graph/ns> .

[] a owl:AllDisjointClasses ;
"""
_CHECK_PROJECTION = """
from policy_graph.interop.aif import write_aif
from policy_graph.project import project
from policy_graph.render import EDGE_STYLES
from policy_graph.store import Store
store = Store.from_text('''@prefix pg: <https://w3id.org/policy-graph/ns#> . @prefix : <urn:x:> .
:a a pg:Claim . :b a pg:Claim . :r a pg:Contradicts ; pg:from :a ; pg:to :b .''')
edges = [(u, v, d["kind"]) for u, v, d in project(store, "full").edges(data=True)]
assert edges == [("urn:x:a", "urn:x:b", "contradicts")], edges
assert "contradicts" in EDGE_STYLES
schemes = [(n["type"], n.get("scheme")) for n in write_aif(store.graph())["nodes"] if n["type"] != "I"]
assert schemes == [("CA", "Contradiction")], schemes
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _copy_with_new_kind(root: Path, target: Path, *, skip: str | None = None) -> list[str]:
    """Copy the project to ``target`` and add the relation kind ``Contradicts`` there, editing
    every file but ``skip``; return the files edited."""
    for folder in ("src", "ontology", "queries", "docs", "tests", "data"):
        shutil.copytree(root / folder, target / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(root / "pyproject.toml", target / "pyproject.toml")
    edits = {
        "src/policy_graph/vocabulary.py": [
            (')\n\n_PARTS = ', _NEW_KIND),
            ('"Rephrase", "Preference"]', '"Rephrase", "Preference", "Contradicts"]'),
        ],
        "ontology/policy-graph.ttl": [
            ("\n[] a owl:AllDisjointClasses ;\n", _NEW_CLASS),
            ("pg:Rephrase pg:Preference )", "pg:Rephrase pg:Preference pg:Contradicts )"),
        ],
        "ontology/shapes.ttl": [
            ("[ sh:class pg:Rephrase ] [ sh:class pg:Preference ] )", "[ sh:class pg:Rephrase ] [ sh:class pg:Preference ] [ sh:class pg:Contradicts ] )"),
            ("        pg:Rephrase, pg:Preference ;", "        pg:Rephrase, pg:Preference, pg:Contradicts ;"),
            ("        pg:Preference ;\n    sh:property pgsh:NonCausal-sign", "        pg:Preference, pg:Contradicts ;\n    sh:property pgsh:NonCausal-sign"),
        ],
    }
    for name, replacements in edits.items():
        if name != skip:
            for old, new in replacements:
                _edit(target / name, old, new)
    return [name for name in edits if name != skip]


def _run(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the copy's package reads the copy's ontology/ and queries/ through its links (resources.py)
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    return subprocess.run([sys.executable, *args], cwd=target, env=env, capture_output=True, text=True, timeout=600)


def _check_new_kind(target: Path) -> subprocess.CompletedProcess[str]:
    tests = _run(target, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/test_vocabulary.py", "tests/test_namespaces.py",
                 "-k", "not throwaway", "-o", "addopts=")
    if tests.returncode != 0:
        return tests
    return _run(target, "-c", textwrap.dedent(_CHECK_PROJECTION))


def test_throwaway_relation_kind_touches_three_files(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "project"
    edited = _copy_with_new_kind(root, target)
    _run(target, "-m", "policy_graph.vocabulary").check_returncode()
    (target / "docs" / "vocabulary.md").write_text(_run(target, "-m", "policy_graph.vocabulary").stdout, encoding="utf-8")
    assert edited == ["src/policy_graph/vocabulary.py", "ontology/policy-graph.ttl", "ontology/shapes.ttl"]
    result = _check_new_kind(target)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize("forgotten", ["src/policy_graph/vocabulary.py", "ontology/policy-graph.ttl", "ontology/shapes.ttl"])
def test_throwaway_relation_kind_forgotten_in_one_file_fails(root: Path, tmp_path: Path, forgotten: str) -> None:
    target = tmp_path / "project"
    _copy_with_new_kind(root, target, skip=forgotten)
    (target / "docs" / "vocabulary.md").write_text(_run(target, "-m", "policy_graph.vocabulary").stdout, encoding="utf-8")
    result = _check_new_kind(target)
    assert result.returncode != 0
    assert "Contradicts" in result.stdout + result.stderr
