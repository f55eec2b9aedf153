"""Argdown import and export: statements, arguments, premise-conclusion structures, relations, tags, groups.

Argdown (Voigt 2014-2023, https://argdown.org) is read as its reference implementation reads
it (`policy_graph.interop.argdown_syntax`, a port of ``@argdown/core``'s lexer, grammar and
model rules; the test suite compares the two on every shared file). A file with a syntax error
is refused with the line the reference parser names.

In RDF a statement is a ``pg:Claim`` (``dcterms:title`` its Argdown title, ``dcterms:subject``
its tags; an untitled statement has no title); a reconstructed argument is the ``pg:Support``
node of its last inference, a linked argument (``pg:from`` each premise, ``pg:to`` the
conclusion, ``pg:scheme`` the inference rules, ``rdfs:label`` and ``dcterms:title`` the title,
``dcterms:description`` its description); earlier inferences of the same structure are
``pg:Support`` nodes ``dcterms:isPartOf`` it. An argument without premise-conclusion structure
is a ``pg:Claim`` (its gist, ``dcterms:type "Argdown argument"``). Each relation of the map is
its own ``pg:Support`` / ``pg:Attack`` node; an undercut is a ``pg:Attack`` with ``pg:scheme
"Undercut"`` (on the inference it undercuts), a contradiction two attacks with ``pg:scheme
"Contradiction"``; a heading is a ``skos:Collection`` of its elements (unless ``isGroup:
false``). Front matter gives the source's title and authors.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.argdown"
>>> _ = path.write_text('''
... [Rates]: Rates must rise. #policy
...   + <Inflation>: Inflation is high.
...   - [Growth]: Growth would suffer.
...
... <Inflation>
...
... (1) Prices rose 8 %.
... (2) Wages follow prices.
... -- Modus Ponens --
... (3) Inflation will persist.
... ''')
>>> graph, report = read_argdown(path)
>>> [report.counts[k] for k in ("statements", "arguments", "reconstructed arguments", "support", "attack")]
[5, 1, 1, 1, 1]
>>> print(write_argdown(graph).split("\\n\\n")[-1].strip())  # the argument's conclusion carries its support of [Rates]
(1) Prices rose 8 %.
(2) Wages follow prices.
--
Modus Ponens
--
(3) Inflation will persist.
    +> [Rates]
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node as RdfNode

from ..errors import InputError
from ..model import Claim, Source
from ..namespaces import DCTERMS, PG, PROV, RDF, RDFS, bind_prefixes
from ..vocabulary import RELATION_KINDS
from .aif import IMPORT_BASE, ImportReport, Unmapped, _read_text, slugify
from .argdown_syntax import Argument, EquivalenceClass, Model, Node, Section, read_model

__all__ = ["read_argdown", "write_argdown"]

#: ``dcterms:type`` of an argument without premise-conclusion structure, imported as a claim (its gist).
_UNRECONSTRUCTED = Literal("Argdown argument")
_TAG = re.compile(r"(?:(?<=\s)|^)#(?:\([^)]+\)|[\w-]+)[ \t]?")
_COUNTED = ("statements", "arguments", "reconstructed arguments", "inferences", "support", "attack", "undercut", "contradiction", "groups", "tags")
_FOUND = {  # the token a syntax error stopped at -> what it means to a writer of Argdown
    "Indent": "an indented line that is not a relation",
    "Dedent": "a line indented less than the relation above it",
    "Emptyline": "an empty line",
    "StatementDefinition": "a statement definition [...]:",
    "StatementReference": "a statement [...]",
    "ArgumentDefinition": "an argument definition <...>:",
    "ArgumentReference": "an argument <...>",
    "OrderedListItem": "a list item", "UnorderedListItem": "a list item",
    "StatementNumber": "a numbered statement (n)",
    "InferenceStart": "an inference line --",
}


def read_argdown(path: Path | str, *, slug: str | None = None) -> tuple[Graph, ImportReport]:
    """Read an Argdown file into RDF.

    Parameters
    ----------
    path : the ``.argdown`` file; ``@include(...)`` files are read relative to it.
    slug : the namespace of the new nodes under ``IMPORT_BASE``; by default the file name's stem.

    Returns
    -------
    The graph and an ``ImportReport`` counting statements, arguments, reconstructed arguments,
    inferences, relations by kind, groups and tags, and listing everything not imported.

    Raises
    ------
    InputError
        A syntax error (with the line the reference parser names and how to fix it), an
        ``@include`` outside the file's folder, missing or circular.
    """
    path = Path(path)
    model = read_model(_read_text(path), path=path)
    if model.errors:
        line, problem = model.errors[0]
        raise _syntax_error(path, line, problem)
    return _Builder(path, model, slug or slugify(path.stem)).build()


def write_argdown(graph: Graph) -> str:
    """Write a graph as Argdown text that `read_argdown` reads back to the same statements and relations.

    Claims become statements (titled by ``dcterms:title``, else by their IRI's local name);
    argument nodes (relation nodes with a ``dcterms:title``, several premises, or attacked
    themselves) become arguments with their premise-conclusion structure; the other supports and
    attacks become relation trees under their target; groups become headings. Relations Argdown
    has no syntax for (causal links, precedence, rephrase, preference, qualification) are kept
    as ``//`` comments. Premises are written in title order: Argdown numbering is not kept.
    """
    return _Writer(graph).write()


def _syntax_error(path: Path, line: int, problem: str) -> InputError:
    found = re.search(r"found (\w+)", problem)
    token = found[1] if found else ""
    if problem.startswith("expected text") and token in ("Indent", *(k for k in ("OutgoingSupport", "OutgoingAttack", "IncomingSupport", "IncomingAttack", "Contradiction", "IncomingUndercut", "OutgoingUndercut"))):
        return InputError("a paragraph starts with a relation", path=path, line=line,
                          hint="relations go indented under the statement or argument they relate to: remove the empty line above, or start the paragraph with a statement or argument")
    if problem.startswith("expected an empty line"):
        return InputError(f"{_FOUND.get(token, 'a second element')} follows an element without an empty line between them", path=path, line=line,
                          hint="put each statement, argument, heading and premise-conclusion structure in its own paragraph, separated by an empty line")
    if "has no conclusion" in problem or "second premise-conclusion" in problem:
        return InputError(problem, path=path, line=line, hint="end each structure with an inference line (---- or -- rule --) and then (n) its conclusion; one structure per argument")
    if problem.startswith("expected InferenceEnd"):
        return InputError("an inference line opened with -- is not closed", path=path, line=line, hint="close it with -- on the same or a later line (-- Modus Ponens --), or write ----")
    if problem.startswith("expected a relation"):
        return InputError(f"{_FOUND.get(token, token)} where a relation was expected", path=path, line=line,
                          hint="indent only relations (+, -, <+, <-, +>, ->, ><, _>, <_) under a statement or argument")
    described = re.sub(r"found (\w+)", lambda m: "found " + _FOUND.get(m[1], m[1]), problem)
    return InputError(f"cannot read the Argdown here: {described}", path=path, line=line, hint="see https://argdown.org/syntax/ for the syntax")


class _Builder:
    """The reference's model of one file, as RDF."""

    def __init__(self, path: Path, model: Model, slug: str) -> None:
        self.path, self.model, self.slug = path, model, slug
        self.ns = Namespace(f"{IMPORT_BASE}{slug}/")
        self.graph = bind_prefixes(Graph())
        self.unmapped: list[Unmapped] = []
        self.notes: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.iris: dict[int, URIRef] = {}

    def build(self) -> tuple[Graph, ImportReport]:
        g, ns = self.graph, self.ns
        source = ns["source"]
        front = _front_matter(self.model.front_matter or "")
        for key in front:
            if key not in ("title", "author"):
                self.unmapped.append(Unmapped(item=f"front matter key {key!r}", reason="document settings (layout, colours, regrouping) are not modelled"))
        title = front.get("title")
        Source(
            iri=str(source), title=title if isinstance(title, str) and title else self.path.name, external=True,
            comments=(f"Argdown file {self.path.name}, imported by policy-graph",),
        ).to_rdf(g)
        authors = front.get("author") or []
        holders = []
        for name in [authors] if isinstance(authors, str) else authors:
            person = ns[f"author-{slugify(name)}"]
            g.add((person, RDF.type, PG.Person))
            g.add((person, RDFS.label, Literal(name)))
            g.add((source, DCTERMS.creator, person))
            holders.append(person)
        if not holders:
            holders = [ns["unknown-author"]]
            g.add((holders[0], RDF.type, PG.Group))
            g.add((holders[0], RDFS.label, Literal(f"unknown author (Argdown file {self.path.name})")))
            g.add((holders[0], PG.unnamed, Literal(True)))
        self.holders, self.source = holders, source
        self._name_nodes()
        groups = self._groups()
        for ec in self.model.statements.values():
            self._statement(ec)
        for argument in self.model.arguments.values():
            self._argument(argument)
        elements: list[EquivalenceClass | Argument] = [*self.model.statements.values(), *self.model.arguments.values()]
        for element in elements:
            group = _group_of(element.section)
            if group is not None:
                g.add((groups[id(group)], SKOS.member, self.iris[id(element)]))
        for relation in self.model.relations:
            self._relation(relation.kind, relation.source, relation.target)
        for line, kind, data in self.model.data:
            self.unmapped.append(Unmapped(item=f"line {line}: {kind} {data}", reason="Argdown data is not modelled"))
        self.notes += self.model.notes
        self.counts["groups"] = len(groups)
        self.counts["tags"] = len(self.model.tags)
        report = ImportReport(
            path=str(self.path), format="argdown", slug=self.slug,
            counts={k: self.counts.get(k, 0) for k in _COUNTED}, unmapped=tuple(self.unmapped), notes=tuple(self.notes),
        )
        return g, report

    def _name_nodes(self) -> None:
        used: set[str] = set()

        def unique(local: str) -> str:
            base, n = local, 1
            while local in used:
                n += 1
                local = f"{base}-{n}"
            used.add(local)
            return local

        generated = self.model.generated
        untitled = [ec for ec in self.model.statements.values() if ec.title in generated]
        repeated = Counter(_label(ec.text) for ec in untitled)
        for ec in self.model.statements.values():
            text = _label(ec.text)
            if ec.title not in generated:
                local = f"s-{slugify(ec.title) or _digest(ec.title)[:8]}"
            else:  # a text said twice without a title is two statements: told apart by their argument, not by order
                context = next((m.argument for m in ec.members if m.argument), None)
                local = _untitled_local(text or ec.title) + (f"-{slugify(context)}" if repeated[text] > 1 and context else "")
            self.iris[id(ec)] = self.ns[unique(local)]
        for argument in self.model.arguments.values():
            self.iris[id(argument)] = self.ns[unique(f"a-{slugify(argument.title) or _digest(argument.title)[:8]}")]

    def _groups(self) -> dict[int, URIRef]:
        groups: dict[int, URIRef] = {}
        for section in self.model.sections:
            if not section.is_group:
                self.notes.append(f"line {section.line}: heading {section.title!r} is not a group (isGroup: false)")
                continue
            rest = re.sub(r"isGroup\s*:\s*(true|false)\s*,?", "", (section.data or "").strip("{} \n")).strip(" ,")
            if rest:
                self.unmapped.append(Unmapped(item=f"line {section.line}: heading data {{{rest}}}", reason="heading settings other than isGroup are not modelled"))
            node = self.ns[f"g-{slugify(section.title) or section.line}"]
            groups[id(section)] = node
            self.graph.add((node, RDF.type, SKOS.Collection))
            self.graph.add((node, RDFS.label, Literal(section.title)))
            parent = _group_of(section.parent)
            if parent is not None:
                self.graph.add((groups[id(parent)], SKOS.member, node))
        return groups

    def _statement(self, ec: EquivalenceClass) -> None:
        g, subject = self.graph, self.iris[id(ec)]
        self.counts["statements"] += 1
        texts = list(dict.fromkeys(t for t in (_label(m.text) for m in ec.members) if t))
        generated = ec.title in self.model.generated
        if not texts:
            self.notes.append(f"line {ec.members[0].line if ec.members else 0}: [{ec.title}] has no text; its title is its label")
        Claim(iri=str(subject), label=texts[0] if texts else ec.title, holders=tuple(map(str, self.holders)), quoted_from=str(self.source)).to_rdf(g)
        for variant in texts[1:]:
            g.add((subject, SKOS.altLabel, Literal(variant)))
        if not generated:
            g.add((subject, DCTERMS.title, Literal(ec.title)))
        for tag in ec.tags:
            g.add((subject, DCTERMS.subject, Literal(tag)))

    def _argument(self, argument: Argument) -> None:
        g, subject = self.graph, self.iris[id(argument)]
        self.counts["arguments"] += 1
        texts = list(dict.fromkeys(t for t in (_label(m.text) for m in argument.members) if t))
        if not argument.pcs:  # not reconstructed: no premises or conclusion to relate, its gist is a proposition
            Claim(iri=str(subject), label=texts[0] if texts else argument.title, holders=tuple(map(str, self.holders)), quoted_from=str(self.source)).to_rdf(g)
            g.add((subject, DCTERMS.type, _UNRECONSTRUCTED))
            variants = texts[1:]
        else:
            self.counts["reconstructed arguments"] += 1
            if argument.title in self.model.generated:
                self.notes.append(f"line {argument.line}: a premise-conclusion structure without an argument title above it is named {argument.title!r}")
            g.add((subject, RDF.type, PG.Support))
            g.add((subject, RDFS.label, Literal(argument.title)))
            self._asserted(subject)
            if texts:
                g.add((subject, DCTERMS.description, Literal(texts[0])))
            variants = texts[1:]
            self._inferences(argument)
        for variant in variants:
            g.add((subject, SKOS.altLabel, Literal(variant)))
        if argument.title not in self.model.generated:
            g.add((subject, DCTERMS.title, Literal(argument.title)))
        for tag in argument.tags:
            g.add((subject, DCTERMS.subject, Literal(tag)))

    def _inferences(self, argument: Argument) -> None:
        """One support node per inference: its premises are the statements since the previous
        conclusion, which is one of them (a linked argument)."""
        g, main = self.graph, self.iris[id(argument)]
        conclusions = [m for m in argument.pcs if m.role != "premise"]
        premises: list[URIRef] = []
        for member in argument.pcs:
            statement = self.iris[id(self.model.statements[member.title or ""])]
            if member.role == "premise":
                premises.append(statement)
                continue
            self.counts["inferences"] += 1
            position = conclusions.index(member) + 1
            node = main if position == len(conclusions) else URIRef(f"{main}-step-{position}")
            if node != main:
                g.add((node, RDF.type, PG.Support))
                g.add((node, RDFS.label, Literal(f"{argument.title} (step {position})")))
                g.add((node, DCTERMS.isPartOf, main))
                self._asserted(node)
            if member.inference is not None:
                self.iris[id(member.inference)] = node
                if member.inference.rules:
                    g.add((node, PG.scheme, Literal(", ".join(member.inference.rules))))
            for premise in premises:
                g.add((node, PG["from"], premise))
            g.add((node, PG.to, statement))
            premises = [statement]

    def _asserted(self, node: URIRef) -> None:
        for person in self.holders:
            self.graph.add((node, PROV.wasAttributedTo, person))
        self.graph.add((node, PROV.wasQuotedFrom, self.source))

    def _relation(self, kind: str, source: Node | None, target: Node | None) -> None:
        if source is None or target is None or id(source) not in self.iris or id(target) not in self.iris:
            return
        name = "contradiction" if kind == "contradictory" else kind
        self.counts[name] += 1
        u, v = self.iris[id(source)], self.iris[id(target)]
        rdf_class = PG.Support if kind == "support" else PG.Attack
        for start, end in [(u, v)] + ([(v, u)] if name == "contradiction" else []):
            node = self.ns["r-" + _digest(name, str(start), str(end))]
            self.graph.add((node, RDF.type, rdf_class))
            self.graph.add((node, PG["from"], start))
            self.graph.add((node, PG.to, end))
            self._asserted(node)
            if name in ("undercut", "contradiction"):
                self.graph.add((node, PG.scheme, Literal(name.capitalize())))


def _group_of(section: Section | None) -> Section | None:
    """The nearest enclosing heading that is a group."""
    while section is not None and not section.is_group:
        section = section.parent
    return section


def _label(text: str) -> str:
    """A statement's text as a label: tags removed, white space collapsed."""
    return re.sub(r"\s+", " ", _TAG.sub(" ", text)).strip()


def _front_matter(text: str) -> dict[str, str | list[str]]:
    """``key: value`` and ``key:`` followed by ``- item`` lines of the YAML front matter."""
    front: dict[str, str | list[str]] = {}
    key = None
    for line in text.strip().strip("=").splitlines():
        match = re.match(r"^([A-Za-z][\w-]*):\s*(.*)$", line)
        if match:
            key = match[1]
            front[key] = match[2].strip().strip("'\"")
        elif key is not None and line.strip():
            item = re.match(r"^\s*-\s+(.*)$", line)
            value = front[key]
            if item and (isinstance(value, list) or not value):
                front[key] = [*(value if isinstance(value, list) else []), item[1].strip().strip("'\"")]
            elif isinstance(value, str):
                front[key] = f"{value} {line.strip()}".strip()
    return front


def _untitled_local(text: str) -> str:
    return f"s-{slugify(text)[:48].strip('-')}-{_digest(text)[:6]}"


def _is_untitled(graph: Graph, node: URIRef) -> bool:
    """An untitled Argdown statement: no title, and the IRI `read_argdown` derives from its text."""
    label = graph.value(node, RDFS.label)
    if graph.value(node, DCTERMS.title) is not None or label is None:
        return False
    local = str(node).rsplit("/", 1)[-1]
    return re.fullmatch(re.escape(_untitled_local(str(label))) + r"(-[a-z0-9-]+)?", local) is not None


def _escape(text: str) -> str:
    r"""Text as Argdown reads it back: its control characters escaped.

    >>> _escape("a [b] <c> #d *e* {f} // g")
    'a \\[b\\] \\<c\\> \\#d \\*e\\* \\{f\\} \\/\\/ g'
    """
    return re.sub(r"([\\\[\]<>#*_{}@/=])", r"\\\1", text)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=6).hexdigest()


