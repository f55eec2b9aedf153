"""The maps in a real headless Chromium, with the network emulated off.

Each page must draw exactly the projected graph (counted through the page's own vis.Network),
log no error, request nothing over the network, and keep hostile labels as inert text.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from policy_graph.render import render_html, screenshot
from tests.browser.conftest import TIMINGS
from tests.browser_driver import Chromium, Page
from tests.graphs import HOSTILE_IMG, HOSTILE_SCRIPT, corpus_view, hostile_graph, synthetic_argument_graph

pytestmark = pytest.mark.browser

VIEWS = ("argument", "causal", "actors", "timeline", "full", "focus")


def open_map(browser: Chromium, path: Path, *, timeout: float = 30.0) -> Page:
    """Open a map offline, wait until it is drawn and stable, and check it is clean."""
    page = browser.open(path.as_uri(), offline=True)
    page.wait_for("window.pgStable === true", timeout=timeout)
    page.pump(0.2)
    return page


def assert_clean(page: Page) -> None:
    assert page.errors() == []
    outside = [url for url in page.requests() if not url.startswith(("file:", "data:", "about:"))]
    assert outside == [], f"the page asked the network for {outside}"
    assert page.dialogs() == []


def counts(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]"))  # type: ignore[return-value]


def node_point(page: Page, node_id: str, *, scale: float | None = None) -> tuple[float, float]:
    """Viewport coordinates of a node's centre (after zooming onto it when ``scale`` is given)."""
    if scale is not None:
        page.evaluate(f"network.moveTo({{position: network.getPosition({json.dumps(node_id)}), scale: {scale}}}); 1")
        page.pump(0.3)
    return tuple(page.evaluate(f"""(() => {{
        const p = network.canvasToDOM(network.getPosition({json.dumps(node_id)}));
        const box = document.getElementById('map').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }})()"""))  # type: ignore[return-value]


def hover(page: Page, x: float, y: float) -> str:
    page.mouse("mouseMoved", x - 30, y - 30)
    page.mouse("mouseMoved", x, y)
    page.wait_for("!document.getElementById('tooltip').hidden", timeout=5)
    return page.evaluate("document.getElementById('tooltip').textContent")


def type_into(page: Page, element_id: str, value: str) -> None:
    page.evaluate(f"""(() => {{ const input = document.getElementById({json.dumps(element_id)});
        input.value = {json.dumps(value)}; input.dispatchEvent(new Event('input')); return 1; }})()""")


def id_of(page: Page, iri: str) -> str:
    return page.evaluate(f"policyGraph.details.find(d => d.iri === {json.dumps(iri)}).id")


