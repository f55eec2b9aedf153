"""`policy-graph build`: the committed graph is built from sources/, nothing lost, one model behind it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pydantic import BaseModel
from rdflib import BNode, Graph, URIRef
from typer.testing import CliRunner

from policy_graph import model
from policy_graph.authoring import compile_folder
from policy_graph.authoring import format as fmt
from policy_graph.authoring.convert import graph_to_files, schema_files
from policy_graph.authoring.yamlfile import read_text
from policy_graph.cli import app
from policy_graph.namespaces import PG, RDF, SH
from policy_graph.resources import SHAPES_FILE
from policy_graph.turtle import canonical_turtle
from policy_graph.vocabulary import RELATION_KINDS
from tests.paths import CHECKOUT, CLAIMS

SOURCES_DIR = CHECKOUT / "sources"

runner = CliRunner()


def _canonical(graph: Graph) -> set[str]:
    """The graph's triples after RDF Dataset Canonicalization (RDFC-1.0): equal sets = isomorphic graphs."""
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def test_committed_graph_is_the_build_of_the_sources(corpus_dir: Path) -> None:
    """The staleness rule: data/claims.ttl is byte for byte what `build` makes of sources/."""
    built = canonical_turtle(compile_folder(SOURCES_DIR, corpus_dir).graph)
    assert built == CLAIMS.read_text(encoding="utf-8"), "data/claims.ttl is stale: run `policy-graph build` and commit it"


def test_build_check_reports_up_to_date(corpus_dir: Path) -> None:
    result = runner.invoke(app, ["build", "--check", "--corpus", str(corpus_dir), "--sources", str(SOURCES_DIR), "-o", str(CLAIMS)])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_converting_the_graph_and_building_it_loses_nothing(tmp_path: Path, corpus_dir: Path, graph: Graph) -> None:
    for name, text in graph_to_files(graph, corpus_dir).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    rebuilt = compile_folder(tmp_path, corpus_dir, validate=False).graph
    assert len(rebuilt) == len(graph)
    assert _canonical(rebuilt) == _canonical(graph)


def test_committed_schemas_are_generated_from_the_models() -> None:
    for name, text in schema_files().items():
        assert (SOURCES_DIR / name).read_text(encoding="utf-8") == text, f"sources/{name} is stale: run scripts/authoring_files.py schemas"


def test_every_authoring_file_names_its_schema() -> None:
    for path in SOURCES_DIR.glob("*.yaml"):
        schema = "registry" if path.name == "registry.yaml" else "source"
        assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema={schema}.schema.json\n"), path


def test_authoring_files_conform_to_their_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schemas = fmt.schemas()
    for path in SOURCES_DIR.glob("*.yaml"):
        schema = schemas["registry.schema.json" if path.name == "registry.yaml" else "source.schema.json"]
        jsonschema.validate(read_text(path.read_text(encoding="utf-8"), path.name).value, schema)


# -- one model behind the format, the pydantic models and the shapes --------------------------------


_ACTORS = {PG.Person, PG.State, PG.Organization, PG.Group}
_RELATIONS = {PG[kind.rdf_class] for kind in RELATION_KINDS}


def _class(rdf_class: Any) -> Any:
    if rdf_class == PG.ExternalSource:  # a second type of a pg:Source
        return PG.Source
    return PG.Actor if rdf_class in _ACTORS else PG.Relation if rdf_class in _RELATIONS else rdf_class


def _shape_paths() -> dict[URIRef, set[URIRef]]:
    """Per target class (actor and relation kinds as pg:Actor, pg:Relation), the first predicate of every sh:property path of shapes.ttl."""
    shapes = Graph().parse(SHAPES_FILE)
    paths: dict[URIRef, set[URIRef]] = {}
    for shape, target in shapes.subject_objects(SH.targetClass):
        # property shapes, and those a node shape combines (sh:or of "has a quote" or "is external")
        combined = [m for logic in (SH["or"], SH["and"], SH.xone) for head in shapes.objects(shape, logic) for m in shapes.items(head)]
        nested = [p for m in combined for p in shapes.objects(m, SH.property)]
        for prop in [*shapes.objects(shape, SH.property), *(m for m in combined if shapes.value(m, SH.path) is not None), *nested]:
            path = shapes.value(prop, SH.path)
            if isinstance(path, BNode):
                alternatives = shapes.value(path, SH.alternativePath)
                members = list(shapes.items(alternatives)) if alternatives is not None else list(shapes.items(path))[:1]
            else:
                members = [path]
            paths.setdefault(_class(target), set()).update(m for m in members if isinstance(m, URIRef))
    return paths


def _compiled_predicates(graph: Graph) -> dict[URIRef, set[URIRef]]:
    used: dict[URIRef, set[URIRef]] = {}
    for node, rdf_class in graph.subject_objects(RDF.type):
        used.setdefault(_class(rdf_class), set()).update(p for p in graph.predicates(node) if p != RDF.type)
    return used


