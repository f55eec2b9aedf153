"""The human authoring format: YAML files per source, compiled and checked into the graph.

``sources/registry.yaml`` holds actors and places; ``sources/<slug>.yaml`` one source document
with its events, claims, explanations and relations (see ``docs/adding-a-document.md``). The
names below are imported on first use, so that ``policy-graph search`` does not load the compiler.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["BuildError", "BuildResult", "Compiled", "Problem", "build", "compile_folder"]

_HOMES = {"BuildResult": "graphfile", "build": "graphfile", "BuildError": "compile", "Compiled": "compile", "Problem": "compile", "compile_folder": "compile"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'policy_graph.authoring' has no attribute {name!r}")
