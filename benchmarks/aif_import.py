"""AIF import at scale: a generated chain of I- and RA-nodes, imported by the CLI in a fresh process.

``python benchmarks/aif_import.py 100000 1000000`` writes ``chain-<n>.json`` (I1 -> RA -> I2 -> RA
-> ...: n nodes, n - 1 edges) into a temporary folder, runs ``policy-graph import <file> --from aif
--into <new file>.ttl`` and prints a row per size (wall time, CPU time, peak resident memory of
that process, the machine's load average), then the ratios between the sizes (a linear import:
time and memory grow no faster than the size).
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_chain(path: Path, nodes: int) -> None:
    """An AIF file of ``nodes`` nodes: claims joined by inferences, each claim supporting the next."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"nodes": [\n')
        out.write(",\n".join(
            json.dumps({"nodeID": str(i), "type": "I" if i % 2 else "RA", "text": f"claim {i // 2 + 1} of the chain" if i % 2 else "Default Inference"})
            for i in range(1, nodes + 1)
        ))
        out.write('\n], "edges": [\n')
        out.write(",\n".join(json.dumps({"edgeID": str(i), "fromID": str(i), "toID": str(i + 1)}) for i in range(1, nodes)))
        out.write("\n]}\n")


def import_once(path: Path, target: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of ``policy-graph import`` in a fresh process.

    CPU time (user + system) is the number to compare on a shared machine: wall time grows with
    the machine's load, CPU time hardly.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "policy_graph", "import", str(path), "--from", "aif", "--into", str(target)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, after.ru_maxrss / 1024  # largest child so far: sizes run in increasing order


def main(sizes: list[int]) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for nodes in sorted(sizes):
            path = Path(folder) / f"chain-{nodes}.json"
            write_chain(path, nodes)
            seconds, cpu, peak_mb = import_once(path, Path(folder) / f"chain-{nodes}.ttl")
            results.append((nodes, cpu, peak_mb))
            load = os.getloadavg()[0]
            print(f"| {nodes:,} nodes ({path.stat().st_size / 1e6:.0f} MB JSON) | {seconds:.1f} s | {cpu:.1f} s | {peak_mb:,.0f} MB | {load:.1f} |", flush=True)
    for (n1, c1, m1), (n2, c2, m2) in itertools.pairwise(results):
        print(f"{n1:,} -> {n2:,} nodes ({n2 / n1:.0f}x): CPU time {c2 / c1:.1f}x, peak memory {m2 / m1:.1f}x")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000])
