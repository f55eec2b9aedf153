"""A map as boxes and links: each node's text, box size, colours and position.

The interactive page and the static figures draw the same `Scene`, so an SVG or a PNG has the
layout of the HTML map.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal, get_args

import networkx as nx

from ..errors import InputError
from ..vocabulary import relation_kind, view
from .grammar import (
    BOX_SHAPES,
    HOLDER_COLOURS,
    NODE_STYLES,
    box_size,
    date_text,
    holder_name,
    node_text,
    wrap_px,
)
from .layout import (
    Engine,
    dot_suits,
    layered_positions,
    timeline_layout,
)

__all__ = ["ARGUMENT_EDGES", "CAUSAL_EDGES", "Box", "Layout", "Scene", "arrange"]

Layout = Literal["auto", "layered", "layered-lr", "timeline", "force"]
#: The edge kinds that set the layers of an argument map (reason -> conclusion): the argument
#: view's, but preference and rivalry, which run sideways between alternatives.
ARGUMENT_EDGES = frozenset(view("argument").edge_kinds) - {"preference", "competes"}
#: The edge kinds that set the layers of a causal map (cause -> effect).
CAUSAL_EDGES = frozenset({"causal", "precedes"})


@dataclass
class Box:
    """One node as drawn: its lines of text (``heading`` lines first, in bold), size, colours
    and centre."""

    lines: list[str]
    heading: int
    width: float
    height: float
    shape: str
    fill: str
    border: str
    holder: str | None = None
    number: int | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class Scene:
    """A laid-out map: boxes by node, the holders' colours, and for timelines the axis ticks
    ``(x, text)``, each dated node's span ``(x from, x to)`` and an inferred date's bounds
    (`policy_graph.render.layout.Timeline`)."""

    boxes: dict[Hashable, Box]
    layout: str
    engine: str
    holders: dict[str, tuple[str, str]] = field(default_factory=dict)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    spans: dict[Hashable, tuple[float, float]] = field(default_factory=dict)
    bounds: dict[Hashable, tuple[float | None, float | None]] = field(default_factory=dict)


def arrange(G: nx.MultiDiGraph, layout: Layout = "auto", *, engine: Engine = "auto") -> Scene:
    """Lay out ``G``: its boxes with their whole text wrapped, sized, coloured and placed.

    "auto" picks by ``G.graph["view"]``: layered (conclusions on top) for argument maps,
    layered left to right for causal maps, a time axis for timelines, layers for the others.
    An explanation's parts are numbered by their position and kept side by side in order; a
    relation node (a link under attack) is drawn at the middle of that link when the link is
    on the map.

    >>> G = nx.MultiDiGraph(view="argument")
    >>> G.add_node("c", kind="claim", label="Conclusion", holder_label="Minic")
    >>> G.add_node("r", kind="claim", label="Reason", holder_label="Macron")
    >>> _ = G.add_edge("r", "c", kind="support")
    >>> scene = arrange(G)
    >>> scene.boxes["c"].lines, scene.boxes["c"].y < scene.boxes["r"].y
    (['Minic', 'Conclusion'], True)
    """
    view = str(G.graph.get("view", "full"))
    if layout == "auto":
        layout = "layered-lr" if view == "causal" else "timeline" if view == "timeline" else "layered"
    if layout not in get_args(Layout):
        raise InputError(f"unknown layout {layout!r}", hint="choose one of " + ", ".join(get_args(Layout)))
    numbers, orders = _parts(G)
    orders += _premise_groups(G)
    holders = _holder_colours(G)
    named = len(holders) > 1  # on a map of one holder's views the legend names the holder once
    boxes = {node: _box(node, data, numbers.get(node), holders, named) for node, data in G.nodes(data=True)}
    undercut = _undercut_links(G)
    sizes = {n: (boxes[n].width, boxes[n].height) for n in G}
    used = "dot" if engine == "dot" or (engine == "auto" and dot_suits(G)) else "sugiyama"
    scene = Scene(boxes, layout, used, holders)
    if layout == "timeline":
        timeline = timeline_layout(G, box_width=max((b.width for b in boxes.values()), default=200.0),
                                   box_heights={n: b.height for n, b in boxes.items()})
        positions, scene.ticks, scene.spans, scene.bounds = timeline.positions, timeline.ticks, timeline.spans, timeline.bounds
        scene.engine = "time axis"
    else:
        kinds = {"layered-lr": CAUSAL_EDGES}.get(layout)
        laid = nx.MultiDiGraph(G) if undercut and used != "dot" else G  # `to_dot` draws it so for dot
        for relation, (u, v) in undercut.items() if laid is not G else ():  # the link under attack runs through it
            laid.remove_edges_from([(a, b, k) for a, b, k, d in G.edges(keys=True, data=True) if d.get("relation") == relation])
            laid.add_edge(u, relation, kind=G.nodes[relation].get("type"))
            laid.add_edge(relation, v, kind=G.nodes[relation].get("type"))
        positions = layered_positions(
            laid, edge_kinds=kinds, direction="LR" if layout == "layered-lr" else "TB",
            sizes=sizes, orders=orders, engine=used,  # type: ignore[arg-type]
        )
    for node, (x, y) in positions.items():
        boxes[node].x, boxes[node].y = x, y
    for node, (u, v) in undercut.items():
        boxes[node].x, boxes[node].y = (boxes[u].x + boxes[v].x) / 2, (boxes[u].y + boxes[v].y) / 2
    return scene


# --- private helpers -------------------------------------------------------------------------


def _box(node: Hashable, data: dict[str, object], number: int | None, holders: dict[str, tuple[str, str]], named: bool) -> Box:
    kind = str(data.get("kind") or "unknown")
    _, fill, border, _ = NODE_STYLES.get(kind, NODE_STYLES["unknown"])
    text = node_text(node, data)
    if kind == "relation":
        quotes = data.get("quotes") or ()
        said = f"\u201c{quotes[0]}\u201d" if quotes else text  # type: ignore[index]
        text = f"the link \u201c{_reads(str(data.get('type') or ''))}\u201d: {said}"
    heading: list[str] = []
    holder = holder_name(data) if kind in ("claim", "explanation", "relation") else None
    if holder:
        border, fill = holders.get(holder, HOLDER_COLOURS[-1])
        if named:
            heading.append(holder)
    when = date_text(data)
    if when:
        heading.append(when)
    body = wrap_px((f"{number}. " if number is not None else "") + " ".join(text.split()))
    lines = [line for h in heading for line in wrap_px(h, bold=True)] + body
    bold = len(lines) - len(body)
    width, height = box_size(lines, bold_lines=bold)
    return Box(lines, bold, width, height, BOX_SHAPES.get(kind, "box"), fill, border, holder, number)


def _reads(rdf_class: str) -> str:
    """How a relation class reads (``CausalLink`` -> ``causes``)."""
    try:
        return relation_kind(rdf_class).reads
    except KeyError:
        return "link"


def _parts(G: nx.MultiDiGraph) -> tuple[dict[Hashable, int], list[list[Hashable]]]:
    """Each part's number (its position in its first explanation), and each explanation's parts
    in order."""
    parts: dict[Hashable, list[tuple[int, str, Hashable]]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        if data.get("kind") == "part":
            position = data.get("position")
            parts[v].append((position if isinstance(position, int) else 1_000_000, str(u), u))
    numbers: dict[Hashable, int] = {}
    orders = []
    for explanation in sorted(parts, key=str):
        ordered = sorted(parts[explanation])
        orders.append([u for _, _, u in ordered])
        for position, _, u in ordered:
            if position < 1_000_000:
                numbers.setdefault(u, position)
    return numbers, orders


def _premise_groups(G: nx.MultiDiGraph) -> list[list[Hashable]]:
    """The premises of each linked argument (edges sharing a ``premise_group``), to be drawn
    side by side as one group.

    >>> G = nx.MultiDiGraph()
    >>> for p in ("p2", "p1", "q"):
    ...     _ = G.add_edge(p, "c", kind="support", premise_group="r1" if p != "q" else None)
    >>> _premise_groups(G)
    [['p2', 'p1']]
    """
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for u, _, group in G.edges(data="premise_group"):
        if group:
            groups[str(group)].append(u)
    return [list(dict.fromkeys(members)) for _, members in sorted(groups.items()) if len(set(members)) > 1]


def _holder_colours(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """A colour per holder, the holders of most boxes first; the last colour for all others."""
    counts = Counter(holder_name(d) for _, d in G.nodes(data=True) if d.get("kind") in ("claim", "explanation", "relation"))
    counts.pop(None, None)
    ranked = sorted(counts, key=lambda h: (-counts[h], str(h)))
    last = len(HOLDER_COLOURS) - 1
    return {str(h): HOLDER_COLOURS[min(i, last)] for i, h in enumerate(ranked)}


def _undercut_links(G: nx.MultiDiGraph) -> dict[Hashable, tuple[Hashable, Hashable]]:
    """Relation nodes whose link is on the map -> the link's ends."""
    relations = {n for n, kind in G.nodes(data="kind") if kind == "relation"}
    if not relations:
        return {}
    return {data["relation"]: (u, v) for u, v, data in G.edges(data=True)
            if data.get("relation") in relations and u not in relations and v not in relations}
