"""Static figures: SVG, and PNG of the SVG, drawn from the page's layout."""

from __future__ import annotations

import math
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx

from .grammar import FONT_SIZE, edge_style
from .output import screenshot, write
from .scene import Box, Layout, arrange

__all__ = ["render_png", "render_svg", "svg_text"]

#: The largest PNG side in pixels; a larger figure is drawn smaller to fit.
PNG_MAX_SIDE = 8000
_LINE = 17.0


def render_svg(G: nx.MultiDiGraph, path: Path | str, *, title: str = "", layout: Layout = "auto") -> Path:
    """Write ``G`` as an SVG figure with the layout, boxes and text of its HTML map; return the path."""
    return write(Path(path), svg_text(G, title=title, layout=layout))


def render_png(G: nx.MultiDiGraph, path: Path | str, *, title: str = "", layout: Layout = "auto", timeout: float = 120.0) -> Path:
    """Write ``G`` as a PNG of its SVG figure (headless Chromium, network off), the whole map in
    the frame at zoom 1 (text 14 px high) unless a side would pass `PNG_MAX_SIDE` pixels."""
    text = svg_text(G, title=title, layout=layout)
    width, height = (float(v) for v in text.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
    shrink = min(1.0, PNG_MAX_SIDE / max(width, height))
    with tempfile.TemporaryDirectory(prefix="pg-figure-") as folder:
        svg = Path(folder) / "map.svg"
        if shrink < 1.0:
            text = text.replace(f'width="{width:.0f}" height="{height:.0f}"',
                                f'width="{width * shrink:.0f}" height="{height * shrink:.0f}"', 1)
        svg.write_text(text, encoding="utf-8")
        return screenshot(svg, path, width=math.ceil(width * shrink), height=math.ceil(height * shrink), timeout=timeout)


def svg_text(G: nx.MultiDiGraph, *, title: str = "", layout: Layout = "auto") -> str:
    """The SVG figure of ``G``: each box with its whole text, each link with its head and mark.

    >>> G = nx.MultiDiGraph(view="argument")
    >>> G.add_node("c", kind="claim", label="Europe must <act>")
    >>> G.add_node("r", kind="claim", label="Russia & war")
    >>> _ = G.add_edge("r", "c", kind="support")
    >>> text = svg_text(G, title="A map")
    >>> "Europe must &lt;act&gt;" in text and "Russia &amp; war" in text and text.count("<line") == 1
    True
    """
    scene = arrange(G, layout)
    boxes = scene.boxes
    pad = 30.0
    top_extra = 40.0 if title else 0.0
    left = min((b.x - b.width / 2 for b in boxes.values()), default=0.0) - pad
    top = min((b.y - b.height / 2 for b in boxes.values()), default=0.0) - pad - top_extra - (40.0 if scene.ticks else 0.0)
    right = max((b.x + b.width / 2 for b in boxes.values()), default=0.0) + pad
    bottom = max((b.y + b.height / 2 for b in boxes.values()), default=0.0) + pad
    width, height = right - left, bottom - top
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
         f'font-family="Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}">'),
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<g transform="translate({-left:.1f},{-top:.1f})">',
    ]
    if title:
        out.append(f'<text x="{left + pad:.1f}" y="{top + 26:.1f}" font-size="20" font-weight="bold">{escape(title)}</text>')
    for x, label in scene.ticks:
        out.append(f'<line x1="{x:.1f}" y1="{top + top_extra + 10:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{x + 4:.1f}" y="{top + top_extra + 26:.1f}" font-weight="bold" fill="#374151">{escape(label)}</text>')
    for node, bound in scene.bounds.items():
        out.append(_bounds_svg(boxes[node], scene.spans[node], bound))
    for u, v, data in G.edges(data=True):
        if u in boxes and v in boxes and u != v:
            out.append(_edge(boxes[u], boxes[v], data))
    for box in boxes.values():
        out.append(_box_svg(box))
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def _bounds_svg(box: Box, span: tuple[float, float], bound: tuple[float | None, float | None]) -> str:
    """An inferred date's bounds as a bracket under its box, as the map page draws them: a stop
    at each bound, an arrow (60 px past the date) where the texts leave a side open.

    >>> svg = _bounds_svg(Box(["x"], 1, 100, 50, "box", "", "", x=100.0, y=40.0), (90.0, 110.0), (None, 300.0))
    >>> svg.count("<polyline"), svg.count("<line")
    (1, 2)
    """
    y = box.y + box.height / 2 + 6
    left, right = (span[0] - 60 if bound[0] is None else bound[0]), (span[1] + 60 if bound[1] is None else bound[1])
    stroke = 'stroke="#d97706" stroke-opacity="0.6" stroke-width="1.5" fill="none"'
    parts = [f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" {stroke}/>']
    for given, x, wing in ((bound[0], left, 10), (bound[1], right, -10)):
        if given is None:
            parts.append(f'<polyline points="{x + wing:.1f},{y - 7:.1f} {x:.1f},{y:.1f} {x + wing:.1f},{y + 7:.1f}" {stroke}/>')
        else:
            parts.append(f'<line x1="{x:.1f}" y1="{y - 9:.1f}" x2="{x:.1f}" y2="{y + 9:.1f}" {stroke}/>')
    return "".join(parts)


def _edge(a: Box, b: Box, data: Any) -> str:
    """A link from box ``a`` to box ``b``, from border to border, with its head and mark."""
    style = edge_style(data)
    (x1, y1), (x2, y2) = _border(a, b.x, b.y), _border(b, a.x, a.y)
    dash = ' stroke-dasharray="6 4"' if style.dashes else ""
    parts = [f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{style.colour}" stroke-width="{style.width}"{dash}/>']
    angle = math.atan2(y2 - y1, x2 - x1)
    if style.arrowhead == "arrow":
        points = [(x2, y2), *((x2 - 11 * math.cos(angle + s), y2 - 11 * math.sin(angle + s)) for s in (0.4, -0.4))]
        parts.append('<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + f'" fill="{style.colour}"/>')
    elif style.arrowhead == "bar":
        dx, dy = 7 * math.sin(angle), -7 * math.cos(angle)
        parts.append(f'<line x1="{x2 + dx:.1f}" y1="{y2 + dy:.1f}" x2="{x2 - dx:.1f}" y2="{y2 - dy:.1f}" stroke="{style.colour}" stroke-width="3"/>')
    elif style.arrowhead == "circle":
        parts.append(f'<circle cx="{x2:.1f}" cy="{y2:.1f}" r="4" fill="{style.colour}"/>')
    if style.mark:  # upright, on a white halo, at the middle of the link
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        parts.append(f'<text x="{mx:.1f}" y="{my + 6:.1f}" text-anchor="middle" font-size="18" font-weight="bold" fill="{style.colour}" '
                     f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(style.mark)}</text>')
    return "".join(parts)


def _border(box: Box, towards_x: float, towards_y: float) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    dx, dy = towards_x - box.x, towards_y - box.y
    scale = max(abs(dx) / (box.width / 2 or 1), abs(dy) / (box.height / 2 or 1), 1e-9)
    return (box.x + dx / scale, box.y + dy / scale) if scale > 1 else (box.x, box.y)


def _box_svg(box: Box) -> str:
    """A box: its shape, its heading lines in bold in the holder's colour, then its text."""
    left, top = box.x - box.width / 2, box.y - box.height / 2
    if box.shape == "ellipse":
        shape = f'<ellipse cx="{box.x:.1f}" cy="{box.y:.1f}" rx="{box.width / 2:.1f}" ry="{box.height / 2:.1f}"'
    else:
        shape = f'<rect x="{left:.1f}" y="{top:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" rx="4"'
    parts = [f'{shape} fill="{box.fill}" stroke="{box.border}" stroke-width="1.5"/>']
    first = box.y - (len(box.lines) - 1) * _LINE / 2 + 5
    for i, line in enumerate(box.lines):
        bold = f' font-weight="bold" fill="{box.border}"' if i < box.heading else ""
        parts.append(f'<text x="{box.x:.1f}" y="{first + i * _LINE:.1f}" text-anchor="middle"{bold}>{escape(line)}</text>')
    return "".join(parts)
