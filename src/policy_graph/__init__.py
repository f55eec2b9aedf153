"""policy-graph: an argument-mapping knowledge graph for policy analysis."""

from .errors import (
    EndpointError,
    InputError,
    NetworkRefusedError,
    PolicyGraphError,
    QueryError,
    QueryTimeoutError,
)
from .query import Rows, ask, construct, named_queries, select
from .store import Store, load, save

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
