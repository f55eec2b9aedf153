"""Render a projected graph as a self-contained interactive HTML map, a Graphviz DOT text or a PNG.

The input is the `networkx.MultiDiGraph` that `policy_graph.project.project` returns
(docs/projection-contract.md); this module never touches RDF. HTML maps use pyvis's data model
and its bundled vis-network build, inlined with our own page template (pyvis's template links
Bootstrap from a CDN and shows tooltips as HTML). Layouts are computed here, in Python, and shipped
as positions with physics off, so large maps open in seconds:

- argument maps read top-down: conclusions above their reasons (layers of a DAG of support,
  attack, qualifies, part and explains edges, cycles broken);
- causal maps read left to right: causes before their effects;
- timelines order events by date;
- other views (actors, full) let the browser settle a force layout when small, and fall back to
  layers when large.

Every text from the graph reaches the page as JSON inside a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and is put into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import functools
import json
import math
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from .errors import InputError, PolicyGraphError
from .vocabulary import NODE_KINDS, edge_styles

__all__ = [
    "CHROMIUM_FLAGS",
    "EDGE_STYLES",
    "NODE_STYLES",
    "Layout",
    "RenderError",
    "SizeBy",
    "TooLargeError",
    "centrality",
    "layered_positions",
    "render_html",
    "screenshot",
    "timeline_positions",
    "to_dot",
]

SizeBy = Literal["pagerank", "degree", "in-degree", "out-degree", "betweenness", "support"]
Layout = Literal["auto", "layered", "layered-lr", "timeline", "force"]

#: Node kind -> (vis shape, fill, border, legend text), from `policy_graph.vocabulary`.
NODE_STYLES: dict[str, tuple[str, str, str, str]] = {k.name: (k.shape, k.fill, k.border, k.legend) for k in NODE_KINDS}

#: Edge kind -> (colour, dashes, width, legend text), from `policy_graph.vocabulary`. Direction is always drawn as an arrow.
EDGE_STYLES: dict[str, tuple[str, bool, float, str]] = {
    key: (style.colour, style.dashes, style.width, style.legend) for key, style in edge_styles().items()
}
_OTHER_EDGE = ("#9ca3af", False, 1.0, "other link")

_ARGUMENT_EDGES = frozenset({"support", "attack", "qualifies", "part", "explains", "rephrase"})
_CAUSAL_EDGES = frozenset({"causal", "precedes"})
_KIND_SIZES = {"explanation": 24, "event": 13, "relation": 8}
_LABEL_MAX = 60
_PHYSICS_MAX_NODES = 600
_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Headless Chromium with no background network chatter (this machine has no network).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


class RenderError(PolicyGraphError):
    """A map could not be written (no browser for a PNG, the browser failed or timed out)."""


class TooLargeError(RenderError):
    """The graph has more nodes than a usable interactive map; render a focus view instead.

    >>> str(TooLargeError(9000, 5000))
    'the graph has 9000 nodes, more than max_nodes=5000 for an interactive map (render a focus view instead: --focus NODE --depth 2, or raise --max-nodes)'
    """

    def __init__(self, nodes: int, max_nodes: int) -> None:
        self.nodes = nodes
        self.max_nodes = max_nodes
        super().__init__(
            f"the graph has {nodes} nodes, more than max_nodes={max_nodes} for an interactive map "
            "(render a focus view instead: --focus NODE --depth 2, or raise --max-nodes)"
        )


def render_html(
    G: nx.MultiDiGraph,
    path: Path | str,
    *,
    title: str,
    size_by: SizeBy | None = None,
    max_nodes: int = 5000,
    layout: Layout = "auto",
    source_labels: Mapping[str, str] | None = None,
) -> Path:
    """Write ``G`` as a self-contained interactive HTML map and return its path.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (`policy_graph.project.project`), or a focus view of one.
    path : Path or str
        The HTML file to write; written atomically (a temporary file in the same folder, then
        `os.replace`), so a failed render never leaves a half file.
    title : str
        Shown as the page title and heading (escaped).
    size_by : {"pagerank", "degree", "in-degree", "out-degree", "betweenness"}, optional
        Scale nodes by this centrality; equal sizes when None.
    max_nodes : int
        Refuse graphs larger than this with `TooLargeError` (suggesting a focus view).
    layout : {"auto", "layered", "layered-lr", "timeline", "force"}
        "auto" picks by ``G.graph["view"]``: layered (top-down) for argument, layered left to
        right for causal, timeline for timeline, force for the others (layers above 600 nodes).
    source_labels : mapping, optional
        Display names of source IRIs (e.g. document titles) for the panel and the source filter;
        default ``G.graph["sources"]``, which `policy_graph.project.project` fills with the titles.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    TooLargeError
        If ``G`` has more than ``max_nodes`` nodes.
    InputError
        If ``size_by`` or ``layout`` is unknown.
    """
    if G.number_of_nodes() > max_nodes:
        raise TooLargeError(G.number_of_nodes(), max_nodes)
    page = _page(G, title=title, size_by=size_by, layout=layout, source_labels=source_labels or G.graph.get("sources", {}))
    return _atomic_write(Path(path), page)


def to_dot(G: nx.MultiDiGraph, *, rankdir: Literal["TB", "BT", "LR", "RL"] | None = None) -> str:
    """Graphviz DOT text of ``G`` with the same visual grammar as the HTML maps.

    Argument maps default to ``rankdir=BT`` (edges run from reasons up to conclusions, so
    conclusions are drawn on top), causal maps and timelines to ``LR``.

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
        rankdir = {"argument": "BT", "causal": "LR", "timeline": "LR"}.get(view, "TB")
    shapes = {"box": "box", "hexagon": "hexagon", "diamond": "diamond", "ellipse": "ellipse",
              "database": "cylinder", "triangle": "triangle", "dot": "circle"}
    lines = [
        f"digraph {_dot_quote(view)} {{",
        f'  graph [rankdir={rankdir}, fontname="Helvetica", nodesep=0.3, ranksep=0.5];',
        '  node [fontname="Helvetica", fontsize=10, style="filled"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node, data in G.nodes(data=True):
        shape, fill, border, _ = NODE_STYLES.get(str(data.get("kind")), NODE_STYLES["unknown"])
        style = ', style="rounded,filled"' if shape == "box" else ""
        label = "\n".join(_wrap(_truncate(_label(node, data)), 28))
        lines.append(
            f"  {_dot_quote(node)} [label={_dot_quote(label)}, shape={shapes[shape]}, "
            f'fillcolor="{fill}", color="{border}"{style}];'
        )
    for u, v, data in G.edges(data=True):
        colour, dashes, width, _ = EDGE_STYLES.get(_edge_style_key(data), _OTHER_EDGE)
        extra = ', style="dashed"' if dashes else ""
        sign = _sign_text(data)
        if sign:
            extra += f", label={_dot_quote(sign)}"
        lines.append(f'  {_dot_quote(u)} -> {_dot_quote(v)} [color="{colour}", penwidth={width}{extra}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def screenshot(
    html_path: Path | str,
    png_path: Path | str,
    *,
    width: int = 1600,
    height: int = 1000,
    timeout: float = 60.0,
    controls: bool = False,
    chromium: str | None = None,
) -> Path:
    """Save a PNG of an HTML map as headless Chromium draws it, with the network off.

    Parameters
    ----------
    html_path, png_path : Path or str
        The map to open and the PNG to write (atomically).
    width, height : int
        The browser window size in CSS pixels.
    timeout : float
        Seconds before the browser is stopped and `RenderError` raised.
    controls : bool
        Keep the search, filter and details panels; by default only the map and its legend are
        drawn (a figure).
    chromium : str, optional
        The browser executable; ``$CHROMIUM``, then ``chromium``/``chromium-browser`` on PATH.

    Raises
    ------
    RenderError
        If no browser is found, it fails, or it does not finish within ``timeout``.
    """
    html_path, png_path = Path(html_path).resolve(), Path(png_path)
    if not html_path.is_file():
        raise InputError("no such HTML file", path=html_path)
    browser = chromium or os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise RenderError("no Chromium found for the PNG (install chromium, or set $CHROMIUM)")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    url = html_path.as_uri() + ("" if controls else "#figure")
    with tempfile.TemporaryDirectory(prefix="pg-chromium-") as profile:
        shot = Path(profile) / "shot.png"
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=15000",
            f"--screenshot={shot}",
            url,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise RenderError(f"Chromium did not finish the screenshot of {html_path} within {timeout} s") from err
        except OSError as err:
            raise RenderError(f"cannot start Chromium ({browser}): {err}") from err
        if not shot.is_file():
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise RenderError(f"Chromium wrote no screenshot (exit {done.returncode}): " + " | ".join(tail))
        return _atomic_write(png_path, shot.read_bytes())


def centrality(G: nx.MultiDiGraph, measure: SizeBy) -> dict[Hashable, float]:
    """Node scores for ``--size-by``, scaled so the largest is 1.

    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> sorted(centrality(G, "in-degree").items())
    [('a', 0.0), ('b', 0.0), ('c', 1.0)]
    """
    if measure == "in-degree":
        scores = dict(G.in_degree())
    elif measure == "out-degree":
        scores = dict(G.out_degree())
    elif measure in ("pagerank", "degree", "betweenness", "support"):
        from .analysis import rank

        scores = dict(rank(G, by=measure, k=256 if len(G) > 1000 and measure == "betweenness" else None))
    else:
        raise InputError(f"unknown centrality {measure!r}", hint="choose one of " + ", ".join(SizeBy.__args__))
    top = max(scores.values(), default=0) or 1
    return {node: float(value) / top for node, value in scores.items()}


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
        return (date is None, str(date or ""), str(data.get("end_date") or ""), _label(node, data))

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


def _page(
    G: nx.MultiDiGraph,
    *,
    title: str,
    size_by: SizeBy | None,
    layout: Layout,
    source_labels: Mapping[str, str],
) -> str:
    from pyvis.network import Network  # heavy import, only for rendering

    view = str(G.graph.get("view", "full"))
    if layout == "auto":
        layout = {"argument": "layered", "causal": "layered-lr", "timeline": "timeline"}.get(view, "force")
    if layout not in Layout.__args__:
        raise InputError(f"unknown layout {layout!r}", hint="choose one of " + ", ".join(Layout.__args__))
    physics = layout == "force" and G.number_of_nodes() <= _PHYSICS_MAX_NODES
    ticks: list[tuple[float, float, str]] = []
    if layout == "timeline":
        positions, ticks = timeline_positions(G)
    elif layout == "layered-lr":
        positions = layered_positions(G, edge_kinds=_CAUSAL_EDGES, direction="LR", node_gap=100, layer_gap=320)
    elif layout == "layered":
        positions = layered_positions(G, edge_kinds=_ARGUMENT_EDGES)
    else:
        positions = layered_positions(G)
    sizes = centrality(G, size_by) if size_by else {}

    ids = {node: f"n{i}" for i, node in enumerate(G)}
    vis_nodes: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    parts: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, int] = defaultdict(int)
    for node, data in G.nodes(data=True):
        kind = str(data.get("kind") or "unknown")
        shape, fill, border, _ = NODE_STYLES.get(kind, NODE_STYLES["unknown"])
        x, y = positions[node]
        item: dict[str, Any] = {
            "id": ids[node],
            "label": _truncate(_label(node, data)),
            "shape": shape,
            "color": {"background": fill, "border": border,
                      "highlight": {"background": "#fde68a", "border": "#111827"}},
            "x": round(x, 1),
            "y": round(y, 1),
        }
        if node in sizes:
            item["value"] = round(1 + 9 * sizes[node], 3)
        elif kind in _KIND_SIZES:
            item["size"] = _KIND_SIZES[kind]
        vis_nodes.append(item)
        for source in data.get("sources") or ():
            sources[str(source)] += 1
        details.append({
            "id": ids[node],
            "iri": str(node),
            "kind": kind,
            "label": _label(node, data),
            "holder": data.get("holder_label") or data.get("holder"),
            "date": data.get("date"),
            "end_date": data.get("end_date"),
            "precision": data.get("precision"),
            "confidence": data.get("confidence"),
            "hedge": data.get("hedge"),
            "sources": [str(s) for s in data.get("sources") or ()],
            "quotes": [str(q) for q in data.get("quotes") or ()],
            "footnotes": [str(f) for f in data.get("footnotes") or ()],
            "score": round(sizes[node], 4) if node in sizes else None,
        })
    vis_edges: list[dict[str, Any]] = []
    edge_details: list[dict[str, Any]] = []
    relations: dict[str, int] = defaultdict(int)
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        style_key = _edge_style_key(data)
        colour, dashes, width, _ = EDGE_STYLES.get(style_key, _OTHER_EDGE)
        relations[style_key] += 1
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "from": ids[u],
            "to": ids[v],
            "color": {"color": colour, "highlight": "#111827", "opacity": 0.9},
            "width": width,
            "dashes": dashes,
            "arrows": "to",
        }
        sign = _sign_text(data)
        if sign:
            edge["label"] = sign
        vis_edges.append(edge)
        if data.get("kind") == "part":
            parts[ids[v]].append(ids[u])
        source = data.get("source")
        edge_details.append({
            "id": f"e{i}",
            "kind": data.get("kind"),
            "style": style_key,
            "sign": data.get("sign"),
            "asserted_by": data.get("asserted_by_label") or data.get("asserted_by"),
            "source": str(source) if source else None,
            "quote": data.get("quote"),
            "footnotes": [str(f) for f in data.get("footnotes") or ()],
            "relation": data.get("relation"),
            "role": data.get("role"),
            "position": data.get("position"),
        })

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    net.nodes = vis_nodes  # filling the lists directly: add_node scans a list on each call
    net.edges = vis_edges
    net.options = _vis_options(physics=physics, scaled=bool(sizes), layout=layout)
    nodes, edges, heading, _, _, options = net.get_network_data()
    kinds_present = {str(d.get("kind") or "unknown") for _, d in G.nodes(data=True)}
    payload = {
        "view": view,
        "physics": physics,
        "sizeBy": size_by,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": details,
        "edgeDetails": edge_details,
        "parts": parts,
        "sources": {s: source_labels.get(s) or s.rsplit("/", 1)[-1] for s in sorted(sources)},
        "ticks": [[x, y, text] for x, y, text in ticks],
        "tickHeight": 3 * 120.0,
    }
    return _template().render(
        title=heading,
        view=view,
        counts=(G.number_of_nodes(), G.number_of_edges()),
        size_by=size_by,
        node_legend=[(k, *NODE_STYLES[k]) for k in NODE_STYLES if k in kinds_present]
        + ([("unknown", *NODE_STYLES["unknown"])] if kinds_present - NODE_STYLES.keys() else []),
        edge_legend=[(k, *EDGE_STYLES.get(k, _OTHER_EDGE)) for k in sorted(relations, key=_edge_order)],
        sources=[(s, payload["sources"][s], n) for s, n in sorted(sources.items(), key=lambda p: payload["sources"][p[0]])],
        has_dates=any(d.get("date") for _, d in G.nodes(data=True)),
        has_parts=bool(parts),
        payload=payload,
        vis_js=_asset("vis-network.min.js"),
        vis_css=_asset("vis-network.css"),
    )


