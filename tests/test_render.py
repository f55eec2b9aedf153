"""render: self-contained, escaped HTML maps; DOT; layouts; size limits; atomic writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from policy_graph.errors import InputError, PolicyGraphError
from policy_graph.render import (
    TooLargeError,
    centrality,
    layered_positions,
    render_html,
    timeline_positions,
    to_dot,
)
from tests.graphs import HOSTILE_IMG, HOSTILE_SCRIPT, corpus_view, hostile_graph, synthetic_argument_graph

VIEWS = ("argument", "causal", "actors", "timeline", "full", "focus")


def payload(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page, re.S)
    assert found, "the page has no data block"
    return json.loads(found.group(1))


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_renders_self_contained(view: str, tmp_path: Path) -> None:
    G = corpus_view(view)
    path = render_html(G, tmp_path / f"{view}.html", title=f"{view} map")
    page = path.read_text(encoding="utf-8")
    # nothing to fetch: no external script, stylesheet, font or image
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", page, re.I)
    for host in ("jsdelivr", "cdnjs", "cloudflare", "unpkg", "googleapis", "bootstrap"):
        assert host not in page.lower(), host
    assert "@import" not in page and "url(http" not in page
    data = payload(page)
    assert (len(data["nodes"]), len(data["edges"])) == (G.number_of_nodes(), G.number_of_edges())
    assert all(isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in data["nodes"])
    # every box carries its whole text (wrapped, never cut), one box per node
    for n, d in zip(data["nodes"], data["details"]):
        shown = " ".join(re.sub(r"</?b>", "", n["label"]).replace("\u2039", "<").replace("\uff06", "&").split())
        assert " ".join(d["label"].split()) in shown or d["kind"] == "relation", (d["label"], shown)
        assert "\u2026" not in shown
    assert "id=\"legend\"" in page and "id=\"search\"" in page and "id=\"details\"" in page


def test_hostile_labels_stay_inert_text(tmp_path: Path) -> None:
    G = hostile_graph()
    page = render_html(G, tmp_path / "x.html", title=HOSTILE_SCRIPT).read_text(encoding="utf-8")
    assert HOSTILE_IMG not in page and "<img" not in page
    assert page.lower().count("</script") == 3  # vis-network, the data block, our script
    assert "<script>window.pwned" not in page
    assert "\u2028" not in page
    data = payload(page)
    labels = {d["label"] for d in data["details"]}
    assert {HOSTILE_IMG, HOSTILE_SCRIPT} <= labels  # the text survives, exactly
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in page  # the escaped title


@pytest.mark.parametrize("graph", ["hostile", "synthetic"])
def test_dot_is_well_formed_and_escaped(graph: str) -> None:
    G = hostile_graph() if graph == "hostile" else synthetic_argument_graph(200)
    dot = to_dot(G)
    assert dot.startswith('digraph "argument" {') and dot.rstrip().endswith("}")
    assert "rankdir=BT" in dot  # edges run from reasons up to conclusions: conclusions on top
    assert dot.count(" -> ") == G.number_of_edges()
    for line in dot.splitlines()[4:-1]:  # every quoted string is closed: an even number of bare quotes
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0, line
    if shutil.which("dot"):
        done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


def test_dot_rankdir_by_view() -> None:
    assert "rankdir=LR" in to_dot(corpus_view("timeline"))
    assert "rankdir=LR" in to_dot(corpus_view("causal"))
    assert "rankdir=TB" in to_dot(corpus_view("actors"))


def test_argument_layout_puts_conclusions_above_reasons() -> None:
    G = corpus_view("argument")
    pos = layered_positions(G, edge_kinds={"support", "attack", "qualifies", "part", "explains", "rephrase"})
    assert set(pos) == set(G)
    edges = [(u, v) for u, v, k in G.edges(data="kind") if k in {"support", "attack", "part", "explains"} and u != v]
    upward = sum(pos[v][1] < pos[u][1] for u, v in edges)
    assert upward >= 0.97 * len(edges), f"only {upward} of {len(edges)} links point up"  # the rest close cycles


def test_layout_breaks_cycles() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")], view="argument")
    pos = layered_positions(G)
    assert set(pos) == {"a", "b", "c", "d"}
    assert len(set(pos.values())) == 4  # no two nodes on one spot


def test_timeline_is_to_scale_and_never_draws_a_link_backwards() -> None:
    from policy_graph.dates import parse_date

    G = corpus_view("timeline")
    pos, ticks = timeline_positions(G)
    dated = [n for n in G if G.nodes[n].get("date")]
    days = {n: (parse_date(G.nodes[n]["date"]).earliest(), parse_date(G.nodes[n].get("end_date") or G.nodes[n]["date"]).latest())
            for n in dated}
    # a node whose whole span ends before another's starts is drawn left of it ("2017" before "2017-05-29"
    # is not required: they overlap), and x grows with the date at one scale
    for a in dated:
        for b in dated:
            if days[a][1] < days[b][0]:
                assert pos[a][0] < pos[b][0], (G.nodes[a]["date"], G.nodes[b]["date"])
    # to scale: the gap between two day-precise events is proportional to the days between them
    exact = sorted((n for n in dated if G.nodes[n].get("precision") == "day"), key=lambda n: days[n][0])
    a, b, c = exact[0], exact[len(exact) // 2], exact[-1]
    ratio = (pos[c][0] - pos[a][0]) / (pos[b][0] - pos[a][0])
    assert ratio == pytest.approx((days[c][0] - days[a][0]).days / (days[b][0] - days[a][0]).days, rel=0.02)
    assert all(pos[u][0] < pos[v][0] for u, v, k in G.edges(data="kind") if k == "precedes"), "a precedes link drawn backwards"
    assert all(pos[n][0] > max(pos[m][0] for m in dated) for n in G if n not in dated)  # undated events come last
    years = [text for _, _, text in ticks if text.isdigit()]
    assert years == sorted(years) and len(years) >= 8


def test_timeline_draws_each_inferred_dates_bounds_to_scale(tmp_path: Path) -> None:
    """Every inferred date gets the bounds the texts allow, on the axis's own scale (a bound's day
    at the x its date would have); a stated date gets none; the page carries them."""
    from policy_graph.dates import parse_date
    from policy_graph.render.layout import timeline_layout

    G = corpus_view("timeline")
    timeline = timeline_layout(G)
    inferred = {n for n, d in G.nodes(data=True) if d.get("certainty") == "inferred"}
    assert inferred and set(timeline.bounds) == inferred
    # the scale of the axis, from two stated events a day long
    stated = sorted((n for n, d in G.nodes(data=True) if d.get("precision") == "day" and n not in inferred),
                    key=lambda n: str(G.nodes[n]["date"]))
    first, last = stated[0], stated[-1]
    days = (parse_date(G.nodes[last]["date"]).earliest() - parse_date(G.nodes[first]["date"]).earliest()).days
    per_day = (timeline.spans[last][0] - timeline.spans[first][0]) / days
    open_sides = 0
    for node in inferred:
        data, (left, right) = G.nodes[node], timeline.bounds[node]
        for key, x, side in (("not_before", left, "earliest"), ("not_after", right, "latest")):
            if data.get(key) is None:
                assert x is None, (node, key)
                open_sides += 1
                continue
            day = getattr(parse_date(str(data[key])), side)()
            offset = (day - parse_date(G.nodes[first]["date"]).earliest()).days + (1 if side == "latest" else 0)
            assert x == pytest.approx(timeline.spans[first][0] + offset * per_day, abs=0.5), (node, key)
        start, end = timeline.spans[node]
        # a date coarser than its bounds ("2024", at the latest April 2024) spills over them, but they meet
        assert (left is None or left <= end) and (right is None or start <= right), f"{node}: its date lies outside its bounds"
    assert open_sides, "no inferred date is open on one side: the check of open sides proves nothing"
    page = render_html(G, tmp_path / "timeline.html", title="t")
    data = json.loads(re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S).group(1))
    assert len(data["bounds"]) == len(inferred)


@pytest.mark.parametrize("measure", ["pagerank", "degree", "in-degree", "out-degree", "betweenness"])
def test_size_by_centrality(measure: str, tmp_path: Path) -> None:
    G = corpus_view("argument")
    data = payload(render_html(G, tmp_path / "m.html", title="t", size_by=measure).read_text(encoding="utf-8"))
    sizes = [n["font"]["size"] for n in data["nodes"]]  # the text grows with the score
    assert len(sizes) == G.number_of_nodes() and max(sizes) == pytest.approx(14 * 1.4) and min(sizes) >= 11.2


def test_size_by_pagerank_scales_the_analysis_ranking() -> None:
    from policy_graph.analysis import rank, rephrase_groups

    G = corpus_view("argument")
    scores = centrality(G, "pagerank")
    reference = dict(rank(G, by="pagerank"))
    top = max(reference.values())
    stands_for = {n: rephrase_groups(G).get(n, n) for n in G}  # a rephrasing is ranked as the statement it restates
    assert max(scores.values()) == 1.0
    assert any(n != root for n, root in stands_for.items())
    assert all(abs(scores[n] - reference[stands_for[n]] / top) < 1e-9 for n in G)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("size_by", "fame", "unknown centrality 'fame'"), ("layout", "spiral", "unknown layout 'spiral'")],
)
def test_bad_options_are_refused_and_leave_no_file(option: str, value: str, message: str, tmp_path: Path) -> None:
    target = tmp_path / "m.html"
    target.write_text("previous map")
    with pytest.raises(InputError, match=message):
        render_html(corpus_view("timeline"), target, title="t", **{option: value})
    assert target.read_text() == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_too_large_suggests_focus_view(tmp_path: Path) -> None:
    G = synthetic_argument_graph(300)
    with pytest.raises(TooLargeError, match=r"300 nodes, more than max_nodes=100 .*--focus NODE") as caught:
        render_html(G, tmp_path / "big.html", title="t", max_nodes=100)
    assert isinstance(caught.value, PolicyGraphError) and caught.value.nodes == 300
    assert not (tmp_path / "big.html").exists()


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "m.html"
    target.write_text("previous map")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError, match="could not write the file: disk full"):
        render_html(corpus_view("timeline"), target, title="t")
    assert target.read_text() == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_2000_nodes_render(tmp_path: Path) -> None:
    """Speed is measured in benchmarks/ (render stage); here: a 2,000-node map is written whole."""
    G = synthetic_argument_graph(2000)
    for size_by in (None, "pagerank"):
        page = render_html(G, tmp_path / "big.html", title="2,000 nodes", size_by=size_by)
        assert page.stat().st_size > 100_000


def test_centrality_rejects_unknown_measure() -> None:
    with pytest.raises(InputError, match="choose one of pagerank, degree"):
        centrality(nx.MultiDiGraph(), "fame")  # type: ignore[arg-type]
