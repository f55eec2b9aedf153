"""A native SHACL Core validator for the features ``ontology/shapes.ttl`` uses, over pyoxigraph.

pySHACL (``validate(..., shacl_engine="pyshacl")``) is the reference: for these features this
engine gives the same results as ``pyshacl.validate(data, shacl_graph=shapes, inference="none",
advanced=True, allow_warnings=True)``, and the tests compare the two on every example file, the
curated graph and mutated copies of it. It reads the data with one pyoxigraph scan per
predicate it needs (no rdflib copy of the graph) and checks a nested shape once per node.

Supported:

* targets: ``sh:targetClass`` (instances of the class and, through ``rdfs:subClassOf`` triples
  in the data, of its subclasses) and ``sh:targetObjectsOf``;
* paths: an IRI, a sequence ``( ... )``, ``sh:alternativePath`` and ``sh:zeroOrMorePath``;
* constraints: ``sh:class``, ``sh:datatype`` (ill-typed literals fail), ``sh:nodeKind``,
  ``sh:in``, ``sh:minCount``, ``sh:maxCount``, ``sh:minLength``, ``sh:maxLength``,
  ``sh:pattern`` (no ``sh:flags``), ``sh:node``, ``sh:property``, ``sh:or``, ``sh:not``,
  ``sh:disjoint``;
* ``sh:severity`` and ``sh:message``; ``sh:declare`` with ``sh:prefix`` / ``sh:namespace`` is
  accepted and unused (it only serves SPARQL constraints).

Like pySHACL, a shape whose severity is ``sh:Warning`` or ``sh:Info`` still conforms inside
``sh:or``, ``sh:not`` and ``sh:node``; a failing ``sh:node`` reports itself and, as details, the
results of the shape it points at; ``sh:or`` and ``sh:not`` report only themselves. Typed
literals are taken in rdflib's canonical form (``"2020-01-05T00:00:00"^^xsd:date`` is
``"2020-01-05"``), as pySHACL sees them. Any other ``sh:`` term, implicit class targets and
recursive shapes raise `InputError` naming the shape and the term.

>>> shapes = Shapes(Store.from_text('''
... @prefix sh: <http://www.w3.org/ns/shacl#> .
... @prefix ex: <http://example.org/> .
... ex:PersonShape sh:targetClass ex:Person ;
...     sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "Give a name." ] .
... '''))
>>> data = Store.from_text('<http://example.org/ann> a <http://example.org/Person> .')
>>> [(r.focus, r.path, r.message, r.component) for r in shapes.validate(data)]
[('http://example.org/ann', 'http://example.org/name', 'Give a name.', 'MinCountConstraintComponent')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import pyoxigraph as ox
from rdflib import Literal as RdflibLiteral
from rdflib import URIRef

from .errors import InputError
from .store import Store

__all__ = ["Result", "Shapes", "path_text"]

_SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = ox.NamedNode(_RDF + "type")
_FIRST, _REST, _NIL = ox.NamedNode(_RDF + "first"), ox.NamedNode(_RDF + "rest"), ox.NamedNode(_RDF + "nil")
_SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
_VIOLATION = _SH + "Violation"
#: Severities that let a shape conform although it has results (pySHACL's allow_warnings=True).
_ALLOWED = {_SH + "Warning", _SH + "Info"}
#: Literals rdflib keeps as written; other typed literals are put in its canonical form.
_PLAIN = {ox.NamedNode(_XSD + "string"), ox.NamedNode(_RDF + "langString")}
#: The Python type rdflib must produce for a literal of these datatypes to match (as in pySHACL).
_PYTHON_TYPES: dict[str, type] = {
    _XSD + "integer": int,
    _XSD + "float": float,
    _XSD + "decimal": Decimal,
    _XSD + "boolean": bool,
    _XSD + "date": date,
    _XSD + "time": time,
    _XSD + "dateTime": datetime,
}
_NODE_KINDS: dict[str, tuple[type, ...]] = {
    _SH + "IRI": (ox.NamedNode,),
    _SH + "BlankNode": (ox.BlankNode,),
    _SH + "Literal": (ox.Literal,),
    _SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
    _SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    _SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}
#: Path operators: the SHACL predicate and its SPARQL property path symbol.
_PATH_OPERATORS = {"alternativePath": "|", "zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?", "inversePath": "^"}
_CONSTRAINTS = ("class", "datatype", "nodeKind", "in", "minCount", "maxCount", "minLength", "maxLength", "pattern", "node", "property", "or", "not", "disjoint")
_SUPPORTED = {*_CONSTRAINTS, "targetClass", "targetObjectsOf", "path", "severity", "message", "alternativePath", "zeroOrMorePath", "declare", "prefix", "namespace"}
_SINGLE = {"datatype", "nodeKind", "in", "minCount", "maxCount", "minLength", "maxLength", "path", "severity"}

#: Any term pyoxigraph may give: RDF-star quoted triples too (they match no shape's path).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_NONE: frozenset[Term] = frozenset()
#: A compiled path: an IRI, or (operator, parts) with operator "/" (sequence) or one of `_PATH_OPERATORS`.
PathExpr = Union[ox.NamedNode, tuple[str, tuple["PathExpr", ...]]]  # noqa: UP007 - a recursive alias needs the string form


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL would report it (``details``: results nested by sh:node)."""

    severity: str
    focus: str
    path: str | None
    message: str | None
    shape: str | None
    component: str
    details: tuple[Result, ...] = ()


