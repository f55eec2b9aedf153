"""Benchmark policy-graph against the plain rdflib + networkx stack, stage by stage.

    python benchmarks/run.py                  # everything (about 25 minutes on 2 cores); writes RESULTS.md
    python benchmarks/run.py --sizes 10k,100k # a quicker subset
    python benchmarks/run.py --stages load,query --sizes 1M --no-write

Every measurement runs in a fresh Python process: the child times the stage itself and reports
its own peak resident memory (``ru_maxrss``), so import costs and memory are counted fairly.
The median of the runs is reported. The baseline is what a user would assemble without
policy-graph (as kglab does): rdflib ``Graph().parse``, rdflib's SPARQL engine,
``rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph`` and plain networkx.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "RESULTS.md"
CORPUS_GRAPH = ROOT / "data" / "claims.ttl"
#: Hand-written sections kept when the file is rewritten (from the first of them to the end).
PRESERVED_SECTIONS = ("## Where targets are missed", "## Served endpoint load test", "## Maps (benchmarks/maps.py)")

#: Named queries of the mix (and the parameters they take on synthetic data).
QUERY_MIX = (
    ("timeline", {}),
    ("claims-by-holder", {"holder": "https://w3id.org/policy-graph/id/actor-000000"}),
    ("conflicts", {}),
    ("stats-classes", {}),
    ("view-argument", {}),  # the projection's query for the argument view (project.view_query)
)
#: Commands repeated on the unchanged 1M graph (the first command builds the on-disk store).
CACHED_QUERIES = (
    ("query claims-by-holder --param holder=:actor-000005", ["query", "claims-by-holder", "--param", "holder=:actor-000005", "--format", "csv"]),
    ("query conflicts --limit 50 (table)", ["query", "conflicts"]),
    ("query timeline --format csv (all 7,017 events)", ["query", "timeline", "--format", "csv"]),
)
BETWEENNESS_SAMPLES = 64
RENDER_NODES = 2_000
SIZES = ("10k", "100k", "1M")

# (policy-graph runs, baseline runs) per stage and size. The 1M baseline re-parses with rdflib
# (about 40 s on a quiet machine, 2 minutes on a busy one) in every process, so it runs once.
REPEATS = {"10k": (3, 3), "100k": (3, 3), "1M": (3, 1)}
SLOW_REPEATS = {
    ("100k", "validate"): (1, 1),
    **{("1M", stage): (2, 1) for stage in ("projection", "rank", "betweenness", "path", "render")},
}

# stage: (title, what is timed, target at 1M as (min speed-up, max memory share) or None)
STAGES: dict[str, tuple[str, str]] = {
    "load": ("load Turtle", "imports + parse into a store / Graph"),
    "validate": ("validate", "SHACL + quality checks (+ models for policy-graph), store already loaded"),
    "query": ("named query mix", "5 named queries (" + ", ".join(q for q, _ in QUERY_MIX) + "), store already loaded"),
    "projection": ("load + projection", "imports + parse + networkx projection"),
    "rank": ("PageRank + degree ranking", "both rankings, sorted, on the same projection (first ranking of the graph: the matrix is built)"),
    "betweenness": (f"betweenness (k={BETWEENNESS_SAMPLES} sampled sources)", "on the same projection"),
    "path": ("explanation paths (k=3)", "3 shortest chains leaf claim -> hub claim, same projection"),
    "render": (f"render a map of <= {RENDER_NODES:,} nodes", "HTML written, subgraph of the argument view"),
}
TARGETS = {  # (stage, size) -> (min speed-up, max peak memory share of the baseline)
    ("load", "1M"): (10.0, 1 / 3),
    ("query", "1M"): (15.0, None),
    ("projection", "1M"): (6.0, 1 / 3),
    ("rank", "1M"): (20.0, None),
}
#: Stages skipped at a size, with the reason shown in the table.
SKIPPED = {
    ("validate", "1M"): "skipped: pySHACL (used by both sides) takes well over 10 min per run at 1M",
}


def data_file(size: str) -> Path:
    return DATA / f"synthetic-{size}.ttl"


# =============================================================================== child side


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _pg_projection(path: Path, view: str = "full"):
    from policy_graph.project import project
    from policy_graph.store import Store

    return project(Store.from_files([path]), view)


def _warm_graph():
    import networkx as nx

    G = nx.MultiDiGraph()
    for i in range(50):
        G.add_edge(f"n{i}", f"n{(i * 7 + 1) % 50}", kind="support")
        G.nodes[f"n{i}"]["kind"] = "claim"
    return G


def _path_ends(G) -> tuple[str, str]:
    """A leaf claim and a hub claim joined by an explanation path (same ends for both sides)."""
    from policy_graph.analysis.paths import DEFAULT_KINDS

    hub = "https://w3id.org/policy-graph/id/cl-0000000"
    kinds = set(DEFAULT_KINDS)
    import networkx as nx

    D = nx.DiGraph((u, v) for u, v, k in G.edges(data="kind") if k in kinds)
    reach = nx.ancestors(D, hub) if hub in D else set()
    claims = sorted(n for n in reach if "/cl-" in n)
    return (claims[-1] if claims else hub), hub


def _render_subgraph(path: Path):
    import networkx as nx

    G = _pg_projection(path, "argument")
    hub = max(G, key=lambda n: (G.degree(n), n))
    order = list(nx.bfs_tree(G.to_undirected(as_view=True), hub))[:RENDER_NODES]
    return G.subgraph(order).copy()


def child(stage: str, side: str, size: str) -> dict:
    """Run one stage once in this process; return seconds, peak memory and notes."""
    started = time.perf_counter()
    path = data_file(size)
    notes: dict = {}
    if stage == "load":
        if side == "pg":
            from policy_graph.store import Store

            notes["triples"] = len(Store.from_files([path]))
        else:
            from rdflib import Graph

            notes["triples"] = len(Graph().parse(path, format="turtle"))
        seconds = time.perf_counter() - started
    elif stage == "projection":
        if side == "pg":
            G = _pg_projection(path)
        else:
            from rdflib import Graph
            from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

            G = rdflib_to_networkx_multidigraph(Graph().parse(path, format="turtle"))
        seconds = time.perf_counter() - started
        notes["graph"] = f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    elif stage in ("query", "validate"):
        if side == "pg":
            from policy_graph.query import select
            from policy_graph.store import Store

            store = Store.from_files([path])
        else:
            from rdflib import Graph, URIRef

            graph = Graph().parse(path, format="turtle")
        mix = [(_mix_query(name), params) for name, params in QUERY_MIX] if stage == "query" else []
        start = time.perf_counter()
        if stage == "query":
            rows = 0
            if side == "pg":
                for query, params in mix:
                    rows += len(select(query, store, params, timeout=None))
                seconds = time.perf_counter() - start
                notes.update(_against_pyoxigraph(store))
            else:
                from rdflib import Variable

                from policy_graph.query import _PROLOGUE, get_query

                for query, params in mix:
                    result = graph.query(_PROLOGUE + get_query(query).text,
                                         initBindings={Variable(k): URIRef(v) for k, v in params.items()})
                    rows += len(list(result))
            notes["rows"] = rows
        else:
            if side == "pg":
                from policy_graph.validate import validate

                report = validate(store)
                notes["findings"] = len(report.findings)
            else:
                import pyshacl

                from policy_graph.resources import ONTOLOGY_DIR, SHAPES_FILE

                shapes = Graph().parse(SHAPES_FILE, format="turtle")
                _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
                found = len(results)
                for check in sorted((ONTOLOGY_DIR / "checks").glob("*-violation.rq")):
                    found += len(list(graph.query(check.read_text(encoding="utf-8"))))
                notes["findings_triples_and_rows"] = found
        if stage != "query" or side != "pg":
            seconds = time.perf_counter() - start
    elif stage in ("rank", "betweenness", "path"):
        import networkx as nx

        from policy_graph.analysis import explanation_paths, rank

        G = _pg_projection(path)
        warm = _warm_graph()
        if stage == "rank":  # imports and first calls out of the timing, for both sides
            rank(warm, "pagerank", backend="scipy"), rank(warm, "degree", backend="scipy")
            nx.pagerank(warm), nx.degree_centrality(warm)
        elif stage == "betweenness":
            rank(warm, "betweenness", backend="igraph"), nx.betweenness_centrality(warm)
        start = time.perf_counter()
        if stage == "rank":
            if side == "pg":
                top = rank(G, "pagerank")[:3] + rank(G, "degree")[:3]
                seconds = time.perf_counter() - start
                again = time.perf_counter()
                rank(G, "pagerank"), rank(G, "degree")
                notes["again_same_graph_seconds"] = round(time.perf_counter() - again, 4)
            else:
                pr, dc = nx.pagerank(G), nx.degree_centrality(G)
                top = sorted(pr.items(), key=lambda kv: -kv[1])[:3] + sorted(dc.items(), key=lambda kv: -kv[1])[:3]
            notes["top"] = [n.rsplit("/", 1)[-1] for n, _ in top]
        elif stage == "betweenness":
            if side == "pg":
                scores = rank(G, "betweenness", backend="igraph", k=BETWEENNESS_SAMPLES)
                seconds = time.perf_counter() - start
                if size == "10k":
                    notes.update(_betweenness_error(G, dict(scores)))
            else:
                from policy_graph.analysis.centrality import _simple

                nx.betweenness_centrality(_simple(G), k=BETWEENNESS_SAMPLES, seed=0)
        else:
            source, target = _path_ends(G)
            start = time.perf_counter()
            if side == "pg":
                found = explanation_paths(G, source, target, k=3)
            else:
                from itertools import islice

                found = list(islice(nx.shortest_simple_paths(nx.DiGraph(G), source, target), 3))
            notes["path_lengths"] = [len(p) for p in found]
        if stage not in ("betweenness", "rank") or side != "pg":
            seconds = time.perf_counter() - start
    elif stage == "render":
        import tempfile

        H = _render_subgraph(path)
        notes["graph"] = f"{H.number_of_nodes()} nodes, {H.number_of_edges()} edges"
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "map.html"
            if side == "pg":
                from policy_graph.render import render_html

                start = time.perf_counter()
                render_html(H, out, title="benchmark")
            else:
                from pyvis.network import Network

                start = time.perf_counter()
                net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
                for node, attributes in H.nodes(data=True):
                    net.add_node(node, label=str(attributes.get("label", node))[:60], title=str(attributes.get("label", node)))
                for u, v, kind in H.edges(data="kind"):
                    net.add_edge(u, v, title=str(kind))
                net.write_html(str(out))
            seconds = time.perf_counter() - start
            notes["bytes"] = out.stat().st_size
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    return {"seconds": seconds, "rss_mb": _rss_mb(), "notes": notes}


def _mix_query(name: str):
    """A query of the mix: a named query, or a view's query as the projection writes it."""
    from policy_graph.project import view_query

    return view_query(name.removeprefix("view-")) if name.startswith("view-") else name


