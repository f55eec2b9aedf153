"""The atlas and the layered layout: one small map per question, crossings against Graphviz dot."""

from __future__ import annotations

import itertools
import re
import shutil
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

from policy_graph.render import to_dot
from policy_graph.render.atlas import MAP_NODES, AtlasMap, atlas_maps, write_atlas
from policy_graph.render.layout import (
    crossings,
    dot_reference_positions,
    timeline_layout,
)
from policy_graph.render.scene import arrange
from tests.graphs import corpus_view

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed (apt-get install graphviz)")


@cache
def corpus_atlas() -> tuple[AtlasMap, ...]:
    return tuple(atlas_maps(corpus_view("full")))


def layered() -> list[tuple[str, nx.MultiDiGraph]]:
    """Every atlas map drawn in layers, and the whole argument view."""
    maps = [(m.slug, m.graph) for m in corpus_atlas() if m.graph.graph["view"] != "timeline"]
    return [*maps, ("whole argument view", corpus_view("argument"))]


def test_the_atlas_answers_each_question() -> None:
    maps = corpus_atlas()
    questions = {m.question for m in maps}
    assert questions == {"explanation", "conclusion", "document", "actor", "across"}
    explanations = {n for n, k in corpus_view("full").nodes(data="kind") if k == "explanation"}
    assert {m.start[0] for m in maps if m.question == "explanation"} == explanations
    assert len({m.slug for m in maps}) == len(maps)
    for m in maps:  # small enough to read at first load
        assert len(m.shown if m.shown is not None else m.graph) <= MAP_NODES, m.slug


def test_an_explanation_map_has_its_parts_numbered_reasons_and_what_it_explains() -> None:
    m = next(m for m in corpus_atlas() if m.slug == "explanation-ex-three-mistakes")
    x = m.start[0]
    parts = sorted((d["position"], u) for u, _, d in m.graph.in_edges(x, data=True) if d["kind"] == "part")
    assert [p for p, _ in parts] == [1, 2, 3]
    scene = arrange(m.graph)
    assert [scene.boxes[u].number for _, u in parts] == [1, 2, 3]
    assert all(scene.boxes[u].lines[scene.boxes[u].heading].startswith(f"{p}. ") for p, u in parts)
    assert any(k == "explains" for _, _, k in m.graph.out_edges(x, data="kind"))
    assert any(k == "support" for _, _, k in m.graph.edges(data="kind"))


@needs_dot
def test_parts_side_by_side_in_their_order_unless_that_costs_crossings_or_links_forbid_it() -> None:
    """Parts are kept in order unless dot finds that costs over a fifth more crossings, or a link
    between two parts decides their places; the numbers on the boxes still give the order."""
    from policy_graph.render.dot import dot_quote
    from policy_graph.render.scene import _parts

    in_order = 0
    for m in (m for m in corpus_atlas() if m.question == "explanation"):
        scene = arrange(m.graph)
        _, orders = _parts(m.graph)
        rows = [[scene.boxes[n].x for n in order] for order in orders]
        if all(row == sorted(row) for row in rows):
            in_order += 1
            continue
        linked = any(u in order and v in order for order in orders for u, v in m.graph.edges())
        text = to_dot(m.graph, rankdir="BT")
        chains = ["{ rank=same; " + " -> ".join(map(dot_quote, order)) + " [style=invis]; }" for order in orders if len(order) > 1]
        ordered = dot_reference_positions(text.rstrip().removesuffix("}") + "\n".join(chains) + "\n}\n")
        pairs = [(str(u), str(v)) for u, v in m.graph.edges()]
        costly = crossings(ordered, pairs) > 1.2 * crossings(dot_reference_positions(text), pairs)
        assert linked or costly, m.slug
    assert in_order >= 8


@needs_dot
@pytest.mark.parametrize("slug, graph", layered(), ids=[slug for slug, _ in layered()])
def test_crossings_at_most_a_quarter_over_dot(slug: str, graph: nx.MultiDiGraph) -> None:
    scene = arrange(graph)
    assert scene.engine == "dot"
    ours = crossings({n: (b.x, b.y) for n, b in scene.boxes.items()}, graph.edges())
    reference = crossings(dot_reference_positions(to_dot(graph)), graph.edges())
    assert ours <= 1.25 * reference, f"{slug}: {ours} crossings, dot {reference}"