@dataclass(eq=False)
class _Shape:
    node: Term
    path: PathExpr | None
    path_text: str | None
    severity: str
    message: str | None
    constraints: list[tuple[str, Any]] = field(default_factory=list)


class Shapes:
    """A shapes graph compiled for validation; refuses what it does not support.

    >>> Shapes(Store.from_text('<urn:s> <http://www.w3.org/ns/shacl#closed> true .'))
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: <text>: sh:closed is not supported by the native SHACL engine (in shape <urn:s>) (use shacl_engine="pyshacl", or remove it)
    """

    def __init__(self, graph: Store) -> None:
        self.graph = graph.ox
        self.origin = str(graph.files[0]) if graph.files else "<text>"
        self._compiled: dict[Term, _Shape | None] = {}
        self._check_vocabulary()
        targeted = {q.subject for name in ("targetClass", "targetObjectsOf") for q in _quads(self.graph, None, _sh(name), None)}
        self.targeted = [self._shape(node) for node in sorted(targeted, key=str)]

    @classmethod
    def load(cls, path: Path) -> Shapes:
        """Compile the shapes file at ``path``."""
        return cls(Store.from_files([path]))

    def validate(self, data: Store) -> list[Result]:
        """Every result of the targeted shapes on ``data``, nested results included."""
        run = _Run(data.ox)
        found: list[Result] = []
        for shape in self.targeted:
            found += run.check(shape, run.targets(self.graph, shape.node))[1]
        return _flatten(found)

    def _error(self, node: Term, problem: str) -> InputError:
        return InputError(f"{problem} (in {self._name(node)})", path=self.origin, hint='use shacl_engine="pyshacl", or remove it')

    def _name(self, node: Term) -> str:
        """The shape's IRI, or the named shape a blank node is part of."""
        seen = {node}
        while not isinstance(node, ox.NamedNode):
            owners = [q.subject for q in _quads(self.graph, None, None, node) if q.subject not in seen]
            if not owners:
                return "a blank node shape"
            node = owners[0]
            seen.add(node)
        return f"shape <{node.value}>" if len(seen) == 1 else f"a blank node of shape <{node.value}>"

    def _check_vocabulary(self) -> None:
        for quad in self.graph:
            name = quad.predicate.value.removeprefix(_SH)
            if quad.predicate.value.startswith(_SH) and name not in _SUPPORTED:
                raise self._error(quad.subject, f"sh:{name} is not supported by the native SHACL engine")
        classes = {_RDFS + "Class"} | {_text(q.subject) for q in _quads(self.graph, None, _SUBCLASS, ox.NamedNode(_RDFS + "Class"))}
        for quad in _quads(self.graph, None, _TYPE, None):
            if _text(quad.object) in classes and any(p.predicate.value.startswith(_SH) for p in _quads(self.graph, quad.subject, None, None)):
                raise self._error(quad.subject, "implicit class targets (a shape that is also a class) are not supported by the native SHACL engine")

    def _values(self, node: Term, name: str) -> list[Term]:
        values = [q.object for q in _quads(self.graph, node, _sh(name), None)]
        if name in _SINGLE and len(values) > 1:
            raise self._error(node, f"sh:{name} has more than one value")
        return values

    def _shape(self, node: Term) -> _Shape:
        if node in self._compiled:
            compiled = self._compiled[node]
            if compiled is None:
                raise self._error(node, "recursive shapes are not supported by the native SHACL engine")
            return compiled
        self._compiled[node] = None
        paths = self._values(node, "path")
        declared = {q.object for q in _quads(self.graph, node, _TYPE, None)}
        if (paths and _sh("NodeShape") in declared) or (not paths and _sh("PropertyShape") in declared):
            raise self._error(node, "a sh:NodeShape has no sh:path, a sh:PropertyShape has one")
        severity = self._values(node, "severity")
        try:
            path = _compile_path(self.graph, paths[0]) if paths else None
        except InputError as err:
            raise self._error(node, err.problem) from err
        shape = _Shape(
            node=node,
            path=path,
            path_text=None if path is None else _path_name(path),
            severity=_text(severity[0]) if severity else _VIOLATION,
            message=min((_text(m) for m in self._values(node, "message")), default=None),
        )
        for name in _CONSTRAINTS:
            for value in self._values(node, name):
                shape.constraints.append((name, self._parameter(shape, name, value)))
        self._compiled[node] = shape
        return shape

    def _parameter(self, shape: _Shape, name: str, value: Term) -> Any:
        """The constraint parameter ``value`` of ``shape`` in the form `_Run` evaluates."""
        if name in ("minCount", "maxCount", "minLength", "maxLength"):
            if not (isinstance(value, ox.Literal) and re.fullmatch(r"\+?\d+", value.value)):
                raise self._error(shape.node, f"sh:{name} must be a non-negative integer")
            if name in ("minCount", "maxCount") and shape.path is None:
                raise self._error(shape.node, f"sh:{name} needs a property shape (with sh:path)")
            return int(value.value)
        if name == "nodeKind":
            if not (isinstance(value, ox.NamedNode) and value.value in _NODE_KINDS):
                raise self._error(shape.node, f"sh:nodeKind {value} is not a SHACL node kind")
            return _NODE_KINDS[value.value]
        if name == "datatype" and _text(value) in (_RDFS + "Literal", _RDFS + "Datatype"):
            raise self._error(shape.node, f"sh:datatype {value} is not supported by the native SHACL engine")
        if name == "in":
            return frozenset(_items(self.graph, value))
        if name == "pattern":
            try:
                return re.compile(_text(value))
            except re.error as err:
                raise self._error(shape.node, f"sh:pattern {_text(value)!r} is not a regular expression ({err})") from err
        if name in ("node", "property", "not"):
            target = self._shape(value)
            if name != "not" and (target.path is None) == (name == "property"):
                raise self._error(shape.node, f"sh:{name} must point at a {'property' if name == 'property' else 'node'} shape")
            return target
        if name == "or":
            return [self._shape(member) for member in _items(self.graph, value)]
        return value  # class, datatype, disjoint: the IRI itself


