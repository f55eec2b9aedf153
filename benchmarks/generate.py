"""Deterministic generator of synthetic argument graphs in the policy-graph ontology.

Writes Turtle shaped like ``data/claims.ttl`` (docs/data-model.md): sources, actors, places,
dated events with actor roles, claims with holders, hedges and quote anchors, explanations with
ordered parts, and support / attack / causal / precedes / qualifies relation nodes. Who holds a
claim, what it is about and what a relation points at are drawn from a skewed (power-law-like)
distribution, so a few hubs carry most links, as in real argument maps.

The same ``--triples`` and ``--seed`` always give the same bytes.

    python benchmarks/generate.py                       # 10k, 100k and 1M into benchmarks/data/
    python benchmarks/generate.py --triples 250000 -o benchmarks/data/g.ttl
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

__all__ = ["SIZES", "generate", "output_path"]

#: The benchmark sizes (target triple counts) and their file names.
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
DATA_DIR = Path(__file__).resolve().parent / "data"

_PREFIXES = """\
@prefix : <https://w3id.org/policy-graph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix pg: <https://w3id.org/policy-graph/ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""

# Triples per claim, all other entities included: the generator is calibrated on it and the
# exact count is printed (and checked within 2 % of the target by the runner).
_TRIPLES_PER_CLAIM = 23.75

_SUBJECTS = ["France", "Russia", "the president", "the European Union", "NATO", "Germany", "the Kremlin",
             "the Élysée", "Ukraine", "the United States", "the foreign ministry", "the army", "Poland",
             "the Baltic states", "China", "the sanctions regime", "the energy sector", "public opinion"]
_VERBS = ["seeks", "rejects", "underestimates", "supports", "fears", "misreads", "relies on", "resists",
          "welcomes", "postpones", "renews", "questions", "exaggerates", "accepts", "ends"]
_OBJECTS = ["a new security architecture", "dialogue with Moscow", "strategic autonomy", "the Minsk process",
            "arms deliveries", "the gas contracts", "a ceasefire", "enlargement", "the nuclear deterrent",
            "a reset of relations", "the Normandy format", "economic pressure", "the grain corridor",
            "a summit in Versailles", "European sovereignty", "the partnership with Berlin"]
_HEDGES = [("probably", "likely"), ("it is likely", "likely"), ("seems", "possible"),
           ("perhaps", "possible"), ("might", "possible"), ("highly unlikely", "unlikely")]
_FIRST = ["Jean", "Marie", "Anna", "Pierre", "Olga", "Hans", "Sofia", "Ivan", "Claire", "Luc", "Petra", "Ivo"]
_LAST = ["Martin", "Bernard", "Dubois", "Petrov", "Schmidt", "Nowak", "Rossi", "Leroy", "Moreau", "Kowalski",
         "Fischer", "Durand", "Volkov", "Meyer", "Girard", "Lambert"]
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]
_ACTOR_CLASSES = ["pg:Person"] * 6 + ["pg:State"] * 2 + ["pg:Organization", "pg:Group"]
_ROLES = ["pg:agent", "pg:target", "pg:host", "pg:participant"]
_EXPLANATION_TYPES = ["pg:Diagnosis", "pg:CausalAccount", "pg:Interpretation", "pg:Structure"]
_RELATION_KINDS = (["pg:Support"] * 45 + ["pg:Attack"] * 20 + ["pg:CausalLink"] * 25
                   + ["pg:Precedes"] * 5 + ["pg:Qualifies"] * 5)


