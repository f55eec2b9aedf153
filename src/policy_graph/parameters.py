"""Query parameters as the graph knows them: a label names its node, an IRI must name one.

`resolve` runs before a query's parameters are bound (`policy_graph.query.select`, ``ask`` and
``construct``, hence the CLI's ``--param``). For each IRI parameter (declared ``iri`` by a named
query, or written as an IRI or CURIE in an ad-hoc one):

* a label (``holder=Macron``, ``holder="former minister"``) becomes the IRI of the node whose
  ``rdfs:label`` or ``skos:altLabel`` matches it, folded for case and accents: an equal label
  first, else the labels holding all its words, the one they cover most; a tie lists the
  candidates;
* an IRI, CURIE or local name that names no node of the graph is refused with the nearest ones,
  instead of an empty answer.

Every problem is an `InputError` (exit 2 on the command line).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from .errors import InputError
from .names import folded_name
from .sparql.binding import _written_iri, _written_kind, parse_term

__all__ = ["resolve"]

_LABELS = """SELECT ?node ?label WHERE {
  ?node <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?label
  FILTER(isIRI(?node))
}"""
_SHOWN = 8


def resolve(query: Any, params: Mapping[str, str | Node], source: Any) -> dict[str, str | Node]:
    """``params`` with each IRI parameter checked against ``source`` and each label replaced by its IRI.

    Parameters
    ----------
    query : policy_graph.query.NamedQuery
        The query the parameters are for (its declared kinds say which are IRIs).
    params : mapping
        Parameter values as given: strings (IRI, CURIE, local name, label or text) or rdflib terms.
    source : Store, rdflib.Graph or Endpoint
        The graph the IRIs must name nodes of.

    Examples
    --------
    >>> from policy_graph.query import get_query
    >>> from policy_graph.store import Store
    >>> store = Store.from_text('''@prefix : <https://w3id.org/policy-graph/id/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... :macron rdfs:label "Emmanuel Macron" . :team rdfs:label "Emmanuel Macron’s campaign team" .
    ... :bonne rdfs:label "Emmanuel Bonne" .''')
    >>> query = get_query("claims-by-holder")
    >>> resolve(query, {"holder": "macron"}, store)
    {'holder': 'macron'}
    >>> resolve(query, {"holder": "MACRÓN"}, store)
    {'holder': rdflib.term.URIRef('https://w3id.org/policy-graph/id/macron')}
    >>> resolve(query, {"holder": ":macronn"}, store)
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: holder=:macronn: no node of the graph is <https://w3id.org/policy-graph/id/macronn> (did you mean :macron?)
    >>> resolve(query, {"holder": "Macron"}, store)  # half of "Emmanuel Macron", a fifth of the team's label
    {'holder': rdflib.term.URIRef('https://w3id.org/policy-graph/id/macron')}
    >>> resolve(query, {"holder": "emmanuel"}, store)
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: holder=emmanuel: 2 nodes match this label: :bonne (Emmanuel Bonne), :macron (Emmanuel Macron) (give the IRI, or more of the label)
    """
    declared = {p.name: p.kind for p in getattr(query, "params", ())}
    resolved = dict(params)
    labels: list[tuple[str, str, str]] | None = None  # (IRI, CURIE, label), read once, when needed
    for name, value in params.items():
        if declared and name not in declared:  # the query's own check names it
            continue
        if isinstance(value, Node):
            if isinstance(value, URIRef) and not _names_a_node(str(value), source):
                labels = labels if labels is not None else _labels(source)
                raise _unknown(name, str(value), str(value), labels)
            continue
        if (declared.get(name) or _written_kind(value)) != "iri":
            continue
        written = _written_iri(value) is not None
        iri = str(parse_term(value, "iri")) if written or re.fullmatch(r"[\w-]+", value) else None
        if iri is not None and _names_a_node(iri, source):
            continue
        labels = labels if labels is not None else _labels(source)
        if written:
            raise _unknown(name, value, iri or value, labels)
        resolved[name] = URIRef(_by_label(name, value, labels))
    return resolved


def _names_a_node(iri: str, source: Any) -> bool:
    from .query import ask

    try:
        iri = ox.NamedNode(iri).value  # a valid IRI has no space, '<', '>' or quote: safe in <...>
    except ValueError as err:
        raise InputError(f"{iri!r} is not a valid IRI ({err})") from None
    return bool(ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}", source))


def _labels(source: Any) -> list[tuple[str, str, str]]:
    from .query import select

    rows = select(_LABELS, source)
    return [
        (iri, curie or iri, label) for (iri, label), (curie, _) in zip(rows.to_strings(), rows.to_strings(curies=True)) if iri and label
    ]


def _by_label(name: str, value: str, labels: list[tuple[str, str, str]]) -> str:
    """The IRI of the one node ``value`` names by its label, else an `InputError`."""
    wanted = folded_name(value)
    exact = {iri for iri, _, label in labels if folded_name(label) == wanted}
    if len(exact) == 1:
        return exact.pop()
    if exact:
        raise _ambiguous(name, value, exact, labels)
    words = set(re.findall(r"\w+", wanted))
    coverage = _coverage(words, labels)
    top = {iri for iri, share in coverage.items() if share == max(coverage.values())}
    if len(top) == 1:
        return top.pop()
    if top:
        raise _ambiguous(name, value, top, labels)
    # No label holds every word: suggest the labels holding the nearest words (one typo each).
    vocabulary = {t for *_, label in labels for t in re.findall(r"\w+", folded_name(label))}
    nearest = {(difflib.get_close_matches(w, vocabulary, n=1, cutoff=0.8) or [w])[0] for w in words}
    near = sorted(_coverage(nearest, labels).items(), key=lambda item: -item[1])[:3] if nearest != words else []
    shown = {iri: f"{curie} ({label})" for iri, curie, label in labels}
    hint = f"did you mean {' or '.join(shown[iri] for iri, _ in near)}?" if near else "give an IRI, a CURIE such as :macron, or a node's label"
    raise InputError(f"{name}={value}: no node of the graph has this label", hint=hint)


def _coverage(words: set[str], labels: list[tuple[str, str, str]]) -> dict[str, float]:
    """Each node whose label holds all ``words`` (folded): the largest share of a label they make up."""
    shares: dict[str, float] = {}
    for iri, _, label in labels:
        tokens = re.findall(r"\w+", folded_name(label))
        if words and words <= set(tokens):
            shares[iri] = max(shares.get(iri, 0.0), sum(t in words for t in tokens) / len(tokens))
    return shares


def _ambiguous(name: str, value: str, iris: set[str], labels: list[tuple[str, str, str]]) -> InputError:
    shown = sorted({f"{curie} ({label})" for iri, curie, label in labels if iri in iris})
    more = f" and {len(shown) - _SHOWN} more" if len(shown) > _SHOWN else ""
    return InputError(f"{name}={value}: {len(iris)} nodes match this label: {', '.join(shown[:_SHOWN])}{more}", hint="give the IRI, or more of the label")


def _unknown(name: str, value: str, iri: str, labels: list[tuple[str, str, str]]) -> InputError:
    """The error for an IRI naming no node, suggesting the labelled nodes of the nearest local names."""
    by_local: dict[str, set[str]] = {}
    for node, curie, _ in labels:
        by_local.setdefault(_local(node), set()).add(curie)
    near = difflib.get_close_matches(_local(iri), by_local, n=3, cutoff=0.75)
    curies = sorted({curie for local in near for curie in by_local[local]})
    hint = f"did you mean {' or '.join(curies)}?" if curies else "give the IRI or CURIE of a node of the graph, or its label"
    return InputError(f"{name}={value}: no node of the graph is <{iri}>", hint=hint)


def _local(iri: str) -> str:
    """The last segment of an IRI, after its last ``/``, ``#`` or ``:``.

    >>> _local("https://w3id.org/policy-graph/ns#Claim"), _local("urn:x:a")
    ('Claim', 'a')
    """
    return re.split(r"[/#:]", iri)[-1]