def test_shapes_and_format_cover_each_other(project: Path) -> None:
    """Every property a shape constrains is written by some field of the format, and every
    property the format writes is constrained by a shape of its class (the fixture uses every field)."""
    compiled = _compiled_predicates(compile_folder(project / "sources", project / "corpus").graph)
    shapes = _shape_paths()
    for rdf_class, predicates in compiled.items():
        assert rdf_class in shapes, f"no shape targets {rdf_class}"
        unconstrained = predicates - shapes[rdf_class] - {URIRef("http://www.w3.org/2000/01/rdf-schema#comment")}
        assert not unconstrained, f"{rdf_class}: the format writes {unconstrained} that no shape constrains"
    for rdf_class, predicates in shapes.items():
        if rdf_class in compiled:
            assert predicates <= compiled[rdf_class], f"{rdf_class}: shapes constrain {predicates - compiled[rdf_class]} that no field writes"
    graph = compile_folder(project / "sources", project / "corpus").graph
    kinds = {PG[k] for k in ("Place", "Event", "Claim", "Explanation", "Source")} | _RELATIONS | {PG.Person, PG.Organization}
    assert kinds <= set(graph.objects(None, RDF.type)), "the fixture misses a kind of node"


def _fields(model_class: type[BaseModel], prefix: str = "") -> set[str]:
    names = set()
    for name, info in model_class.model_fields.items():
        key = info.alias or name
        names.add(prefix + key)
    return names


def _given(value: Any, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return {prefix + k for k in value} | {n for k, v in value.items() for n in _given(v, prefix + k + ".")}
    if isinstance(value, list):
        return {n for v in value for n in _given(v, prefix)}
    return set()


def test_the_fixture_uses_every_field_of_the_format(project: Path) -> None:
    """So that the coverage test above sees every field: a new field must be added to the fixture."""
    given = _given(read_text((project / "sources" / "sample.yaml").read_text(encoding="utf-8"), "s").value)
    given |= _given(read_text((project / "sources" / "registry.yaml").read_text(encoding="utf-8"), "r").value)
    given |= _given(read_text((project / "sources" / "imported.yaml").read_text(encoding="utf-8"), "i").value)
    leaves = {name.rsplit(".", 1)[-1] for name in given}
    for model_class in (fmt.SourceInfo, fmt.Event, fmt.Claim, fmt.Explanation, fmt.Link, fmt.QuoteDetail, fmt.Actor, fmt.Place, fmt.SourceDocument, fmt.Registry):
        missing = {f for f in _fields(model_class) if f not in leaves and f not in fmt.VERBS}
        assert not missing, f"{model_class.__name__}: fields {missing} are not in the test fixture"
    assert set(fmt.VERBS) <= leaves


def test_every_field_changes_the_graph(project: Path) -> None:
    """No field is read and then dropped: removing any one (where optional) changes the compiled graph."""
    import yaml

    source = project / "sources" / "sample.yaml"
    original = source.read_text(encoding="utf-8")
    full = canonical_turtle(compile_folder(project / "sources", project / "corpus", validate=False).graph)
    value = yaml.safe_load(original)
    optional = [("events", "ev-versailles", f) for f in ("also", "until", "date_text", "agent", "target", "host", "participant", "place", "comment")]
    optional += [("events", "ev-talks", f) for f in ("certainty", "not_before", "not_after")]
    optional += [("claims", "cl-hope", f) for f in ("about", "stated_at", "hedge", "hedged_by", "confidence", "weight", "comment")]
    optional += [("claims", "cl-failed", "links", 0, "linked_with")]
    optional += [("explanations", "ex-failure", f) for f in ("parts", "rivals", "comment")] + [("source", f) for f in ("author", "label", "description", "comment")]
    for path in optional:
        changed = json.loads(json.dumps(value))
        target = changed
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        source.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
        try:
            graph = compile_folder(project / "sources", project / "corpus", validate=False).graph
        finally:
            source.write_text(original, encoding="utf-8")
        assert canonical_turtle(graph) != full, f"removing {'.'.join(path)} changed nothing"


def test_every_model_field_is_reached(project: Path) -> None:
    """Every field of the graph models (model.py) gets a value from some authoring file."""
    graph = compile_folder(project / "sources", project / "corpus").graph
    seen: dict[type, set[str]] = {}
    for node, rdf_class in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and rdf_class in model.MODELS:
            instance = model.model_for(graph, str(node))
            defaults = type(instance).model_fields
            seen.setdefault(type(instance), set()).update(n for n, info in defaults.items() if getattr(instance, n) != info.default)
    for model_class in set(model.MODELS.values()):
        unset = set(model_class.model_fields) - seen.get(model_class, set())
        if model_class is model.Source:
            unset.discard("quotes")  # inherited, and written by no one: a source is not quoted in itself
        assert not unset, f"{model_class.__name__}: fields {unset} are never set from the authoring format"