def _against_pyoxigraph(store) -> dict:
    """The query mix again through `select` and through pyoxigraph directly (same text, same
    bindings, every row fetched), alternating, in this process; and the cost of rdflib terms."""
    import pyoxigraph as ox

    from policy_graph.query import _PROLOGUE, get_query, select

    def direct() -> int:
        count = 0
        for name, params in QUERY_MIX:
            bindings = {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()}
            count += sum(1 for _ in store.ox.query(_PROLOGUE + get_query(_mix_query(name)).text, substitutions=bindings))
        return count

    timings: dict[str, list[float]] = {"direct": [], "select": [], "rdflib_terms": []}
    for _ in range(2):
        started = time.perf_counter()
        direct()
        timings["direct"].append(time.perf_counter() - started)
        started = time.perf_counter()
        results = [select(_mix_query(name), store, params, timeout=None) for name, params in QUERY_MIX]
        timings["select"].append(time.perf_counter() - started)
        started = time.perf_counter()
        for rows in results:
            rows.rows  # noqa: B018 - reading every row as rdflib terms is the cost measured
        timings["rdflib_terms"].append(time.perf_counter() - started)
    best = {k: min(v) for k, v in timings.items()}
    return {
        "pyoxigraph_direct_seconds": round(best["direct"], 4),
        "select_seconds": round(best["select"], 4),
        "select_over_direct": round(best["select"] / best["direct"], 3),
        "all_rows_as_rdflib_terms_seconds": round(best["rdflib_terms"], 4),
    }


