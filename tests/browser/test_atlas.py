"""Every atlas map in headless Chromium at 1600x1000, network off: readable at first load, whole
text in the boxes, crossings within a quarter of dot's, timelines left to right, search by quote
and footnote, and a collapse that says its state. Screenshots go to the pytest folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policy_graph.render import to_dot
from policy_graph.render.atlas import AtlasMap, write_atlas
from policy_graph.render.layout import crossings, dot_reference_positions
from tests.browser.conftest import TIMINGS
from tests.browser.test_maps import assert_clean, id_of, node_point, open_map, type_into
from tests.browser_driver import Chromium, Page
from tests.graphs import corpus_view
from tests.test_atlas import corpus_atlas

pytestmark = pytest.mark.browser
SLUGS = [m.slug for m in corpus_atlas()]


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas")
    write_atlas(corpus_view("full"), folder)
    return folder


def the_map(slug: str) -> AtlasMap:
    return next(m for m in corpus_atlas() if m.slug == slug)


def fold(text: str) -> str:
    return text.replace("\u2019", "'")


def visible_labels(page: Page) -> list[list[object]]:
    """[text of the node, lines vis-network drew, lines we wrote] for each visible node."""
    return page.evaluate("""nodes.get({filter: n => !n.hidden && !n.group_}).map(n => {
        const body = network.body.nodes[n.id];
        return [policyGraph.details.find(d => d.id === n.id).label, body.labelModule.lineCount, n.label.split('\\n').length,
                n.label.replace(/<\\/?b>/g, '').replace(/\u2039/g, '<').replace(/\uff06/g, '&')];
    })""")


@pytest.mark.parametrize("slug", SLUGS)
def test_atlas_map_reads_at_first_sight(slug: str, atlas: Path, browser: Chromium, shots: Path) -> None:
    m = the_map(slug)
    page = open_map(browser, atlas / f"{slug}.html")
    try:
        height = page.evaluate("network.getScale() * policyGraph.font")
        assert height >= 10, f"text is {height:.1f} px high at first load"
        labels = visible_labels(page)
        assert len(labels) == len(m.shown if m.shown is not None else m.graph)
        for text, drawn, written, shown in labels:
            assert " ".join(str(text).split()) in " ".join(str(shown).split()) or "the link" in str(shown), text
            assert "\u2026" not in str(shown)
            assert drawn == written, f"vis-network wrapped the box again: {text}"
        if m.graph.graph["view"] != "timeline" and shutil.which("dot"):
            # where the page draws every box (hidden ones appear in place when shown)
            positions = page.evaluate("Object.fromEntries(policyGraph.nodes.map(n => [n.id, [n.x, n.y]]))")
            positions.update({k: [v["x"], v["y"]] for k, v in page.evaluate("network.getPositions()").items()})
            by_iri = {d["iri"]: tuple(positions[d["id"]]) for d in page.evaluate("policyGraph.details")}
            ours = crossings(by_iri, m.graph.edges())
            reference = crossings(dot_reference_positions(to_dot(m.graph)), m.graph.edges())
            assert ours <= 1.25 * reference, f"{ours} crossings, dot {reference}"
        if m.graph.graph["view"] == "timeline":
            backwards = page.evaluate("""policyGraph.edges.filter(e => {
                const d = policyGraph.edgeDetails.find(x => x.id === e.id);
                return d.kind === 'precedes' && network.getPosition(e.from).x >= network.getPosition(e.to).x; }).length""")
            assert backwards == 0
        assert_clean(page)
        shot = page.screenshot(shots / "atlas" / f"{slug}.png")
        TIMINGS.append(f"atlas {slug}: text {height:.1f} px, stable {page.evaluate('window.pgStableAt') / 1000:.2f} s; {shot}")
    finally:
        page.close()


def test_search_finds_by_quote_and_footnote_with_any_apostrophe_and_spacing(atlas: Path, browser: Chromium) -> None:
    m = the_map("explanation-ex-radicalization-by-disappointment")
    page = open_map(browser, atlas / f"{m.slug}.html")
    try:
        iri, data = next((n, d) for n, d in m.graph.nodes(data=True) if d.get("footnotes"))
        node = id_of(page, iri)
        type_into(page, "search", data["footnotes"][0].upper())
        assert node in page.evaluate("network.getSelectedNodes()")
        quoted = next((n, d) for n, d in m.graph.nodes(data=True) if any("\u2019" in q for q in d.get("quotes") or ()))
        quote = next(q for q in quoted[1]["quotes"] if "\u2019" in q)
        start = quote.index("\u2019")
        type_into(page, "search", fold(quote[max(0, start - 12) : start + 12]).upper())
        assert id_of(page, quoted[0]) in page.evaluate("network.getSelectedNodes()")
        type_into(page, "search", " " + fold(quote[max(0, start - 12) : start + 12]).replace(" ", "  \t"))
        assert id_of(page, quoted[0]) in page.evaluate("network.getSelectedNodes()"), "spacing is folded as in the page's text"
        type_into(page, "search", "a phrase found nowhere in the graph")
        assert page.evaluate("network.getSelectedNodes().length") == 0
        assert_clean(page)
    finally:
        page.close()


def test_double_click_collapses_and_the_panel_says_so_and_collapse_all_leaves_no_orphan(atlas: Path, browser: Chromium) -> None:
    m = the_map("explanation-ex-three-mistakes")
    page = open_map(browser, atlas / f"{m.slug}.html")
    try:
        explanation = id_of(page, m.start[0])
        x, y = node_point(page, explanation)
        page.click(x, y)
        page.wait_for("document.getElementById('details').textContent.includes('Hide its parts')", timeout=5)
        page.mouse("mousePressed", x, y, button="left", clickCount=2)
        page.mouse("mouseReleased", x, y, button="left", clickCount=2)
        page.wait_for(f"window.pgCollapsed[{json.dumps(explanation)}] === true", timeout=5)
        panel = page.evaluate("document.getElementById('details').textContent")
        assert "Show its 3 parts" in panel and "Hide its parts" not in panel
        parts = page.evaluate(f"policyGraph.parts[{json.dumps(explanation)}]")
        assert all(page.evaluate(f"nodes.get({json.dumps(p)}).hidden") for p in parts)
        page.evaluate("document.getElementById('expand-all').click(); 1")
        assert not any(page.evaluate(f"nodes.get({json.dumps(p)}).hidden") for p in parts)
        page.evaluate("document.getElementById('collapse-all').click(); 1")
        orphans = page.evaluate("""nodes.get({filter: n => !n.hidden}).filter(n =>
            !window.pgCollapsed[n.id] && network.getConnectedEdges(n.id).every(e => edges.get(e).hidden)).length""")
        assert orphans == 0
        assert_clean(page)
    finally:
        page.close()


def test_index_links_every_map_and_each_map_links_back(atlas: Path, browser: Chromium) -> None:
    page = browser.open((atlas / "index.html").as_uri(), offline=True)
    try:
        links = page.evaluate("[...document.querySelectorAll('li a')].map(a => a.getAttribute('href'))")
        assert sorted(links) == sorted(f"{slug}.html" for slug in SLUGS)
        assert_clean(page)
    finally:
        page.close()


def test_10000_nodes_open_on_a_readable_overview_within_10_s(browser: Chromium, shots: Path, tmp_path: Path) -> None:
    from policy_graph.render import render_html
    from tests.graphs import synthetic_argument_graph

    G = synthetic_argument_graph(10_000)
    path = render_html(G, tmp_path / "big.html", title="10,000 nodes", max_nodes=20_000)
    page = open_map(browser, path, timeout=30)
    try:
        stable = page.evaluate("window.pgStableAt") / 1000
        assert stable < 10, f"settled {stable:.1f} s after navigation"
        groups = page.evaluate("policyGraph.overview.groups.length")
        assert page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.id).every(id => id.startsWith('g'))")
        assert page.evaluate("nodes.get({filter: n => !n.hidden}).length") == groups <= 30
        assert page.evaluate("network.getScale() * 20") >= 10, "group labels are readable at first load"
        assert "click a group" in page.evaluate("document.getElementById('zoom-hint').textContent").lower()
        group, members = page.evaluate("[policyGraph.overview.groups[0].id, policyGraph.overview.groups[0].members.length]")
        page.evaluate(f"network.emit('click', {{nodes: [{json.dumps(group)}], edges: []}}); 1")
        page.pump(0.5)
        assert page.evaluate("nodes.get({filter: n => !n.hidden && !n.id.startsWith('g')}).length") == members
        assert_clean(page)
        page.screenshot(shots / "synthetic-10000-overview.png")
        TIMINGS.append(f"10,000 nodes / {G.number_of_edges()} edges: overview of {groups} groups, stable {stable:.2f} s after navigation")
    finally:
        page.close()
