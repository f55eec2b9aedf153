"""Render a projected graph as a self-contained interactive HTML map, a Graphviz DOT text or a PNG.

The input is the `networkx.MultiDiGraph` that `policy_graph.project.project` returns
(docs/projection-contract.md); this package never touches RDF. One module per job, each
depending only on those above it:

- `grammar`: how each node and relation kind is drawn, and the texts on the boxes;
- `dot`: Graphviz DOT text (exported, and laid out by ``dot``);
- `layout`: where each node goes (layers for argument and causal maps, dates for timelines);
- `output`: atomic writes of map files, and Chromium screenshots;
- `page`: the interactive HTML page (vis-network inlined, nothing fetched);
- `scene`: a map as boxes and links, shared by the page and the figures;
- `figure`: static figures (SVG, PNG of the SVG, Graphviz DOT);
- `atlas`: one small map per question and an index page.

Every text from the graph reaches a page as JSON inside a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and is put into the DOM with ``textContent`` only.
"""

from __future__ import annotations

from ..errors import RenderError, TooLargeError
from .dot import to_dot
from .figure import render_png, render_svg
from .grammar import EDGE_STYLES, NODE_STYLES
from .layout import layered_positions, timeline_positions
from .output import CHROMIUM_FLAGS, screenshot
from .page import Layout, SizeBy, centrality, render_html

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
    "render_png",
    "render_svg",
    "screenshot",
    "timeline_positions",
    "to_dot",
]
