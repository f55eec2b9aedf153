"""The atlas: one small map per question an analyst asks, and an index page listing them.

From the ``full`` projection: each named explanation with its parts, reasons and consequences;
each main conclusion with its tree of reasons for and against; each document's own argument;
each leading actor's views over time; and the links between the documents (where one
supports, attacks or rephrases the other). Maps aim at `MAP_NODES` boxes or fewer; a larger
one opens on its top rows and shows the rest a click at a time.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..vocabulary import view
from .grammar import node_text, truncate
from .output import write
from .page import render_html

__all__ = ["MAP_NODES", "AtlasMap", "atlas_maps", "write_atlas"]

#: The most boxes a map shows at first load.
MAP_NODES = 40
#: Edge kinds of an argument: the argument view's but preference (reasons for and against,
#: parts, what explanations explain, rivals), and of them the reasons.
_ARGUMENT = frozenset(view("argument").edge_kinds) - {"preference"}
_REASONS = frozenset(kind.name for kind in view("argument").relations) - {"preference"}
_CONSEQUENCES = frozenset({"causal", "explains"})
_QUESTIONS = {
    "explanation": "Explanations: their parts, reasons and consequences",
    "conclusion": "Main conclusions: the reasons for and against",
    "document": "Each document's own argument",
    "actor": "Leading actors: their views over time",
    "across": "Across the documents: agreements and contradictions",
}


@dataclass
class AtlasMap:
    """One map of the atlas: its file name, title, question, graph, and what it opens on."""

    slug: str
    title: str
    question: str
    graph: nx.MultiDiGraph
    start: list[Hashable] = field(default_factory=list)
    shown: set[Hashable] | None = None

    @property
    def sources(self) -> list[str]:
        """Titles of the documents its boxes come from."""
        titles = self.graph.graph.get("sources", {})
        found = Counter(str(s) for _, d in self.graph.nodes(data=True) for s in d.get("sources") or ())
        return [titles.get(s, s.rsplit("/", 1)[-1]) for s, _ in found.most_common()]


def atlas_maps(G: nx.MultiDiGraph, *, conclusions: int = 8, actors: int = 4) -> list[AtlasMap]:
    """The maps of the atlas of ``G`` (a ``full`` projection), in the order the index lists them.

    >>> G = nx.MultiDiGraph(view="full", sources={})
    >>> for n, kind in [("x", "explanation"), ("p1", "claim"), ("p2", "claim"), ("r", "claim")]:
    ...     G.add_node(n, kind=kind, label=n.upper(), sources=())
    >>> _ = G.add_edge("p1", "x", kind="part", position=1)
    >>> _ = G.add_edge("p2", "x", kind="part", position=2)
    >>> _ = G.add_edge("r", "p1", kind="support")
    >>> [(m.slug, sorted(m.graph)) for m in atlas_maps(G)][:1]
    [('explanation-x', ['p1', 'p2', 'r', 'x'])]
    """
    maps = _explanations(G) + _conclusions(G, conclusions) + _documents(G) + _actors(G, actors) + _across(G)
    for atlas_map in maps:
        if atlas_map.graph.number_of_nodes() > MAP_NODES and atlas_map.question != "actor":
            atlas_map.shown = _top_rows(atlas_map.graph, atlas_map.start)
    return maps


def write_atlas(G: nx.MultiDiGraph, folder: Path | str, *, title: str = "Atlas of the argument") -> Path:
    """Write the atlas of ``G`` (a ``full`` projection) into ``folder``: ``index.html`` and one
    page per map, each linking back to the index. Returns the index's path."""
    folder = Path(folder)
    rows = []
    for atlas_map in atlas_maps(G):
        render_html(atlas_map.graph, folder / f"{atlas_map.slug}.html", title=atlas_map.title, index="index.html",
                    shown=atlas_map.shown, start=atlas_map.start, overview_above=10_000)
        rows.append(atlas_map)
    return write(folder / "index.html", _index(rows, title))


# --- the questions -------------------------------------------------------------------------


def _explanations(G: nx.MultiDiGraph) -> list[AtlasMap]:
    maps = []
    for x in sorted((n for n, k in G.nodes(data="kind") if k == "explanation"), key=lambda n: node_text(n, G.nodes[n])):
        parts = [u for u, _, k in G.in_edges(x, data="kind") if k == "part"]
        core = [x, *parts]
        keep = set(core)
        keep |= {v for n in core for _, v, k in G.out_edges(n, data="kind") if k in _CONSEQUENCES | {"competes"}}
        keep |= {u for n in core for u, _, k in G.in_edges(n, data="kind") if k in _REASONS | {"competes"}}
        graph = _subgraph(G, keep, _ARGUMENT | _CONSEQUENCES, view="argument")
        maps.append(AtlasMap(f"explanation-{_slug(x)}", f"Explanation: {node_text(x, G.nodes[x])}", "explanation", graph, [x]))
    return maps


