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
