"""Canonical Turtle: the same graph always gives the same bytes (``policy-graph fmt``, ``save``)."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .namespaces import PREFIXES

__all__ = ["blank_node_depth", "canonical_turtle", "exact_graph", "first_comment", "formatted", "refuse_comments", "same_graph"]

#: Nested ``[ ]`` blocks deeper than this keep the indentation of this depth (a deep chain would
#: otherwise give lines of tens of thousands of spaces).
MAX_INDENT_DEPTH = 8

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
#: A local name written without escapes (Turtle's PN_LOCAL, starting with an ASCII letter or ``_``).
_LOCAL_NAME = re.compile(f"([A-Za-z_]([{_PN_CHARS}.]*[{_PN_CHARS}])?)?")
#: Characters an IRIREF may not hold raw (Turtle grammar): written as ``\\uXXXX``.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: Characters written as escapes inside literals: controls, DEL, C1 controls, line/paragraph
#: separators, lone surrogates (every other character is written as itself).
_LITERAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
#: What can hold a ``#`` that does not start a comment (IRIs, the four kinds of string, an
#: escaped character of a local name), else a comment.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\s]*>|\\.|(#)",
    re.DOTALL,
)
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` as deterministic, diff-friendly Turtle with the project's prefixes.

    Subjects are sorted by IRI, ``a`` and ``rdfs:label`` come first, objects are sorted by their
    text. Blank nodes used once are written inline (``[ ]``, lists as ``( )``), blank nodes
    used by nobody as ``[ ... ] .``; the others are labelled ``_:b0``, ``_:b1``... in an order
    computed from the graph's shape (colour refinement), never from their names in memory, so
    the same graph always gives the same bytes. Deep nesting is walked without recursion.
    Literals keep their exact lexical form, control characters stay escaped, and a name is
    written as ``prefix:local`` only when Turtle's grammar allows it, else as a full ``<IRI>``.

    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/policy-graph/id/b"), RDFS.label, Literal("x\\x00y")))
    >>> print(canonical_turtle(g).strip().splitlines()[-1])
    :b rdfs:label "x\\u0000y" .
    """
    return _TurtleWriter(graph).write()


def formatted(path: Path, *, drop_comments: bool = False) -> str:
    """The canonical text of the Turtle file ``path`` (what ``fmt`` writes), proven to hold the same graph.

    Refused with `InputError`, so that nothing is lost: what `exact_graph` refuses, and any
    output that does not parse back to the same graph. A UTF-8 byte order mark is accepted and
    not written back.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = path.write_text('<urn:b> <urn:p> "1" .  # note', encoding="utf-8")
    >>> formatted(path)
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: ...a.ttl:1:24: a comment, which rewriting the file would drop (remove the comments: policy-graph fmt --drop-comments removes them)
    >>> print(formatted(path, drop_comments=True))
    <BLANKLINE>
    <urn:b> <urn:p> "1" .
    <BLANKLINE>
    """
    graph = exact_graph(path, drop_comments=drop_comments)
    text = canonical_turtle(graph)
    try:
        back = _parsed(text.encode("utf-8", "surrogatepass"))
        problem = None if same_graph(graph, back) and canonical_turtle(back) == text else "it differs"
    except (SyntaxError, ValueError) as err:
        problem = str(err)
    if problem is not None:
        raise InputError(f"fmt's output would not hold the same graph ({problem})", path=path, hint="the file is left as it is; please report it")
    return text


def exact_graph(path: Path, *, drop_comments: bool = False) -> Graph:
    """The triples of the Turtle file ``path`` exactly as written, for a rewrite that loses nothing.

    Literals keep their lexical form (a store keeps ``"01"^^xsd:integer`` as ``"1"``). Refused
    with `InputError`: whatever the loader refuses, a relative IRI (a rewrite has no base to
    write it against and would turn it into a ``file:`` IRI) and a comment (a rewrite cannot
    place it; unless ``drop_comments``). ``fmt`` reads its files with it; ``import --into``
    refuses the same relative IRIs and comments in its target.
    """
    from .store import Store, skip_bom

    Store.from_files([path], relative_iris=False)  # every check of the loader, with its messages
    if not drop_comments:
        refuse_comments(path)
    data = skip_bom(path.read_bytes())
    return _parsed(data)


def refuse_comments(path: Path) -> None:
    """Raise `InputError` at the first comment of the Turtle file ``path``: rewriting the file would drop it."""
    found = first_comment(path.read_text(encoding="utf-8-sig", errors="replace"))
    if found is not None:
        raise InputError(
            "a comment, which rewriting the file would drop",
            path=path,
            line=found[0],
            column=found[1],
            hint="remove the comments: policy-graph fmt --drop-comments removes them",
        )


