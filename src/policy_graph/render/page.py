"""Interactive HTML maps: a vis-network page with the layout computed here, inlined whole."""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

import networkx as nx

from ..errors import InputError, RenderError, TooLargeError
from ..names import folded_name
from ..resources import TEMPLATES_DIR
from ..vocabulary import LINK_KINDS, RELATION_KINDS
from .grammar import (
    BOX_SHAPES,
    HOLDER_COLOURS,
    NODE_STYLES,
    edge_order,
    edge_style,
    edge_style_key,
    node_text,
    truncate,
    wrap,
)
from .grammar import (
    FONT_SIZE as _FONT,
)
from .output import write
from .scene import Box, Layout, Scene, arrange

__all__ = ["OVERVIEW_ABOVE", "Layout", "SizeBy", "centrality", "render_html"]

SizeBy = Literal["pagerank", "degree", "in-degree", "out-degree", "betweenness", "support"]
#: Above this many nodes a map opens on an overview of groups (a click opens a group).
OVERVIEW_ABOVE = 2500
_PHYSICS_MAX_NODES = 300
_GROUPS = 30
_MARGIN = 9.0


def render_html(
    G: nx.MultiDiGraph,
    path: Path | str,
    *,
    title: str,
    size_by: SizeBy | None = None,
    max_nodes: int = 5000,
    layout: Layout = "auto",
    source_labels: Mapping[str, str] | None = None,
    index: str | None = None,
    shown: Collection[Hashable] | None = None,
    start: Sequence[Hashable] = (),
    overview_above: int = OVERVIEW_ABOVE,
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
        right for causal, a time axis for timeline, layers for the others; "force" lets the
        browser settle a force layout (up to 300 nodes).
    source_labels : mapping, optional
        Display names of source IRIs (e.g. document titles) for the panel and the source filter;
        default ``G.graph["sources"]``, which `policy_graph.project.project` fills with the titles.
    index : str, optional
        Address of the atlas index the page links back to.
    shown : collection of nodes, optional
        The nodes visible at first load (default all); a click on a box shows its hidden
        neighbours.
    start : sequence of nodes
        Open zoomed on these nodes at a readable scale (text at least 10 px high) when the
        whole map would be smaller; without them the page opens on the whole map.
    overview_above : int
        Open on an overview of groups when ``G`` has more nodes than this.

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
    page = _page(G, title=title, size_by=size_by, layout=layout, source_labels=source_labels or G.graph.get("sources", {}),
                 index=index, shown=shown, start=start, overview_above=overview_above)
    return write(Path(path), page)



def centrality(G: nx.MultiDiGraph, measure: SizeBy) -> dict[Hashable, float]:
    """Node scores for ``--size-by``, scaled so the largest is 1; a rephrasing is drawn at the
    size of the statement it restates (they are ranked once, as one node).

    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> sorted(centrality(G, "in-degree").items())
    [('a', 0.0), ('b', 0.0), ('c', 1.0)]
    """
    if measure == "in-degree":
        scores = dict(G.in_degree())
    elif measure == "out-degree":
        scores = dict(G.out_degree())
    elif measure in ("pagerank", "degree", "betweenness", "support"):
        from ..analysis import rank, rephrase_groups

        scores = dict(rank(G, by=measure, k=256 if len(G) > 1000 and measure == "betweenness" else None))
        scores.update((node, scores[root]) for node, root in rephrase_groups(G).items() if node not in scores)
    else:
        raise InputError(f"unknown centrality {measure!r}", hint="choose one of " + ", ".join(get_args(SizeBy)))
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
    index: str | None,
    shown: Collection[Hashable] | None,
    start: Sequence[Hashable],
    overview_above: int,
) -> str:
    view = str(G.graph.get("view", "full"))
    scene = arrange(G, layout)
    physics = layout == "force" and G.number_of_nodes() <= _PHYSICS_MAX_NODES
    sizes = centrality(G, size_by) if size_by else {}
    ids = {node: f"n{i}" for i, node in enumerate(G)}
    vis_nodes: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    sources: dict[str, int] = defaultdict(int)
    for node, data in G.nodes(data=True):
        kind = str(data.get("kind") or "unknown")
        box = scene.boxes[node]
        item: dict[str, Any] = {
            "id": ids[node],
            "label": _vis_label(box),
            "shape": box.shape,
            "color": {"background": box.fill, "border": box.border},
            # vis-network 9.1 draws a box as wide as its minimum plus the margins, but wraps text
            # at its maximum less the margins twice: the box is drawn box.width wide, unwrapped
            "widthConstraint": {"minimum": box.width - 2 * _MARGIN, "maximum": box.width + 2 * _MARGIN + 12},
            "heightConstraint": {"minimum": box.height - 2 * _MARGIN, "valign": "middle"},
            "x": round(box.x, 1),
            "y": round(box.y, 1),
        }
        if box.holder:
            item["font"] = {"bold": {"color": box.border}}
        if kind == "explanation":
            item["borderWidth"] = 3
        if data.get("certainty") == "inferred":
            item["shapeProperties"] = {"borderDashes": [5, 4]}
        if node in sizes:
            item["font"] = {**item.get("font", {}), "size": round(_FONT * (0.8 + 0.6 * sizes[node]), 1)}
        vis_nodes.append(item)
        for source in data.get("sources") or ():
            sources[str(source)] += 1
        node_sources = [str(s) for s in data.get("sources") or ()]
        detail = {
            "id": ids[node],
            "iri": str(node),
            "kind": kind,
            "label": node_text(node, data),
            "holder": data.get("holder_label") or data.get("holder"),
            "date": data.get("date"),
            "end_date": data.get("end_date"),
            "certainty": data.get("certainty"),
            "not_before": data.get("not_before"),
            "not_after": data.get("not_after"),
            "precision": data.get("precision"),
            "confidence": data.get("confidence"),
            "hedge": data.get("hedge"),
            "number": box.number,
            "sources": node_sources,
            "quotes": [str(q) for q in data.get("quotes") or ()],
            "footnotes": [str(f) for f in data.get("footnotes") or ()],
            "score": round(sizes[node], 4) if node in sizes else None,
        }
        detail["find"] = folded_name(" \u2022 ".join(str(part) for part in (
            detail["label"], detail["holder"] or "", *detail["quotes"], *detail["footnotes"],
            *(source_labels.get(s, s) for s in node_sources), box.lines[0] if box.heading else "",
        )))
        details.append(detail)
    vis_edges: list[dict[str, Any]] = []
    edge_details: list[dict[str, Any]] = []
    relations: dict[str, int] = defaultdict(int)
    parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, (u, v, _key, data) in enumerate(G.edges(keys=True, data=True)):
        style_key = edge_style_key(data)
        style = edge_style(data)
        relations[style_key] += 1
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "from": ids[u],
            "to": ids[v],
            "color": {"color": style.colour},
            "width": style.width,
            "dashes": style.dashes,
            "arrows": {"to": {"enabled": style.arrowhead != "none", "type": style.arrowhead if style.arrowhead != "none" else "arrow",
                              "scaleFactor": 0.7}},
        }
        if style.mark:
            edge["label"] = style.mark
            edge["font"] = {"color": style.colour}
        if data.get("linked"):
            edge["width"] = style.width + 1.5
        vis_edges.append(edge)
        if data.get("kind") == "part":
            parts[ids[v]].append((data.get("position") or 1_000_000, ids[u]))
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
            "premise_group": data.get("premise_group"),
        })
    drawn_shapes = {k: BOX_SHAPES.get(k, "box") for k in NODE_STYLES}
    kinds_present = {str(d.get("kind") or "unknown") for _, d in G.nodes(data=True)}
    overview = _overview(G, scene, ids) if G.number_of_nodes() > overview_above else None
    titles = {s: source_labels.get(s) or s.rsplit("/", 1)[-1] for s in sorted(sources)}
    payload: dict[str, Any] = {
        "view": view,
        "physics": physics,
        "sizeBy": size_by,
        "font": _FONT,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": _vis_options(physics=physics),
        "details": details,
        "edgeDetails": edge_details,
        "parts": {ex: [p for _, p in sorted(found)] for ex, found in parts.items()},
        "sources": titles,
        "ticks": [[round(x, 1), text] for x, text in scene.ticks],
        "spans": {ids[n]: [round(a, 1), round(b, 1)] for n, (a, b) in scene.spans.items()},
        "bounds": {ids[n]: [None if a is None else round(a, 1), None if b is None else round(b, 1)] for n, (a, b) in scene.bounds.items()},
        "shown": None if shown is None else [ids[n] for n in G if n in shown],
        "start": [ids[n] for n in start if n in ids],
        "overview": overview,
        "relationText": {**{k.name: k.reads for k in RELATION_KINDS}, **{k.name: k.reads for k in LINK_KINDS}},
    }
    return str(_template().render(
        title=title,
        view=view,
        counts=(G.number_of_nodes(), G.number_of_edges()),
        size_by=size_by,
        engine={"dot": "Graphviz dot", "sugiyama": "layers (Sugiyama)"}.get(scene.engine, scene.engine),
        index=index,
        node_legend=[(k, drawn_shapes[k], *NODE_STYLES[k][1:]) for k in NODE_STYLES if k in kinds_present]
        + ([("unknown", "box", *NODE_STYLES["unknown"][1:])] if kinds_present - NODE_STYLES.keys() else []),
        edge_legend=[(k, s.colour, s.dashes, s.width, s.legend, s.arrowhead, s.mark or "")
                     for k, s in ((k, edge_style({"kind": k.rstrip("+-"), "sign": {"+": 1, "-": -1}.get(k[-1:])}))
                                  for k in sorted(relations, key=edge_order))],
        holder_legend=[(name, border, fill) for name, (border, fill) in scene.holders.items()][: len(HOLDER_COLOURS) - 1]
        + ([("other holders", *HOLDER_COLOURS[-1])] if len(scene.holders) >= len(HOLDER_COLOURS) else []),
        sources=[(s, titles[s], n) for s, n in sorted(sources.items(), key=lambda p: titles[p[0]])],
        has_dates=any(d.get("date") for _, d in G.nodes(data=True)),
        has_parts=bool(parts),
        payload=payload,
        vis_js=_asset("vis-network.min.js"),
        vis_css=_asset("vis-network.css"),
    ))