def output_path(name: str) -> Path:
    """Where the runner expects the graph of size ``name`` (a key of `SIZES`)."""
    return DATA_DIR / f"synthetic-{name}.ttl"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    """Buffers Turtle text and counts the triples it describes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.triples = 0

    def block(self, subject: str, pairs: list[tuple[str, str]], extra: int = 0) -> None:
        """One subject with its (predicate, object) pairs; ``extra`` triples hidden in inline objects."""
        self.triples += len(pairs) + extra
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.parts.append(f"{subject} {body} .\n\n")


def _anchor(rng: random.Random, source: str, text: str) -> tuple[str, int]:
    """An inline quote anchor and the number of triples it holds (the link itself excluded)."""
    pairs = ["a oa:TextQuoteSelector", f"pg:inSource {source}", f"oa:exact {_lit(text)}"]
    if rng.random() < 0.3:
        pairs.append(f"pg:footnote {_lit(rng.choice(_ROMAN) + rng.choice(['', 'i', 'x', 'v']))}")
    return "[ " + " ; ".join(pairs) + " ]", len(pairs)


def _skewed(rng: random.Random, n: int, power: float = 3.0) -> int:
    """An index in ``range(n)``, low indices far more likely (density ~ i^(1/power - 1))."""
    return min(n - 1, int(n * rng.random() ** power))


def _sentence(rng: random.Random, index: int) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"because {rng.choice(_SUBJECTS).lower()} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (#{index})")


def _date(rng: random.Random) -> tuple[str, str]:
    year = rng.randint(1991, 2024)
    roll = rng.random()
    if roll < 0.6:
        return f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date', "pg:day"
    if roll < 0.85:
        return f'"{year}-{rng.randint(1, 12):02d}"^^xsd:gYearMonth', "pg:month"
    return f'"{year}"^^xsd:gYear', "pg:year"


def generate(triples: int, *, seed: int = 1) -> tuple[str, int]:
    """Turtle text of a synthetic argument graph of about ``triples`` triples, and its exact count.

    >>> text, count = generate(2_000)
    >>> 1_600 < count < 2_400 and text.startswith("@prefix")
    True
    """
    rng = random.Random(seed)
    claims = max(20, round(triples / _TRIPLES_PER_CLAIM))
    n_sources = max(3, claims // 400)
    n_actors = max(12, claims // 30)
    n_places = max(4, claims // 200)
    n_events = max(8, claims // 6)
    n_explanations = max(2, claims // 50)
    n_relations = round(claims * 1.3)
    out = _Writer()

    sources = [f":src-{i:05d}" for i in range(n_sources)]
    actors = [f":actor-{i:06d}" for i in range(n_actors)]
    places = [f":place-{i:05d}" for i in range(n_places)]
    events = [f":ev-{i:06d}" for i in range(n_events)]
    claim_ids = [f":cl-{i:07d}" for i in range(claims)]
    explanations = [f":ex-{i:06d}" for i in range(n_explanations)]
    relations = [f":rel-{i:07d}" for i in range(n_relations)]

    for i, actor in enumerate(actors):
        cls = _ACTOR_CLASSES[i % len(_ACTOR_CLASSES)]
        label = f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST)) % len(_LAST)]} {i}" if cls == "pg:Person" else f"Actor {i} ({cls[3:]})"
        pairs = [("a", cls), ("rdfs:label", _lit(label))]
        if cls == "pg:Person":
            pairs.append(("schema:jobTitle", _lit(rng.choice(["minister", "adviser", "ambassador", "analyst", "general"]))))
        out.block(actor, pairs)
    for i, source in enumerate(sources):
        out.block(source, [
            ("a", "pg:Source"),
            ("dcterms:title", _lit(f"Synthetic report {i} on {rng.choice(_OBJECTS)}")),
            ("dcterms:creator", actors[_skewed(rng, n_actors)]),
            ("dcterms:issued", f'"{rng.randint(2000, 2024)}"^^xsd:gYear'),
            ("pg:corpusFile", _lit(f"synthetic-{i:05d}.txt")),
        ])
    for i, place in enumerate(places):
        out.block(place, [("a", "pg:Place"), ("rdfs:label", _lit(f"Place {i}"))])
    for i, event in enumerate(events):
        date, precision = _date(rng)
        anchor, inner = _anchor(rng, sources[_skewed(rng, n_sources, 1.5)], f"On that date {_sentence(rng, i)}.")
        pairs = [("a", "pg:Event"), ("rdfs:label", _lit(f"Event {i}: {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}")),
                 ("pg:date", date), ("pg:datePrecision", precision)]
        for role in rng.sample(_ROLES, rng.randint(1, 3)):
            pairs.append((role, actors[_skewed(rng, n_actors)]))
        if rng.random() < 0.5:
            pairs.append(("sem:hasPlace", places[_skewed(rng, n_places)]))
        pairs.append(("pg:quote", anchor))
        out.block(event, pairs, inner)
    for i, claim in enumerate(claim_ids):
        source = sources[_skewed(rng, n_sources, 1.5)]
        anchor, inner = _anchor(rng, source, _sentence(rng, i) + ".")
        pairs = [("a", "pg:Claim"), ("rdfs:label", _lit(f"Claim {i}: {_sentence(rng, i)}")),
                 ("prov:wasAttributedTo", actors[_skewed(rng, n_actors)]), ("prov:wasQuotedFrom", source)]
        about = {events[_skewed(rng, n_events)] for _ in range(rng.randint(0, 2))}
        about |= {actors[_skewed(rng, n_actors)] for _ in range(rng.randint(0, 1))}
        pairs += [("pg:about", target) for target in sorted(about)]
        if rng.random() < 0.25:
            hedge, confidence = rng.choice(_HEDGES)
            pairs += [("pg:hedge", _lit(hedge)), ("pg:confidence", f"pg:{confidence}")]
        if rng.random() < 0.1:
            pairs.append(("pg:statedAt", events[_skewed(rng, n_events)]))
        pairs.append(("pg:quote", anchor))
        out.block(claim, pairs, inner)
    for i, explanation in enumerate(explanations):
        parts = rng.sample(range(claims), rng.randint(2, 5))
        anchor, inner = _anchor(rng, sources[_skewed(rng, n_sources, 1.5)], f"There are {len(parts)} reasons why {_sentence(rng, i)}.")
        pairs = [("a", "pg:Explanation"), ("rdfs:label", _lit(f"Explanation {i}: the {len(parts)} factors of {rng.choice(_OBJECTS)}")),
                 ("pg:explanationType", rng.choice(_EXPLANATION_TYPES)),
                 ("pg:explains", claim_ids[_skewed(rng, claims)]),
                 ("prov:wasAttributedTo", actors[_skewed(rng, n_actors)]),
                 ("pg:parts", "( " + " ".join(claim_ids[p] for p in parts) + " )")]
        if i and rng.random() < 0.3:
            pairs.append(("pg:competesWith", explanations[rng.randrange(i)]))
        pairs.append(("pg:quote", anchor))
        out.block(explanation, pairs, inner + 2 * len(parts))
    for i, relation in enumerate(relations):
        kind = rng.choice(_RELATION_KINDS)
        if kind == "pg:Precedes":
            a, b = sorted(rng.sample(range(n_events), 2))
            start, end = events[a], events[b]
        elif kind == "pg:CausalLink" and rng.random() < 0.2:
            start, end = events[_skewed(rng, n_events)], claim_ids[rng.randrange(claims)]
        else:
            # supports run from a later claim to an earlier (popular) one: no support cycles
            to = _skewed(rng, claims)
            frm = rng.randrange(to + 1, claims) if to + 1 < claims else rng.randrange(claims - 1)
            start, end = claim_ids[frm], claim_ids[to]
            if kind == "pg:Attack" and i and rng.random() < 0.02:
                end = relations[rng.randrange(i)]  # an undercut: an attack on a link
        anchor, inner = _anchor(rng, sources[_skewed(rng, n_sources, 1.5)], _sentence(rng, i) + ".")
        pairs = [("a", kind), ("pg:from", start), ("pg:to", end),
                 ("prov:wasAttributedTo", actors[_skewed(rng, n_actors)])]
        if kind == "pg:CausalLink":
            pairs.append(("pg:sign", _lit("+" if rng.random() < 0.75 else "-")))
        pairs.append(("pg:quote", anchor))
        out.block(relation, pairs, inner)
    return _PREFIXES + "".join(out.parts), out.triples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, help="one graph of about this many triples (default: the three benchmark sizes)")
    parser.add_argument("-o", "--output", type=Path, help="file to write with --triples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = parser.parse_args(argv)
    jobs = ([(args.output or DATA_DIR / f"synthetic-{args.triples}.ttl", args.triples)] if args.triples
            else [(output_path(name), size) for name, size in SIZES.items()])
    for path, size in jobs:
        if path.exists() and not args.force:
            print(f"{path}: exists (use --force to rewrite)")
            continue
        started = time.perf_counter()
        text, count = generate(size, seed=args.seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
        print(f"{path}: {count} triples, {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