class _Run:
    """One validation of a data store: cached lookups and per-node shape conformance."""

    def __init__(self, data: ox.Store) -> None:
        self.data = data
        self._objects: dict[ox.NamedNode, dict[Term, set[Term]]] = {}
        self._superclasses: dict[Term, set[Term]] = {}
        self._checked: dict[tuple[_Shape, Term], tuple[bool, list[Result]]] = {}

    def objects(self, subject: Term, predicate: ox.NamedNode) -> AbstractSet[Term]:
        """The values of ``predicate`` on ``subject`` (one scan per predicate: faster than a lookup per node)."""
        if predicate not in self._objects:
            index: dict[Term, set[Term]] = {}
            for quad in _quads(self.data, None, predicate, None):
                index.setdefault(quad.subject, set()).add(quad.object)
            self._objects[predicate] = index
        return self._objects[predicate].get(subject, _NONE)

    def _closure(self, start: Term, step: Callable[[Term], AbstractSet[Term]]) -> set[Term]:
        """``start`` and every node reached from it by repeating ``step``."""
        seen, todo = {start}, [start]
        while todo:
            for node in step(todo.pop()):
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
        return seen

    def targets(self, shapes: ox.Store, node: Term) -> list[Term]:
        """The focus nodes of the shape ``node``: instances of its target classes, objects of its properties."""
        focus: set[Term] = set()
        for quad in _quads(shapes, node, _sh("targetClass"), None):
            subclasses = self._closure(quad.object, lambda c: {q.subject for q in _quads(self.data, None, _SUBCLASS, c)})
            focus.update(q.subject for c in subclasses for q in _quads(self.data, None, _TYPE, c))
        for quad in _quads(shapes, node, _sh("targetObjectsOf"), None):
            focus.update(q.object for q in _quads(self.data, None, quad.object, None))
        return sorted(focus, key=str)

    def follow(self, path: PathExpr, node: Term) -> AbstractSet[Term]:
        if isinstance(path, ox.NamedNode):
            return self.objects(node, path)
        operator, parts = path
        if operator == "|":
            return {value for part in parts for value in self.follow(part, node)}
        if operator == "*":
            return self._closure(node, lambda n: self.follow(parts[0], n))
        nodes = {node}
        for part in parts:  # "/"
            nodes = {value for n in nodes for value in self.follow(part, n)}
        return nodes

    def is_instance(self, node: Term, rdf_class: Term) -> bool:
        if isinstance(node, ox.Literal):
            return False
        for node_type in self.objects(node, _TYPE):
            if node_type not in self._superclasses:
                self._superclasses[node_type] = self._closure(node_type, lambda c: self.objects(c, _SUBCLASS))
            if rdf_class in self._superclasses[node_type]:
                return True
        return False

    def conforms(self, shape: _Shape, node: Term) -> tuple[bool, list[Result]]:
        """Whether ``node`` conforms to ``shape``, and the results (memoised: shapes are checked once per node)."""
        key = (shape, node)
        if key not in self._checked:
            self._checked[key] = self.check(shape, [node])
        return self._checked[key]

    def check(self, shape: _Shape, focus: list[Term]) -> tuple[bool, list[Result]]:
        """Validate ``focus`` against ``shape``: (conforms, results), conformance as pySHACL decides it."""
        values = [(f, {f} if shape.path is None else self.follow(shape.path, f)) for f in focus]
        conforms, results = True, []
        for name, parameter in shape.constraints:
            ok, found = self._constraint(shape, name, parameter, values)
            results += found
            if not ok and shape.severity not in _ALLOWED and any(r.severity not in _ALLOWED for r in found):
                conforms = False
        return conforms, results

    def _constraint(self, shape: _Shape, name: str, parameter: Any, values: list[tuple[Term, AbstractSet[Term]]]) -> tuple[bool, list[Result]]:
        """(conforms, results) of one constraint of ``shape`` on the (focus node, value nodes) pairs ``values``."""
        if name == "property":  # pySHACL checks each value node on its own: same results and conformance
            return self.check(parameter, [v for _, nodes in values for v in nodes])
        bad: Iterable[tuple[Term, tuple[Result, ...]]]
        if name in ("minCount", "maxCount"):
            bad = ((f, ()) for f, nodes in values if (len(nodes) < parameter if name == "minCount" else len(nodes) > parameter))
        elif name == "disjoint":
            bad = ((f, ()) for f, nodes in values for _ in nodes & self.objects(f, parameter))
        elif name == "node":  # a conforming node with results (warnings) fails sh:node too, as in pySHACL
            bad = ((f, tuple(r)) for f, nodes in values for ok, r in (self.conforms(parameter, v) for v in nodes) if not ok or r)
        else:
            accepts = self._test(name, parameter)
            bad = ((f, ()) for f, nodes in values for v in nodes if not accepts(v))
        found = [_result(shape, name, focus, details) for focus, details in bad]
        return not found, found

    def _test(self, name: str, parameter: Any) -> Callable[[Term], bool]:
        """Whether a value node meets the value constraint ``name``."""
        if name == "class":
            return lambda v: self.is_instance(v, parameter)
        if name == "datatype":
            return lambda v: isinstance(v, ox.Literal) and v.datatype == parameter and (parameter in _PLAIN or _well_typed(v.value, parameter.value))
        if name == "nodeKind":
            return lambda v: isinstance(v, parameter)
        if name == "in":
            return lambda v: v in parameter
        if name == "or":
            return lambda v: any(self.conforms(member, v)[0] for member in parameter)
        if name == "not":
            return lambda v: not self.conforms(parameter, v)[0]
        if name == "minLength":  # blank nodes have no string form: they fail (unless the minimum is 0)
            return lambda v: parameter == 0 or (isinstance(v, ox.NamedNode | ox.Literal) and len(v.value) >= parameter)
        if name == "maxLength":
            return lambda v: isinstance(v, ox.NamedNode | ox.Literal) and len(v.value) <= parameter
        return lambda v: isinstance(v, ox.NamedNode | ox.Literal) and parameter.search(v.value) is not None  # pattern


