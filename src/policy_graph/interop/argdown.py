"""Argdown import and export: statements, arguments, premise-conclusion structures, relations, tags, groups.

A small parser for the part of Argdown (Voigt 2014-2023, https://argdown.org) that argument
reconstructions of policy debates use:

- front matter between ``===`` lines (``title`` and ``author`` are read, other keys reported);
- headings ``# Title`` as groups (``{isGroup: false}`` turns one off), ``//`` comments;
- statements ``[Title]: text`` and arguments ``<Title>: description``, referenced as ``[Title]`` / ``<Title>``;
- relation trees by indentation: ``+ X`` / ``<+ X`` (X supports the parent), ``- X`` / ``<- X``
  (X attacks it), ``+>``, ``->`` (the parent supports / attacks X), ``_>`` / ``<_`` (undercut),
  ``><`` (contradiction);
- premise-conclusion structures ``(1) ... ---- (n) ...`` with inference rules ``-- rule --``,
  attached to the argument defined just before them;
- ``#tags``; data in ``{...}`` is ignored and reported. Prose paragraphs are not imported.

In RDF a statement is a ``pg:Claim`` (``dcterms:title`` its Argdown title, ``dcterms:subject``
its tags); an argument is the ``pg:Support`` node of its inference (``pg:from`` each premise,
``pg:to`` the conclusion, ``pg:scheme`` the inference rule, ``rdfs:label`` and ``dcterms:title``
the title, ``dcterms:description`` its description); each relation of the map is its own
``pg:Support`` / ``pg:Attack`` node whose ends are claims or argument nodes; an undercut is a
``pg:Attack`` on an argument node (``pg:scheme "Undercut"``), a contradiction two attacks with
``pg:scheme "Contradiction"``; a heading is a ``skos:Collection`` of its elements.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.argdown"
>>> _ = path.write_text('''
... [Rates]: Rates must rise. #policy
...   + <Inflation>: Inflation is high.
...   _> <Growth>
...
... <Growth>: Rates hurt growth.
... ''')
>>> graph, report = read_argdown(path)
>>> report.counts["statements"], report.counts["arguments"], report.counts["support"], report.counts["undercut"]
(1, 2, 1, 1)
>>> print(write_argdown(graph).split("\\n\\n")[1])
[Rates]: Rates must rise. #policy
  + <Inflation>
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from ..errors import InputError
from ..model import Claim, Source
from ..namespaces import DCTERMS, PG, PROV, RDF, RDFS, bind_prefixes
from ..vocabulary import RELATION_KINDS
from .aif import IMPORT_BASE, ImportReport, Unmapped, _read_text, slugify

__all__ = ["read_argdown", "write_argdown"]

_RELATION = re.compile(r"^(<\+|<-|<_|\+>|->|_>|><|\+|-)\s+(\S.*)$")
_DIRECTION = {  # marker -> (kind, child is the source)
    "+": ("support", True), "<+": ("support", True), "-": ("attack", True), "<-": ("attack", True),
    "+>": ("support", False), "->": ("attack", False), "_>": ("undercut", False), "<_": ("undercut", True),
    "><": ("contradiction", False),
}
_STATEMENT = re.compile(r"^\[(?P<title>[^\]]+)\](?!\()(?::\s*(?P<text>.*))?$", re.S)
_ARGUMENT = re.compile(r"^<(?P<title>[^>]+)>(?::\s*(?P<text>.*))?$", re.S)
_PCS_ITEM = re.compile(r"^\((\d+)\)\s*(.*)$")
_DASHES = re.compile(r"^-{2,}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{.*\})?\s*$")
_TAG = re.compile(r"(?:(?<=\s)|^)#(\([^)]*\)|[\w][\w-]*)")
_DATA = re.compile(r"\s*\{[^{}]*\}\s*$")
#: ``dcterms:type`` of an argument without premise-conclusion structure, imported as a claim (its gist).
_UNRECONSTRUCTED = Literal("Argdown argument")
_ELEMENT_START = re.compile(r"^(\[[^\]]+\](?!\()|<[^>]+>)")


@dataclass
class _Element:
    kind: str  # "s" statement, "a" argument
    title: str | None
    texts: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    group: str | None = None
    line: int = 0
    defined: bool = False


@dataclass
class _Step:
    premises: list[tuple[str, str | None, str]]
    conclusion: tuple[str, str | None, str]
    rule: str | None


def read_argdown(path: Path | str, *, slug: str | None = None) -> tuple[Graph, ImportReport]:
    """Read an Argdown file into RDF.

    Parameters
    ----------
    path : the ``.argdown`` file.
    slug : the namespace of the new nodes under ``IMPORT_BASE``; by default the file name's stem.

    Returns
    -------
    The graph and an ``ImportReport`` counting statements, arguments, reconstructed arguments,
    inferences, relations by kind, groups and tags, and listing everything not imported.

    Raises
    ------
    InputError
        With the line: unterminated front matter, a relation with no element above it or not
        naming a ``[statement]`` / ``<argument>``, an undercut of a statement, a premise-conclusion
        structure without conclusion or with a second structure for the same argument.
    """
    path = Path(path)
    parser = _Parser(path, _read_text(path), slug or slugify(path.stem))
    parser.parse()
    return parser.build()


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


# ---- parsing --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, path: Path, text: str, slug: str) -> None:
        self.path, self.slug = path, slug
        self.lines = text.replace("\t", "    ").splitlines()
        self.elements: dict[tuple[str, str], _Element] = {}
        self.relations: dict[tuple[str, tuple[str, str], tuple[str, str]], int] = {}
        self.steps: dict[tuple[str, str], list[_Step]] = {}
        self.pcs_lines: dict[tuple[str, str], int] = {}
        self.groups: dict[str, tuple[str, str | None, int]] = {}  # slug -> (title, parent slug, line)
        self.unmapped: list[Unmapped] = []
        self.notes: list[str] = []
        self.front: dict[str, str | list[str]] = {}
        self.prose = 0
        self.untitled_arguments = 0
        self.sections: list[tuple[int, str | None]] = []  # (level, group slug or None)

    def fail(self, problem: str, line: int, hint: str) -> InputError:
        return InputError(problem, path=self.path, line=line, hint=hint)

    def drop(self, item: str, reason: str) -> None:
        self.unmapped.append(Unmapped(item=item, reason=reason))

    # -- structure --

    def parse(self) -> None:
        start = self._front_matter()
        blocks: list[list[tuple[int, str]]] = [[]]
        for number, raw in enumerate(self.lines[start:], start + 1):
            if raw.strip().startswith("//"):
                continue
            if not raw.strip():
                if blocks[-1]:
                    blocks.append([])
                continue
            blocks[-1].append((number, raw.rstrip()))
        previous: tuple[str, str] | None = None
        for block in filter(None, blocks):
            previous = self._block(block, previous)
        if self.prose:
            self.notes.append(f"{self.prose} prose paragraphs are not imported")

    def _front_matter(self) -> int:
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None or self.lines[first].strip() != "===":
            return 0
        end = next((i for i in range(first + 1, len(self.lines)) if self.lines[i].strip() == "==="), None)
        if end is None:
            raise self.fail("front matter opened with === is never closed", first + 1, "close it with a line ===")
        key = None
        for line in self.lines[first + 1 : end]:
            match = re.match(r"^([A-Za-z][\w-]*):\s*(.*)$", line)
            if match:
                key = match[1]
                self.front[key] = match[2].strip()
            elif key is not None and line.strip():
                item = re.match(r"^\s*-\s+(.*)$", line)
                value = self.front[key]
                if item and isinstance(value, list | str) and (isinstance(value, list) or not value):
                    self.front[key] = [*(value if isinstance(value, list) else []), item[1].strip()]
                elif isinstance(value, str):
                    self.front[key] = f"{value} {line.strip()}".strip()
        for key in self.front:
            if key not in ("title", "author"):
                self.drop(f"front matter key {key!r}", "document settings (layout, colours, regrouping) are not modelled")
        return end + 1

    def _section(self) -> str | None:
        return next((g for _, g in reversed(self.sections) if g is not None), None)

    def _block(self, block: list[tuple[int, str]], previous: tuple[str, str] | None) -> tuple[str, str] | None:
        number, first = block[0]
        head = first.strip()
        heading = _HEADING.match(head) if head.startswith("#") else None
        if heading:
            self._heading(number, len(heading[1]), heading[2], heading[3])
            if len(block) > 1:
                self.prose += 1
            return None
        if _PCS_ITEM.match(head):
            self._pcs(block, previous)
            return None
        if _ELEMENT_START.match(head):
            return self._tree(block)
        if _RELATION.match(head):
            raise self.fail(f"relation {head.split()[0]!r} has no statement or argument above it", number, "put it under the element it relates to, indented")
        self.prose += 1
        return None

    def _heading(self, number: int, level: int, title: str, data: str | None) -> None:
        is_group = True
        if data:
            if re.search(r"isGroup\s*:\s*false", data):
                is_group = False
            rest = re.sub(r"isGroup\s*:\s*(true|false)\s*,?", "", data.strip("{} ")).strip(" ,")
            if rest:
                self.drop(f"line {number}: heading data {{{rest}}}", "heading settings other than isGroup are not modelled")
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        group = None
        if is_group:
            group = slugify(title) or f"group-{number}"
            if group not in self.groups:
                self.groups[group] = (title, self._section(), number)
        else:
            self.notes.append(f"line {number}: heading {title!r} is not a group (isGroup: false)")
        self.sections.append((level, group))

    # -- elements --

    def _clean(self, text: str, number: int) -> tuple[str, set[str]]:
        data = _DATA.search(text)
        if data:
            self.drop(f"line {number}: data {data[0].strip()}", "Argdown data is not modelled")
            text = text[: data.start()]
        tags = {t.strip("()") for t in _TAG.findall(text)}
        text = _TAG.sub("", text)
        return re.sub(r"\s+", " ", text).strip(), tags

    def _mention(self, content: str, number: int) -> tuple[str, str]:
        """Register ``[T]: text`` / ``<T>: text`` (or a bare reference) and return its key."""
        content, tags = self._clean(content, number)
        statement, argument = _STATEMENT.match(content), _ARGUMENT.match(content)
        match = statement or argument
        if match is None:
            raise self.fail(f"{content[:40]!r} is not a [statement] or <argument>", number, "write [Title], [Title]: text, <Title> or <Title>: text")
        kind = "s" if statement else "a"
        title = match["title"].strip()
        key = (kind, title)
        element = self.elements.get(key)
        if element is None:
            element = self.elements[key] = _Element(kind, title, group=self._section(), line=number)
        text = (match["text"] or "").strip()
        if text and not element.defined:  # an element belongs to the section of its first definition
            element.group, element.defined = self._section(), True
        if text and text not in element.texts:
            element.texts.append(text)
        element.tags |= tags
        return key

    def _untitled(self, content: str, number: int) -> tuple[str, str]:
        text, tags = self._clean(content, number)
        if not text:
            raise self.fail("a premise-conclusion line has no text", number, "write (n) [Title], (n) [Title]: text or (n) text")
        key = ("u", text)
        element = self.elements.setdefault(key, _Element("s", None, [text], line=number))  # belongs to its argument
        element.tags |= tags
        return key

    def _items(self, block: list[tuple[int, str]], starts: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
        """Join continuation lines: (line, indent, text) for each item of a block."""
        items: list[tuple[int, int, str]] = []
        for number, raw in block:
            stripped = raw.strip()
            indent = len(raw) - len(raw.lstrip())
            new = (
                not items
                or _RELATION.match(stripped)
                or _DASHES.match(stripped)
                or stripped.startswith("{")
                or (starts is not None and starts.match(stripped))
            )
            if new or (items and _DASHES.match(items[-1][2])):
                items.append((number, indent, stripped))
            else:
                line, first_indent, text = items[-1]
                items[-1] = (line, first_indent, f"{text} {stripped}")
        return items

    def _relation(self, marker: str, parent: tuple[str, str], child: tuple[str, str], number: int) -> None:
        kind, child_is_source = _DIRECTION[marker]
        source, target = (child, parent) if child_is_source else (parent, child)
        if source == target:
            raise self.fail(f"{_show(source)} is related to itself", number, "relate two different elements")
        if kind == "undercut" and target[0] != "a":
            raise self.fail(f"undercut of {_show(target)}: only an argument (its inference) can be undercut", number, "undercut an <argument>, or attack the statement with - / ->")
        self.relations.setdefault((kind, source, target), number)

    def _tree(self, block: list[tuple[int, str]]) -> tuple[str, str] | None:
        items = self._items(block, None)
        number, indent, text = items[0]
        root = self._mention(text, number)
        stack: list[tuple[int, tuple[str, str]]] = [(indent, root)]
        for number, indent, text in items[1:]:
            match = _RELATION.match(text)
            if not match:
                raise self.fail(f"cannot read {text[:40]!r} inside a relation tree", number, "start the line with a relation (+, -, +>, ->, <+, <-, _>, ><)")
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise self.fail(f"relation {match[1]!r} is not indented under an element", number, "indent it under the statement or argument it relates to")
            child = self._mention(match[2], number)
            self._relation(match[1], stack[-1][1], child, number)
            stack.append((indent, child))
        return root if root[0] == "a" and len(items) >= 1 else None

    def _pcs(self, block: list[tuple[int, str]], previous: tuple[str, str] | None) -> None:
        number = block[0][0]
        if previous is None:
            self.untitled_arguments += 1
            previous = ("a", f"Untitled argument {self.untitled_arguments}")
            self.elements[previous] = _Element("a", previous[1], group=self._section(), line=number)
            self.notes.append(f"line {number}: a premise-conclusion structure without an argument title above it is named {previous[1]!r}")
        if previous in self.steps:
            raise self.fail(
                f"{_show(previous)} gets a second premise-conclusion structure (the first is at line {self.pcs_lines[previous]})",
                number, "give the second reconstruction another argument title",
            )
        self.pcs_lines[previous] = number
        if not self.elements[previous].defined:
            self.elements[previous].group, self.elements[previous].defined = self._section(), True
        items = self._items(block, _PCS_ITEM)
        steps: list[_Step] = []
        pending: list[tuple[str, str | None, str]] = []
        rule: list[str] | None = None
        after_inference = False
        stack: list[tuple[int, tuple[str, str]]] = []
        numbers: list[int] = []
        for line, indent, text in items:
            if _DASHES.match(text):
                if rule is not None:  # closing -- rule --
                    after_inference, rule_text = True, " ".join(rule).strip() or None
                    steps.append(_Step(list(pending), ("", None, ""), rule_text))
                    rule = None
                elif len(text.strip()) >= 4:
                    after_inference = True
                    steps.append(_Step(list(pending), ("", None, ""), None))
                else:
                    rule = []
                continue
            if rule is not None:
                if text.startswith("{"):
                    self.drop(f"line {line}: inference data {text}", "Argdown data is not modelled")
                else:
                    rule.append(text)
                continue
            item = _PCS_ITEM.match(text)
            relation = _RELATION.match(text)
            if item:
                numbers.append(int(item[1]))
                content = item[2].strip()
                key = self._mention(content, line) if content.startswith(("[", "<")) else self._untitled(content, line)
                entry = (key[0], key[1], str(line))
                if after_inference:
                    steps[-1].conclusion = entry
                    after_inference = False
                    pending = [entry]
                else:
                    pending.append(entry)
                stack = [(indent, key)]
            elif relation and stack:
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                child = self._mention(relation[2], line)
                self._relation(relation[1], stack[-1][1], child, line)
                stack.append((indent, child))
            else:
                raise self.fail(f"cannot read {text[:40]!r} in a premise-conclusion structure", line, "start the line with (n), a relation, or an inference line --")
        if rule is not None or not steps or steps[-1].conclusion[0] == "" or after_inference:
            raise self.fail(f"the premise-conclusion structure of {_show(previous)} has no conclusion after its inference line", number, "end it with ---- and then (n) the conclusion")
        if numbers != list(range(1, len(numbers) + 1)):
            self.notes.append(f"line {number}: {_show(previous)} is numbered {numbers}; positions are used")
        for step in steps:  # a step's premises are the statements since the previous conclusion, which is one of them
            step.premises = [p for p in step.premises if p[0] != ""]
        self.steps[previous] = steps

    # -- RDF --

    def build(self) -> tuple[Graph, ImportReport]:
        g = bind_prefixes(Graph())
        ns = Namespace(f"{IMPORT_BASE}{self.slug}/")
        source = ns["source"]
        title = self.front.get("title")
        Source(
            iri=str(source), title=title if isinstance(title, str) and title else self.path.name, external=True,
            comments=(f"Argdown file {self.path.name}, imported by policy-graph",),
        ).to_rdf(g)
        authors = self.front.get("author") or []
        authors = [authors] if isinstance(authors, str) else authors
        holders = []
        for name in authors:
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
        iris = self._iris(ns)
        for slug, (group_title, parent, _) in self.groups.items():
            g.add((ns[f"g-{slug}"], RDF.type, SKOS.Collection))
            g.add((ns[f"g-{slug}"], RDFS.label, Literal(group_title)))
            if parent is not None:
                g.add((ns[f"g-{parent}"], SKOS.member, ns[f"g-{slug}"]))
        counts: dict[str, int] = defaultdict(int)
        for key, element in self.elements.items():
            subject = iris[key]
            if element.kind == "s":
                counts["statements"] += 1
                label = element.texts[0] if element.texts else element.title or ""
                if not element.texts:
                    self.notes.append(f"line {element.line}: {_show(key)} has no text; its title is its label")
                Claim(iri=str(subject), label=label, holders=tuple(map(str, holders)), quoted_from=str(source)).to_rdf(g)
                for variant in element.texts[1:]:
                    g.add((subject, SKOS.altLabel, Literal(variant)))
            elif key not in self.steps:  # not reconstructed: no premises or conclusion to relate, its gist is a proposition
                counts["arguments"] += 1
                gist = element.texts[0] if element.texts else element.title or ""
                Claim(iri=str(subject), label=gist, holders=tuple(map(str, holders)), quoted_from=str(source)).to_rdf(g)
                g.add((subject, DCTERMS.type, _UNRECONSTRUCTED))
                for variant in element.texts[1:]:
                    g.add((subject, SKOS.altLabel, Literal(variant)))
            else:
                counts["arguments"] += 1
                g.add((subject, RDF.type, PG.Support))
                g.add((subject, RDFS.label, Literal(element.title or "")))
                for person in holders:
                    g.add((subject, PROV.wasAttributedTo, person))
                g.add((subject, PROV.wasQuotedFrom, source))
                for position, description in enumerate(element.texts):
                    g.add((subject, DCTERMS.description if position == 0 else SKOS.altLabel, Literal(description)))
            if element.title is not None:
                g.add((subject, DCTERMS.title, Literal(element.title)))
            for tag in sorted(element.tags):
                g.add((subject, DCTERMS.subject, Literal(tag)))
            if element.group is not None:
                g.add((ns[f"g-{element.group}"], SKOS.member, subject))
        counts["tags"] = len({t for e in self.elements.values() for t in e.tags})
        counts["groups"] = len(self.groups)
        for key, steps in self.steps.items():
            counts["reconstructed arguments"] += 1
            for position, step in enumerate(steps, 1):
                counts["inferences"] += 1
                node = iris[key] if position == len(steps) else URIRef(f"{iris[key]}-step-{position}")
                if node != iris[key]:
                    g.add((node, RDF.type, PG.Support))
                    g.add((node, RDFS.label, Literal(f"{key[1]} (step {position})")))
                    g.add((node, DCTERMS.isPartOf, iris[key]))
                    for person in holders:
                        g.add((node, PROV.wasAttributedTo, person))
                    g.add((node, PROV.wasQuotedFrom, source))
                for premise in step.premises:
                    g.add((node, PG["from"], iris[premise[:2]]))
                g.add((node, PG.to, iris[step.conclusion[:2]]))
                if step.rule:
                    g.add((node, PG.scheme, Literal(step.rule)))
        for (kind, source_key, target_key), _line in self.relations.items():
            counts[kind] += 1
            rdf_class = PG.Support if kind == "support" else PG.Attack
            pairs = [(source_key, target_key)] + ([(target_key, source_key)] if kind == "contradiction" else [])
            for u, v in pairs:
                node = ns["r-" + _digest(kind, str(iris[u]), str(iris[v]))]
                g.add((node, RDF.type, rdf_class))
                g.add((node, PG["from"], iris[u]))
                g.add((node, PG.to, iris[v]))
                for person in holders:
                    g.add((node, PROV.wasAttributedTo, person))
                g.add((node, PROV.wasQuotedFrom, source))
                if kind in ("undercut", "contradiction"):
                    g.add((node, PG.scheme, Literal(kind.capitalize())))
        order = ["statements", "arguments", "reconstructed arguments", "inferences", "support", "attack", "undercut", "contradiction", "groups", "tags"]
        report = ImportReport(
            path=str(self.path), format="argdown", slug=self.slug,
            counts={k: counts.get(k, 0) for k in order}, unmapped=tuple(self.unmapped), notes=tuple(self.notes),
        )
        return g, report

    def _iris(self, ns: Namespace) -> dict[tuple[str, str], URIRef]:
        iris: dict[tuple[str, str], URIRef] = {}
        used: set[str] = set()
        for key, element in self.elements.items():
            if key[0] == "u":
                local = _untitled_local(key[1])
            else:
                local = f"{element.kind}-{slugify(key[1]) or _digest(key[1])[:8]}"
                base, n = local, 1
                while local in used:
                    n += 1
                    local = f"{base}-{n}"
            used.add(local)
            iris[key] = ns[local]
        return iris


def _show(key: tuple[str, str]) -> str:
    return f"<{key[1]}>" if key[0] == "a" else f"[{key[1]}]"


def _untitled_local(text: str) -> str:
    return f"s-{slugify(text)[:48].strip('-')}-{_digest(text)[:6]}"


def _is_untitled(graph: Graph, node: URIRef) -> bool:
    """An untitled Argdown statement: no title, and the IRI `read_argdown` derives from its text."""
    label = graph.value(node, RDFS.label)
    return graph.value(node, DCTERMS.title) is None and label is not None and str(node).endswith("/" + _untitled_local(str(label)))


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
        self.placed: set[URIRef] = set()
        self.titles: dict[URIRef, str] = {}
        taken: set[tuple[bool, str]] = set()
        for node in sorted(self.statements | self.arguments, key=str):
            if node in self.untitled:
                continue
            title = str(g.value(node, DCTERMS.title) or str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
            title = re.sub(r"[\[\]<>]", "", title).strip() or "untitled"
            base, n = title, 1
            while (node in self.arguments, title) in taken:
                n += 1
                title = f"{base} {n}"
            taken.add((node in self.arguments, title))
            self.titles[node] = title

    def ref(self, node: URIRef) -> str:
        return f"<{self.titles[node]}>" if node in self.arguments else f"[{self.titles[node]}]"

    def text(self, node: URIRef, predicate: URIRef = RDFS.label) -> str:
        value = self.g.value(node, predicate)
        tags = " ".join(f"#{t}" if re.fullmatch(r"[\w][\w-]*", str(t)) else f"#({t})" for t in sorted(map(str, self.g.objects(node, DCTERMS.subject))))
        text = re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
        return f"{text} {tags}".strip()

    def incoming(self, node: URIRef) -> list[str]:
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
        members: dict[URIRef, URIRef] = {}
        groups = sorted((s for s in g.subjects(RDF.type, SKOS.Collection) if isinstance(s, URIRef)), key=lambda s: str(g.value(s, RDFS.label) or s))
        for group in groups:
            for member in g.objects(group, SKOS.member):
                members.setdefault(member, group)  # type: ignore[arg-type]
        blocks = ["// Argdown written by policy-graph"]
        for group in [None, *groups]:
            if group is not None:
                depth, parent = 1, members.get(group)
                while parent is not None and depth < 6:
                    depth, parent = depth + 1, members.get(parent)
                blocks.append(f"{'#' * depth} {g.value(group, RDFS.label) or group}")
            blocks += self._statements([s for s in self.titles if s in self.statements and members.get(s) == group])
            blocks += self._arguments([a for a in self.arguments if members.get(a) == group])
        others = sorted(r for r in self.plain if not ((r, RDF.type, PG.Support) in g or (r, RDF.type, PG.Attack) in g))
        for relation in others:
            kind = next(str(c).rsplit("#", 1)[-1] for c in _RELATION_CLASSES if (relation, RDF.type, c) in g)
            ends = [self._end(e) for p in (PG["from"], PG.to) for e in g.objects(relation, p)]
            sign = g.value(relation, PG.sign)
            blocks.append(f"// {kind} (no Argdown syntax): " + " -> ".join(ends) + (f" ({sign})" if sign else ""))
        return "\n\n".join(blocks) + "\n"

    def _end(self, node: URIRef) -> str:
        return self.ref(node) if node in self.titles else str(self.g.value(node, RDFS.label) or node)

    def _statements(self, nodes: list[URIRef]) -> list[str]:
        blocks = []
        for node in sorted(nodes, key=lambda n: self.titles[n]):
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

    def _key(self, node: object) -> str:
        return self.titles.get(node, str(self.g.value(node, RDFS.label) or node))  # type: ignore[arg-type]

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
                    lines.append(f"    {marker} {self.ref(target)}")  # type: ignore[arg-type]
                elif target == node and source in self.titles and scheme != "Contradiction":
                    lines.append(f"    {'<+' if support else '<-'} {self.ref(source)}")  # type: ignore[arg-type]
        return sorted(set(lines), key=lines.index)
