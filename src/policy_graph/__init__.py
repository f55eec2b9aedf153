"""policy-graph: an argument-mapping knowledge graph for policy analysis.

The public API is re-exported here and imported on first use, so that the command line starts
fast (``policy-graph --help`` does not import rdflib).

>>> from policy_graph import Store, select
>>> select("SELECT ?s WHERE { ?s ?p ?o }", Store()).rows
[]
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "EndpointError",
    "InputError",
    "NetworkRefusedError",
    "PolicyGraphError",
    "QueryError",
    "QueryTimeoutError",
    "Rows",
    "Store",
    "ask",
    "construct",
    "load",
    "named_queries",
    "save",
    "select",
]

__version__ = "0.1.0"

_HOMES = {
    **dict.fromkeys(["EndpointError", "InputError", "NetworkRefusedError", "PolicyGraphError", "QueryError", "QueryTimeoutError"], "errors"),
    **dict.fromkeys(["Rows", "ask", "construct", "named_queries", "select"], "query"),
    **dict.fromkeys(["Store", "load", "save"], "store"),
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'policy_graph' has no attribute {name!r}")