def path_text(graph: Store, node: Term) -> str:
    """The SHACL path at ``node`` of ``graph`` in SPARQL property path syntax (a bare IRI stays bare).

    >>> shapes = Store.from_text('''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:s> sh:path ( <urn:parts> [ sh:zeroOrMorePath <urn:rest> ] [ sh:alternativePath ( <urn:a> <urn:b> ) ] ) .''')
    >>> path_text(shapes, next(_quads(shapes.ox, None, _sh("path"), None)).object)
    '<urn:parts>/<urn:rest>*/(<urn:a>|<urn:b>)'
    """
    return _path_name(_compile_path(graph.ox, node))


def _path_name(path: PathExpr) -> str:
    return path.value if isinstance(path, ox.NamedNode) else _path_text(path)


def _path_text(path: PathExpr) -> str:
    if isinstance(path, ox.NamedNode):
        return f"<{path.value}>"
    operator, parts = path
    if operator in ("/", "|"):  # "|" binds loosest: group it inside a sequence
        return operator.join(f"({_path_text(p)})" if operator == "/" and isinstance(p, tuple) and p[0] == "|" else _path_text(p) for p in parts)
    inner = _path_text(parts[0]) if isinstance(parts[0], ox.NamedNode) else f"({_path_text(parts[0])})"
    return "^" + inner if operator == "^" else inner + operator