def _vis_label(box: Box) -> str:
    r"""A box's lines for vis-network's "html" label mode, heading lines bold.

    That mode reads ``<`` as a tag and ``&`` as an entity, and builds a regular expression
    from the text after an ``&`` (a label with ``&lt;`` then ``${1}`` stops the page), so the
    two are drawn as look-alikes (the details panel shows the text as it is).

    >>> _vis_label(Box(["Minic", "R&D <b>"], 1, 0, 0, "box", "", "")) == "<b>Minic</b>\nR\uff06D \u2039b>"
    True
    """
    escaped = [line.replace("&", "\uff06").replace("<", "\u2039") for line in box.lines]
    return "\n".join(f"<b>{line}</b>" if i < box.heading else line for i, line in enumerate(escaped))


def _overview(G: nx.MultiDiGraph, scene: Scene, ids: Mapping[Hashable, str]) -> dict[str, Any]:
    """Groups for the opening overview of a large map: communities of the undirected graph
    (Louvain, seeded; at most `_GROUPS`, the smallest merged into one), each named after its most
    connected member, laid on a grid above the map in the order of their members' centres."""
    simple = nx.Graph(G.to_undirected(as_view=True))
    communities = sorted(nx.community.louvain_communities(simple, seed=1, resolution=0.5), key=len, reverse=True)
    if len(communities) > _GROUPS:
        communities = [*communities[: _GROUPS - 1], set().union(*communities[_GROUPS - 1 :])]
    centre = {i: (sum(scene.boxes[n].y for n in c) / len(c), sum(scene.boxes[n].x for n in c) / len(c)) for i, c in enumerate(communities)}
    columns = min(6, math.ceil(math.sqrt(len(communities))))  # six labels across read at 10 px or more
    left = min(b.x for b in scene.boxes.values())
    top = min(b.y for b in scene.boxes.values()) - 150 * math.ceil(len(communities) / columns) - 400
    groups = []
    member_of: dict[Hashable, int] = {}
    for slot, index in enumerate(sorted(centre, key=lambda i: centre[i])):
        members = communities[index]
        hub = max(sorted(members, key=str), key=simple.degree)
        name = "other groups" if len(communities) == _GROUPS and index == _GROUPS - 1 else node_text(hub, G.nodes[hub])
        label = "\n".join(wrap(truncate(name, 72), 24)) + f"\n({len(members)} boxes)"
        groups.append({"id": f"g{index}", "label": label, "members": [ids[n] for n in members],
                       "x": left + (slot % columns) * 300.0, "y": top + (slot // columns) * 150.0, "size": len(members)})
        member_of.update(dict.fromkeys(members, index))
    links: dict[tuple[int, int], int] = defaultdict(int)
    for u, v in simple.edges():
        a, b = sorted((member_of[u], member_of[v]))
        if a != b:
            links[(a, b)] += 1
    return {"groups": groups, "links": [[f"g{a}", f"g{b}", n] for (a, b), n in sorted(links.items())]}


def _vis_options(*, physics: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"size": _FONT, "face": "Helvetica, Arial, sans-serif", "color": "#111827", "multi": "html",
                     "bold": {"size": _FONT}},
            "borderWidth": 1.5,
            "margin": _MARGIN,
            "color": {"highlight": {"background": "#fde68a", "border": "#111827"}, "hover": {"border": "#111827"}},
            "shapeProperties": {"borderRadius": 4},
        },
        "edges": {
            "smooth": False if not physics else {"type": "continuous"},
            "font": {"size": 18, "align": "horizontal", "strokeWidth": 4, "strokeColor": "#ffffff", "bold": {"size": 18}},
            "selectionWidth": 2,
            "color": {"highlight": "#111827", "hover": "#111827", "opacity": 1.0},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "navigationButtons": False, "keyboard": False, "multiselect": True},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {"enabled": False},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 160, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50, "fit": True},
        }
    return options


@functools.cache
def _asset(name: str) -> str:
    """A file of the vis-network build pyvis ships (found without importing pyvis, which imports
    IPython: 0.4 s)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RenderError("pyvis is not installed: its vis-network build draws the maps (pip install pyvis)")
    folder = Path(spec.origin).resolve().parent / "templates" / "lib" / "vis-9.1.2"
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


@functools.cache
def _raw_asset(text: str) -> Any:
    """A bundled script or stylesheet, inlined as is; refused if it could close its own tag."""
    from markupsafe import Markup

    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RenderError("a bundled vis-network asset contains a closing tag and cannot be inlined")
    return Markup(text)


