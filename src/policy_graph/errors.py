"""The project's exception types: one base class and a few meaningful subclasses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "EndpointError",
    "InputError",
    "NetworkRefusedError",
    "PolicyGraphError",
    "QueryError",
    "QueryTimeoutError",
    "RenderError",
    "TooLargeError",
    "did_you_mean",
]


class PolicyGraphError(Exception):
    """Base class of every error policy-graph raises on purpose."""


class InputError(PolicyGraphError):
    """A file or value cannot be used; says where, what is wrong and how to fix it.

    >>> str(InputError("unknown prefix foo:", path=Path("a.ttl"), line=3, column=6,
    ...                hint="declare it with @prefix"))
    'a.ttl:3:6: unknown prefix foo: (declare it with @prefix)'
    """

    def __init__(
        self,
        problem: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(self.path)] if self.path is not None else []
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        text = ":".join(where) + ": " + self.problem if where else self.problem
        return f"{text} ({self.hint})" if self.hint else text


class QueryError(PolicyGraphError):
    """A SPARQL query is malformed, unknown, or misses a parameter."""


class NetworkRefusedError(QueryError):
    """A query asked for the network (``SERVICE``) without the user's opt-in."""


class QueryTimeoutError(QueryError):
    """A query ran longer than its time limit and was stopped."""


class EndpointError(PolicyGraphError):
    """A SPARQL endpoint is unreachable or answered with an error or a non-SPARQL body."""


class RenderError(PolicyGraphError):
    """A map could not be written (no browser for a PNG, the browser failed or timed out)."""


class TooLargeError(RenderError):
    """The graph has more nodes than a usable interactive map; render a focus view instead.

    >>> str(TooLargeError(9000, 5000))
    'the graph has 9000 nodes, more than max_nodes=5000 for an interactive map (render a focus view instead: --focus NODE --depth 2, or raise --max-nodes)'
    """

    def __init__(self, nodes: int, max_nodes: int) -> None:
        self.nodes = nodes
        self.max_nodes = max_nodes
        super().__init__(
            f"the graph has {nodes} nodes, more than max_nodes={max_nodes} for an interactive map "
            "(render a focus view instead: --focus NODE --depth 2, or raise --max-nodes)"
        )



def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """``"did you mean X?"`` naming the choices nearest to a misspelt ``value``, or ``""``.

    >>> did_you_mean("argumnt", ["argument", "causal", "actors"])
    'did you mean argument?'
    >>> did_you_mean("xyz", ["argument"])
    ''
    """
    near = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(near)}?" if near else ""
