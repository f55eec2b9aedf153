"""Compile the authoring files into the graph, checking each against its source text.

`compile_folder` reads ``registry.yaml`` and every other ``*.yaml`` of a folder, resolves each
reference (an id, or a label or alternative spelling of an actor, place or event), places every
quote in its source text (choosing the prefix of repeated words and attaching footnote markers),
builds the model objects of `policy_graph.model` and runs `policy_graph.validate` on the result.
Every problem is reported at its ``file:line:column``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from rdflib import BNode, Graph, URIRef

from .. import model
from ..dates import DateError, parse_date
from ..errors import InputError
from ..names import folded_name
from ..namespaces import ID, WD, bind_prefixes
from ..vocabulary import EVENT_ROLES
from . import format as fmt
from .texts import SourceText
from .yamlfile import Document, Position, read

__all__ = ["REGISTRY", "BuildError", "Compiled", "Problem", "compile_folder", "display_path"]

#: The registry's file name inside the sources folder.
REGISTRY = "registry.yaml"
Kind = Literal["actor", "place", "source", "event", "claim", "explanation", "relation"]
_ACTOR: tuple[Kind, ...] = ("actor",)
_RELATION_ENDS: tuple[Kind, ...] = ("claim", "event", "explanation", "relation")
_ABOUT: tuple[Kind, ...] = ("event", "actor", "place", "claim", "explanation")
_NAMED: tuple[Kind, ...] = ("actor", "place", "event")  # referable by label or alternative spelling

_PREFIXES = ("cl-", "ev-", "ex-", "rel-", "place-", "src-")


@dataclass(frozen=True)
class Problem:
    """One problem found while compiling, at its place in an authoring file."""

    position: Position
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.position}: {self.message}" if self.severity == "error" else f"{self.position}: warning: {self.message}"


class BuildError(InputError):
    """The authoring files cannot be compiled: the problems, each at its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(str(problems[0]) + more)

    def __str__(self) -> str:
        return self.problem


@dataclass
class Compiled:
    """The graph compiled from the authoring files, the warnings, and where each node is written."""

    graph: Graph
    warnings: list[Problem]
    positions: dict[str, Position]
    texts: dict[str, SourceText] = field(default_factory=dict)
    anchored: dict[str, list[tuple[int, int, tuple[str, ...]]]] = field(default_factory=dict)

    def source_files(self) -> dict[str, str]:
        """The authoring file of each source id."""
        return {src: self.positions[src].file for src in self.texts}


def compile_folder(folder: Path, corpus_dir: Path, *, validate: bool = True, known: set[str] | None = None) -> Compiled:
    """Compile the authoring files of ``folder`` (texts read from ``corpus_dir``); raises `BuildError`.

    ``known`` are the ids of the graph built before: a node not among them whose label is close
    to another node's of its kind is reported as a probable duplicate (a warning).
    """
    return _Compiler(folder, corpus_dir).run(validate=validate, known=known)


@dataclass
class _Quote:
    owner: str
    source: str
    spec: fmt.QuoteDetail
    position: Position
    order: tuple[str, int, int]
    start: int = -1
    end: int = -1
    prefix: str | None = None


@dataclass
class _Entry:
    id: str
    kind: Kind
    document: Document
    path: tuple[Any, ...]
    data: Any  # the entry's model of the format (fmt.Claim, fmt.Actor, ...)
    source: str | None = None
    quotes: list[_Quote] = field(default_factory=list)


