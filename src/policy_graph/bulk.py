"""Building large Python structures quickly: pause the cyclic garbage collector meanwhile.

Each few hundred new containers make Python look for reference cycles, and every so often it
walks all of them. Loading, projecting and validating a large graph make millions of tuples,
dicts and terms, none in a cycle: at 100k triples the collector's passes took about a third of
loading and projecting (benchmarks/RESULTS.md). Reference counting frees memory as usual meanwhile.

The collector is the whole process's, so the library never pauses it: the ``policy-graph``
command pauses it for the command it runs, and a program or notebook that builds large graphs
may do the same around its own calls::

    with collector_paused():
        graph = project(Store.from_files(["big.ttl"]), "full")

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_depth = 0  # blocks inside a pause, in every thread
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block, in the whole process.

    Pauses nest and overlap across threads: the collector resumes when the last one ends, and
    only if it was on when the first began (cycles made meanwhile are collected then). A query
    worker that a timeout gave up on keeps its pause until it reaches its next row.
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
