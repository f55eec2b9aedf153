"""Interactive HTML maps: a vis-network page with the layout computed here, inlined whole."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from ..errors import InputError, RenderError, TooLargeError
from ..resources import TEMPLATES_DIR
from .grammar import (
    EDGE_STYLES,
    NODE_STYLES,
    OTHER_EDGE,
    edge_order,
    edge_style_key,
    node_text,
    sign_text,
    truncate,
)
from .layout import layered_positions, timeline_positions
from .output import write

__all__ = ["Layout", "SizeBy", "centrality", "render_html"]

SizeBy = Literal["pagerank", "degree", "in-degree", "out-degree", "betweenness", "support"]
Layout = Literal["auto", "layered", "layered-lr", "timeline", "force"]

_ARGUMENT_EDGES = frozenset({"support", "attack", "qualifies", "part", "explains", "rephrase"})
_CAUSAL_EDGES = frozenset({"causal", "precedes"})
_KIND_SIZES = {"explanation": 24, "event": 13, "relation": 8}
_PHYSICS_MAX_NODES = 600


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
    return write(Path(path), page)



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
        from ..analysis import rank

        scores = dict(rank(G, by=measure, k=256 if len(G) > 1000 and measure == "betweenness" else None))
    else:
        raise InputError(f"unknown centrality {measure!r}", hint="choose one of " + ", ".join(SizeBy.__args__))
    top = max(scores.values(), default=0) or 1
    return {node: float(value) / top for node, value in scores.items()}



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
            "label": truncate(node_text(node, data)),
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
            "label": node_text(node, data),
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
        style_key = edge_style_key(data)
        colour, dashes, width, _ = EDGE_STYLES.get(style_key, OTHER_EDGE)
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
        sign = sign_text(data)
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
        edge_legend=[(k, *EDGE_STYLES.get(k, OTHER_EDGE)) for k in sorted(relations, key=edge_order)],
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
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
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


