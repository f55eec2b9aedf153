"""Write a graph as authoring files: a registry of actors and places and one file per source.

The inverse of `policy_graph.authoring.compile`: each node goes to the file of the source it is
quoted from, in the order of the text; each relation is listed under the node it starts from
where that node is in the same file; quotes of another text are ``mentions`` of that text's
file. What the compiler would find on its own (a prefix of repeated words, footnote markers,
a relation's id built from its ends) is left out; only where it would find something else is
it written. Used once to move ``data/claims.ttl`` into ``sources/``, and for any imported graph.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, URIRef

from .. import model
from ..namespaces import ID, RDF
from . import format as fmt
from .compile import REGISTRY, _short
from .texts import SourceText

__all__ = ["SCHEMA_LINE", "dump", "graph_to_files", "schema_files"]

#: First line of an authoring file: tells a YAML language server which schema checks it.
SCHEMA_LINE = "# yaml-language-server: $schema={}\n"
_ENTRY = re.compile(r"^  [a-z0-9][\w-]*:\n")
_VERB = {kind: verb for verb, kind in fmt.VERBS.items()}


class _Flow(list[Any]):
    """A list written on one line: ``[macron, putin]``."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def dump(value: dict[str, Any], schema: str) -> str:
    """``value`` as YAML text with the schema line on top, long lines unbroken, sections apart."""
    text = yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6, default_flow_style=False)
    lines = text.splitlines(keepends=True)
    spaced = ("\n" + line if i and (line[:1].isalpha() or (_ENTRY.match(line) and not lines[i - 1].endswith(":\n"))) else line for i, line in enumerate(lines))
    return SCHEMA_LINE.format(schema) + "\n" + "".join(spaced)


def schema_files() -> dict[str, str]:
    """The JSON Schema files of the format, by file name, as committed in ``sources/``."""
    import json

    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in fmt.schemas().items()}


def graph_to_files(graph: Graph, corpus_dir: Path) -> dict[str, str]:
    """The authoring files of ``graph``, by file name (``registry.yaml``, ``<source>.yaml``)."""
    return _Converter(graph, corpus_dir).files()


def _local(iri: str) -> str:
    return iri.removeprefix(str(ID))


def _one_or_many(values: tuple[str, ...] | list[str]) -> Any:
    values = [_local(v) for v in values]
    return None if not values else values[0] if len(values) == 1 else _Flow(values)


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, (), [], {}, False)}


