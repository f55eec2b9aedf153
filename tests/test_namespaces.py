"""The closed PG namespace equals the terms the ontology declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from policy_graph.namespaces import PG, RDF


def _declared(root: Path) -> set[str]:
    ontology = Graph().parse(root / "ontology" / "policy-graph.ttl")
    namespace = str(PG._NS)
    return {str(s)[len(namespace):] for s in ontology.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(namespace) and str(s) != namespace}


def test_pg_namespace_equals_ontology_terms(root: Path) -> None:
    in_code = set(PG.__annotations__) | set(PG._extras)
    assert in_code == _declared(root)


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError, match="Claimm"):
        PG.Claimm  # noqa: B018


def test_every_pg_term_used_in_the_data_is_declared(graph: Graph, root: Path) -> None:
    declared = _declared(root)
    namespace = str(PG._NS)
    used = {str(t)[len(namespace):] for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(namespace)}
    assert used <= declared, used - declared


def test_public_api_lists_are_complete() -> None:
    import importlib
    import inspect

    for name in ("policy_graph", "policy_graph.analysis"):
        module = importlib.import_module(name)
        assert module.__all__ == sorted(module.__all__, key=str), f"{name}.__all__ is not sorted"
        for attribute in module.__all__:
            assert getattr(module, attribute) is not None
    analysis = importlib.import_module("policy_graph.analysis")
    public = {n for n, v in vars(analysis).items() if inspect.isfunction(v) and not n.startswith("_")}
    assert public <= set(analysis.__all__), public - set(analysis.__all__)