def _parsed(turtle: bytes) -> Graph:
    """Turtle parsed by pyoxigraph's parser into an rdflib graph, literals as written."""
    import pyoxigraph as ox

    from .terms import from_oxigraph

    graph = Graph()
    for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE):
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return graph


def first_comment(text: str) -> tuple[int, int] | None:
    """Line and column of the first comment in Turtle ``text``, or None (``#`` in IRIs, strings and ``\\#`` is not one).

    >>> first_comment('<urn:a#b> <urn:p> "# no", "a#" ; <urn:q> <urn:x> . # yes')
    (1, 52)
    >>> first_comment("ex:a ex:p\\\\#q ex:o .") is None
    True
    """
    for match in _TOKENS.finditer(text):
        if match.group(1) is not None:
            line = text.count("\n", 0, match.start()) + 1
            return line, match.start() - text.rfind("\n", 0, match.start())
    return None


def same_graph(first: Iterable[tuple[Node, Node, Node]], second: Iterable[tuple[Node, Node, Node]]) -> bool:
    """Whether two sets of triples are the same up to the names of their blank nodes (a linear-time check).

    Triples are compared as exact text (a literal's lexical form as written), each blank node
    replaced by a digest of its neighbourhood. Equal graphs always pass; unequal ones fail
    unless they differ only in how blank nodes with identical neighbourhoods are wired.

    >>> a, b = BNode(), BNode()
    >>> p = URIRef("urn:p")
    >>> same_graph([(a, p, Literal("1"))], [(b, p, Literal("1"))])
    True
    >>> same_graph([(a, p, Literal("1"))], [(b, p, Literal("01"))])
    False
    """
    left, right = list(first), list(second)
    return len(left) == len(right) and _signature(left) == _signature(right)


def blank_node_depth(graph: Graph) -> int:
    """The deepest nesting of blank nodes in ``graph``: how many ``[ ]`` a writer must open (iterative).

    >>> g = Graph()
    >>> a, b = BNode(), BNode()
    >>> _ = g.add((URIRef("urn:s"), RDFS.seeAlso, a)).add((a, RDFS.seeAlso, b)).add((b, RDFS.label, Literal("x")))
    >>> blank_node_depth(g)
    2
    """
    parents: dict[Node, set[Node]] = {}
    for subject, _, obj in graph:
        if isinstance(obj, BNode) and obj != subject:
            parents.setdefault(obj, set()).add(subject)
    depth: dict[Node, int] = {}
    deepest = 0
    for start in parents:
        path: list[Node] = []
        on_path: set[Node] = set()
        current: Node | None = start
        while current is not None and current not in depth and current not in on_path and isinstance(current, BNode):
            path.append(current)
            on_path.add(current)
            above = parents.get(current)
            current = min(above, key=str) if above else None  # one route up is enough for a bound
        level = depth.get(current, 0) if current is not None else 0
        for node in reversed(path):
            level += 1
            depth[node] = level
        deepest = max(deepest, level)
    return deepest


# ---- the writer --------------------------------------------------------------------------


