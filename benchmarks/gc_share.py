"""How much of each library stage the cyclic garbage collector takes, with no pause anywhere.

    python benchmarks/gc_share.py 100k     # needs benchmarks/data/synthetic-100k.ttl (benchmarks/generate.py)

CPU time (``time.process_time``) of each stage and of every collector pass inside it (timed by
``gc.callbacks``): CPU time, so that other work on a shared machine does not blur the share.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_passes: list[float] = []
_started = [0.0]


def _time_passes(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[0] = time.process_time()
    else:
        _passes.append(time.process_time() - _started[0])


def _stage(size: str, name: str, run: Callable[[], T]) -> T:
    _passes.clear()
    started = time.process_time()
    result = run()
    total = time.process_time() - started
    print(f"| {name} ({size}) | {total:.2f} s | {sum(_passes):.2f} s ({sum(_passes) / total:.0%}) | {len(_passes):,} |")
    return result


def main(size: str) -> None:
    gc.callbacks.append(_time_passes)
    from policy_graph.analysis import rank
    from policy_graph.project import project
    from policy_graph.store import Store
    from policy_graph.validate import validate

    data = Path(__file__).resolve().parent / "data" / f"synthetic-{size}.ttl"
    print("| stage | CPU time | of which the collector | passes |\n|---|---|---|---|")
    store = _stage(size, "load", lambda: Store.from_files([data]))
    graph = _stage(size, "projection", lambda: project(store, "full"))
    _stage(size, "PageRank", lambda: rank(graph, "pagerank"))
    _stage(size, "rdflib copy", store.graph)
    _stage(size, "validate", lambda: validate(store))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "100k")