@pytest.mark.parametrize("view", VIEWS)
def test_view_draws_offline_without_errors(view: str, browser: Chromium, shots: Path, tmp_path: Path) -> None:
    G = corpus_view(view)
    path = render_html(G, tmp_path / f"{view}.html", title=f"Macron and Russia: {view} map")
    page = open_map(browser, path)
    try:
        assert counts(page) == (G.number_of_nodes(), G.number_of_edges())
        assert_clean(page)
        shot = page.screenshot(shots / f"{view}.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
        TIMINGS.append(f"{view}: {G.number_of_nodes()} nodes, stable {page.evaluate('window.pgStableAt') / 1000:.2f} s "
                       f"after navigation; screenshot {shot}")
    finally:
        page.close()


def test_hostile_labels_render_as_text_and_run_nothing(browser: Chromium, shots: Path, tmp_path: Path) -> None:
    G = hostile_graph()
    path = render_html(G, tmp_path / "hostile.html", title=HOSTILE_SCRIPT)
    page = open_map(browser, path)
    try:
        assert counts(page) == (3, 2)
        for iri, label in (("urn:x:img", HOSTILE_IMG), ("urn:x:script", HOSTILE_SCRIPT)):
            node = id_of(page, iri)
            x, y = node_point(page, node, scale=1.0)
            assert label in hover(page, x, y)
            assert page.evaluate("document.querySelectorAll('#tooltip *').length") == \
                page.evaluate("document.querySelectorAll('#tooltip > div').length")  # only our divs
            page.click(x, y)
            page.wait_for(f"document.getElementById('details').textContent.includes({json.dumps(label)})", timeout=5)
        assert page.evaluate("document.title") == HOSTILE_SCRIPT
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        page.pump(0.5)
        assert_clean(page)  # no alert dialog, no error
        page.screenshot(shots / "hostile.png")
    finally:
        page.close()


def test_hover_click_search_filter_collapse(browser: Chromium, tmp_path: Path) -> None:
    G = corpus_view("argument")
    page = open_map(browser, render_html(G, tmp_path / "argument.html", title="argument"))
    try:
        # hover and click a claim with a quote: text, holder, quote and source are shown
        iri, data = next((n, d) for n, d in sorted(G.nodes(data=True)) if d["kind"] == "claim" and d["quotes"])
        node = id_of(page, iri)
        x, y = node_point(page, node, scale=1.2)
        tip = hover(page, x, y)
        assert data["label"] in tip and data["quotes"][0][:100] in tip and data["holder_label"] in tip
        page.click(x, y)
        page.wait_for(f"document.getElementById('details').textContent.includes({json.dumps(data['quotes'][0])})", timeout=5)

        # clicking an edge shows who asserts it and the sentence
        u, v, edge = next((u, v, d) for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1]))
                          if d["kind"] == "support" and d["quote"] and d["asserted_by_label"])
        index = list(G.edges(data=True)).index((u, v, edge))
        page.evaluate(f"network.fit({{nodes: [{json.dumps(id_of(page, u))}, {json.dumps(id_of(page, v))}]}}); 1")
        page.pump(0.3)
        mid = page.evaluate(f"""(() => {{
            const e = network.body.edges['e{index}'];
            const a = network.canvasToDOM({{x: e.from.x, y: e.from.y}}), b = network.canvasToDOM({{x: e.to.x, y: e.to.y}});
            const box = document.getElementById('map').getBoundingClientRect();
            return [box.left + (a.x + b.x) / 2, box.top + (a.y + b.y) / 2];
        }})()""")
        page.click(*mid)
        page.wait_for(f"document.getElementById('details').textContent.includes({json.dumps(edge['quote'])})", timeout=5)
        assert edge["asserted_by_label"] in page.evaluate("document.getElementById('details').textContent")

        # search by label selects the matches
        type_into(page, "search", "Putin")  # in the text, quote, holder, source title or footnote
        titles = G.graph["sources"]
        wanted = sum("putin" in " ".join([d["label"], *d["quotes"], d.get("holder_label") or "", *d["footnotes"],
                                          *(titles.get(s, "") for s in d["sources"])]).lower() for _, d in G.nodes(data=True))
        assert page.evaluate("network.getSelectedNodes().length") == wanted > 0
        assert page.evaluate("document.getElementById('search-count').textContent") == f"{wanted} matches (Enter to zoom)"

        # filter by kind hides the events and their links
        page.evaluate("document.querySelector('input.kind-filter[value=event]').click(); 1")
        events = sum(d["kind"] == "event" for _, d in G.nodes(data=True))
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == events > 0
        page.evaluate("document.querySelector('input.kind-filter[value=event]').click(); 1")
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0

        # filter by source document
        source = sorted({s for _, d in G.nodes(data=True) for s in d["sources"]})[0]
        page.evaluate(f"document.querySelector('input.source-filter[value={json.dumps(source)}]').click(); 1")
        only_there = sum(set(d["sources"]) == {source} for _, d in G.nodes(data=True))
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == only_there > 0
        page.evaluate("document.getElementById('reset').click(); 1")

        # collapse / expand an explanation's parts, by double-click and by the buttons
        explanation = max(sorted(G), key=lambda n: sum(k == "part" for _, _, k in G.in_edges(n, data="kind")))
        parts = {u for u, _, k in G.in_edges(explanation, data="kind") if k == "part"}
        x, y = node_point(page, id_of(page, explanation), scale=1.0)
        page.mouse("mousePressed", x, y, button="left", clickCount=1)
        page.mouse("mouseReleased", x, y, button="left", clickCount=1)
        page.mouse("mousePressed", x, y, button="left", clickCount=2)
        page.mouse("mouseReleased", x, y, button="left", clickCount=2)
        hidden_parts = "[{}].filter(p => nodes.get(p).hidden).length".format(",".join(json.dumps(id_of(page, p)) for p in parts))
        page.wait_for(f"{hidden_parts} === {len(parts)}", timeout=5)
        page.evaluate("document.getElementById('expand-all').click(); 1")
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
        page.evaluate("document.getElementById('collapse-all').click(); 1")
        all_parts = {id_of(page, u) for u, _, k in G.edges(data="kind") if k == "part"}
        assert all(page.evaluate(f"nodes.get({json.dumps(p)}).hidden") for p in all_parts)
        orphans = page.evaluate("""nodes.get({filter: n => !n.hidden}).filter(n => !window.pgCollapsed[n.id]
            && network.getConnectedEdges(n.id).length && network.getConnectedEdges(n.id).every(e => edges.get(e).hidden)).length""")
        assert orphans == 0
        assert_clean(page)
    finally:
        page.close()


def test_timeline_date_range(browser: Chromium, tmp_path: Path) -> None:
    G = corpus_view("timeline")
    page = open_map(browser, render_html(G, tmp_path / "timeline.html", title="timeline"))
    try:
        type_into(page, "date-from", "2022")
        before = sum(1 for _, d in G.nodes(data=True) if d.get("date") and (d.get("end_date") or d["date"])[:4] < "2022")
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == before > 0
        type_into(page, "date-from", "20x")
        assert page.evaluate("document.getElementById('date-from').classList.contains('invalid')")
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
        assert_clean(page)
    finally:
        page.close()


@pytest.mark.parametrize("size_by", [None, "pagerank"])
def test_2000_nodes_open_and_stabilise_quickly(size_by: str | None, browser: Chromium, shots: Path, tmp_path: Path) -> None:
    G = synthetic_argument_graph(2000)
    start = time.perf_counter()
    path = render_html(G, tmp_path / "big.html", title="2,000 nodes", size_by=size_by)
    rendered = time.perf_counter() - start
    start = time.perf_counter()
    page = open_map(browser, path, timeout=10)
    wall = time.perf_counter() - start
    try:
        assert counts(page) == (2000, G.number_of_edges())
        stable = page.evaluate("window.pgStableAt") / 1000
        assert page.evaluate("window.pgStable") is True
        assert_clean(page)
        page.screenshot(shots / f"synthetic-2000{'-' + size_by if size_by else ''}.png")
        TIMINGS.append(f"2,000 nodes / {G.number_of_edges()} edges (size_by={size_by}): render {rendered:.3f} s, "
                       f"stable in the browser {stable:.2f} s after navigation (open + wait {wall:.2f} s)")
    finally:
        page.close()


def test_png_of_the_argument_map(shots: Path, tmp_path: Path) -> None:
    path = render_html(corpus_view("argument"), tmp_path / "argument.html", title="Macron and Russia: argument map")
    start = time.perf_counter()
    png = screenshot(path, shots / "argument-figure.png", width=1600, height=1000, timeout=90)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    assert int.from_bytes(data[16:20], "big") == 1600 and int.from_bytes(data[20:24], "big") == 1000
    TIMINGS.append(f"PNG figure of the argument map: {time.perf_counter() - start:.1f} s -> {png}")