# ---- writing --------------------------------------------------------------------------------

_RELATION_CLASSES = tuple(PG[kind.rdf_class] for kind in RELATION_KINDS)


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        g = graph
        self.relations = {s for c in _RELATION_CLASSES for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}
        self.steps = {s for s in self.relations if g.value(s, DCTERMS.isPartOf) in self.relations}
        targets = {o for r in self.relations for o in g.objects(r, PG.to)}
        self.arguments = {
            r for r in self.relations - self.steps
            if (r, RDF.type, PG.Support) in g
            and (g.value(r, DCTERMS.title) is not None or len(set(g.objects(r, PG["from"]))) > 1 or r in targets)
        } | {r for r in self.relations - self.steps if r in targets}
        self.gists = {s for s in g.subjects(DCTERMS.type, _UNRECONSTRUCTED) if isinstance(s, URIRef)}
        self.arguments |= self.gists
        self.plain = self.relations - self.steps - self.arguments
        ends = {o for r in self.relations for p in (PG["from"], PG.to) for o in g.objects(r, p)}
        self.statements = {s for s in g.subjects(RDF.type, PG.Claim) if isinstance(s, URIRef)}
        self.statements |= {e for e in ends if isinstance(e, URIRef) and e not in self.relations}
        self.statements -= self.gists
        in_pcs = {o for r in self.arguments | self.steps for p in (PG["from"], PG.to) for o in g.objects(r, p)}
        self.untitled = {s for s in self.statements if s in in_pcs and _is_untitled(g, s)}
        related = {o for r in self.plain for p in (PG["from"], PG.to) for o in g.objects(r, p)}
        self.bare = {s for s in self.statements - in_pcs - related if _is_untitled(g, s)}  # untitled, unrelated: a paragraph of text
        self.placed: set[URIRef] = set()
        self.titles: dict[RdfNode, str] = {}
        taken: set[tuple[bool, str]] = set()
        for node in sorted(self.statements | self.arguments, key=str):
            if node in self.untitled or node in self.bare:
                continue
            title = str(g.value(node, DCTERMS.title) or str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
            title = re.sub(r"[\[\]<>]", "", title).strip() or "untitled"
            base, n = title, 1
            while (node in self.arguments, title) in taken:
                n += 1
                title = f"{base} {n}"
            taken.add((node in self.arguments, title))
            self.titles[node] = title

    def ref(self, node: RdfNode) -> str:
        return f"<{self.titles[node]}>" if node in self.arguments else f"[{self.titles[node]}]"

    def text(self, node: RdfNode, predicate: URIRef = RDFS.label) -> str:
        value = self.g.value(node, predicate)
        tags = " ".join(f"#{t}" if re.fullmatch(r"[\w][\w-]*", str(t)) else f"#({t})" for t in sorted(map(str, self.g.objects(node, DCTERMS.subject))))
        text = _escape(re.sub(r"\s+", " ", str(value)).strip()) if value is not None else ""
        return f"{text} {tags}".strip()

    def incoming(self, node: RdfNode) -> list[str]:
        g, lines = self.g, []
        for relation in sorted(self.plain, key=str):
            if g.value(relation, PG.to) != node:
                continue
            scheme = str(g.value(relation, PG.scheme) or "")
            for source in sorted(g.objects(relation, PG["from"]), key=str):
                if source not in self.titles:
                    continue
                if (relation, RDF.type, PG.Support) in g:
                    lines.append(f"  + {self.ref(source)}")
                elif (relation, RDF.type, PG.Attack) in g:
                    if scheme == "Contradiction":
                        if str(node) < str(source):
                            lines.append(f"  >< {self.ref(source)}")
                    elif scheme == "Undercut" or (node in self.relations and g.value(node, DCTERMS.title) is None):
                        lines.append(f"  <_ {self.ref(source)}")
                    else:
                        lines.append(f"  - {self.ref(source)}")
        return sorted(set(lines), key=lines.index)

    def write(self) -> str:
        g = self.g
        members: dict[RdfNode, URIRef] = {}
        groups = sorted((s for s in g.subjects(RDF.type, SKOS.Collection) if isinstance(s, URIRef)), key=lambda s: str(g.value(s, RDFS.label) or s))
        for collection in groups:
            for member in g.objects(collection, SKOS.member):
                members.setdefault(member, collection)
        blocks = ["// Argdown written by policy-graph"]
        for group in [None, *groups]:
            if group is not None:
                depth, parent = 1, members.get(group)  # parent: a group's own group, if any
                while parent is not None and depth < 6:
                    depth, parent = depth + 1, members.get(parent)
                blocks.append(f"{'#' * depth} {g.value(group, RDFS.label) or group}")
            blocks += self._statements([s for s in (*self.titles, *self.bare) if s in self.statements and members.get(s) == group])
            blocks += self._arguments([a for a in self.arguments if members.get(a) == group])
        others = sorted(r for r in self.plain if not ((r, RDF.type, PG.Support) in g or (r, RDF.type, PG.Attack) in g))
        for relation in others:
            kind = next(str(c).rsplit("#", 1)[-1] for c in _RELATION_CLASSES if (relation, RDF.type, c) in g)
            ends = [self._end(e) for p in (PG["from"], PG.to) for e in g.objects(relation, p)]
            sign = g.value(relation, PG.sign)
            blocks.append(f"// {kind} (no Argdown syntax): " + " -> ".join(ends) + (f" ({sign})" if sign else ""))
        return "\n\n".join(blocks) + "\n"

    def _end(self, node: RdfNode) -> str:
        return self.ref(node) if node in self.titles else str(self.g.value(node, RDFS.label) or node)

    def _statements(self, nodes: list[RdfNode]) -> list[str]:
        blocks = []
        for node in sorted((n for n in nodes if n in self.bare), key=lambda n: str(self.g.value(n, RDFS.label))):
            blocks.append(re.sub(r"^([-+(*=]|\d+\.|<|>)", r"\\\1", self.text(node)))  # not read as a relation, number or list item
        for node in sorted((n for n in nodes if n in self.titles), key=lambda n: self.titles[n]):
            lines = [f"{self.ref(node)}: {self.text(node)}".rstrip(": "), *self.incoming(node)]
            blocks.append("\n".join(lines))
            for variant in sorted(map(str, self.g.objects(node, SKOS.altLabel))):
                blocks.append(f"{self.ref(node)}: {variant}")
        return blocks

    def _arguments(self, nodes: list[URIRef]) -> list[str]:
        g, blocks = self.g, []
        for node in sorted(nodes, key=lambda n: self.titles[n]):
            description = self.text(node, RDFS.label if node in self.gists else DCTERMS.description)
            blocks.append("\n".join([f"{self.ref(node)}: {description}".rstrip(": "), *self.incoming(node)]))
            for variant in sorted(map(str, g.objects(node, SKOS.altLabel))):
                blocks.append(f"{self.ref(node)}: {variant}")
            steps = sorted(
                (s for s in self.steps if g.value(s, DCTERMS.isPartOf) == node),
                key=lambda s: int(re.sub(r"\D", "", str(s).rsplit("-step-", 1)[-1]) or 0),
            )
            steps.append(node)
            if g.value(node, PG.to) is None:
                continue
            lines: list[str] = []
            written: set[URIRef] = set()
            for step in steps:
                premises = sorted(g.objects(step, PG["from"]), key=lambda p: (p in written, self._key(p)))
                for premise in premises:
                    if premise not in written:
                        lines += self._pcs_line(len(written) + 1, premise)
                        written.add(premise)  # type: ignore[arg-type]
                rule = g.value(step, PG.scheme)
                lines += ["--", str(rule), "--"] if rule is not None else ["----"]
                conclusion = g.value(step, PG.to)
                lines += self._pcs_line(len(written) + 1, conclusion)
                written.add(conclusion)  # type: ignore[arg-type]
            blocks.append("\n".join(lines))
        return blocks

    def _key(self, node: RdfNode) -> str:
        return self.titles.get(node, str(self.g.value(node, RDFS.label) or node))

    def _pcs_line(self, number: int, node: object) -> list[str]:
        """A numbered line of a premise-conclusion structure; an untitled statement carries its relations."""
        if node not in self.untitled:
            return [f"({number}) {self.ref(node)}"]  # type: ignore[arg-type]
        if node in self.placed:
            return [f"({number}) {self.text(node)}"]  # type: ignore[arg-type]
        self.placed.add(node)  # type: ignore[arg-type]
        g, lines = self.g, [f"({number}) {self.text(node)}"]  # type: ignore[arg-type]
        for relation in sorted(self.plain, key=str):
            scheme = str(g.value(relation, PG.scheme) or "")
            attack = (relation, RDF.type, PG.Attack) in g
            support = (relation, RDF.type, PG.Support) in g
            if not (attack or support):
                continue
            for source in g.objects(relation, PG["from"]):
                target = g.value(relation, PG.to)
                if source == node and target in self.titles:
                    undercut = scheme == "Undercut" or (target in self.relations and g.value(target, DCTERMS.title) is None)
                    marker = "+>" if support else "><" if scheme == "Contradiction" else "_>" if undercut else "->"
                    lines.append(f"    {marker} {self.ref(target)}")
                elif target == node and source in self.titles and scheme != "Contradiction":
                    lines.append(f"    {'<+' if support else '<-'} {self.ref(source)}")
        return sorted(set(lines), key=lines.index)
