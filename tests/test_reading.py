"""The graph read again against the two texts: one node per thing, who draws each link, whose
hedge, which dates the texts give, finished explanations, the 2018 tracker read against the
2024 paper, positions reported and rejected, the texts' spellings, anchors that carry their claim."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection

from policy_graph.analysis import rank
from policy_graph.namespaces import DCTERMS, ID, OA, PG, PROV, RDF, RDFS
from policy_graph.project import project, resolve
from policy_graph.query import select
from policy_graph.store import Store

CURATORS = ID["policy-graph-curators"]
MINIC = ID["minic"]


def _anchors(graph: Graph, node: URIRef) -> list[tuple[str, str]]:
    """``(source local name, exact)`` of each quote anchor of ``node``."""
    return sorted((str(graph.value(a, PG.inSource)).rsplit("/", 1)[-1], str(graph.value(a, OA.exact))) for a in graph.objects(node, PG.quote))


# ---- 1. one node per thing -----------------------------------------------------------------


def test_macrons_may_2018_trip_is_one_event_with_every_anchor(graph: Graph) -> None:
    trips = [e for e in graph.subjects(RDF.type, PG.Event) if "visit to Moscow" in str(graph.value(e, RDFS.label)) or "visits Moscow" in str(graph.value(e, RDFS.label))]
    assert trips == [ID["ev-macron-visit-moscow-2018"]], trips
    words = " | ".join(exact for _, exact in _anchors(graph, trips[0]))
    assert "24 may 2018 - 25 may 2018" in words and "preceded by a State visit to Moscow" in words
    assert str(graph.value(trips[0], PG.date)) == "2018-05-24"


def test_interference_in_the_2017_election_is_one_event_quoted_by_both_texts(graph: Graph) -> None:
    event = ID["ev-c-russian-interference-election-2017"]
    assert (ID["ev-2018-cyberattacks-macron-campaign-2017"], None, None) not in graph
    assert {source for source, _ in _anchors(graph, event)} == {"src-tracker-2018", "src-minic-2024"}


def test_restatements_are_rephrases_of_one_holders_first_statement(graph: Graph) -> None:
    rephrases = list(graph.subjects(RDF.type, PG.Rephrase))
    assert len(rephrases) >= 7
    for link in rephrases:
        restated, first = graph.value(link, PG["from"]), graph.value(link, PG.to)
        assert set(graph.objects(restated, PROV.wasAttributedTo)) == set(graph.objects(first, PROV.wasAttributedTo)), link
    said = [link for link in rephrases if any("As we have said" in exact for _, exact in _anchors(graph, link))]
    assert said and graph.value(said[0], PG.to) == ID["cl-b-awareness-kremlin-radicalism"]


def test_rankings_count_a_claim_and_its_rephrasings_once(store: Store) -> None:
    full = project(store, "full")
    once, apart = dict(rank(full, "support")), dict(rank(full, "support", rephrasings_once=False))
    rephrasings = {u for u, _, kind in full.edges(data="kind") if kind == "rephrase"}
    assert rephrasings and rephrasings <= set(apart) and not rephrasings & set(once)


# ---- 2. who draws each link, whose hedge -----------------------------------------------------


@pytest.mark.parametrize("link", [
    "rel-c-mistake-1-causes-lured", "rel-c-lucid-reading-causes-new-approach", "rel-c-belief-causes-isolation",
    "rel-c-delusion-causes-lured", "rel-a2-unacceptable-causes-unfruitful",
])
def test_a_causal_reading_the_text_does_not_draw_is_the_curators(graph: Graph, link: str) -> None:
    assert graph.value(ID[link], PROV.wasAttributedTo) == CURATORS


def test_radicalization_by_disappointment_is_linked_to_the_new_approach_by_the_author(graph: Graph) -> None:
    link = ID["rel-c-disappointment-radicalization-causes-new-approach"]
    assert graph.value(link, PROV.wasAttributedTo) == MINIC
    assert any("played a fundamental role" in exact for _, exact in _anchors(graph, link))


def test_no_link_of_an_author_says_the_reading_is_the_curators(graph: Graph) -> None:
    authors = set(graph.objects(None, DCTERMS.creator))
    misattributed = [
        link for link, comment in graph.subject_objects(RDFS.comment)
        if graph.value(link, PG["from"]) is not None and graph.value(link, PROV.wasAttributedTo) in authors
        and re.search(r"reading is the curators|curators' (reading|link|identification)", str(comment))
    ]
    assert not misattributed


@pytest.mark.parametrize(("claim", "hedger"), [
    ("cl-d-will-have-to-send-men-odesa", "minic"),  # "He also reportedly told"
    ("cl-2018-putin-disliked-lecture", "tracker-2018-author"),  # "It is said that"
    ("cl-d-effort-perhaps-nature", "macron"),  # Macron's own "perhaps"
])
def test_a_hedge_says_whose_it_is(graph: Graph, claim: str, hedger: str) -> None:
    assert graph.value(ID[claim], PG.hedgedBy) == ID[hedger]


def test_every_hedge_on_someone_elses_claim_has_its_hedger(graph: Graph) -> None:
    missing = []
    for claim in set(graph.subjects(PG.hedge, None)):
        holders, sources = set(graph.objects(claim, PROV.wasAttributedTo)), set(graph.objects(claim, PROV.wasQuotedFrom))
        authored = any((source, DCTERMS.creator, holder) in graph for source in sources for holder in holders)
        if not authored and graph.value(claim, PG.hedgedBy) is None:
            missing.append(claim)
    assert not missing


# ---- 3. dates the texts do not give ----------------------------------------------------------


def test_inferred_dates_are_marked_with_bounds(graph: Graph) -> None:
    inferred = set(graph.subjects(PG.dateCertainty, PG.inferred))
    assert len(inferred) >= 30
    assert all((e, PG.notBefore, None) in graph or (e, PG.notAfter, None) in graph for e in inferred)
    named = {"ev-2018-le-drian-visit-moscow-1", "ev-2018-le-drian-visit-moscow-2", "ev-2018-russian-meddling-european-elections", "ev-a1-sanctions-prolonged", "ev-a1-arms-contracts-ruled-out"}
    assert {ID[e] for e in named} <= inferred
    assert str(graph.value(ID["ev-2018-le-drian-visit-moscow-1"], PG.notBefore)) == "2017-05-29"
    assert (ID["ev-versailles-meeting-2017"], PG.dateCertainty, None) not in graph, "29 May 2017 is in both texts"


def test_the_timeline_tells_stated_from_inferred(store: Store) -> None:
    rows = {r["event"].rsplit("/", 1)[-1]: r for r in select("timeline", store).to_python()}
    assert rows["ev-versailles-meeting-2017"]["certainty"] == "stated"
    assert rows["ev-2018-le-drian-visit-moscow-2"]["certainty"] == "inferred"
    assert rows["ev-2018-le-drian-visit-moscow-2"]["notAfter"] == "2018"


# ---- 4. explanations finished from the text ---------------------------------------------------


def test_radicalization_by_disappointment_has_the_steps_the_text_gives_in_order(graph: Graph) -> None:
    parts = list(Collection(graph, graph.value(ID["ex-radicalization-by-disappointment"], PG.parts)))
    assert parts == [ID[p] for p in ("cl-macron-lured-by-putin", "cl-c-macron-deluded-trust-influence", "cl-c-macron-stopped-talking-putin", "cl-c-disappointment-radicalized-macron")]


def test_interpretations_are_rivals_only_where_the_text_sets_them_apart(graph: Graph) -> None:
    interpretations = list(graph.subjects(PG.explanationType, PG.Interpretation))
    assert len(interpretations) == 3
    assert not any((e, PG.competesWith, None) in graph for e in interpretations), "the text never opposes the 2018 interpretations"


def test_the_two_explanations_of_the_new_approach_are_linked(graph: Graph) -> None:
    first, second = ID["ex-b-dual-awareness"], ID["ex-new-approach-factors"]
    assert any({graph.value(r, PG["from"]), graph.value(r, PG.to)} == {first, second} for r in graph.subjects(PG["from"], None))


def test_the_gulag_is_added_to_the_four_failures(graph: Graph) -> None:
    assert any(graph.value(r, PG.to) == ID["cl-b-munich-russian-policy-failed"] for r in graph.subjects(PG["from"], ID["cl-b-paris-gulag"]))


# ---- 5. the 2018 tracker read against the 2024 paper -------------------------------------------


def test_the_readme_states_how_the_2024_paper_reads_the_2018_claims(store: Store, root: Path) -> None:
    rows = select("earlier-read-against-later", store, params={"source": ":src-tracker-2018"}).to_python()
    readings = Counter(r["reading"] for r in rows)
    assert len(rows) == 57 and readings["untouched"] < 57 / 2
    text = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    stated = re.search(r"Of the (\d+) claims of the 2018 tracker, the 2024 paper confirms (\d+), contradicts (\d+), qualifies (\d+), updates (\d+) [^.]*?and leaves (\d+) untouched", text)
    assert stated, "the README does not say how the 2024 paper reads the 2018 claims"
    assert [int(n) for n in stated.groups()] == [len(rows), *(readings[r] for r in ("confirms", "contradicts", "qualifies", "updates", "untouched"))]


def test_every_link_between_the_documents_quotes_both(graph: Graph) -> None:
    texts = {ID["src-tracker-2018"], ID["src-minic-2024"]}
    for link in graph.subjects(PROV.wasAttributedTo, CURATORS):
        if str(link).startswith(str(ID["rel-cross-"])):
            assert {graph.value(a, PG.inSource) for a in graph.objects(link, PG.quote)} == texts, link


# ---- 6. positions reported and rejected; references across the text -----------------------------


@pytest.mark.parametrize(("position", "holder"), [
    ("cl-c-macron-naive-weak", "naivety-accusers"), ("cl-d-macron-versatile-cynical", "macron-critics"),
    ("cl-a2-russia-seeks-recognition", "recognition-readers"), ("cl-c-macron-series-of-misunderstandings", "macron"),
])
def test_a_rejected_position_is_a_claim_with_its_holder_and_the_authors_attack(graph: Graph, position: str, holder: str) -> None:
    """The views the 2024 paper reports only to reject ("it would be unfair to accuse", "whom some
    wrongly accuse", "not so much ... as", "wrongly analyzed") are claims of their own, attacked."""
    assert graph.value(ID[position], PROV.wasAttributedTo) == ID[holder]
    attackers = [graph.value(r, PG["from"]) for r in graph.subjects(PG.to, ID[position]) if (r, RDF.type, PG.Attack) in graph]
    assert attackers and all(graph.value(a, PROV.wasAttributedTo) == MINIC for a in attackers)


#: The words by which a text points back or ahead to another of its passages.
REFERENCE = re.compile(r"\b(as we shall see|as we have seen(?: above)?|as we have said|as has been said earlier|see below|closely linked to the above|such a dilemma)\b", re.I)


def test_every_reference_of_the_texts_is_the_quote_of_a_link(graph: Graph, corpus_dir: Path) -> None:
    quoted = [" ".join(exact.split()).lower() for r in set(graph.subjects(PG["from"], None)) for _, exact in _anchors(graph, r)]
    found = []
    for text_file in sorted(corpus_dir.glob("0*.txt")):
        text = " ".join(text_file.read_text(encoding="utf-8").split())
        for match in REFERENCE.finditer(text):
            found.append(match.group(0))
            assert any(match.group(0).lower() in exact for exact in quoted), f"{text_file.name}: {match.group(0)!r} is no link's quote"
    assert len(found) >= 8, found


# ---- 7. the texts' spellings -----------------------------------------------------------------


@pytest.mark.parametrize(("spelling", "node"), [
    ("Dimitri Medvedev", "medvedev"), ("Hélène Carrère d'Encausse", "carrere-dencausse"),
    ("Hélène Carrère d’Encausse", "carrere-dencausse"), ("B. Obama", "obama"), ("E. Macron", "macron"),
])
def test_a_node_is_found_by_the_texts_spelling(store: Store, graph: Graph, spelling: str, node: str) -> None:
    assert (ID[node], None, Literal(spelling)) in graph or graph.value(ID[node], RDFS.label) == Literal(spelling)
    assert resolve(project(store, "full"), spelling) == str(ID[node])


# ---- 8. anchors that carry their claim ---------------------------------------------------------


def test_no_anchor_stops_on_an_article_or_a_preposition(graph: Graph) -> None:
    short = sorted(str(e) for e in graph.objects(None, OA.exact) if re.search(r"\s(the|a|an|of|by|from)$", str(e), re.IGNORECASE))
    assert not short


def test_the_colonies_anchor_carries_the_word(graph: Graph) -> None:
    assert any("“colonies”" in exact for _, exact in _anchors(graph, ID["rel-b-colonies-supports-immoral-project"]))


def test_the_hypothesis_on_berlin_is_one_of_the_reasons_for_stepping_up(graph: Graph) -> None:
    parts = list(Collection(graph, graph.value(ID["ex-reasons-stepping-up-2024"], PG.parts)))
    assert parts[-1] == ID["cl-d-break-taboo-berlin"], "the text asks it last, after the other reasons"


# ---- the README's account of the graph ------------------------------------------------------


def test_the_readme_counts_what_is_in_the_graph(graph: Graph, root: Path) -> None:
    """The table "What is in the graph" states the graph's own numbers."""
    from policy_graph.vocabulary import NODE_KINDS, RELATION_KINDS

    def instances(*classes: str) -> int:
        return len({node for name in classes for node in graph.subjects(RDF.type, PG[name])})

    actor_classes = next(kind.classes for kind in NODE_KINDS if kind.name == "actor")
    inferred = len(set(graph.subjects(PG.dateCertainty, PG.inferred)))
    counts = {
        r"\| actors \| (\d+) people": instances(*actor_classes),
        r"\| events \| (\d+) dated events": instances("Event"),
        r"(\d+) dates the texts do not give are marked inferred": inferred,
        r"\| claims \| (\d+) claims": instances("Claim"),
        r"\| relations \| (\d+) support": instances(*(kind.rdf_class for kind in RELATION_KINDS)),
        r"\| explanations \| (\d+):": instances("Explanation"),
    }
    text = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    stated = {pattern: re.search(pattern, text) for pattern in counts}
    assert all(stated.values()), [pattern for pattern, found in stated.items() if not found]
    assert {p: int(m.group(1)) for p, m in stated.items() if m} == counts
