"""The engines a query runs on: the embedded pyoxigraph store and an rdflib `Graph`, each under a
time limit (a worker thread that stops between rows), with the result as `Rows`, a bool or a graph."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.term import Identifier, Node

from ..errors import QueryError, QueryTimeoutError
from ..namespaces import PREFIXES, bind_prefixes
from ..store import Store
from ..terms import from_oxigraph
from .binding import bind_values
from .check import blanked
from .named import NamedQuery, QueryForm
from .rows import _INTEGER, _STRING, Rows

__all__ = ["PROLOGUE", "run_oxigraph", "run_rdflib", "with_timeout"]

#: The project's prefixes, declared before every query run on the embedded store.
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _syntax_error(query: NamedQuery, err: Exception) -> QueryError:
    message = str(err)
    match = re.search(r"at (\d+):(\d+)", message) or re.search(r"line:?\s*(\d+),?\s*col:?\s*(\d+)", message)
    where = f"{query.path or query.name}"
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        where += f":{line}:{column}"
    return QueryError(f"{where}: SPARQL syntax error: {message}")


def with_timeout(work: Any, timeout: float | None, name: str, stop: threading.Event | None = None) -> Any:
    """Run ``work()`` in a worker thread and give up after ``timeout`` seconds, setting ``stop``.

    The engines cannot be interrupted, but they produce rows lazily: ``work`` checks ``stop``
    between rows and ends there, so a timed-out query that streams rows stops using the CPU.
    One that computes everything before its first row (a sort, a grouping, an rdflib CONSTRUCT)
    runs on until that row.
    """
    if timeout is None:
        return work()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except _Stopped:
            pass  # the caller has gone; the query's result is dropped here, on the thread that made it
        except BaseException as err:
            outcome["error"] = err

    worker = threading.Thread(target=target, daemon=True, name=f"query {name}")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        if stop is not None:
            stop.set()
        raise QueryTimeoutError(f"{name}: stopped after {timeout:g} s (raise the limit with --timeout, or simplify the query)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class _Stopped(Exception):
    """The caller gave up on this query (timeout); the worker ends quietly."""


def _rows_until(result: Any, stop: threading.Event | None) -> Iterator[Any]:
    """The items of ``result`` until ``stop`` is set."""
    try:
        for item in result:
            if stop is not None and stop.is_set():
                raise _Stopped
            yield item
    finally:
        del result  # a traceback keeps this frame: pyoxigraph results must die on their own thread


def run_oxigraph(store: Store, query: NamedQuery, form: QueryForm, bindings: dict[str, Node], *, stop: threading.Event | None = None) -> Any:
    """Run ``query`` once on the embedded store: rows, a bool or a graph."""
    text, order = _split_final_order(query.text) if form == "select" else (query.text, None)
    result: Any = None
    try:
        result = store.ox.query(PROLOGUE + bind_values(text, bindings, form))
        if form == "ask":
            return bool(result)
        if form == "construct":
            graph = bind_prefixes(Graph())
            for triple in _rows_until(result, stop):
                graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
            return graph
        variables = tuple(v.value for v in result.variables)
        rows = []
        for solution in _rows_until(result, stop):  # a loop, not a comprehension: its frame would keep the result alive in a traceback
            rows.append(tuple(solution))
        if order is not None and not _sort_rows(rows, variables, order):
            rows = _engine_sorted(rows, variables, order)
    except SyntaxError as err:
        raise _syntax_error(query, _shift_lines(_unbound_syntax_error(text) or err, PROLOGUE)) from err
    except (RuntimeError, ValueError, OSError) as err:
        raise QueryError(f"{query.path or query.name}: the query failed: {err}") from err
    finally:
        result = None  # pyoxigraph results may not be dropped on another thread (the error travels to the caller's)
    return Rows(variables, rows)


_ORDER_WORDS = re.compile(r"(?<=\s)ORDER\s+BY\b", re.IGNORECASE)
_FINAL_ORDER = re.compile(r"ORDER\s+BY((?:\s+(?:\?\w+|STR\(\s*\?\w+\s*\)))+)\s*$", re.IGNORECASE)


@lru_cache(maxsize=512)
def _split_final_order(text: str) -> tuple[str, tuple[tuple[str, bool], ...] | None]:
    """Split off a last ``ORDER BY`` made only of ``?var`` and ``STR(?var)`` keys.

    pyoxigraph sorts by decoding every key term from its dictionary, which took most of a
    query's time at 1M triples (twice as long again on the on-disk store); `_sort_rows` sorts
    the same rows in Python. Returns the text without the clause and ``(variable, is_str)`` keys.

    >>> _split_final_order("SELECT * { ?s ?p ?o }\\nORDER BY STR(?o) ?s")
    ('SELECT * { ?s ?p ?o }', (('o', True), ('s', False)))
    >>> _split_final_order("SELECT * { ?s ?p ?o } ORDER BY DESC(?o)")[1] is None
    True
    """
    blank = blanked(text)  # not an ORDER BY in a trailing comment
    starts = [found.start() for found in _ORDER_WORDS.finditer(blank)]  # a search from every space was quadratic in runs of spaces
    match = _FINAL_ORDER.match(blank, starts[-1]) if starts else None
    if not match:
        return text, None
    keys = tuple((re.sub(r"[^\w]", "", key[4:] if key.upper().startswith("STR(") else key), key.upper().startswith("STR("))
                 for key in re.findall(r"STR\(\s*\?\w+\s*\)|\?\w+", match.group(1), re.IGNORECASE))
    projected = _projected(blank)
    if projected is not None and any(name not in projected for name, _ in keys):
        return text, None  # ordered by a variable it does not select: only the engine can sort
    return text[: match.start()].rstrip(), keys


def _projected(blank: str) -> set[str] | None:
    """The variables the outer SELECT clause of a blanked query selects; None for ``SELECT *``.

    >>> sorted(_projected("SELECT ?a (COUNT(?x) AS ?n) WHERE { ?a ?p ?x }"))
    ['a', 'n']
    >>> _projected("SELECT DISTINCT * { ?s ?p ?o }") is None
    True
    """
    start = re.search(r"\bSELECT\b", blank, re.IGNORECASE)
    clause = blank[start.end():] if start else ""
    top, depth = [], 0
    for char in clause:
        if char == "{" and depth == 0:
            break
        depth += char == "("
        top.append(char if depth == 0 else " ")
        depth -= char == ")" and depth > 0
    outside = "".join(top)
    if "*" in outside:
        return None
    named = re.findall(r"[?$](\w+)", outside)
    return set(named) | set(re.findall(r"\bAS\s+[?$](\w+)", clause[: len(top)], re.IGNORECASE))


def _sort_rows(rows: list[tuple[Any, ...]], variables: tuple[str, ...], keys: tuple[tuple[str, bool], ...]) -> bool:
    """Sort native rows in place as SPARQL orders them (unbound < blank node < IRI < literal;
    IRIs and simple literals by code point, integers by value). False, rows untouched, if a key
    holds any other literal (decimals, dates, tagged text: `_engine_sorted` orders those) or
    mixes numbers and text.

    >>> rows = [(ox.Literal("b"),), (None,), (ox.NamedNode("urn:z"),), (ox.Literal("a"),)]
    >>> _sort_rows(rows, ("x",), (("x", False),)), [None if t is None else t.value for (t,) in rows]
    (True, [None, 'urn:z', 'a', 'b'])
    >>> _sort_rows([(ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),)], ("x",), (("x", False),))
    False
    """
    columns = []
    for name, as_str in keys:  # one key list per column: a column of IRIs only sorts by its strings
        values = [row[variables.index(name)] for row in rows]
        try:
            if not as_str and all(type(term) is ox.NamedNode for term in values):
                columns.append([term.value for term in values])
            else:
                columns.append([_order_key(term, as_str) for term in values])
        except _Unsortable:
            return False
    keyed = list(zip(*columns))
    try:
        order = sorted(range(len(rows)), key=keyed.__getitem__)
    except TypeError:  # numbers and text in one column: SPARQL leaves that order to the engine
        return False
    rows[:] = [rows[i] for i in order]
    return True


def _engine_sorted(rows: list[tuple[Any, ...]], variables: tuple[str, ...], keys: tuple[tuple[str, bool], ...]) -> list[tuple[Any, ...]]:
    """``rows`` in the order pyoxigraph's own ORDER BY gives their key terms, without running the
    query again: the key terms go into a VALUES block on an empty store, each after a rank
    (unbound 0, blank node 1, any other term 2: VALUES cannot hold a blank node), rows with equal
    keys keeping their order.

    >>> date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    >>> rows = [(ox.Literal("2022-03-01", datatype=date),), (ox.BlankNode("b"),), (None,), (ox.Literal("2021-12-31", datatype=date),)]
    >>> [None if t is None else t.value for (t,) in _engine_sorted(rows, ("d",), (("d", False),))]
    [None, 'b', '2021-12-31', '2022-03-01']
    """
    columns = [variables.index(name) for name, _ in keys]
    names = " ".join(f"?r{n} ?k{n}" for n in range(len(keys)))
    order = " ".join(f"?r{n} STR(?k{n})" if as_str else f"?r{n} ?k{n}" for n, (_, as_str) in enumerate(keys))
    lines = []
    for index, row in enumerate(rows):
        cells = []
        for column, (_, as_str) in zip(columns, keys):
            cells.append(_ranked(row[column], as_str))
        lines.append(f"({index} {' '.join(cells)})")
    text = f"SELECT ?i WHERE {{ VALUES (?i {names}) {{ {' '.join(lines)} }} }} ORDER BY {order} ?i"
    solutions = ox.Store().query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    return [rows[int(solution[0].value)] for solution in solutions]


def _ranked(term: Any, as_str: bool) -> str:
    """A key term as ``rank term`` for `_engine_sorted` (STR() of a blank node is an error: first)."""
    if term is None or (as_str and isinstance(term, ox.BlankNode)):
        return "0 UNDEF"
    if isinstance(term, ox.BlankNode):
        return f"1 {ox.Literal(term.value)}"
    return f"2 {term}"


class _Unsortable(Exception):
    """A key term that only the engine can order."""


def _order_key(term: Any, as_str: bool) -> tuple[int, str | int]:
    if term is None:
        return (0, "")
    if isinstance(term, ox.Literal):
        if term.datatype == _STRING or as_str:
            return (3, term.value)
        if term.datatype == _INTEGER and re.fullmatch(r"[+-]?\d+", term.value):
            return (3, int(term.value))  # a column mixing numbers and text cannot be sorted: TypeError
        raise _Unsortable
    if as_str:  # STR() of an IRI is a simple literal; of a blank node an error, which sorts first
        return (3, term.value) if isinstance(term, ox.NamedNode) else (0, "")
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return (2 if isinstance(term, ox.NamedNode) else 1, term.value)
    raise _Unsortable  # an RDF-star triple term


def _unbound_syntax_error(text: str) -> SyntaxError | None:
    """The syntax error of ``text`` as written (no VALUES block shifting its columns), if any."""
    try:
        ox.Store().query(PROLOGUE + text)
    except SyntaxError as err:
        return err
    return None


def _shift_lines(err: Exception, prologue: str) -> Exception:
    offset = prologue.count("\n")
    message = re.sub(r"at (\d+):(\d+)", lambda m: f"at {int(m.group(1)) - offset}:{m.group(2)}", str(err))
    return SyntaxError(message)


def run_rdflib(graph: Graph, query: NamedQuery, form: QueryForm, bindings: dict[str, Node], stop: threading.Event | None = None) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query.text, initNs=dict(PREFIXES))
    except Exception as err:  # pyparsing's ParseException, rdflib's own errors
        raise _syntax_error(query, err) from err
    result = graph.query(prepared, initBindings={Variable(k): cast(Identifier, v) for k, v in bindings.items()})
    if form == "ask":
        return bool(result.askAnswer)
    if form == "construct":
        out = bind_prefixes(Graph())
        for triple in _rows_until(result, stop):
            out.add(triple)
        return out
    variables = tuple(str(v) for v in result.vars or ())
    return Rows(variables, [tuple(row) for row in _rows_until(result, stop)])
