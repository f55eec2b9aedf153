"""Benchmark the maps: layout + write of the corpus atlas, of a 2,000-node and of a 10,000-node map.

    python benchmarks/maps.py            # 3 runs each, writes the "Maps" section of RESULTS.md
    python benchmarks/maps.py --no-write

Each run is a fresh Python process that builds its graph first (the corpus's full projection, or
the synthetic argument map of tests/graphs.py) and then times only the map: layout and the
atomic write of the HTML (for the atlas, of the index and every map). The median is reported,
with the engine that laid the map out and the size of what was written.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
HEADING = "## Maps (benchmarks/maps.py)"
#: case -> (what is timed, target in seconds or None)
CASES = {
    "atlas": ("the corpus atlas: `write_atlas` of the full projection (index + every map)", None),
    "2000": ("a 2,000-node argument map: `render_html`", 1.0),
    "10000": ("a 10,000-node argument map: `render_html` (opens on the overview)", None),
}

_CHILD = """
import json, sys, time, tempfile
from pathlib import Path
sys.path.insert(0, {root!r})
case = {case!r}
with tempfile.TemporaryDirectory() as folder:
    if case == "atlas":
        from tests.graphs import corpus_view
        from policy_graph.render.atlas import atlas_maps, write_atlas
        G = corpus_view("full")
        start = time.perf_counter()
        index = write_atlas(G, Path(folder) / "atlas")
        seconds = time.perf_counter() - start
        files = list(index.parent.glob("*.html"))
        info = {{"maps": len(files) - 1, "bytes": sum(f.stat().st_size for f in files), "engine": "dot"}}
    else:
        from tests.graphs import synthetic_argument_graph
        from policy_graph.render import render_html
        from policy_graph.render.layout import dot_suits
        G = synthetic_argument_graph(int(case))
        start = time.perf_counter()
        page = render_html(G, Path(folder) / "map.html", title="benchmark", max_nodes=20000)
        seconds = time.perf_counter() - start
        info = {{"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "bytes": page.stat().st_size,
                 "engine": "dot" if dot_suits(G) else "sugiyama"}}
print(json.dumps({{"seconds": seconds, **info}}))
"""


def measure(case: str, runs: int) -> list[dict[str, object]]:
    """``runs`` fresh processes timing ``case``."""
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT), case=case)], capture_output=True,
                              text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def section(measured: dict[str, list[dict[str, object]]]) -> str:
    """The Markdown section of RESULTS.md."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        HEADING,
        "",
        f"Layout + write, median of {len(next(iter(measured.values())))} fresh processes each (load average {load} before the runs;",
        "the machine is shared, so absolute times move with its load).",
        "",
        "| case | median | runs | engine | written | target |",
        "|---|---|---|---|---|---|",
    ]
    for case, runs in measured.items():
        what, target = CASES[case]
        times = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
        median = statistics.median(times)
        first = runs[0]
        size = f"{int(first['bytes']) / 1e6:.1f} MB" + (f", {first['maps']} maps" if "maps" in first else "")  # type: ignore[call-overload]
        verdict = "" if target is None else ("met" if median < target else "missed") + f" (< {target:g} s)"
        lines.append(f"| {what} | {median:.2f} s | {', '.join(f'{t:.2f}' for t in times)} | {first['engine']} | {size} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    args = parser.parse_args(argv)
    text = section({case: measure(case, args.runs) for case in CASES})
    print(text)
    if not args.no_write:
        old = RESULTS.read_text(encoding="utf-8")
        if HEADING in old:
            before, _, after = old.partition(HEADING)
            rest = after.split("\n## ", 1)
            old = before + (("## " + rest[1]) if len(rest) > 1 else "")
        RESULTS.write_text(old.rstrip() + "\n\n" + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
