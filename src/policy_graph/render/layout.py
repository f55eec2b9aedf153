"""Where each node goes: layers for argument and causal maps, a time axis for timelines.

Layered maps are laid out by Graphviz ``dot`` (network-simplex ranking, crossing minimisation
by weighted median and transposition, coordinates that keep edges short) when it is installed
and the map has at most `DOT_MAX_NODES` nodes; otherwise by a Sugiyama layering written here
(barycentre ordering, wide layers wrapped, components packed), which is linear enough for
10,000 nodes. docs/maps.md says why and what was measured.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import math
import shutil
import subprocess
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from ..dates import DateError, parse_date
from ..errors import RenderError
from .dot import dot_quote, to_dot
from .grammar import node_text

__all__ = [
    "DOT_MAX_NODES",
    "Engine",
    "Timeline",
    "crossings",
    "dot_suits",
    "layered_positions",
    "timeline_layout",
    "timeline_positions",
]

Point = tuple[float, float]
#: ``"auto"``: Graphviz dot when installed and the map is small enough, else ``"sugiyama"``.
Engine = Literal["auto", "dot", "sugiyama"]
#: dot took 0.06 s on the 352-node argument view, 0.2 s at 500 nodes and 26 s at 2,000; dense
#: maps take longer (the 528-node full view, 1,995 links: over a minute).
DOT_MAX_NODES = 1000
DOT_MAX_EDGES = 1000
DOT_TIMEOUT = 30.0
_DEFAULT_SIZE = (170.0, 40.0)


def layered_positions(
    G: nx.Graph,
    *,
    edge_kinds: Iterable[str] | None = None,
    direction: Literal["TB", "LR"] = "TB",
    sizes: Mapping[Hashable, tuple[float, float]] | None = None,
    orders: Sequence[Sequence[Hashable]] = (),
    node_gap: float = 40.0,
    layer_gap: float = 90.0,
    aspect: float = 1.6,
    engine: Engine = "auto",
) -> dict[Hashable, Point]:
    """Positions in layers: conclusions above their reasons (TB), causes left of effects (LR).

    Edges are read as ``reason -> conclusion`` (TB: conclusions on top) or ``cause -> effect``
    (LR: causes on the left); edges of other kinds than ``edge_kinds`` do not set layers.
    ``sizes`` gives each box's width and height in pixels, so boxes never overlap; each
    sequence of ``orders`` (an explanation's parts) is drawn side by side in its order, unless
    dot finds that this costs over a tenth more edge crossings than a free order. ``node_gap`` separates boxes within a layer, ``layer_gap`` the layers. The
    Sugiyama engine wraps wide layers and packs components about ``aspect`` times as wide as
    high.

    >>> G = nx.DiGraph([("r1", "c"), ("r2", "c"), ("p", "r1")])
    >>> pos = layered_positions(G)
    >>> pos["c"][1] < pos["r1"][1] < pos["p"][1]
    True
    >>> pos = layered_positions(G, direction="LR", engine="sugiyama")
    >>> pos["p"][0] < pos["r1"][0] < pos["c"][0]
    True

    References
    ----------
    Sugiyama, Tagawa and Toda (1981), "Methods for visual understanding of hierarchical system
    structures", IEEE Trans. SMC 11(2). Gansner, Koutsofios, North and Vo (1993), "A technique
    for drawing directed graphs", IEEE Trans. Software Eng. 19(3) (the ``dot`` algorithm).
    """
    sizes = sizes or {}
    kinds = None if edge_kinds is None else frozenset(edge_kinds)
    if engine == "dot" or (engine == "auto" and dot_suits(G)):
        # dot lays out the DOT text the map exports (`to_dot`); the drawing is then stretched
        # along each axis until no boxes overlap: a stretch keeps every crossing as it was
        text = to_dot(G, rankdir="BT" if direction == "TB" else "LR")
        free = dot_reference_positions(text)
        chosen = free
        if orders:  # parts side by side in order, unless that costs more than a fifth more crossings
            chains = ["{ rank=same; " + " -> ".join(dot_quote(n) for n in dict.fromkeys(seq) if n in G) + " [style=invis]; }"
                      for seq in orders if len(set(seq) & set(G)) > 1]
            ordered = dot_reference_positions(text.rstrip().removesuffix("}") + "\n".join(chains) + "\n}\n")
            pairs = [(str(u), str(v)) for u, v in G.edges()]
            chosen = ordered if crossings(ordered, pairs) <= 1.2 * crossings(free, pairs) else free
        return _stretch({n: chosen[str(n)] for n in G}, sizes, across=0 if direction == "TB" else 1,
                        node_gap=node_gap, layer_gap=layer_gap)
    width = max((w for w, _ in sizes.values()), default=_DEFAULT_SIZE[0])
    height = max((h for _, h in sizes.values()), default=_DEFAULT_SIZE[1])
    node_gap, layer_gap = width + node_gap, height + layer_gap
    if direction == "LR":
        node_gap, layer_gap = height + 20.0, width + 80.0
    dag = nx.DiGraph()
    dag.add_nodes_from(sorted(G, key=str))
    for u, v, data in G.edges(data=True):
        if u != v and (kinds is None or data.get("kind") in kinds):
            # layer 0 holds the DAG's sources: conclusions (heads) for TB, first causes for LR
            dag.add_edge(*((v, u) if direction == "TB" else (u, v)))
    _break_cycles(dag)
    blocks: list[dict[Hashable, tuple[float, float]]] = []
    singles: list[Hashable] = []
    for component in sorted(nx.weakly_connected_components(dag), key=lambda c: (-len(c), min(map(str, c)))):
        if len(component) == 1:
            singles.extend(component)
        else:
            blocks.append(_component_block(dag.subgraph(component).copy(), node_gap, layer_gap))
    if singles:
        columns = max(1, math.ceil(math.sqrt(len(singles) * aspect * layer_gap / node_gap)))
        blocks.append({n: ((i % columns) * node_gap, (i // columns) * layer_gap) for i, n in enumerate(singles)})
    positions = _pack(blocks, aspect=aspect, gap=node_gap)
    if direction == "LR":
        positions = {n: (y, x) for n, (x, y) in positions.items()}
    return positions




def dot_suits(G: nx.Graph) -> bool:
    """Whether ``dot`` lays ``G`` out in seconds: installed, at most `DOT_MAX_NODES` nodes and
    `DOT_MAX_EDGES` edges."""
    return len(G) <= DOT_MAX_NODES and G.number_of_edges() <= DOT_MAX_EDGES and dot_available()


@functools.cache
def dot_available() -> bool:
    """Whether Graphviz ``dot`` is on PATH (``apt-get install graphviz``)."""
    return shutil.which("dot") is not None


def dot_reference_positions(dot_text: str) -> dict[str, Point]:
    """Node positions (y down) of a DOT text as ``dot`` lays it out, keyed by node name: the
    reference the layered layout is measured against (``render --format dot`` writes the text)."""
    return {name: (x, -y) for name, (x, y) in _run_dot(dot_text).items()}


def crossings(positions: Mapping[Any, Point], edges: Iterable[tuple[Hashable, Hashable]]) -> int:
    """How many pairs of edges cross, each edge drawn as a straight line between box centres.

    Edges sharing an end never count; an edge is counted once however many keys it has.

    >>> pos = {"a": (0, 0), "b": (10, 10), "c": (0, 10), "d": (10, 0)}
    >>> crossings(pos, [("a", "b"), ("c", "d"), ("a", "c")])
    1
    """
    import numpy as np

    pairs = sorted({(u, v) for u, v in edges if u != v and u in positions and v in positions}, key=str)
    if len(pairs) < 2:
        return 0
    ends = np.array([[*positions[u], *positions[v]] for u, v in pairs], dtype=float)
    names = [(str(u), str(v)) for u, v in pairs]
    total = 0
    for i in range(len(pairs) - 1):
        ax, ay, bx, by = ends[i]
        rest = ends[i + 1 :]
        cx, cy, dx, dy = rest[:, 0], rest[:, 1], rest[:, 2], rest[:, 3]

        def side(px: Any, py: Any, qx: Any, qy: Any, rx: Any, ry: Any) -> Any:
            return np.sign((qx - px) * (ry - py) - (qy - py) * (rx - px))

        proper = (side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0) & (
            side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0
        )
        u, v = names[i]
        shared = np.array([u in other or v in other for other in names[i + 1 :]])
        total += int(np.count_nonzero(proper & ~shared))
    return total


@dataclass(frozen=True)
class Timeline:
    """A timeline laid out to scale: box centres, axis ticks ``(x, text)``, each dated node's
    span ``(x of its first day, x of its last day)``, and for an inferred date the bounds the
    texts allow ``(x of the earliest day, x of the latest)``, ``None`` where a side is open."""

    positions: dict[Hashable, Point]
    ticks: list[tuple[float, str]]
    spans: dict[Hashable, tuple[float, float]]
    bounds: dict[Hashable, tuple[float | None, float | None]]


def timeline_layout(
    G: nx.Graph,
    *,
    box_width: float = 200.0,
    box_heights: Mapping[Hashable, float] | None = None,
    gap: float = 16.0,
    px_per_year: float | None = None,
) -> Timeline:
    """Dated nodes on a time axis to scale, earliest on the left, in as few lanes as fit.

    Each node's date (with its precision: a day, a month or a year; or a range to its
    ``end_date``) is read as the span of days it can mean; its box is centred at its span's
    first day, moved right where a ``precedes`` link says it comes after a node placed later
    (but never past its span's last day). Each box goes into the free lane (where it overlaps
    no box) where its links to the boxes already placed cross the fewest links, then the
    nearest to the boxes it links to; undated nodes follow on the right of the axis.

    >>> G = nx.DiGraph()
    >>> G.add_node("b", date="2022-02-24"); G.add_node("a", date="2014"); G.add_node("c")
    >>> G.add_node("d", date="2017-05-29"); G.add_node("e", date="2017", precision="year")
    >>> tl = timeline_layout(G)
    >>> tl.positions["a"][0] < tl.positions["e"][0] < tl.positions["d"][0] < tl.positions["b"][0] < tl.positions["c"][0]
    True
    >>> tl.spans["e"][1] - tl.spans["e"][0] > tl.spans["d"][1] - tl.spans["d"][0]  # a year is wider than a day
    True

    An inferred date's bounds (``not_before``, ``not_after``) are laid out on the same scale,
    a side the texts leave open as ``None``:

    >>> G.add_node("f", date="2016", certainty="inferred", not_after="2018")
    >>> tl = timeline_layout(G)
    >>> tl.bounds["f"][0] is None and tl.bounds["f"][1] > tl.spans["f"][1], sorted(tl.bounds)
    (True, ['f'])
    """
    box_heights = box_heights or {}
    days: dict[Hashable, tuple[datetime.date, datetime.date]] = {}
    limits: dict[Hashable, tuple[datetime.date | None, datetime.date | None]] = {}
    for node, data in G.nodes(data=True):
        span = _date_span(data)
        if span:
            days[node] = span
            if data.get("certainty") == "inferred":
                limits[node] = _bounds(data)
    known = [day for limit in limits.values() for day in limit if day is not None]
    first = min([start for start, _ in days.values()] + known, default=datetime.date(2000, 1, 1))
    last = max([end for _, end in days.values()] + known, default=first)
    years = max(1.0, (last - first).days / 365.25)
    if px_per_year is None:  # about two boxes per month on short timelines, 900 px a year on long ones
        px_per_year = max(900.0, min(6000.0, 12 * box_width / max(1.0, years / 2)))
    scale = px_per_year / 365.25

    def x_of(day: datetime.date) -> float:
        return (day - first).days * scale

    spans = {node: (x_of(start), x_of(end + datetime.timedelta(days=1))) for node, (start, end) in days.items()}
    bounds = {node: (None if earliest is None else x_of(earliest), None if latest is None else x_of(latest + datetime.timedelta(days=1)))
              for node, (earliest, latest) in limits.items()}
    x = {node: start for node, (start, _) in spans.items()}
    before = nx.DiGraph((u, v) for u, v, kind in G.edges(data="kind") if kind == "precedes" and u in x and v in x)
    if nx.is_directed_acyclic_graph(before):
        for node in nx.topological_sort(before):
            earliest = max((x[u] + 1.0 for u in before.predecessors(node)), default=x[node])
            x[node] = min(max(x[node], earliest), spans[node][1] - 0.5)
    end = max((e for _, e in spans.values()), default=0.0) + box_width
    undated = sorted((n for n in G if n not in x), key=lambda n: node_text(n, G.nodes[n]))
    for i, node in enumerate(undated):
        x[node] = end + i * (box_width + gap)
    rights: list[float] = []  # the right edge of the last box in each lane
    lane_of: dict[Hashable, int] = {}
    linked = nx.Graph(G.to_undirected(as_view=True))
    placed: list[tuple[Hashable, Hashable]] = []
    for node in sorted(x, key=lambda n: (x[n], str(n))):
        left = x[node] - box_width / 2
        free = [i for i, right in enumerate(rights) if right + gap <= left] + [len(rights)]
        near = [m for m in linked[node] if m in lane_of] if node in linked else []
        # the free lane where its links to boxes already placed cross the fewest links, nearest first
        if near and len(free) > 1:
            points = {m: (x[m], float(lane_of[m])) for m in lane_of}
            new = [(node, m) for m in near]
            lane = min(free, key=lambda i: (crossings({**points, node: (x[node], float(i))}, placed + new)
                                            - crossings(points, placed), sum(abs(i - lane_of[m]) for m in near), i))
        else:
            lane = free[0]
        placed += [(node, m) for m in near]
        if lane == len(rights):
            rights.append(0.0)
        rights[lane] = left + box_width
        lane_of[node] = lane
    heights = [0.0] * len(rights)
    for node, lane in lane_of.items():
        heights[lane] = max(heights[lane], box_heights.get(node, 60.0))
    tops = [sum(heights[:i]) + 2 * gap * i for i in range(len(heights))]
    positions = {node: (x[node], tops[lane] + heights[lane] / 2) for node, lane in lane_of.items()}
    ticks = _ticks(first, last, x_of)
    if undated:
        ticks.append((end - box_width / 2, "undated"))
    return Timeline(positions, ticks, spans, bounds)


def timeline_positions(G: nx.Graph) -> tuple[dict[Hashable, Point], list[tuple[float, float, str]]]:
    """Positions of `timeline_layout` and its ticks as ``(x, y of the axis, text)``.

    >>> G = nx.DiGraph()
    >>> G.add_node("b", date="2022-02-24"); G.add_node("a", date="2014"); G.add_node("c")
    >>> pos, ticks = timeline_positions(G)
    >>> pos["a"][0] < pos["b"][0] < pos["c"][0]
    True
    >>> [text for _, _, text in ticks][:1], [text for _, _, text in ticks][-1]
    (['2014'], 'undated')
    """
    timeline = timeline_layout(G)
    return timeline.positions, [(x, 0.0, text) for x, text in timeline.ticks]


# --- private helpers -------------------------------------------------------------------------


def _stretch(
    positions: dict[Hashable, Point], sizes: Mapping[Hashable, tuple[float, float]], *, across: int, node_gap: float, layer_gap: float
) -> dict[Hashable, Point]:
    """Scale the two axes of a layered drawing apart so that boxes of one layer are ``node_gap``
    apart and layers ``layer_gap`` apart at least (a scaling keeps every crossing).

    >>> _stretch({"a": (0.0, 0.0), "b": (10.0, 0.0), "c": (5.0, 10.0)}, {}, across=0, node_gap=30.0, layer_gap=60.0)
    {'a': (0.0, 0.0), 'b': (200.0, 0.0), 'c': (100.0, 100.0)}
    """
    along = 1 - across
    size = {n: sizes.get(n, _DEFAULT_SIZE) for n in positions}
    layers: dict[float, list[Hashable]] = {}
    for node, point in positions.items():
        layers.setdefault(round(point[along], 1), []).append(node)
    scale_across = scale_along = 1e-9
    for members in layers.values():
        members.sort(key=lambda n: positions[n][across])
        for a, b in itertools.pairwise(members):
            apart = positions[b][across] - positions[a][across]
            if apart > 0:
                scale_across = max(scale_across, ((size[a][across] + size[b][across]) / 2 + node_gap) / apart)
    levels = sorted(layers)
    for low, high in itertools.pairwise(levels):
        extent = max(size[n][along] for n in layers[low]) / 2 + max(size[n][along] for n in layers[high]) / 2
        scale_along = max(scale_along, (extent + layer_gap) / (high - low))
    scale = [1.0, 1.0]
    scale[across], scale[along] = max(scale_across, 1e-9), max(scale_along, 1e-9)
    if len(layers) < 2:
        scale[along] = 1.0
    if all(len(m) < 2 for m in layers.values()):
        scale[across] = 1.0
    return {n: (round(x * scale[0], 1), round(y * scale[1], 1)) for n, (x, y) in positions.items()}


def _run_dot(text: str) -> dict[str, Point]:
    """Run ``dot -Tjson0`` on ``text``; node name -> position in points (y up)."""
    if not dot_available():
        raise RenderError("Graphviz dot is not installed (apt-get install graphviz), so the layered layout cannot use it")
    try:
        done = subprocess.run(["dot", "-Tjson0"], input=text, capture_output=True, text=True,
                              timeout=DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as err:
        raise RenderError(f"Graphviz dot did not finish the layout within {DOT_TIMEOUT:.0f} s") from err
    if done.returncode != 0:
        raise RenderError("Graphviz dot failed: " + " | ".join(done.stderr.strip().splitlines()[-3:]))
    found: dict[str, Point] = {}
    for item in json.loads(done.stdout).get("objects", []):
        if "pos" in item:
            x, y = item["pos"].split(",")[:2]
            found[item["name"]] = (float(x), float(y))
    return found


def _date_span(data: Mapping[str, object]) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a node's date can mean, or None when it has no readable date."""
    text = data.get("date")
    if not text:
        return None
    try:
        start = parse_date(str(text))
        end = parse_date(str(data["end_date"])) if data.get("end_date") else start
        return start.earliest(), end.latest()
    except (DateError, ValueError):
        return None


