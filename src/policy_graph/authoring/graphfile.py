"""``policy-graph build``: the authoring files compiled to the canonical graph file.

The graph is written only when every check passes, through one atomic rename, so a failed build
leaves the previous file byte for byte as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..store import atomic_write
from ..turtle import canonical_turtle
from .compile import Problem, compile_folder

__all__ = ["BuildResult", "build"]


@dataclass(frozen=True)
class BuildResult:
    """What `build` did: the output, whether it changed (or would), the triples and the warnings."""

    output: Path
    changed: bool
    triples: int
    warnings: list[Problem]


def build(folder: Path, corpus_dir: Path, output: Path, *, check: bool = False) -> BuildResult:
    """Compile ``folder`` against the texts of ``corpus_dir`` and write ``output`` if it changed.

    With ``check`` nothing is written: the result says whether ``output`` is out of date.
    Raises `policy_graph.authoring.BuildError` with every problem found.
    """
    previous = output.read_text(encoding="utf-8") if output.is_file() else None
    known = set(re.findall(r"^:([\w.-]+) ", previous, flags=re.MULTILINE)) if previous is not None else None
    compiled = compile_folder(folder, corpus_dir, known=known)
    text = canonical_turtle(compiled.graph)
    changed = text != previous
    if changed and not check:
        atomic_write(output, text)
    return BuildResult(output, changed, len(compiled.graph), compiled.warnings)