class _TurtleWriter:
    def __init__(self, graph: Graph) -> None:
        self.objects: dict[Node, dict[Node, list[Node]]] = {}
        self.referrers: dict[Node, list[Node]] = {}
        for subject, predicate, obj in graph:
            self.objects.setdefault(subject, {}).setdefault(predicate, []).append(obj)
            if isinstance(obj, BNode):
                self.referrers.setdefault(obj, []).append(subject)
        self.inline = _tree_nodes(self.referrers)
        self.lists = self._list_heads()
        self.used_prefixes: set[str] = set()
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))
        self.labels: dict[Node, str] = {}
        self.texts: dict[Node, str] = {}

    def write(self) -> str:
        uris = sorted((s for s in self.objects if not isinstance(s, BNode)), key=str)
        anonymous = [s for s in self.objects if isinstance(s, BNode) and s not in self.referrers]
        labelled: list[Node] = [s for s in self.referrers if s not in self.inline]
        if labelled:
            triples = list(self._triples())
            order = _break_ties(labelled, _refined_colours(triples, rounds=_rounds(len(triples))), triples)
            self.labels = {node: f"_:b{number}" for number, node in enumerate(order)}
        body = [self.term(s) + " " + self._root(s) + " .\n" for s in uris]
        body += sorted("[ " + self._root(s) + " ] .\n" for s in anonymous)
        body += [self.labels[s] + " " + self._root(s) + " .\n" for s in sorted(labelled, key=self.labels.__getitem__) if s in self.objects]
        prefixes = "".join(f"@prefix {prefix}: <{PREFIXES[prefix]}> .\n" for prefix in sorted(self.used_prefixes))
        return prefixes + "\n" + "\n".join(body) if body else prefixes

    # -- terms

    def term(self, term: Node, *, predicate: bool = False) -> str:
        if isinstance(term, BNode):
            return self.labels.get(term, "_:b")
        if isinstance(term, URIRef):
            if predicate and term == RDF.type:
                return "a"
            return self._iri(str(term))
        if isinstance(term, Literal):
            return self._literal(term)
        raise TypeError(f"cannot write {term!r} in Turtle")

    def _iri(self, iri: str) -> str:
        for namespace, prefix in self.namespaces:
            if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
                self.used_prefixes.add(prefix)
                return f"{prefix}:{iri[len(namespace):]}"
        return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"

    def _literal(self, literal: Literal) -> str:
        value = str(literal)
        if "\n" in value:
            body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            text = '"""' + _LITERAL_UNSAFE.sub(_unicode_escape, body) + '"""'
        else:
            text = '"' + _LITERAL_UNSAFE.sub(_unicode_escape, re.sub(r'[\\"\n\r]', lambda m: _SHORT_ESCAPES[m.group()], value)) + '"'
        if literal.language:
            return f"{text}@{literal.language.lower()}"  # tags ignore case; parsers give them in lower case
        if literal.datatype is not None and str(literal.datatype) != _XSD_STRING:
            return f"{text}^^{self._iri(str(literal.datatype))}"
        return text

    # -- blocks, bottom-up so that no nesting depth recurses

    def _root(self, subject: Node) -> str:
        """The predicate-object list of ``subject``, its inline blank nodes rendered children first."""
        order: list[tuple[Node, int]] = []
        stack = [(subject, 0)]
        while stack:
            node, depth = stack.pop()
            if node in self.lists:  # written as ( ): its items are objects at the same depth
                stack.extend((item, depth) for item in self.lists[node] if item in self.inline)
                continue
            order.append((node, depth))
            for objects in self.objects.get(node, {}).values():
                stack.extend((o, depth + 1) for o in objects if o in self.inline)
        for node, depth in reversed(order):
            self.texts[node] = self._block(node, 4 + 6 * min(depth, MAX_INDENT_DEPTH))
        return self.texts.pop(subject)

    def _block(self, node: Node, indent: int) -> str:
        pad = " " * indent
        lines = []
        for predicate in sorted(self.objects.get(node, {}), key=self._predicate_key):
            objects = sorted(self._object(o) for o in self.objects[node][predicate])
            lines.append(self.term(predicate, predicate=True) + " " + f",\n{pad}    ".join(objects))
        return f" ;\n{pad}".join(lines)

    def _object(self, obj: Node) -> str:
        if obj not in self.inline:
            return self.term(obj)
        if obj in self.lists:
            return "( " + " ".join(self._object(item) for item in self.lists[obj]) + " )"
        return "[ " + self.texts[obj] + " ]"

    def _predicate_key(self, predicate: Node) -> tuple[int, str]:
        first = 0 if predicate == RDF.type else 1 if predicate == RDFS.label else 2
        return (first, self.term(predicate, predicate=True))

    def _list_heads(self) -> dict[Node, list[Node]]:
        """Inline blank nodes that start a well-formed ``rdf:first``/``rdf:rest`` list -> its items."""
        cells: dict[Node, tuple[Node, Node]] = {}
        for node in self.inline:
            predicates = self.objects.get(node, {})
            if set(predicates) == {RDF.first, RDF.rest} and len(predicates[RDF.first]) == len(predicates[RDF.rest]) == 1:
                cells[node] = predicates[RDF.first][0], predicates[RDF.rest][0]
        rests = {rest for _, rest in cells.values()}
        heads: dict[Node, list[Node]] = {}
        for node in cells.keys() - rests:
            items, current = [], node
            while current in cells:
                items.append(cells[current][0])
                current = cells[current][1]
            if current == RDF.nil:
                heads[node] = items
        return heads

    # -- labels of blank nodes that cannot be nested

    def _triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for subject, predicates in self.objects.items():
            for predicate, objects in predicates.items():
                for obj in objects:
                    yield subject, predicate, obj


def _unicode_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _tree_nodes(referrers: dict[Node, list[Node]]) -> set[Node]:
    """Blank nodes that can be written nested: one referring triple, and not on a cycle of such nodes."""
    single: dict[Node, Node] = {node: found[0] for node, found in referrers.items() if len(found) == 1}
    on_cycle: set[Node] = set()
    state: dict[Node, int] = {}  # 1: being walked, 2: done
    for start in single:
        path: list[Node] = []
        current: Node = start
        while current in single and current not in state:
            state[current] = 1
            path.append(current)
            current = single[current]
        if state.get(current) == 1:  # came back to this walk: the part from current on is a cycle
            on_cycle.update(path[path.index(current) :])
        for node in path:
            state[node] = 2
    return set(single) - on_cycle