class _Compiler:
    def __init__(self, folder: Path, corpus_dir: Path) -> None:
        self.folder = folder
        self.corpus_dir = corpus_dir
        self.problems: list[Problem] = []
        self.entries: dict[str, _Entry] = {}
        self.names: dict[Kind, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.links: list[tuple[fmt.Link, str | None, Document, tuple[Any, ...], str]] = []
        self.mentions: list[tuple[str, Any, Document, tuple[Any, ...], str]] = []
        self.texts: dict[str, SourceText] = {}
        self.footnotes: dict[int, tuple[str, ...]] = {}
        self.relation_ends: dict[str, tuple[str, str]] = {}

    # -- reading -------------------------------------------------------------------------------

    def run(self, *, validate: bool, known: set[str] | None) -> Compiled:
        registry, sources = self._read()
        self._stop_if_problems()
        self._register(registry, sources)
        self._stop_if_problems()
        self._resolve_links()
        self._stop_if_problems()
        self._place_quotes()
        graph = self._graph()  # also after a quote problem: the references are checked too
        self._stop_if_problems()
        positions = {entry_id: entry.document.where(entry.path, key=True) for entry_id, entry in self.entries.items()}
        warnings = self._duplicates(known) if known is not None else []
        if validate:
            warnings += self._validate(graph, positions)
        self._stop_if_problems()
        anchored: dict[str, list[tuple[int, int, tuple[str, ...]]]] = defaultdict(list)
        for entry in self.entries.values():
            for quote in entry.quotes:
                if quote.start >= 0:
                    anchored[quote.source].append((quote.start, quote.end, self.footnotes.get(id(quote), ())))
        return Compiled(graph, warnings, positions, self.texts, dict(anchored))

    def _stop_if_problems(self) -> None:
        if self.problems:
            raise BuildError(sorted(set(self.problems), key=lambda p: (p.position.file, p.position.line, p.position.column, p.message)))

    def _error(self, document: Document, path: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        self.problems.append(Problem(document.where(path, key=key), message))

    def _read(self) -> tuple[tuple[Document, fmt.Registry] | None, list[tuple[Document, fmt.SourceDocument]]]:
        if not self.folder.is_dir():
            raise InputError("the sources folder was not found", path=self.folder, hint="pass the folder of the authoring files (sources/)")
        registry = None
        sources = []
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                document = read(path, name=display_path(path))
            except InputError as err:
                self.problems.append(Problem(Position(str(err.path), err.line or 1, err.column or 1), err.problem + (f" ({err.hint})" if err.hint else "")))
                continue
            try:
                if path.name == REGISTRY:
                    registry = (document, fmt.Registry.model_validate(document.value))
                else:
                    sources.append((document, fmt.SourceDocument.model_validate(document.value)))
            except ValidationError as err:
                self._report_validation(document, err)
        return registry, sources

    def _report_validation(self, document: Document, err: ValidationError) -> None:
        """One problem per place; of a union's alternatives, the one that got furthest into the value."""
        chosen: dict[tuple[Any, ...], tuple[int, Problem]] = {}
        for error in err.errors():
            loc = tuple(error["loc"])
            path = document.resolved(loc)
            last = loc[-1] if loc else "value"
            if error["type"] == "extra_forbidden":
                problem = Problem(document.where(path, key=True), f"unknown field {last!r}")
            elif error["type"] == "missing":
                problem = Problem(document.where(path), f"missing field {last!r}")
            else:
                name = next((str(e) for e in reversed(path) if isinstance(e, str)), "value")
                problem = Problem(document.where(path), f"{name}: {error['msg']}")
            if path not in chosen or len(loc) > chosen[path][0]:
                chosen[path] = (len(loc), problem)
        self.problems.extend(problem for _, problem in chosen.values())

    # -- registering ids and names -------------------------------------------------------------

    def _add(self, entry: _Entry) -> None:
        if entry.id in self.entries:
            first = self.entries[entry.id]
            self._error(entry.document, entry.path, f"{entry.id!r} is already defined at {first.document.where(first.path, key=True)}: give this node another id", key=True)
            return
        self.entries[entry.id] = entry
        if entry.kind in _NAMED:
            for name in (entry.data.label, *fmt.as_tuple(getattr(entry.data, "also", None))):
                self.names[entry.kind][folded_name(name)].add(entry.id)

    def _register(self, registry: tuple[Document, fmt.Registry] | None, sources: list[tuple[Document, fmt.SourceDocument]]) -> None:
        if registry is not None:
            document, data = registry
            for actor_id, actor in data.actors.items():
                self._add(_Entry(actor_id, "actor", document, ("actors", actor_id), actor))
            for place_id, place in data.places.items():
                self._add(_Entry(place_id, "place", document, ("places", place_id), place))
        for document, source in sources:
            src = source.source.id
            self._add(_Entry(src, "source", document, ("source", "id"), source.source, source=src))
            for section, kind in (("events", "event"), ("claims", "claim"), ("explanations", "explanation")):
                for node_id, node in getattr(source, section).items():
                    self._add(_Entry(node_id, kind, document, (section, node_id), node, source=src))  # type: ignore[arg-type]
                    for index, link in enumerate(node.links):
                        self.links.append((link, node_id, document, (section, node_id, "links", index), src))
            for index, link in enumerate(source.relations):
                self.links.append((link, None, document, ("relations", index), src))
            for reference, quotes in source.mentions.items():
                self.mentions.append((reference, quotes, document, ("mentions", reference), src))

    def resolve(self, reference: str, kinds: tuple[Kind, ...], document: Document, path: tuple[Any, ...], what: str) -> str | None:
        """The id ``reference`` names among ``kinds``, or None after reporting why not."""
        entry = self.entries.get(reference)
        if entry is not None:
            if entry.kind in kinds:
                return reference
            self._error(document, path, f"{what}: {reference!r} is {_article(entry.kind)}, not {' or '.join(_article(k) for k in kinds)}")
            return None
        matches = {i for kind in kinds if kind in _NAMED for i in self.names[kind].get(folded_name(reference), ())}
        if len(matches) == 1:
            return matches.pop()
        if matches:
            self._error(document, path, f"{what}: {reference!r} names several nodes ({', '.join(sorted(matches))}): write the id")
            return None
        candidates = {i: i for i, e in self.entries.items() if e.kind in kinds}
        for kind in kinds:
            for name, ids in self.names[kind].items():
                candidates.setdefault(name, min(ids))
        close = difflib.get_close_matches(folded_name(reference) if folded_name(reference) in candidates else reference, list(candidates), n=3, cutoff=0.6)
        close = close or difflib.get_close_matches(folded_name(reference), list(candidates), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(dict.fromkeys(candidates[c] for c in close))}?)" if close else ""
        self._error(document, path, f"{what}: unknown {' or '.join(kinds)} {reference!r}{hint}")
        return None

    def _refs(self, value: Any, kinds: tuple[Kind, ...], document: Document, path: tuple[Any, ...], what: str) -> tuple[str, ...]:
        if isinstance(value, list):
            found = (self.resolve(ref, kinds, document, path + (i,), what) for i, ref in enumerate(value))
        else:
            found = (self.resolve(ref, kinds, document, path, what) for ref in fmt.as_tuple(value))
        return tuple(ref for ref in found if ref is not None)

    def _resolve_links(self) -> None:
        for link, owner, document, path, src in self.links:
            start = owner if owner is not None else None
            if owner is None:
                if link.from_ is None:
                    self._error(document, path, "a relation under `relations:` needs `from`")
                    continue
                start = self.resolve(link.from_, _RELATION_ENDS, document, path + ("from",), "from")
            elif link.from_ is not None:
                self._error(document, path + ("from",), "a link listed under a node starts from that node: remove `from`", key=True)
                continue
            verb = link.verb()
            end = self.resolve(getattr(link, verb), _RELATION_ENDS, document, path + (verb,), verb)
            if link.id is None and (start is None or end is None):
                continue
            relation_id = link.id or f"rel-{_short(start or '')}-{verb}-{_short(end or '')}"
            self._add(_Entry(relation_id, "relation", document, path, link, source=src))
            if start is not None and end is not None:
                self.relation_ends[relation_id] = (start, end)

    # -- quotes ----------------------------------------------------------------------------------

    def _text(self, src: str) -> SourceText | None:
        """The text of the source ``src``, or None for a source whose text is not in the corpus."""
        entry = self.entries[src]
        info: fmt.SourceInfo = entry.data
        if info.text is None:
            return None
        if src not in self.texts:
            path = self.corpus_dir / info.text
            try:
                self.texts[src] = SourceText(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self._error(entry.document, ("source", "text"), f"the text {info.text} is not in the corpus folder {self.corpus_dir} (put it there, or pass --corpus)")
                self.texts[src] = SourceText("")
                return None
        return self.texts[src]

    def _collect_quotes(self) -> list[_Quote]:
        quotes = []
        for entry in list(self.entries.values()):
            if entry.kind in ("actor", "place", "source"):
                continue
            value = entry.data.quote
            quotes += self._quote_specs(entry.id, value, entry.document, entry.path + ("quote",), entry.source or "")
        for reference, value, document, path, src in self.mentions:
            owner = self.resolve(reference, ("event", "claim", "explanation", "relation", "actor", "place"), document, path, "mention")
            if owner is not None:
                quotes += self._quote_specs(owner, value, document, path, src)
        return quotes

    @staticmethod
    def _quote_specs(owner: str, value: Any, document: Document, path: tuple[Any, ...], src: str) -> list[_Quote]:
        items = value if isinstance(value, list) else [] if value is None else [value]
        specs = []
        for index, item in enumerate(items):
            where = path + (index,) if isinstance(value, list) else path
            spec = item if isinstance(item, fmt.QuoteDetail) else fmt.QuoteDetail.model_validate({"text": item})
            position = document.where(where + ("text",) if isinstance(item, fmt.QuoteDetail) else where)
            specs.append(_Quote(owner, src, spec, position, (position.file, position.line, position.column)))
        return specs

    def _place_quotes(self) -> None:
        by_source: dict[str, list[_Quote]] = {src: [] for src, e in self.entries.items() if e.kind == "source"}
        for quote in self._collect_quotes():
            by_source.setdefault(quote.source, []).append(quote)
            self.entries[quote.owner].quotes.append(quote)
        for src, quotes in by_source.items():
            text = self._text(src)
            if text is not None:
                self._place_in(text, sorted(quotes, key=lambda q: q.order))
            else:
                for quote in quotes:  # a source without text: the quotes as written
                    self.footnotes[id(quote)] = tuple(quote.spec.footnotes or ())

    def _place_in(self, text: SourceText, quotes: list[_Quote]) -> None:
        cursor = 0
        for quote in quotes:
            spec = quote.spec
            spans = text.occurrences(spec.text, prefix=spec.prefix or "", suffix=spec.suffix or "")
            if not spans:
                line, passage = text.closest(spec.text)
                self.problems.append(Problem(quote.position, f"quote not found in the text; closest passage (text line {line}): “{_cut(passage)}”"))
                continue
            if len(spans) > 1 and (spec.prefix or spec.suffix):
                self.problems.append(Problem(quote.position, f"quote occurs {len(spans)} times even with its prefix/suffix: lengthen them"))
                continue
            start, end = next((s for s in spans if s[0] >= cursor), spans[0])
            quote.start, quote.end, quote.prefix = start, end, spec.prefix
            if len(spans) > 1:
                quote.prefix = text.unique_prefix(spec.text, start)
                if quote.prefix is None:
                    self.problems.append(Problem(quote.position, f"quote occurs {len(spans)} times and no prefix of {12} words tells them apart: give `prefix` or `suffix`"))
            cursor = start
        placed = [q for q in quotes if q.start >= 0]
        attached = text.attachments([(q.start, q.end, self.entries[q.owner].kind == "relation") for q in placed])
        present = {marker for marker, _ in text.markers()}
        for index, quote in enumerate(placed):
            if quote.spec.footnotes is None:
                self.footnotes[id(quote)] = tuple(sorted(attached[index]))
                continue
            for marker in quote.spec.footnotes:
                if marker not in present:
                    self.problems.append(Problem(quote.position, f"footnote [{marker}] is not in the text"))
                elif marker not in attached[index]:
                    self.problems.append(Problem(quote.position, f"footnote [{marker}] does not follow this quote: it belongs to the quote that ends just before [{marker}]"))
            self.footnotes[id(quote)] = tuple(quote.spec.footnotes)

    def _model_quotes(self, entry: _Entry) -> tuple[model.Quote, ...]:
        return tuple(
            model.Quote(exact=q.spec.text, source=ID[q.source], prefix=q.prefix, suffix=q.spec.suffix, footnotes=self.footnotes.get(id(q), ()))
            for q in entry.quotes
        )

    # -- the graph -------------------------------------------------------------------------------

    def _graph(self) -> Graph:
        graph = bind_prefixes(Graph())
        for entry in self.entries.values():
            reported = len(self.problems)
            try:
                node = self._model(entry)
            except ValidationError as err:
                if len(self.problems) > reported:
                    continue  # a reference of this node is wrong: that is the problem to report
                for error in err.errors():
                    self._error(entry.document, entry.path, f"{entry.id}: {error['msg']}", key=True)
                continue
            if node is not None:
                node.to_rdf(graph)  # type: ignore[attr-defined]
        return graph

    def _model(self, entry: _Entry) -> BaseModel | None:
        data: Any = entry.data
        doc, path = entry.document, entry.path
        iri = ID[entry.id]
        common: dict[str, Any] = {"iri": iri, "comments": fmt.as_tuple(data.comment)}

        def refs(name: str, kinds: tuple[Kind, ...], value: Any = None) -> tuple[str, ...]:
            found = self._refs(getattr(data, name) if value is None else value, kinds, doc, path + (name,), name)
            return tuple(ID[i] for i in found)

        quotes = self._model_quotes(entry)
        if entry.kind == "actor":
            return model.Actor(
                **common, label=data.label, quotes=quotes, kind=data.kind, job_titles=fmt.as_tuple(data.titles), alt_labels=fmt.as_tuple(data.also),
                same_as=tuple(WD[q] for q in fmt.as_tuple(data.wikidata)), affiliations=refs("member_of", _ACTOR), unnamed=data.unnamed,
            )
        if entry.kind == "place":
            return model.Place(**common, label=data.label, alt_labels=fmt.as_tuple(data.also), quotes=quotes)
        if entry.kind == "source":
            creator = refs("author", _ACTOR)
            return model.Source(
                **common, label=data.label, title=data.title, corpus_file=data.text, external=data.text is None, creator=creator[0] if creator else None,
                issued=data.issued, description=data.description,
            )
        if entry.kind == "event":
            try:
                precision = parse_date(data.date).precision
            except DateError as err:
                self._error(doc, path + ("date",), f"date: {err}")
                return None
            return model.Event(
                **common, label=data.label, alt_labels=fmt.as_tuple(data.also), quotes=quotes, date=data.date, precision=precision, end_date=data.until,
                date_text=data.date_text, certainty=data.certainty, not_before=data.not_before, not_after=data.not_after,
                places=refs("place", ("place",)), **{role: refs(role, _ACTOR) for role in EVENT_ROLES},  # type: ignore[arg-type]
            )
        if entry.kind == "claim":
            return model.Claim(
                **common, label=data.label, quotes=quotes, holders=refs("holder", _ACTOR), quoted_from=ID[entry.source or ""], about=refs("about", _ABOUT),
                stated_at=refs("stated_at", ("event",)), hedge=data.hedge, hedged_by=next(iter(refs("hedged_by", _ACTOR)), None),
                confidence=data.confidence, weight=data.weight,
            )
        if entry.kind == "explanation":
            return model.Explanation(
                **common, label=data.label, quotes=quotes, explanation_type=data.type, explains=refs("explains", ("claim", "event")),
                holders=refs("holder", _ACTOR), parts=refs("parts", ("claim", "event")), competes_with=refs("rivals", ("explanation",)),
            )
        if entry.id not in self.relation_ends:
            return None  # an end is unknown, already reported
        start, end = self.relation_ends[entry.id]
        external = entry.source is not None and self.entries[entry.source].data.text is None
        return model.Relation(
            iri=iri, kind=fmt.VERBS[data.verb()], source=ID[start], linked_with=refs("linked_with", _RELATION_ENDS), target=ID[end],
            quoted_from=ID[entry.source] if external and entry.source else None, sign=data.sign if data.verb() == "causes" else None,
            asserted_by=refs("by", _ACTOR), label=data.label, scheme=data.scheme, comments=fmt.as_tuple(data.comment), quotes=quotes,
        )

    def _duplicates(self, known: set[str]) -> list[Problem]:
        labels: dict[Kind, dict[str, str]] = defaultdict(dict)
        for entry_id, entry in self.entries.items():
            if entry.kind not in ("source", "relation"):
                labels[entry.kind].setdefault(folded_name(entry.data.label), entry_id)
        warnings = []
        for entry_id, entry in self.entries.items():
            if entry_id in known or entry.kind in ("source", "relation"):
                continue
            label = folded_name(entry.data.label)
            others = [name for name, other in labels[entry.kind].items() if other != entry_id]
            for close in difflib.get_close_matches(label, others, n=1, cutoff=0.85):
                other = labels[entry.kind][close]
                warnings.append(Problem(entry.document.where(entry.path, key=True), f"{entry_id} is a probable duplicate of {other} ({self.entries[other].data.label!r}): reuse {other}, or reword the label", "warning"))
        return warnings

    # -- validation ------------------------------------------------------------------------------

    def _validate(self, graph: Graph, positions: dict[str, Position]) -> list[Problem]:
        from ..store import Store
        from ..validate import validate

        report = validate(Store.from_graph(graph), graph=graph, models=False)
        warnings = []
        for finding in report.findings:
            where = self._focus_position(graph, finding.focus, positions)
            text = f"{finding.message} [{finding.rule}{' ' + finding.path if finding.path else ''}]"
            if finding.severity == "violation":
                self.problems.append(Problem(where, text))
            else:
                warnings.append(Problem(where, text, "warning"))
        return warnings

    def _focus_position(self, graph: Graph, focus: str | None, positions: dict[str, Position]) -> Position:
        node: Any = URIRef(focus) if focus and "://" in focus else BNode(focus) if focus else None
        for _ in range(4):  # a quote anchor or list node: walk up to the node that holds it
            if isinstance(node, URIRef) and str(node).startswith(str(ID)):
                local = str(node)[len(str(ID)):]
                if local in positions:
                    return positions[local]
            node = next(graph.subjects(None, node), None) if node is not None else None
        return Position(display_path(self.folder), 1, 1)


def display_path(path: Path) -> str:
    """``path`` relative to the current folder where it lies inside it, as messages show it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _short(node_id: str) -> str:
    return next((node_id[len(p):] for p in _PREFIXES if node_id.startswith(p)), node_id)


def _article(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _cut(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + " …"
