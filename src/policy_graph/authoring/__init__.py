"""The human authoring format: YAML files per source, compiled and checked into the graph.

``sources/registry.yaml`` holds actors and places; ``sources/<slug>.yaml`` one source document
with its events, claims, explanations and relations (see ``docs/adding-a-document.md``).
"""

from __future__ import annotations

from .build import BuildResult, build
from .compile import BuildError, Compiled, Problem, compile_folder

__all__ = ["BuildError", "BuildResult", "Compiled", "Problem", "build", "compile_folder"]