class _Converter:
    def __init__(self, graph: Graph, corpus_dir: Path) -> None:
        self.graph = graph
        self.nodes: dict[str, Any] = {}
        for iri, rdf_class in graph.subject_objects(RDF.type):
            if isinstance(iri, URIRef) and rdf_class in model.MODELS and str(iri) not in self.nodes:
                self.nodes[str(iri)] = model.model_for(graph, str(iri))
        self.sources = {iri: node for iri, node in self.nodes.items() if isinstance(node, model.Source)}
        self.texts = {iri: SourceText((corpus_dir / s.corpus_file).read_text(encoding="utf-8")) for iri, s in self.sources.items() if s.corpus_file}
        self.home = {iri: self._home(node) for iri, node in self.nodes.items()}
        self.starts = {iri: self._start(node) for iri, node in self.nodes.items()}

    # where a node is written, and where in the text it first appears
    def _home(self, node: Any) -> str | None:
        if isinstance(node, model.Claim):
            return node.quoted_from
        if isinstance(node, model.Source):
            return node.iri
        quotes = getattr(node, "quotes", ())
        return min((q.source for q in quotes), default=None)

    def _start(self, node: Any) -> int:
        spans = [self.texts[q.source].occurrences(q.exact, prefix=q.prefix or "", suffix=q.suffix or "") for q in getattr(node, "quotes", ()) if q.source in self.texts]
        return min((s[0][0] for s in spans if s), default=10**9)

    def files(self) -> dict[str, str]:
        registry: dict[str, Any] = {"actors": {}, "places": {}}
        for iri, node in sorted(self.nodes.items()):
            if isinstance(node, model.Actor):
                registry["actors"][_local(iri)] = _clean({
                    "kind": node.kind, "label": node.label, "also": _one_or_many(node.alt_labels), "titles": _one_or_many(node.job_titles),
                    "wikidata": _one_or_many([q.rsplit("/", 1)[-1] for q in node.same_as]), "member_of": _one_or_many(node.affiliations),
                    "unnamed": node.unnamed, "comment": _one_or_many(node.comments),
                })
            elif isinstance(node, model.Place):
                registry["places"][_local(iri)] = _clean({"label": node.label, "also": _one_or_many(node.alt_labels), "comment": _one_or_many(node.comments)})
        files = {REGISTRY: dump(registry, "registry.schema.json")}
        for source_iri in sorted(self.sources):
            name = _local(source_iri).removeprefix("src-") + ".yaml"
            files[name] = dump(self._source_file(source_iri), "source.schema.json")
        return files

    def _source_file(self, source_iri: str) -> dict[str, Any]:
        source: model.Source = self.sources[source_iri]
        document: dict[str, Any] = {"source": _clean({
            "id": _local(source.iri), "title": source.title, "text": source.corpus_file, "author": _one_or_many([source.creator] if source.creator else []),
            "issued": source.issued, "label": source.label, "description": source.description, "comment": _one_or_many(source.comments),
        })}
        mine = sorted((iri for iri, home in self.home.items() if home == source_iri and iri != source_iri), key=lambda i: (self.starts[i], i))
        relations = [i for i in mine if isinstance(self.nodes[i], model.Relation)]
        placed: set[str] = set()
        for section, node_class in (("events", model.Event), ("claims", model.Claim), ("explanations", model.Explanation)):
            entries = {}
            for iri in mine:
                node = self.nodes[iri]
                if isinstance(node, node_class):
                    entry = self._node(node, source_iri)
                    links = [self._link(self.nodes[r], source_iri, nested=True) for r in relations if self.nodes[r].source == iri]
                    placed.update(r for r in relations if self.nodes[r].source == iri)
                    entries[_local(iri)] = _clean({**entry, "links": links})
            document[section] = entries
        document["relations"] = [self._link(self.nodes[r], source_iri, nested=False) for r in relations if r not in placed]
        mentions = {}
        for iri in sorted(self.nodes, key=lambda i: (self.starts[i], i)):
            quotes = [q for q in getattr(self.nodes[iri], "quotes", ()) if q.source == source_iri]
            if quotes and self.home[iri] != source_iri:
                mentions[_local(iri)] = self._quotes(iri, quotes)
        document["mentions"] = mentions
        return _clean(document)

    def _quotes(self, owner: str, quotes: tuple[model.Quote, ...] | list[model.Quote]) -> Any:
        written = []
        for quote in sorted(quotes, key=lambda q: self._quote_start(q)):
            detail = _clean({"text": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix})
            if tuple(quote.footnotes) != self._auto_footnotes(owner, quote):
                detail["footnotes"] = _Flow(quote.footnotes)
            written.append(detail["text"] if list(detail) == ["text"] else detail)
        return written[0] if len(written) == 1 else written

    def _quote_start(self, quote: model.Quote) -> int:
        if quote.source not in self.texts:
            return 0
        spans = self.texts[quote.source].occurrences(quote.exact, prefix=quote.prefix or "", suffix=quote.suffix or "")
        return spans[0][0] if spans else 10**9

    def _auto_footnotes(self, owner: str, quote: model.Quote) -> tuple[str, ...]:
        if not hasattr(self, "_attached"):
            self._attached: dict[tuple[str, str, str | None, str | None], tuple[str, ...]] = {}
            for source, text in self.texts.items():
                owned = [(iri, q) for iri, n in sorted(self.nodes.items()) for q in getattr(n, "quotes", ()) if q.source == source]
                spans = [(*text.occurrences(q.exact, prefix=q.prefix or "", suffix=q.suffix or "")[0], isinstance(self.nodes[iri], model.Relation)) for iri, q in owned]
                for (iri, q), markers in zip(owned, text.attachments(spans)):
                    self._attached[(iri, q.exact, q.prefix, q.suffix)] = tuple(sorted(markers))
        return self._attached.get((owner, quote.exact, quote.prefix, quote.suffix), ())

    def _node(self, node: Any, source_iri: str) -> dict[str, Any]:
        local_quotes = [q for q in node.quotes if q.source == source_iri]
        entry: dict[str, Any] = {"label": node.label}
        if isinstance(node, model.Event):
            entry |= {
                "also": _one_or_many(node.alt_labels), "date": node.date, "until": node.end_date, "date_text": node.date_text,
                "certainty": None if node.certainty == "stated" else node.certainty, "not_before": node.not_before, "not_after": node.not_after,
                **{role: _one_or_many(getattr(node, role)) for role in ("agent", "target", "host", "participant")}, "place": _one_or_many(node.places),
            }
        elif isinstance(node, model.Claim):
            entry |= {
                "holder": _one_or_many(node.holders), "about": _one_or_many(node.about), "stated_at": _one_or_many(node.stated_at),
                "hedge": node.hedge, "hedged_by": _one_or_many([node.hedged_by] if node.hedged_by else []), "confidence": node.confidence, "weight": node.weight,
            }
        else:
            entry |= {
                "type": node.explanation_type, "explains": _one_or_many(node.explains), "holder": _one_or_many(node.holders),
                "parts": _Flow(_local(p) for p in node.parts), "rivals": _one_or_many(node.competes_with),
            }
        return {**entry, "quote": self._quotes(node.iri, local_quotes) if local_quotes else None, "comment": _one_or_many(node.comments)}

    def _link(self, relation: model.Relation, source_iri: str, *, nested: bool) -> dict[str, Any]:
        verb = _VERB[relation.kind]
        start, end = _local(relation.source), _local(relation.target)
        default_id = f"rel-{_short(start)}-{verb}-{_short(end)}"
        local_quotes = [q for q in relation.quotes if q.source == source_iri]
        return _clean({
            "id": None if _local(relation.iri) == default_id else _local(relation.iri),
            "from": None if nested else start, "linked_with": _one_or_many(relation.linked_with), verb: end, "sign": relation.sign if relation.sign == "-" else None,
            "by": _one_or_many(relation.asserted_by), "quote": self._quotes(relation.iri, local_quotes) if local_quotes else None,
            "label": relation.label, "scheme": relation.scheme, "comment": _one_or_many(relation.comments),
        })