def _vis_options(*, physics: bool, scaled: bool, layout: str) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"size": 14, "face": "Helvetica, Arial, sans-serif", "color": "#111827"},
            "widthConstraint": {"maximum": 170},
            "borderWidth": 1.5,
            "size": 14,
            "margin": 8,
        },
        "edges": {
            "smooth": False if not physics else {"type": "continuous"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 14, "align": "top", "strokeWidth": 3},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "navigationButtons": False, "keyboard": False, "multiselect": True},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {"enabled": False},
    }
    if layout == "layered-lr":
        options["nodes"]["widthConstraint"] = {"maximum": 200}
    if scaled:
        options["nodes"]["scaling"] = {"min": 10, "max": 40, "label": {"enabled": True, "min": 12, "max": 26}}
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50, "fit": True},
        }
    return options


def _edge_style_key(data: Mapping[str, Any]) -> str:
    kind = str(data.get("kind"))
    if kind == "causal" and data.get("sign") in (1, -1):
        return "causal+" if data["sign"] == 1 else "causal-"
    return kind


def _edge_order(key: str) -> int:
    order = list(EDGE_STYLES)
    return order.index(key) if key in order else len(order)


def _sign_text(data: Mapping[str, Any]) -> str | None:
    if data.get("kind") != "causal" or data.get("sign") not in (1, -1):
        return None
    return "+" if data["sign"] == 1 else "\u2212"


def _label(node: Hashable, data: Mapping[str, Any]) -> str:
    label = data.get("label")
    return str(label) if label else str(node).rsplit("/", 1)[-1]


def _truncate(text: str, limit: int = _LABEL_MAX) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis.

    >>> _truncate("Macron sought to convince the Global South", 20)
    'Macron sought to\u2026'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "\u2026"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines or [""]


def _dot_quote(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + text.replace("\n", "\\n") + '"'


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


@functools.cache
def _asset(name: str) -> str:
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    return (folder / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators.

    >>> _script_json({"label": "</script><img src=x>\u2028&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e\\\\u2028\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = lambda value: Markup(_script_json(value))
    env.filters["raw_asset"] = _raw_asset
    return env.get_template("map.html.j2")


def _raw_asset(text: str) -> Any:
    """A bundled script or stylesheet, inlined as is; refused if it could close its own tag."""
    from markupsafe import Markup

    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RenderError("a bundled vis-network asset contains a closing tag and cannot be inlined")
    return Markup(text)


def _atomic_write(path: Path, content: str | bytes) -> Path:
    """`policy_graph.store.atomic_write`, creating the folder first (maps go into ``out/maps``)."""
    from .store import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content)
    return path