def _conclusions(G: nx.MultiDiGraph, count: int) -> list[AtlasMap]:
    argument = _edges_of(G, _REASONS)
    roots = [n for n in argument if G.nodes[n].get("kind") == "claim" and argument.out_degree(n) == 0]
    trees = {n: nx.ancestors(argument, n) for n in roots}
    chosen = sorted((n for n in roots if len(trees[n]) >= 3), key=lambda n: (-len(trees[n]), str(n)))[:count]
    maps = []
    for root in chosen:
        keep = _breadth_first(argument.reverse(copy=False), root, 4 * MAP_NODES)
        graph = _subgraph(G, keep, _REASONS, view="argument")
        text = truncate(node_text(root, G.nodes[root]), 90)
        maps.append(AtlasMap(f"conclusion-{_slug(root)}", f"For and against: {text}", "conclusion", graph, [root]))
    return maps


def _documents(G: nx.MultiDiGraph) -> list[AtlasMap]:
    maps = []
    for source, title in sorted(G.graph.get("sources", {}).items(), key=lambda p: str(p[1])):
        keep = {n for n, d in G.nodes(data=True) if source in (d.get("sources") or ()) and d.get("kind") in ("claim", "explanation", "relation")}
        graph = _subgraph(G, keep, _ARGUMENT, view="argument")
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
        if not graph:
            continue
        maps.append(AtlasMap(f"document-{_slug(source)}", f"The argument of \u201c{title}\u201d", "document", graph, _roots(graph)[:1]))
    return maps


def _actors(G: nx.MultiDiGraph, count: int) -> list[AtlasMap]:
    held = Counter(u for u, _, k in G.edges(data="kind") if k == "holds")
    maps = []
    for actor, _ in sorted(held.items(), key=lambda p: (-p[1], str(p[0]))):
        dated = {}
        for _, claim, kind in G.out_edges(actor, data="kind"):
            if kind == "holds" and G.nodes[claim].get("kind") == "claim":
                when = _claim_date(G, claim)
                if when:
                    dated[claim] = when
        if len(dated) < 3:
            continue
        ordered = sorted(dated.items(), key=lambda p: (str(G.nodes[p[1]].get("date")), str(p[0])))
        periods = -(-len(ordered) // MAP_NODES)  # maps of at most MAP_NODES views, in date order
        size = -(-len(ordered) // periods)
        name = node_text(actor, G.nodes[actor])
        for index in range(periods):
            chunk = ordered[index * size : (index + 1) * size]
            graph = nx.MultiDiGraph(view="timeline", sources=G.graph.get("sources", {}))
            for claim, event in chunk:
                data = G.nodes[event]
                dating = {k: data.get(k) for k in ("date", "end_date", "precision", "certainty", "not_before", "not_after")}
                graph.add_node(claim, **{**G.nodes[claim], **dating})
            graph.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
                                 if u in graph and v in graph and d.get("kind") in _REASONS)
            years = sorted({str(G.nodes[event].get("date"))[:4] for _, event in chunk})
            when = years[0] if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"
            slug = f"actor-{_slug(actor)}" + (f"-{index + 1}" if periods > 1 else "")
            maps.append(AtlasMap(slug, f"{name}: views over time ({when})", "actor", graph, list(graph)[:1]))
        count -= 1
        if count == 0:
            break
    return maps


def _across(G: nx.MultiDiGraph) -> list[AtlasMap]:
    def only(n: Hashable) -> frozenset[str]:
        return frozenset(map(str, G.nodes[n].get("sources") or ()))

    keep: set[Hashable] = set()
    for u, v, kind in G.edges(data="kind"):
        if kind in _REASONS and only(u) and only(v) and only(u) != only(v):
            keep |= {u, v}
    if not keep:
        return []
    graph = _subgraph(G, keep, _REASONS, view="argument")
    return [AtlasMap("across-documents", "Where the documents agree and contradict each other", "across", graph, _roots(graph)[:1])]


# --- private helpers -----------------------------------------------------------------------


def _subgraph(G: nx.MultiDiGraph, keep: Iterable[Hashable], kinds: Iterable[str], *, view: str) -> nx.MultiDiGraph:
    """The nodes ``keep`` with the edges of ``kinds`` among them (and relation nodes under attack
    whose attacker is kept), in ``G``'s order."""
    keep = set(keep)
    kinds = frozenset(kinds)
    relations = {v for u, v, k in G.edges(data="kind") if u in keep and G.nodes[v].get("kind") == "relation" and k in kinds}
    for relation in relations:  # the link under attack, with its ends
        keep |= {relation}
        keep |= {n for u, v, d in G.edges(data=True) if d.get("relation") == relation for n in (u, v)}
    graph = nx.MultiDiGraph(view=view, sources=G.graph.get("sources", {}))
    graph.add_nodes_from((n, G.nodes[n]) for n in G if n in keep)
    graph.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
                         if u in keep and v in keep and (d.get("kind") in kinds or d.get("relation") in relations))
    return graph