# ---- colour refinement (Weisfeiler-Leman) over blank nodes ------------------------------------


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


#: Refinement visits at most this many triples in all: colours stop changing after as many
#: rounds as the longest path between blank nodes that only their distance tells apart, so a
#: hostile deep chain would otherwise cost its length squared.
_ROUND_BUDGET = 2_000_000


def _rounds(triples: int) -> int:
    """How many refinement rounds `_ROUND_BUDGET` allows over ``triples`` triples (at least 64)."""
    return max(64, _ROUND_BUDGET // max(triples, 1))


def _refined_colours(triples: Iterable[tuple[Node, Node, Node]], seed: dict[Node, str] | None = None, *, rounds: int = 64) -> dict[Node, str]:
    """A colour for every blank node that depends only on the graph's shape, refined until stable (or ``rounds``)."""
    edges: dict[Node, list[tuple[str, Node, Node]]] = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            edges.setdefault(s, []).append(("out", p, o))
        if isinstance(o, BNode):
            edges.setdefault(o, []).append(("in", p, s))
    colours = dict(seed) if seed else {}
    colours = {node: colours.get(node, "") for node in edges}
    classes = len(set(colours.values()))
    for _ in range(rounds):
        colours = {
            node: _digest(colours[node], sorted((way, str(p), colours[other] if isinstance(other, BNode) else _key(other)) for way, p, other in found))
            for node, found in edges.items()
        }
        count = len(set(colours.values()))
        if count == classes:
            break
        classes = count
    return colours


def _break_ties(nodes: list[Node], colours: dict[Node, str], edges: list[tuple[Node, Node, Node]]) -> list[Node]:
    """``nodes`` in colour order; nodes of equal colour are told apart one at a time (individualised).

    When the tied nodes are interchangeable (an automorphism maps one to the other), which one
    is picked makes no difference to the written text. Refinement after a pick runs on the
    picked node's connected blank nodes only: the others' colours cannot change.
    """
    component = _components(edges)
    by_component: dict[int, list[tuple[Node, Node, Node]]] = {}
    for triple in edges:
        ends = [term for term in (triple[0], triple[2]) if isinstance(term, BNode)]
        if ends:
            by_component.setdefault(component[ends[0]], []).append(triple)
    sizes = Counter(component.values())  # a 4-cycle and a 300-cycle look alike to refinement
    colours = {node: _digest(colour, sizes[component[node]]) if node in component else colour for node, colour in colours.items()}
    for step in itertools.count():
        counts = Counter(colours[n] for n in nodes)
        tied = sorted(colour for colour, count in counts.items() if count > 1)
        if not tied:
            break
        chosen = min((n for n in nodes if colours[n] == tied[0]), key=str)
        seed = dict(colours)
        seed[chosen] = _digest(colours[chosen], "chosen", step)  # the step keeps each pick's colour unique
        colours.update(_refined_colours(by_component[component[chosen]], seed, rounds=_rounds(len(by_component[component[chosen]]))))
    return sorted(nodes, key=colours.__getitem__)


def _components(edges: list[tuple[Node, Node, Node]]) -> dict[Node, int]:
    """Blank node -> the number of its connected component (blank nodes joined by a triple)."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for subject, _, obj in edges:
        for term in (subject, obj):
            if isinstance(term, BNode):
                root(term)
        if isinstance(subject, BNode) and isinstance(obj, BNode):
            parent[root(subject)] = root(obj)
    numbers: dict[Node, int] = {}
    return {node: numbers.setdefault(root(node), len(numbers)) for node in list(parent)}


def _signature(triples: list[tuple[Node, Node, Node]]) -> Counter[tuple[str, str, str]]:
    """The triples as text, each blank node replaced by a digest of its triples (with blank neighbours masked)."""
    around: dict[Node, list[tuple[str, str, str]]] = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            around.setdefault(s, []).append(("out", _key(p), "_" if isinstance(o, BNode) else _key(o)))
        if isinstance(o, BNode):
            around.setdefault(o, []).append(("in", _key(p), "_" if isinstance(s, BNode) else _key(s)))
    colours = {node: "_:" + _digest(sorted(found)) for node, found in around.items()}

    def name(term: Node) -> str:
        return colours[term] if isinstance(term, BNode) else _key(term)

    return Counter((name(s), name(p), name(o)) for s, p, o in triples)


def _key(term: Node) -> str:
    """``term`` as exact text: its lexical form as written, never a value rdflib normalised."""
    if isinstance(term, Literal):
        return repr((str(term), (term.language or "").lower(), str(term.datatype or _XSD_STRING)))  # tags ignore case
    return repr(term)