def _bounds(data: Mapping[str, object]) -> tuple[datetime.date | None, datetime.date | None]:
    """The earliest first day and the latest last day the texts allow an inferred date, or None
    for a side they leave open (an unreadable bound counts as open)."""
    limits: list[datetime.date | None] = []
    for key, side in (("not_before", "earliest"), ("not_after", "latest")):
        try:
            limits.append(getattr(parse_date(str(data[key])), side)() if data.get(key) else None)
        except (DateError, ValueError):
            limits.append(None)
    return limits[0], limits[1]


def _ticks(first: datetime.date, last: datetime.date, x_of: object) -> list[tuple[float, str]]:
    """Year ticks, and month ticks too when the timeline spans under three years."""
    ticks: list[tuple[float, str]] = []
    short = (last - first).days < 3 * 365
    for year in range(first.year, last.year + 1):
        for month in range(1, 13) if short else (1,):
            day = datetime.date(year, month, 1)
            if first <= day <= last or (month == 1 and year == first.year):
                text = str(year) if month == 1 else day.strftime("%b")
                ticks.append((x_of(max(day, first)), text))  # type: ignore[operator]
    return ticks


def _break_cycles(dag: nx.DiGraph) -> None:
    """Remove the back edges of an iterative DFS (in sorted node order) so ``dag`` is acyclic."""
    state: dict[Hashable, int] = {}  # 1 on the stack, 2 done
    back: list[tuple[Hashable, Hashable]] = []
    for root in dag:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(list(dag.successors(root))))]
        while stack:
            node, children = stack[-1]
            for child in children:
                mark = state.get(child)
                if mark == 1:
                    back.append((node, child))
                elif mark is None:
                    state[child] = 1
                    stack.append((child, iter(list(dag.successors(child)))))
                    break
            else:
                state[node] = 2
                stack.pop()
    dag.remove_edges_from(back)