def _betweenness_error(G, sampled: dict) -> dict:
    """Error of the sampled estimate against exact betweenness (igraph, all sources)."""
    from policy_graph.analysis import rank

    exact = dict(rank(G, "betweenness", backend="igraph"))
    errors = [abs(sampled[n] - exact[n]) for n in exact]
    top_exact = {n for n, _ in sorted(exact.items(), key=lambda kv: -kv[1])[:20]}
    top_sampled = {n for n, _ in sorted(sampled.items(), key=lambda kv: -kv[1])[:20]}
    peak = max(exact.values()) or 1.0
    return {
        "betweenness_mean_abs_error": statistics.fmean(errors),
        "betweenness_max_abs_error": max(errors),
        "betweenness_max_exact": peak,
        "betweenness_max_error_share_of_top": max(errors) / peak,
        "betweenness_top20_overlap": len(top_exact & top_sampled),
    }


# ============================================================================== parent side


def _spawn(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, cwd=ROOT, check=False)


def measure(stage: str, side: str, size: str, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        done = _spawn([sys.executable, str(Path(__file__)), "--child", stage, side, size])
        if done.returncode != 0:
            raise RuntimeError(f"{stage}/{side}/{size} failed:\n{done.stderr.decode()[-3000:]}")
        samples.append(json.loads(done.stdout.decode().strip().splitlines()[-1]))
    return {
        "runs": runs,
        "seconds": statistics.median(s["seconds"] for s in samples),
        "all_seconds": [round(s["seconds"], 3) for s in samples],
        "rss_mb": statistics.median(s["rss_mb"] for s in samples),
        "notes": samples[-1]["notes"],
    }


def _cli(args: list[str], env: dict) -> tuple[float, float, int, str]:
    """Wall time and peak memory of one ``policy-graph`` command."""
    exe = shutil.which("policy-graph", path=str(Path(sys.executable).parent)) or "policy-graph"
    started = time.perf_counter()
    process = subprocess.Popen([exe, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    err = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode, err


def measure_cli(runs: int, *, include_1m: bool) -> dict:
    env = dict(os.environ)
    cache_home = DATA / "cache"
    shutil.rmtree(cache_home, ignore_errors=True)
    env["XDG_CACHE_HOME"] = str(cache_home)
    out: dict = {"corpus": [], "cached": None}
    html = DATA / "corpus-map.html"
    commands = [
        ("--help", ["--help"]),
        ("stats", ["stats"]),
        ("validate", ["validate"]),
        ("verify-quotes", ["verify-quotes"]),
        ("queries", ["queries"]),
        ("query cq1-three-mistakes", ["query", "cq1-three-mistakes"]),
        ("query claims-by-holder", ["query", "claims-by-holder", "--param", "holder=:former-minister"]),
        ("path", ["path", ":cl-mistake-1-putin-pragmatic", ":cl-ground-troops-not-excluded", "--k", "3"]),
        ("rank", ["rank", "--by", "pagerank"]),
        ("accept", ["accept"]),
        ("ach", ["ach", ":ex-interpretation-1-versailles-went-wrong", ":ex-interpretation-2-france-not-important",
                 ":ex-interpretation-3-long-term-agenda"]),
        ("timeline", ["timeline", "--actor", ":macron"]),
        ("render argument", ["render", "argument", "-o", str(html)]),
        ("export --to graphml", ["export", "--to", "graphml", "-o", str(DATA / "corpus.graphml")]),
    ]
    for label, args in commands:
        samples = [_cli(args, env) for _ in range(runs)]
        out["corpus"].append({
            "command": label,
            "seconds": statistics.median(s[0] for s in samples),
            "rss_mb": statistics.median(s[1] for s in samples),
            "exit": samples[-1][2],
            "error": samples[-1][3][-300:] if samples[-1][2] not in (0, 1) else "",
        })
    if include_1m:
        big = str(data_file("1M"))
        first = _cli(["query", "stats-classes", big, "--format", "csv"], env)
        out["cached"] = {"first": first[0], "first_rss": first[1], "exit": first[2], "queries": []}
        for label, args in CACHED_QUERIES:
            repeated = [_cli([*args[:2], big, *args[2:]], env) for _ in range(max(runs, 5))]
            out["cached"]["queries"].append({
                "command": label,
                "seconds": statistics.median(s[0] for s in repeated),
                "all_seconds": [round(s[0], 3) for s in repeated],
                "rss_mb": statistics.median(s[1] for s in repeated),
                "exit": repeated[-1][2],
            })
        stores = [p for p in (cache_home / "policy-graph" / "stores").glob("*") if p.is_dir() and (p / "complete").exists()]
        out["cached"]["stores"] = len(stores)
    out["invalidation"] = _check_invalidation()
    return out


def _check_invalidation() -> str:
    """Reuse on unchanged content, a new store when a file changes (library level, on a 10k copy)."""
    import tempfile

    from policy_graph.store import Store

    with tempfile.TemporaryDirectory() as folder:
        copy, cache = Path(folder) / "g.ttl", Path(folder) / "cache"
        copy.write_bytes(data_file("10k").read_bytes())
        first = len(Store.from_files([copy], cache_dir=cache))
        Store.from_files([copy], cache_dir=cache)
        stores = lambda: sum(1 for d in cache.iterdir() if (d / "complete").exists())  # noqa: E731
        reused = stores() == 1
        with copy.open("a", encoding="utf-8") as handle:
            handle.write('\n<https://w3id.org/policy-graph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "changed" .\n')
        second = len(Store.from_files([copy], cache_dir=cache))
        rebuilt = stores() == 2 and second == first + 1
    return f"unchanged file reused its store: {reused}; changed file got a new store with the new triple: {rebuilt}"


# ============================================================================== report


def _fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def _fmt_mb(x: float | None) -> str:
    return "-" if x is None else (f"{x:,.0f} MB" if x < 10_000 else f"{x / 1024:.1f} GB")


def _versions() -> str:
    from importlib.metadata import version

    names = ["policy-graph", "rdflib", "pyoxigraph", "networkx", "scipy", "python-graphblas", "graphblas-algorithms",
             "igraph", "pyvis", "pyshacl"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except Exception:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def _verdict(stage: str, size: str, pg: dict, base: dict) -> str:
    target = TARGETS.get((stage, size))
    if not target:
        return ""
    speed, memory = target
    ratio = base["seconds"] / pg["seconds"]
    parts = [f"{'met' if ratio >= speed else 'MISSED'} >= {speed:g}x"]
    if memory:
        share = pg["rss_mb"] / base["rss_mb"]
        parts.append(f"{'met' if share <= memory else 'MISSED'} mem <= 1/3 ({share:.2f})")
    if stage == "query":
        parts.append(f"{'met' if ratio >= 20 else 'MISSED'} >= 20x (SPARQL issue)")
        over = pg["notes"].get("select_over_direct")
        if over is not None:
            parts.append(f"{'met' if over <= 1.5 else 'MISSED'} within 1.5x of pyoxigraph direct ({over:.2f}x)")
    if stage == "rank" and "again_same_graph_seconds" in pg["notes"]:
        again = base["seconds"] / pg["notes"]["again_same_graph_seconds"]
        parts.append(f"ranking the same graph again (kept matrix): {again:.1f}x")
    return "; ".join(parts)


def write_report(results: dict, cli: dict | None, command: str, load_before: str, load_after: str, elapsed: float) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{command}` (one run, {elapsed / 60:.1f} min).",
        "",
        f"Machine: {_machine()}. Load average before / after: {load_before} / {load_after}.",
        "",
        f"Versions: {_versions()}.",
        "",
        "Each cell is the median of *n* runs (policy-graph / baseline), every run in a fresh process that",
        "reports its own peak resident memory. Baseline: rdflib `Graph().parse(format=\"turtle\")`, rdflib's",
        "SPARQL engine on the same named queries, `rdflib_to_networkx_multidigraph`, plain networkx",
        "(`pagerank`, `degree_centrality`, `betweenness_centrality(k=...)`, `shortest_simple_paths`) and pyvis",
        "`add_node`/`add_edge`. policy-graph: `Store.from_files`, `query.select`, `project.project(store, \"full\")`,",
        "`analysis.rank` (default backends: SciPy on a kept matrix for PageRank and degree, igraph for sampled",
        "betweenness), `analysis.explanation_paths`, `render.render_html`. The query mix also runs through",
        "pyoxigraph directly in the same process (`select_over_direct`), and the ranking again on the same graph.",
        "Rank, betweenness and path run on the same policy-graph projection for both sides (the algorithm is",
        "compared, not the graph); render on the same subgraph of the argument view.",
        "",
        "| size | stage | timed | n | policy-graph | baseline | speed-up | peak mem policy-graph | peak mem baseline | target (1M) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, stages in results.items():
        triples = stages.get("_triples")
        for stage, entry in stages.items():
            if stage.startswith("_"):
                continue
            title, timed = STAGES[stage]
            label = f"{size} ({triples:,} triples)" if triples else size
            if "skipped" in entry:
                lines.append(f"| {label} | {title} | {timed} | - | - | - | - | - | - | {entry['skipped']} |")
                continue
            pg, base = entry["pg"], entry["base"]
            ratio = base["seconds"] / pg["seconds"] if pg["seconds"] else float("inf")
            lines.append(
                f"| {label} | {title} | {timed} | {pg['runs']}/{base['runs']} | {_fmt_s(pg['seconds'])} | {_fmt_s(base['seconds'])} "
                f"| {ratio:.1f}x | {_fmt_mb(pg['rss_mb'])} | {_fmt_mb(base['rss_mb'])} | {_verdict(stage, size, pg, base)} |"
            )
    notes = []
    for size, stages in results.items():
        for stage, entry in stages.items():
            if stage.startswith("_") or "skipped" in entry:
                continue
            notes.append(f"- {size} {stage}: policy-graph runs {entry['pg']['all_seconds']} {json.dumps(entry['pg']['notes'], ensure_ascii=False)}; "
                         f"baseline runs {entry['base']['all_seconds']} {json.dumps(entry['base']['notes'], ensure_ascii=False)}")
    if notes:
        lines += ["", "<details><summary>Every run, with what each side returned</summary>", "", *notes, "", "</details>"]
    if cli:
        lines += ["", "## Command line", "", "Wall time of the `policy-graph` console script (process start to exit), median of its runs.", ""]
        if cli.get("cached"):
            c = cli["cached"]
            lines += [
                "Repeated `policy-graph query NAME benchmarks/data/synthetic-1M.ttl ...` (input > 20 MB, so the CLI keeps a",
                "persistent pyoxigraph on-disk store keyed by the files' content; the first command parses and builds it):",
                "",
                "| command on the 1M graph | wall (median) | every run | peak mem | target |",
                "|---|---|---|---|---|",
                f"| first command (`query stats-classes`: parses, builds the store) | {_fmt_s(c['first'])} | - | {_fmt_mb(c['first_rss'])} | - |",
            ]
            for q in c["queries"]:
                lines.append(f"| `policy-graph {q['command']}` | {_fmt_s(q['seconds'])} | {q['all_seconds']} | {_fmt_mb(q['rss_mb'])} "
                             f"| {'met' if q['seconds'] < 0.5 else 'MISSED'} < 0.5 s |")
            lines += [
                "",
                f"Stores in the cache after these runs: {c['stores']} (one per distinct content). "
                f"Invalidation check: {cli.get('invalidation')}.",
                "",
            ]
        lines += ["On the corpus graph (`data/claims.ttl`):", "", "| command | wall | peak mem | exit | target |", "|---|---|---|---|---|"]
        for row in cli["corpus"]:
            limit = 0.3 if row["command"] == "--help" else 1.0
            verdict = f"{'met' if row['seconds'] < limit else 'MISSED'} < {limit:g} s"
            lines.append(f"| `policy-graph {row['command']}` | {_fmt_s(row['seconds'])} | {_fmt_mb(row['rss_mb'])} | {row['exit']} | {verdict} |")
    return "\n".join(lines) + "\n"


def _preserved() -> str:
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text(encoding="utf-8")
    found = [i for i in (text.find(heading) for heading in PRESERVED_SECTIONS) if i >= 0]
    return "" if not found else "\n" + text[min(found):].rstrip() + "\n"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark policy-graph against rdflib + networkx.")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: 10k,100k,1M")
    parser.add_argument("--stages", default=",".join(STAGES) + ",cli", help="comma-separated: " + ",".join(STAGES) + ",cli")
    parser.add_argument("--runs", type=int, help="override the number of runs of every measurement")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing RESULTS.md")
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "SIDE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    command = "python benchmarks/run.py" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(sys.argv[1:] if argv is None else argv))
    sizes = [s for s in args.sizes.split(",") if s]
    stages = [s for s in args.stages.split(",") if s]
    began, load_before = time.perf_counter(), _loadavg()
    sys.path.insert(0, str(HERE))
    from generate import main as generate_main

    generate_main([])  # writes only the files that are missing
    results: dict = {}
    for size in sizes:
        results[size] = {}
        for stage in stages:
            if stage == "cli":
                continue
            if (stage, size) in SKIPPED:
                results[size][stage] = {"skipped": SKIPPED[stage, size]}
                continue
            pg_runs, base_runs = SLOW_REPEATS.get((size, stage), REPEATS[size])
            if args.runs:
                pg_runs = base_runs = args.runs
            t = time.perf_counter()
            pg = measure(stage, "pg", size, pg_runs)
            base = measure(stage, "base", size, base_runs)
            results[size][stage] = {"pg": pg, "base": base}
            if stage == "load":
                results[size]["_triples"] = pg["notes"].get("triples")
            print(f"{size:>5} {stage:<12} pg {_fmt_s(pg['seconds']):>9} {_fmt_mb(pg['rss_mb']):>8} | base {_fmt_s(base['seconds']):>9} "
                  f"{_fmt_mb(base['rss_mb']):>8} | {base['seconds'] / pg['seconds']:6.1f}x  ({time.perf_counter() - t:.0f} s)", flush=True)
    cli = None
    if "cli" in stages:
        cli = measure_cli(args.runs or 3, include_1m="1M" in sizes)
        print(json.dumps(cli, indent=1), flush=True)
    report = write_report(results, cli, command, load_before, _loadavg(), time.perf_counter() - began)
    if args.no_write:
        print(report)
    else:
        RESULTS.write_text(report + _preserved(), encoding="utf-8")
        print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