def _compile_path(graph: ox.Store, node: Term) -> PathExpr:
    if isinstance(node, ox.NamedNode):
        return node
    if isinstance(node, ox.BlankNode):
        if next(_quads(graph, node, _FIRST, None), None) is not None:
            return ("/", tuple(_compile_path(graph, item) for item in _items(graph, node)))
        for name, operator in _PATH_OPERATORS.items():
            for quad in _quads(graph, node, _sh(name), None):
                parts = _items(graph, quad.object) if operator == "|" else [quad.object]
                return (operator, tuple(_compile_path(graph, part) for part in parts))
    raise InputError(f"{node} is not a SHACL property path", hint="use an IRI, a list, or a sh:...Path node")


def _text(term: Term) -> str:
    """The IRI, blank node id or lexical form of ``term``; a quoted triple's N-Triples text."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _quads(store: ox.Store, subject: Term | None, predicate: Term | None, obj: Term | None) -> Iterator[ox.Quad]:
    """``store.quads_for_pattern`` for any terms (``None`` matches all): a literal subject, or a
    predicate that is not an IRI, matches nothing."""
    if isinstance(subject, ox.Literal) or (predicate is not None and not isinstance(predicate, ox.NamedNode)):
        return iter(())
    return store.quads_for_pattern(subject, predicate, obj)


def _items(graph: ox.Store, node: Term) -> list[Term]:
    """The members of the RDF list at ``node``."""
    items, seen = [], set()
    while node != _NIL and node not in seen:
        seen.add(node)
        items += [q.object for q in _quads(graph, node, _FIRST, None)]
        node = next((q.object for q in _quads(graph, node, _REST, None)), _NIL)
    return items


def _result(shape: _Shape, name: str, focus: Term, details: tuple[Result, ...]) -> Result:
    return Result(
        severity=shape.severity,
        focus=_text(focus),
        path=shape.path_text,
        message=shape.message,
        shape=shape.node.value if isinstance(shape.node, ox.NamedNode) else None,
        component=name[0].upper() + name[1:] + "ConstraintComponent",
        details=details,
    )


def _flatten(results: Iterable[Result]) -> list[Result]:
    return [r for result in results for r in (result, *_flatten(result.details))]


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(_SH + name)


@lru_cache(maxsize=65536)
def _well_typed(lexical: str, datatype: str) -> bool:
    """Whether rdflib reads ``lexical`` as a valid value of ``datatype`` (pySHACL's sh:datatype test).

    >>> _well_typed("2022-02-30", _XSD + "date"), _well_typed("2022-02-28", _XSD + "date")
    (False, True)
    """
    literal = RdflibLiteral(lexical, datatype=URIRef(datatype))
    return literal.ill_typed is not True and isinstance(literal.value, _PYTHON_TYPES.get(datatype, object))
