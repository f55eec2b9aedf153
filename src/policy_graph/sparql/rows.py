"""`Rows`: the result of a SELECT, with pyoxigraph's terms kept until rdflib terms are asked for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..namespaces import PREFIXES
from ..terms import from_oxigraph

if TYPE_CHECKING:
    import pandas

__all__ = ["Rows"]

_NAMESPACES = tuple((p, str(ns)) for p, ns in PREFIXES.items())


class Rows:
    """The result of a SELECT: variable names and rows of rdflib terms (None when unbound).

    Rows from the embedded engine keep pyoxigraph's terms and make rdflib terms only when
    ``rows`` is first read (or the rows are iterated), once per distinct term: at 1M triples
    that conversion took two thirds of a named query's time. ``len``, `to_strings` and
    `to_python` read the native terms directly.

    >>> rows = Rows(("s", "n"), [(ox.NamedNode("urn:a"), ox.Literal("7", datatype=_INTEGER))])
    >>> len(rows), rows.to_strings(), rows.to_python()
    (1, [('urn:a', '7')], [{'s': 'urn:a', 'n': 7}])
    >>> rows.rows
    [(rdflib.term.URIRef('urn:a'), rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))]
    """

    __slots__ = ("_converted", "_terms", "variables")

    def __init__(self, variables: tuple[str, ...], rows: list[tuple[Any, ...]] | None = None) -> None:
        self.variables = tuple(variables)
        self._terms = rows if rows is not None else []
        self._converted: list[tuple[Node | None, ...]] | None = None

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """Every row as a tuple of rdflib terms, in variable order."""
        if self._converted is None:
            memo: dict[Any, Node] = {}

            def rdflib_term(term: Any) -> Node | None:
                if term is None or isinstance(term, Node):
                    return term
                converted = memo.get(term)
                if converted is None:
                    converted = memo[term] = from_oxigraph(term)
                return converted

            self._converted = [tuple(map(rdflib_term, row)) for row in self._terms]
        return self._converted

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        for row in self.rows:
            yield dict(zip(self.variables, row))

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return f"<Rows {', '.join(self.variables)}: {len(self)} rows>"

    def head(self, n: int) -> Rows:
        """The first ``n`` rows (nothing is converted)."""
        return Rows(self.variables, self._terms[:n])

    def column(self, name: str) -> list[Node | None]:
        """All values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def to_strings(self, *, curies: bool = False) -> list[tuple[str | None, ...]]:
        """Rows as text: an IRI (as a CURIE with ``curies=True``), a literal's lexical form, a
        blank node's id; None when unbound."""
        if curies:
            return [tuple(_text(term, True) for term in row) for row in self._terms]
        native = _NATIVE_TERMS
        return [tuple(None if t is None else t.value if type(t) in native else str(t) for t in row) for row in self._terms]

    def to_python(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values: str for IRIs and text, int, float or bool for
        numbers and booleans (rdflib's ``toPython()``), the lexical form for other literals."""
        return [dict(zip(self.variables, map(_plain, row))) for row in self._terms]

    def to_dataframe(self) -> pandas.DataFrame:
        """Rows as a pandas DataFrame of plain values (pandas is imported here, not at start-up)."""
        import pandas

        return pandas.DataFrame(self.to_python(), columns=list(self.variables))


_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_NATIVE_TERMS = frozenset({ox.NamedNode, ox.BlankNode, ox.Literal})


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.language or term.datatype == _STRING:
            return term.value
        term = from_oxigraph(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool)) else str(term)
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


def _text(term: Any, curies: bool) -> str | None:
    if term is None:
        return None
    text = term.value if type(term) in _NATIVE_TERMS else str(term)
    if curies and isinstance(term, (ox.NamedNode, URIRef)):
        for prefix, namespace in _NAMESPACES:
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
    return text