def _component_block(dag: nx.DiGraph, node_gap: float, layer_gap: float) -> dict[Hashable, tuple[float, float]]:
    layers = [sorted(generation, key=str) for generation in nx.topological_generations(dag)]
    order = {node: i for layer in layers for i, node in enumerate(layer)}
    neighbours_up = {n: list(dag.predecessors(n)) for n in dag}
    neighbours_down = {n: list(dag.successors(n)) for n in dag}

    def sweep(sequence: list[list[Hashable]], neighbours: Mapping[Hashable, list[Hashable]]) -> None:
        for layer in sequence:
            def barycentre(node: Hashable) -> float:
                near = neighbours[node]
                return sum(order[m] for m in near) / len(near) if near else order[node]
            layer.sort(key=barycentre)
            for i, node in enumerate(layer):
                order[node] = i

    for _ in range(3):
        sweep(layers[1:], neighbours_up)
        sweep(layers[-2::-1], neighbours_down)
    # wrap wide layers into sub-rows, so a component is not a thin strip (layer order is kept)
    per_row = max(8, math.ceil(math.sqrt(len(dag)) * 1.2))
    widest = min(per_row, max(len(layer) for layer in layers))
    sub_gap = layer_gap * 0.75
    positions = {}
    y = 0.0
    for layer in layers:
        for r, start in enumerate(range(0, len(layer), per_row)):
            row = layer[start : start + per_row]
            offset = (widest - len(row)) * node_gap / 2 + (node_gap / 2 if r % 2 else 0.0)
            for i, node in enumerate(row):
                positions[node] = (offset + i * node_gap, y)
            y += sub_gap
        y += layer_gap - sub_gap
    return positions


def _pack(
    blocks: list[dict[Hashable, tuple[float, float]]], *, aspect: float, gap: float
) -> dict[Hashable, tuple[float, float]]:
    """Place blocks left to right in rows (shelves) so the whole is about ``aspect`` wide : high."""
    sizes = [(max(px for px, _ in b.values()) + gap * 1.5, max(py for _, py in b.values()) + gap) for b in blocks]
    area = sum(w * h for w, h in sizes)
    row_width = max([math.sqrt(area * aspect)] + [w for w, _ in sizes])
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for block, (width, height) in zip(blocks, sizes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in block.items():
            positions[node] = (x + px, y + py)
        x += width
        row_height = max(row_height, height)
    return positions

