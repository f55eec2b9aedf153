"""Models convert to and from RDF without loss (property tests), and refuse bad values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from rdflib import Graph

from policy_graph.model import MODELS, Actor, Claim, Event, Explanation, Quote, Relation, Source, model_for
from policy_graph.namespaces import RDF
from policy_graph.vocabulary import RELATION_KINDS

iris = st.from_regex(r"https://w3id\.org/policy-graph/id/[a-z][a-z0-9-]{0,12}", fullmatch=True)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
iri_sets = st.lists(iris, max_size=3, unique=True).map(tuple)
markers = st.lists(st.from_regex(r"[ivxlc]{1,6}", fullmatch=True), max_size=2, unique=True).map(tuple)
quotes = st.builds(Quote, exact=texts, source=iris, prefix=st.none() | texts, suffix=st.none() | texts, footnotes=markers)
quote_lists = st.lists(quotes, max_size=2, unique_by=lambda q: (q.source, q.exact)).map(lambda qs: tuple(sorted(qs, key=lambda q: (q.source, q.exact))))
common = {"iri": iris, "label": texts, "comments": st.lists(texts, max_size=2, unique=True).map(tuple), "quotes": quote_lists}


@st.composite
def events(draw: st.DrawFn) -> Event:
    precision = draw(st.sampled_from(["day", "month", "year"]))
    year = draw(st.integers(1900, 2100))
    date = {"day": f"{year}-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}", "month": f"{year}-1{draw(st.integers(0, 2))}", "year": f"{year}"}[precision]
    return Event(
        **{k: draw(v) for k, v in common.items()},
        date=date, precision=precision, date_text=draw(st.none() | texts),
        certainty=draw(st.sampled_from(["stated", "inferred"])), not_before=draw(st.none() | st.just(f"{year - 1}")), not_after=draw(st.none() | st.just(f"{year + 1}-06")),
        agent=draw(iri_sets), target=draw(iri_sets), host=draw(iri_sets), participant=draw(iri_sets), places=draw(iri_sets),
    )


MODEL_STRATEGIES = [
    st.builds(Source, iri=iris, title=texts, corpus_file=texts, creator=st.none() | iris, issued=st.none() | st.from_regex(r"[0-9]{4}", fullmatch=True), description=st.none() | texts, label=st.none() | texts),
    st.builds(Actor, **common, kind=st.sampled_from(["Person", "State", "Organization", "Group"]), job_titles=st.lists(texts, max_size=2, unique=True).map(tuple), same_as=iri_sets, unnamed=st.booleans()),
    events(),
    st.builds(
        Claim, **common, holders=st.lists(iris, min_size=1, max_size=2, unique=True).map(tuple), quoted_from=iris, about=iri_sets, stated_at=iri_sets,
        hedge=st.none() | texts, hedged_by=st.none() | iris, confidence=st.none() | st.sampled_from(["certain", "likely", "possible", "unlikely"]),
        weight=st.none() | st.sampled_from(["decisive", "mostImportant", "contributing"]),
    ),
    st.builds(
        Explanation, **common, explanation_type=st.sampled_from(["Diagnosis", "CausalAccount", "Interpretation", "Structure"]),
        explains=st.lists(iris, min_size=1, max_size=2, unique=True).map(tuple), holders=st.lists(iris, min_size=1, max_size=2, unique=True).map(tuple),
        parts=st.lists(iris, max_size=4).map(tuple), competes_with=iri_sets,
    ),
    st.sampled_from([kind.rdf_class for kind in RELATION_KINDS]).flatmap(
        lambda kind: st.builds(
            Relation, iri=iris, kind=st.just(kind), source=iris, target=iris, sign=st.sampled_from(["+", "-"]) if kind == "CausalLink" else st.none(),
            asserted_by=iri_sets, label=st.none() | texts, scheme=st.none() | texts, quotes=quote_lists,
        )
    ),
]


@pytest.mark.parametrize("strategy", MODEL_STRATEGIES, ids=["source", "actor", "event", "claim", "explanation", "relation"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_model_to_rdf_to_model_is_identity(strategy: st.SearchStrategy, data: st.DataObject) -> None:
    model = data.draw(strategy)
    graph = Graph()
    model.to_rdf(graph)
    assert type(model).from_rdf(graph, model.iri) == model


def test_every_node_of_the_real_graph_round_trips(graph: Graph) -> None:
    count = 0
    for node, rdf_class in graph.subject_objects(RDF.type):
        if rdf_class in MODELS:
            model = model_for(graph, str(node))
            rebuilt = Graph()
            model.to_rdf(rebuilt)
            assert model_for(rebuilt, str(node)) == model
            count += 1
    assert count > 900


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "2022-13", "precision": "day"}, "does not have day precision"),
        ({"date": "2022", "precision": "month"}, "does not have month precision"),
        ({"date": "2022-05-01", "precision": "day", "end_date": "2022-04-30"}, r"ends \(2022-04-30\) before it starts"),
        ({"date": "2016", "precision": "year", "certainty": "inferred", "not_before": "2017-05-29"}, "2016 is before its bound 2017-05-29"),
        ({"date": "2017", "precision": "year", "certainty": "inferred", "not_after": "2016"}, "2017 is after its bound 2016"),
        ({"date": "2017", "precision": "year", "certainty": "guessed"}, "stated"),
    ],
)
def test_event_dates_must_match_their_precision(fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Event(iri="https://w3id.org/policy-graph/id/e", label="e", **fields)


def test_causal_link_needs_a_sign_and_others_refuse_one() -> None:
    base = {"iri": "https://w3id.org/policy-graph/id/r", "source": "urn:a", "target": "urn:b"}
    with pytest.raises(ValidationError, match="needs a sign"):
        Relation(kind="CausalLink", **base)
    with pytest.raises(ValidationError, match="needs a sign"):
        Relation(kind="Support", sign="+", **base)


def test_claim_needs_a_holder_and_footnotes_are_roman() -> None:
    with pytest.raises(ValidationError, match="holders"):
        Claim(iri="urn:c", label="c", holders=(), quoted_from="urn:s")
    with pytest.raises(ValidationError, match="pattern"):
        Quote(exact="x", source="urn:s", footnotes=("[xi]",))
