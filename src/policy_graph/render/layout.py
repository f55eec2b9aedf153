"""Where each node goes: layers for argument and causal maps, dates for timelines."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Literal

import networkx as nx

from .grammar import node_text

__all__ = ["layered_positions", "timeline_positions"]


def layered_positions(
    G: nx.Graph,
    *,
    edge_kinds: Iterable[str] | None = None,
    direction: Literal["TB", "LR"] = "TB",
    node_gap: float = 210.0,
    layer_gap: float = 150.0,
    aspect: float = 1.6,
) -> dict[Hashable, tuple[float, float]]:
    """Positions in layers: conclusions above their reasons (TB), causes left of effects (LR).

    Edges are read as ``reason -> conclusion`` (TB: conclusions on top) or ``cause -> effect``
    (LR: causes on the left). Cycles are broken by dropping the DFS back edges; each weakly
    connected component gets its own block (layers from `networkx.topological_generations`,
    order within a layer by the barycentre heuristic), and blocks are packed in rows so the
    whole map is about ``aspect`` times as wide as high. ``node_gap`` separates nodes within a
    layer, ``layer_gap`` the layers (for LR, read them along the other axis).

    >>> G = nx.DiGraph([("r1", "c"), ("r2", "c"), ("p", "r1")])
    >>> pos = layered_positions(G)
    >>> pos["c"][1] < pos["r1"][1] < pos["p"][1]
    True
    >>> pos = layered_positions(G, direction="LR")
    >>> pos["p"][0] < pos["r1"][0] < pos["c"][0]
    True

    References
    ----------
    Sugiyama, Tagawa and Toda (1981), "Methods for visual understanding of hierarchical system
    structures", IEEE Trans. SMC 11(2).
    """
    kinds = None if edge_kinds is None else frozenset(edge_kinds)
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


def timeline_positions(
    G: nx.Graph,
    *,
    step: float = 90.0,
    lanes: int = 3,
    lane_gap: float = 120.0,
    row_gap: float = 260.0,
    aspect: float = 1.6,
) -> tuple[dict[Hashable, tuple[float, float]], list[tuple[float, float, str]]]:
    """Positions ordering dated nodes by date, left to right, and the year ticks to draw.

    Nodes are ranked by ``(date, end_date, label)`` (ISO strings sort correctly across
    precisions); consecutive nodes alternate between ``lanes`` lanes so labels do not overlap.
    A long timeline wraps into rows, like lines of text, at a change of year, so the whole is
    about ``aspect`` times as wide as high. Undated nodes follow at the end. Each tick is
    ``(x, y of its row, text)``.

    >>> G = nx.DiGraph()
    >>> G.add_node("b", date="2022-02-24"); G.add_node("a", date="2014"); G.add_node("c")
    >>> pos, ticks = timeline_positions(G)
    >>> pos["a"][0] < pos["b"][0] < pos["c"][0]
    True
    >>> [text for _, _, text in ticks]
    ['2014', '2022', 'undated']
    """

    def key(node: Hashable) -> tuple[int, str, str, str]:
        data = G.nodes[node]
        date = data.get("date")
        return (date is None, str(date or ""), str(data.get("end_date") or ""), node_text(node, data))

    ordered = sorted(G, key=key)
    band = lanes * lane_gap + row_gap
    rows = max(1, round(math.sqrt(len(ordered) * step / (band * aspect))))
    row_width = len(ordered) * step / rows
    positions: dict[Hashable, tuple[float, float]] = {}
    ticks: list[tuple[float, float, str]] = []
    last = None
    x = y = 0.0
    lane = 0
    for node in ordered:
        date = G.nodes[node].get("date")
        year = str(date)[:4] if date else "undated"
        if year != last:
            if x >= row_width:  # wrap only where a new year starts
                x, y = 0.0, y + band
            ticks.append((x, y, year))
            last = year
        positions[node] = (x, y + lane * lane_gap)
        lane = (lane + 1) % lanes
        x += step
    return positions, ticks


# --- private helpers -------------------------------------------------------------------------


# --- private helpers -------------------------------------------------------------------------


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
    neighbours_up = {n: [p for p in dag.predecessors(n)] for n in dag}
    neighbours_down = {n: [c for c in dag.successors(n)] for n in dag}

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