def _edges_of(G: nx.MultiDiGraph, kinds: frozenset[str]) -> nx.DiGraph:
    return nx.DiGraph((u, v) for u, v, k in G.edges(data="kind") if k in kinds and u != v)


def _breadth_first(G: nx.DiGraph, root: Hashable, limit: int) -> set[Hashable]:
    """Up to ``limit`` nodes reached from ``root``, nearest first."""
    keep = [root]
    for _, child in nx.bfs_edges(G, root):
        if len(keep) >= limit:
            break
        keep.append(child)
    return set(keep)


def _roots(graph: nx.MultiDiGraph) -> list[Hashable]:
    """Conclusions of a map (no outgoing reason), those with the most reasons behind them first."""
    argument = _edges_of(graph, _ARGUMENT)
    argument.add_nodes_from(graph)
    roots = [n for n in argument if argument.out_degree(n) == 0 and argument.in_degree(n) > 0]
    return sorted(roots, key=lambda n: (-len(nx.ancestors(argument, n)), str(n)))


def _top_rows(graph: nx.MultiDiGraph, start: list[Hashable]) -> set[Hashable]:
    """What a large map shows at first load: its conclusions and their nearest reasons, up to
    `MAP_NODES` boxes; a click on a box shows the rest of its neighbours."""
    argument = _edges_of(graph, _ARGUMENT)
    argument.add_nodes_from(graph)
    reverse = argument.reverse(copy=False)
    order = [*start, *(n for n in _roots(graph) if n not in start)] or sorted(graph, key=lambda n: str(graph.nodes[n].get("date") or ""))
    keep: set[Hashable] = set()
    for depth in range(4):
        for root in order:
            reached = nx.single_source_shortest_path_length(reverse, root, cutoff=depth) if root in reverse else {root: 0}
            for node in sorted(reached, key=lambda n: (reached[n], str(n))):
                if len(keep) >= MAP_NODES:
                    return keep
                keep.add(node)
    return keep


def _claim_date(G: nx.MultiDiGraph, claim: Hashable) -> Hashable | None:
    """The event dating a claim: where it was stated, else the earliest dated event it is about."""
    events = [(k != "stated_at", str(G.nodes[v].get("date")), v) for _, v, k in G.out_edges(claim, data="kind")
              if k in ("stated_at", "about") and G.nodes[v].get("kind") == "event" and G.nodes[v].get("date")]
    return min(events)[2] if events else None


def _slug(node: Hashable) -> str:
    local = str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return "".join(c if c.isalnum() or c == "-" else "-" for c in local.lower()).strip("-")[:80] or "node"


def _index(maps: list[AtlasMap], title: str) -> str:
    sections = []
    for question, heading in _QUESTIONS.items():
        items = [m for m in maps if m.question == question]
        if not items:
            continue
        rows = "\n".join(
            f'<li><a href="{html.escape(m.slug)}.html">{html.escape(m.title)}</a> '
            f'<span class="size">{m.graph.number_of_nodes()} boxes, {m.graph.number_of_edges()} links'
            f'{" (opens on " + str(len(m.shown)) + ")" if m.shown else ""}</span> '
            f'<span class="source">{html.escape("; ".join(m.sources) or "no source")}</span></li>'
            for m in items
        )
        sections.append(f"<h2>{html.escape(heading)}</h2>\n<ul>\n{rows}\n</ul>")
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policy-graph">
<title>{html.escape(title)}</title>
<style>
  body {{ font: 15px/1.5 Helvetica, Arial, sans-serif; color: #111827; max-width: 1100px; margin: 24px auto; padding: 0 16px; }}
  h1 {{ font-size: 24px; margin-bottom: 4px; }}
  h2 {{ font-size: 17px; margin: 22px 0 6px; border-bottom: 1px solid #e5e7eb; }}
  ul {{ list-style: none; padding: 0; margin: 0; }}
  li {{ padding: 3px 0; }}
  a {{ color: #1d4ed8; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
  .size, .source {{ color: #6b7280; font-size: 13px; margin-left: 8px; }}
  .how {{ color: #374151; background: #f9fafb; border: 1px solid #e5e7eb; padding: 8px 12px; border-radius: 4px; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="how">One map per question, {len(maps)} maps. In a map, conclusions are on top and their reasons below;
the name on a box is whose view it is. Click a box to read its source's exact words (quote, document,
footnote) in the details panel and to show its hidden neighbours; double-click an explanation to fold
its parts. Every map links back here and works offline.</p>
{body}
</body>
</html>
"""
