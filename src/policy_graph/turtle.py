"""Canonical Turtle: the same graph always gives the same bytes (``policy-graph fmt``, ``save``)."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import bind_prefixes

__all__ = ["canonical_turtle"]


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` as deterministic, diff-friendly Turtle with the project's prefixes.

    Subjects are sorted by IRI, ``a`` and ``rdfs:label`` come first, objects are sorted by their
    text, and blank nodes used once (quote anchors, lists) are written inline, so the same graph
    always gives the same bytes whatever its blank node labels.

    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/policy-graph/id/b"), RDFS.label, Literal("x")))
    >>> print(canonical_turtle(g).strip().splitlines()[-1])
    :b rdfs:label "x" .
    """
    return _TurtleWriter(graph).write()


class _TurtleWriter:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.names = bind_prefixes(Graph()).namespace_manager
        self.used_prefixes: set[str] = set()
        references: dict[BNode, list[Node]] = {}
        for subject, _, obj in graph:
            if isinstance(obj, BNode):
                references.setdefault(obj, []).append(subject)
        self.inline = {node for node, referrers in references.items() if len(referrers) == 1 and not self._in_cycle(node, references)}
        self.labels: dict[BNode, str] = {}

    @staticmethod
    def _in_cycle(node: BNode, references: dict[BNode, list[Node]]) -> bool:
        """True when following single referrers up from ``node`` comes back to it (cannot be nested)."""
        seen, current = {node}, node
        while len(references.get(current, ())) == 1:  # type: ignore[arg-type]
            current = references[current][0]  # type: ignore[index]
            if current in seen:
                return True
            seen.add(current)
        return False

    def term(self, term: Node, indent: int) -> str:
        if isinstance(term, BNode):
            if term in self.inline:
                items = self._list_items(term)
                if items is not None:
                    return "( " + " ".join(self.term(item, indent) for item in items) + " )"
                return "[ " + self.block(term, indent + 2, inline=True) + " ]"
            return self.labels.setdefault(term, f"_:b{len(self.labels)}")
        if isinstance(term, URIRef):
            if term == RDF.type:
                return "a"
            try:
                prefix, _, local = self.names.compute_qname(str(term), generate=False)
            except (KeyError, ValueError):
                return f"<{term}>"
            if not re.fullmatch(r"[A-Za-z_][\w.-]*[\w-]|[A-Za-z_]?", local):
                return f"<{term}>"
            self.used_prefixes.add(prefix)
            return f"{prefix}:{local}"
        text = term.n3(self.names)
        match = re.search(r"\^\^([\w-]*):", text)
        if match:
            self.used_prefixes.add(match.group(1))
        return text

    def _list_items(self, node: BNode) -> list[Node] | None:
        items, current, seen = [], node, set()
        while current != RDF.nil:
            predicates = set(self.graph.predicates(current))
            if predicates != {RDF.first, RDF.rest} or current in seen or (current != node and current not in self.inline):
                return None
            seen.add(current)
            firsts = list(self.graph.objects(current, RDF.first))
            if len(firsts) != 1:
                return None
            items.append(firsts[0])
            current = self.graph.value(current, RDF.rest)
        return items

    def _predicate_key(self, predicate: Node) -> tuple[int, str]:
        order = {RDF.type: 0, RDFS.label: 1}
        return (order.get(predicate, 2), self.term(predicate, 0))

    def block(self, subject: Node, indent: int, *, inline: bool = False) -> str:
        predicates = sorted(set(self.graph.predicates(subject)), key=self._predicate_key)
        pad = " " * indent
        lines = []
        for predicate in predicates:
            objects = sorted(self.term(o, indent + 4) for o in self.graph.objects(subject, predicate))
            lines.append(self.term(predicate, indent) + " " + f",\n{pad}    ".join(objects))
        return f" ;\n{pad}".join(lines) if not inline else f" ;\n{pad}".join(lines)

    def write(self) -> str:
        subjects = {s for s in self.graph.subjects() if not (isinstance(s, BNode) and s in self.inline)}
        body = []
        for subject in sorted(subjects, key=lambda t: (isinstance(t, BNode), str(t))):
            if isinstance(subject, BNode) and self._list_items(subject) is not None and subject in self.inline:
                continue
            name = self.term(subject, 0) if not isinstance(subject, BNode) else self.labels.setdefault(subject, f"_:b{len(self.labels)}")
            body.append(name + " " + self.block(subject, 4) + " .\n")
        prefixes = "".join(
            f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(self.names.namespaces()) if prefix in self.used_prefixes
        )
        return prefixes + "\n" + "\n".join(body) if body else prefixes
