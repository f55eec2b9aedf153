"""Benchmark the authoring commands on the corpus: build (target < 2 s) and search (< 0.5 s).

    python benchmarks/authoring.py            # 5 runs each; rewrites the "Authoring" section of RESULTS.md
    python benchmarks/authoring.py --no-write

Run from the project folder (sources/, data/claims.ttl and ../shared/corpus are found from
there). Each command runs in a fresh process and is timed from outside (wall clock, imports
included), as a user waits for it; the library calls are timed inside a process too. Ratios: each
time against its target, and build against validate of the graph it writes (build does all that
validate does, plus reading, resolving and placing every quote, and writing).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
HEADING = "## Authoring: build and search on the corpus"
RUNS = 5
SEARCHES = ("macron", "carrere d'encausse", "radicalization by disappointment", "lxvii")

_INSIDE = """
import statistics, sys, time
from pathlib import Path
from policy_graph.authoring import compile_folder
from policy_graph.authoring.search import search
from policy_graph.resources import corpus_dir
from policy_graph.store import Store
from policy_graph.turtle import canonical_turtle
from policy_graph.validate import validate

def median(f):
    times = []
    for _ in range({runs}):
        start = time.perf_counter(); f(); times.append(time.perf_counter() - start)
    return statistics.median(times)

compile_s = median(lambda: canonical_turtle(compile_folder(Path("sources"), corpus_dir()).graph))
store = Store.from_files([Path("data/claims.ttl")])
validate_s = median(lambda: validate(Store.from_files([Path("data/claims.ttl")])))
search_s = median(lambda: [search(Store.from_files([Path("data/claims.ttl")]), q) for q in {searches!r}]) / {n}
print(compile_s, validate_s, search_s)
"""


def _wall(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and CPU time (user + system) of ``policy-graph ARGS`` in fresh processes.

    The CPU time is what the command costs whatever else the machine runs; the wall time is what
    a user waits for, which on a busy machine includes waiting for a core.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "policy_graph", *args], capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode not in (0, 1):
            raise SystemExit(f"policy-graph {' '.join(args)} failed: {result.stderr}")
    return statistics.median(walls), statistics.median(cpus)


Row = tuple[str, float, float | None, float | None, str]


def measure(runs: int) -> list[Row]:
    """Rows: (what, wall seconds, CPU seconds or None, target seconds or None, how it is timed)."""
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "claims.ttl")
        build = _wall(["build", "-o", output], runs)
    build_check = _wall(["build", "--check"], runs)
    validate = _wall(["validate", "--no-quotes"], runs)
    searches = [_wall(["search", q], max(runs // 2, 1)) for q in SEARCHES]
    search = (statistics.median(w for w, _ in searches), statistics.median(c for _, c in searches))
    inside = subprocess.run(
        [sys.executable, "-c", _INSIDE.format(runs=runs, searches=SEARCHES, n=len(SEARCHES))], capture_output=True, text=True, check=True
    ).stdout.split()
    compile_s, validate_s, search_s = (float(x) for x in inside)
    return [
        ("policy-graph build (writes the graph)", *build, 2.0, "fresh process"),
        ("policy-graph build --check", *build_check, 2.0, "fresh process"),
        ("policy-graph validate --no-quotes (for comparison)", *validate, None, "fresh process"),
        ("policy-graph search (median of 4 searches)", *search, 0.5, "fresh process"),
        ("compile + canonical Turtle (library)", compile_s, None, 2.0, "in process, after imports"),
        ("validate (library, same checks)", validate_s, None, None, "in process, load included"),
        ("search (library, load included)", search_s, None, 0.5, "in process, after imports"),
    ]


def report(rows: list[Row], runs: int) -> str:
    """The RESULTS.md section."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        HEADING,
        "",
        f"Command: `python benchmarks/authoring.py` ({runs} runs each, medians; load average {load}). The corpus:",
        "2 sources in `sources/` (5,300 lines of YAML), 9,423 triples written. Ratio: wall time / target (below 1",
        "meets it). CPU is user + system time of the command: what it costs whatever else the machine runs.",
        "",
        "| what | timed | wall s | CPU s | target | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for what, seconds, cpu, target, how in rows:
        ratio = f"{seconds / target:.2f}" if target else "-"
        cpu_text = f"{cpu:.3f}" if cpu is not None else "-"
        lines.append(f"| {what} | {how} | {seconds:.3f} | {cpu_text} | {f'< {target:g} s' if target else '-'} | {ratio} |")
    build, validate = rows[0][2] or rows[0][1], rows[2][2] or rows[2][1]
    lines += ["", f"build takes {build / validate:.1f}x the CPU time of validate on the graph it writes (it runs the same checks).", ""]
    return "\n".join(lines)


def main() -> int:
    """Measure, print, and write the section into RESULTS.md unless --no-write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    section = report(measure(args.runs), args.runs)
    print(section)
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8")
        start = text.find(HEADING)
        if start >= 0:
            end = text.find("\n## ", start + len(HEADING))
            text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
