"""Graphviz DOT text of a map: what `render --format dot` writes and what `dot` lays out."""

from __future__ import annotations

from typing import Any, Literal

import networkx as nx

from .grammar import (
    EDGE_STYLES,
    NODE_STYLES,
    OTHER_EDGE,
    edge_style_key,
    node_text,
    sign_text,
    wrap,
)

__all__ = ["dot_quote", "to_dot"]


def to_dot(G: nx.MultiDiGraph, *, rankdir: Literal["TB", "BT", "LR", "RL"] | None = None) -> str:
    """Graphviz DOT text of ``G`` with the same visual grammar as the HTML maps.

    Argument maps default to ``rankdir=BT`` (edges run from reasons up to conclusions, so
    conclusions are drawn on top), causal maps and timelines to ``LR``. Boxes hold their whole
    text; a link under attack (an undercut) runs through the node of its relation.

    >>> G = nx.MultiDiGraph(view="argument")
    >>> G.add_node("a", kind="claim", label='Say "no"')
    >>> G.add_node("b", kind="claim", label="Conclusion")
    >>> G.add_edge("a", "b", kind="support")
    0
    >>> print(to_dot(G))  # doctest: +NORMALIZE_WHITESPACE
    digraph "argument" {
      graph [rankdir=BT, fontname="Helvetica", nodesep=0.3, ranksep=0.5];
      node [fontname="Helvetica", fontsize=10, style="filled"];
      edge [fontname="Helvetica", fontsize=9];
      "a" [label="Say \\"no\\"", shape=box, fillcolor="#dbeafe", color="#1d4ed8", style="rounded,filled"];
      "b" [label="Conclusion", shape=box, fillcolor="#dbeafe", color="#1d4ed8", style="rounded,filled"];
      "a" -> "b" [color="#15803d", penwidth=2.0];
    }
    """
    view = str(G.graph.get("view", "map"))
    if rankdir is None:
        rankdir = "BT" if view == "argument" else "LR" if view in ("causal", "timeline") else "TB"
    shapes = {"box": "box", "hexagon": "hexagon", "diamond": "diamond", "ellipse": "ellipse",
              "database": "cylinder", "triangle": "triangle", "dot": "circle"}
    lines = [
        f"digraph {dot_quote(view)} {{",
        f'  graph [rankdir={rankdir}, fontname="Helvetica", nodesep=0.3, ranksep=0.5];',
        '  node [fontname="Helvetica", fontsize=10, style="filled"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node, data in G.nodes(data=True):
        shape, fill, border, _ = NODE_STYLES.get(str(data.get("kind")), NODE_STYLES["unknown"])
        style = ', style="rounded,filled"' if shape == "box" else ""
        label = "\n".join(wrap(node_text(node, data), 28))
        lines.append(
            f"  {dot_quote(node)} [label={dot_quote(label)}, shape={shapes[shape]}, "
            f'fillcolor="{fill}", color="{border}"{style}];'
        )
    for u, v, data in G.edges(data=True):
        colour, dashes, width, _ = EDGE_STYLES.get(edge_style_key(data), OTHER_EDGE)
        extra = ', style="dashed"' if dashes else ""
        sign = sign_text(data)
        if sign:
            extra += f", label={dot_quote(sign)}"
        relation = data.get("relation")
        if relation in G and relation not in (u, v):  # a link under attack runs through its relation node
            lines.append(f'  {dot_quote(u)} -> {dot_quote(relation)} [color="{colour}", penwidth={width}, arrowhead=none{extra}];')
            u = relation
        lines.append(f'  {dot_quote(u)} -> {dot_quote(v)} [color="{colour}", penwidth={width}{extra}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_quote(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + text.replace("\n", "\\n") + '"'