def test_boxes_on_one_layer_never_overlap() -> None:
    graph = corpus_view("argument")
    scene = arrange(graph)
    rows: dict[float, list[tuple[float, float]]] = {}
    for box in scene.boxes.values():
        rows.setdefault(round(box.y), []).append((box.x - box.width / 2, box.x + box.width / 2))
    for spans in rows.values():
        spans.sort()
        assert all(a[1] <= b[0] + 0.5 for a, b in itertools.pairwise(spans))


def test_timeline_maps_run_left_to_right_by_date() -> None:
    for m in (m for m in corpus_atlas() if m.question == "actor"):
        timeline = timeline_layout(m.graph)
        dated = sorted((n for n in m.graph if m.graph.nodes[n].get("date")), key=lambda n: timeline.positions[n][0])
        starts = [timeline.spans[n][0] for n in dated]
        assert starts == sorted(starts), m.slug
        assert crossings(timeline.positions, m.graph.edges()) == 0, m.slug


def test_write_atlas_index_lists_each_map_once_and_each_map_links_back(tmp_path: Path) -> None:
    index = write_atlas(corpus_view("full"), tmp_path / "atlas")
    text = index.read_text(encoding="utf-8")
    links = re.findall(r'<li><a href="([^"]+)">', text)
    assert sorted(links) == sorted(f"{m.slug}.html" for m in corpus_atlas())
    for line in re.findall(r"<li>.*?</li>", text):
        assert re.search(r"\d+ boxes, \d+ links", line) and 'class="source"' in line
    for link in links:
        page = (tmp_path / "atlas" / link).read_text(encoding="utf-8")
        assert '<a class="back" href="index.html">' in page
        assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", page, re.IGNORECASE)


def test_atlas_command_writes_the_index_and_the_maps(tmp_path: Path) -> None:
    from tests.test_cli import _cli

    result = _cli("atlas", "-o", str(tmp_path / "atlas"))
    assert result.returncode == 0, result.stderr
    maps = sorted(p.name for p in (tmp_path / "atlas").glob("*.html") if p.name != "index.html")
    assert maps == sorted(f"{m.slug}.html" for m in corpus_atlas())
    assert f"wrote {tmp_path / 'atlas' / 'index.html'} and {len(maps)} maps" in result.stdout


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_render_writes_the_figure_the_suffix_names(suffix: str, tmp_path: Path) -> None:
    """SVG and PNG have the map's layout: every box with its whole text, the whole map in the frame."""
    if suffix == ".png" and not Path(shutil.which("chromium") or "/usr/bin/chromium").is_file():
        pytest.skip("no Chromium for the PNG")
    from tests.test_cli import _cli

    result = _cli("render", "argument", "--focus", ":ex-three-mistakes", "--depth", "1", "-o", str(tmp_path / f"map{suffix}"))
    assert result.returncode == 0, result.stderr
    data = (tmp_path / f"map{suffix}").read_bytes()
    if suffix == ".svg":
        text = data.decode("utf-8")
        assert text.startswith("<svg") and "<html" not in text
        assert "1. Macron mistakenly considered" in text  # the whole text, wrapped into lines
        width, height = (float(v) for v in text.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
        dx, dy = (float(v) for v in re.search(r'translate\((-?[\d.]+),(-?[\d.]+)\)', text).groups())  # type: ignore[union-attr]
        rects = [tuple(map(float, r)) for r in re.findall(r'<rect x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"', text)]
        assert rects
        for x, y, w, h in rects:  # every box inside the frame
            assert x + dx >= 0 and x + dx + w <= width and y + dy >= 0 and y + dy + h <= height
    else:
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert 600 < width <= 8000


@needs_dot
def test_premises_of_a_linked_argument_are_drawn_side_by_side_as_one_group() -> None:
    G = nx.MultiDiGraph(view="argument")
    for node in ("c", "p1", "p2", "other", "r"):
        G.add_node(node, kind="claim", label=f"claim {node}")
    G.add_edge("p1", "c", kind="support", premise_group="urn:x:linked", linked=True)
    G.add_edge("p2", "c", kind="support", premise_group="urn:x:linked", linked=True)
    G.add_edge("other", "c", kind="attack")
    G.add_edge("r", "p2", kind="support")
    scene = arrange(G)
    p1, p2, other = scene.boxes["p1"], scene.boxes["p2"], scene.boxes["other"]
    assert p1.y == p2.y, "the premises share a row"
    left, right = sorted((p1.x, p2.x))
    assert not left < other.x < right or other.y != p1.y, "nothing between the premises of one argument"
