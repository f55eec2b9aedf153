"""Graphs for the render tests: the corpus projections, a synthetic argument map, hostile labels."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import networkx as nx

CLAIMS = Path(__file__).resolve().parents[1] / "data" / "claims.ttl"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>window.pwned=1</script>"


@cache
def store():  # type: ignore[no-untyped-def]
    from policy_graph.store import Store

    return Store.from_files([CLAIMS])


def corpus_view(view: str) -> nx.MultiDiGraph:
    """A projection of data/claims.ttl; ``focus`` is the argument view around its busiest claim."""
    from policy_graph.project import focus, project

    if view != "focus":
        return project(store(), view)  # type: ignore[arg-type]
    G = project(store(), "argument")
    centre = max(sorted(G), key=lambda n: G.degree(n))
    return focus(G, centre, 2)


def synthetic_argument_graph(n: int = 2000, *, seed: int = 7) -> nx.MultiDiGraph:
    """An argument map of ``n`` nodes shaped like the corpus: claims in support trees with
    attacks and qualifications, explanations with parts, dated events and two sources."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(view="argument")
    sources = ("https://example.org/src/a", "https://example.org/src/b")
    for i in range(n):
        kind = "explanation" if i % 40 == 0 else "event" if i % 9 == 0 else "claim"
        G.add_node(
            f"https://example.org/id/n{i}",
            kind=kind,
            label=f"{kind} {i}: " + " ".join(rng.choice(("Macron", "Russia", "Putin", "Europe", "talks", "sanctions", "war"))
                                         for _ in range(rng.randint(3, 14))),
            holder="https://example.org/id/author",
            holder_label="An author",
            sources=(sources[i % 2],),
            quotes=(f"Verbatim sentence number {i}.",),
            footnotes=(str(i),),
            date=f"{2000 + i % 24}-{1 + i % 12:02d}" if kind == "event" else None,
            end_date=None,
            precision="month" if kind == "event" else None,
            confidence=None,
            hedge=None,
        )
    nodes = list(G)
    for i in range(1, n):
        u = nodes[i]
        if G.nodes[u]["kind"] == "explanation":
            continue
        v = nodes[rng.randrange(max(0, i - 60), i)]
        explanation = G.nodes[v]["kind"] == "explanation"
        kind = "part" if explanation else rng.choices(("support", "attack", "qualifies"), (8, 2, 1))[0]
        G.add_edge(u, v, key=f"r{i}", kind=kind, sign=None, asserted_by="https://example.org/id/author",
                   asserted_by_label="An author", source=sources[i % 2], quote=f"Because {i}.",
                   footnotes=(), relation=f"https://example.org/id/r{i}", position=1 if explanation else None, role=None)
        if i % 5 == 0:  # a second reason for some claims, making the map a DAG rather than a tree
            w = nodes[rng.randrange(0, i)]
            G.add_edge(u, w, key=f"s{i}", kind="support", sign=None, asserted_by=None, asserted_by_label=None,
                       source=None, quote=None, footnotes=(), relation=f"https://example.org/id/s{i}", position=None, role=None)
    return G


def hostile_graph() -> nx.MultiDiGraph:
    """Labels, quotes, holders and sources that would run script if a page treated them as HTML."""
    G = nx.MultiDiGraph(view="argument")
    common = {"holder": "urn:x:h", "date": None, "end_date": None, "precision": None, "confidence": None, "hedge": "<b>probably</b>"}
    G.add_node("urn:x:img", kind="claim", label=HOSTILE_IMG, holder_label=HOSTILE_IMG, sources=("urn:x:<src>",),
               quotes=(HOSTILE_SCRIPT,), footnotes=("<i>",), **common)
    G.add_node("urn:x:script", kind="claim", label=HOSTILE_SCRIPT, holder_label="\u2028</SCRIPT >&amp;",
               sources=(), quotes=(HOSTILE_IMG,), footnotes=(), **common)
    G.add_node("urn:x:event", kind="event", label="event <!-- x --> ]]> \" ' `${1}`", holder_label=None,
               sources=(), quotes=(), footnotes=(), **{**common, "date": "2022-02-24", "precision": "day"})
    G.add_edge("urn:x:img", "urn:x:script", key="urn:x:r", kind="support", sign=None, asserted_by="urn:x:h",
               asserted_by_label=HOSTILE_SCRIPT, source="urn:x:<src>", quote=HOSTILE_IMG, footnotes=("</script>",),
               relation="urn:x:r", position=None, role=None)
    G.add_edge("urn:x:event", "urn:x:img", key="urn:x:q", kind="qualifies", sign=None, asserted_by=None,
               asserted_by_label=None, source=None, quote=None, footnotes=(), relation="urn:x:q", position=None, role=None)
    return G
