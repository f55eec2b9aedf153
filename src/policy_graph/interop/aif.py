"""AIF JSON import and export: I-nodes as claims, S-nodes as relation nodes, the dialogue layer as provenance.

The Argument Interchange Format (Chesñevar et al. 2006; AIF specification, ARG Dundee 2011)
is read in both of its JSON forms: the full AIFdb form (``nodes``, ``edges``, ``locutions``,
optionally ``participants``) and the older nodes-and-edges form of AraucariaDB.

Mapping (one RDF node per AIF node, so that AIF -> RDF -> AIF is lossless):

========  ==============================  ============================================
AIF type  RDF class                        what it carries
========  ==============================  ============================================
I         ``pg:Claim``                     ``rdfs:label`` the text, ``prov:wasQuotedFrom`` the
                                           file's ``pg:Source``, ``prov:wasAttributedTo`` the speaker
RA        ``pg:Support``                   ``pg:from`` every premise, ``pg:to`` the conclusion,
                                           ``pg:scheme`` the normalised scheme name
CA        ``pg:Attack``                    ``pg:from`` the conflicting node, ``pg:to`` the conflicted one
MA        ``pg:Rephrase``                  ``pg:from`` the rephrasing node, ``pg:to`` the rephrased one
PA        ``pg:Preference``                ``pg:from`` the preferred node, ``pg:to`` the dispreferred one
L, YA, TA ``aif:L-node`` ... (provenance)  text, speaker, timestamps, ``aif:Premise`` / ``aif:Conclusion``
========  ==============================  ============================================

Each ``locutions`` record is a ``prov:Activity`` that ``prov:generated`` its L-node, with the
speaker (``prov:wasAssociatedWith``, whose ``dcterms:identifier`` keeps the ``personID`` as
number or string), ``timestamp`` (``dcterms:date``), ``start`` / ``end`` (``prov:startedAtTime``
/ ``prov:endedAtTime``) and ``source``; ``participants`` give the speakers' names
(``schema:givenName`` / ``schema:familyName``). Every edge is kept: edges of the argument layer
as ``pg:from`` / ``pg:to``, the others (into YA/TA, from a locution to any node) as
``aif:Premise`` / ``aif:Conclusion``.

Every node keeps its AIF id (``dcterms:identifier``) and timestamp (``prov:generatedAtTime``);
a scheme spelt differently from its normalised name keeps the original in
``dcterms:alternative``. Whatever has no place in the model is listed in the `ImportReport`.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "tiny.json").write_text(json.dumps({"nodes": [
...     {"nodeID": "1", "type": "I", "text": "Prices rise"},
...     {"nodeID": "2", "type": "I", "text": "Bubbles form"},
...     {"nodeID": "3", "type": "RA", "text": "RA", "scheme": "CauseToEffect"}],
...     "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "2"}]}))
>>> graph, report = read_aif(folder / "tiny.json")
>>> report.counts["RA"], str(graph.value(IMPORT_BASE["tiny/3"], PG.scheme))
(1, 'Cause To Effect')
>>> [(e["fromID"], e["toID"]) for e in write_aif(graph)["edges"]]
[('1', '3'), ('3', '2')]
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Self
from typing import Literal as TypingLiteral

import networkx as nx
import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict, Field
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ..errors import InputError
from ..model import Claim, Source
from ..namespaces import AIF, DCTERMS, ID, PG, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD
from ..store import FORMATS, Store, atomic_write, locked, save
from ..turtle import exact_graph, refuse_comments
from ..vocabulary import RELATION_KINDS

__all__ = [
    "AIF_TYPES",
    "CANONICAL_MAX_TRIPLES",
    "IMPORT_BASE",
    "ImportReport",
    "Triples",
    "Unmapped",
    "import_file",
    "merge_into",
    "normalise_scheme",
    "read_aif",
    "read_aif_triples",
    "slugify",

    "write_aif",
]

#: Where imported nodes live: ``IMPORT_BASE/<source-slug>/<node-id>``.
IMPORT_BASE = Namespace(str(ID) + "import/")

#: AIF node type -> RDF class. The first five form the argument layer, the last three the dialogue layer.
AIF_TYPES: dict[str, URIRef] = {
    "I": PG.Claim,
    # each scheme type reads as the relation kind that is its plain counterpart (no scheme name)
    **{kind.aif: PG[kind.rdf_class] for kind in RELATION_KINDS if kind.aif and kind.aif_scheme is None},
    "L": AIF["L-node"],
    "YA": AIF["YA-node"],
    "TA": AIF["TA-node"],
}
_S_TYPES = tuple(dict.fromkeys(kind.aif for kind in RELATION_KINDS if kind.aif))
_ARGUMENT_TYPES = ("I", *_S_TYPES)
_DIALOGUE_SCHEMES = ("YA", "TA")
_NODE_KEYS = {"nodeID", "text", "type", "timestamp", "scheme", "schemeID"}
_TOP_KEYS = {"nodes", "edges", "locutions", "participants"}
_LOCUTION_KEYS = {"nodeID", "personID", "timestamp", "start", "end", "source"}
_ID = re.compile(r"[A-Za-z0-9_.:-]+")
# the predicates written for every node, looked up once (a namespace attribute is a function call)
_TYPE, _LABEL, _IDENTIFIER, _ALTERNATIVE = RDF.type, RDFS.label, DCTERMS.identifier, DCTERMS.alternative
_ATTRIBUTED, _QUOTED_FROM, _GENERATED, _SCHEME = PROV.wasAttributedTo, PROV.wasQuotedFrom, PROV.generatedAtTime, PG.scheme
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")


class Unmapped(BaseModel):
    """One item of the input that the graph does not keep, and why."""

    model_config = ConfigDict(frozen=True)
    item: str
    reason: str


class ImportReport(BaseModel):
    """What an import read: counts per node type (or element kind) and every item not kept."""

    model_config = ConfigDict(frozen=True)
    path: str
    format: TypingLiteral["aif", "argdown"]
    slug: str
    counts: dict[str, int] = Field(default_factory=dict)
    unmapped: tuple[Unmapped, ...] = ()
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few lines for the terminal: counts, then each item not kept."""
        counts = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        lines = [f"{self.path} ({self.format}, namespace {IMPORT_BASE}{self.slug}/): {counts}"]
        lines += [f"  not kept: {u.item}: {u.reason}" for u in self.unmapped]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def slugify(text: str) -> str:
    """Lower-case words joined by ``-``, for IRIs.

    >>> slugify("Moral Maze 6064.json")
    'moral-maze-6064-json'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=4096)
def normalise_scheme(name: str) -> str:
    """Spell a scheme name as words: AraucariaDB's run-together names get spaces.

    >>> normalise_scheme("CauseToEffect"), normalise_scheme("Default Inference"), normalise_scheme("PureQuestioning")
    ('Cause To Effect', 'Default Inference', 'Pure Questioning')
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name.strip())
    return re.sub(r"\s+", " ", spaced)


def read_aif(path: Path | str, *, slug: str | None = None) -> tuple[Graph, ImportReport]:
    """Read an AIF JSON file (AIFdb or AraucariaDB form) into RDF.

    Parameters
    ----------
    path : the ``.json`` file.
    slug : the namespace of the new nodes under `IMPORT_BASE`; by default the file name's stem.

    Returns
    -------
    The graph and an `ImportReport` with counts per AIF node type and every item not kept.

    Raises
    ------
    InputError
        Malformed JSON (with line and column), a node without id or of an unknown type, a
        duplicate id, an edge or locution naming a node that is not there, a cycle of rephrases.
    """
    triples, report = read_aif_triples(path, slug=slug)
    return triples.to_store().graph(), report


def read_aif_triples(path: Path | str, *, slug: str | None = None) -> tuple[Triples, ImportReport]:
    """`read_aif` as `Triples` (N-Triples in a temporary file), never an rdflib graph or an
    in-memory store, so that import time and memory grow linearly with the file and stay small
    (see ``benchmarks/aif_import.py``)."""
    path = Path(path)
    text = _read_text(path)
    slug = slug or slugify(path.stem)
    if not slug:
        raise InputError("cannot derive a namespace from the file name", path=path, hint="give one with --slug NAME")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"malformed JSON: {err.msg}",
            path=path,
            line=err.lineno,
            column=err.colno,
            hint='fix the JSON syntax there; an AIF file is one object with "nodes" and "edges"',
        ) from err
    del text  # the parsed data is kept; the text is read again only to give an error's line
    triples = Triples()
    report = _Reader(path, data, slug, triples).read()
    triples.flush()
    return triples, report


def write_aif(graph: Graph) -> dict[str, Any]:
    """Write a graph as AIF JSON in AIFdb form (``nodes``, ``edges``, ``locutions``; ``participants`` if any).

    Claims become I-nodes; supports, causal links RA; attacks and qualifications CA; rephrases
    MA; preferences PA; events and explanations that a relation links become I-nodes with their
    label; the dialogue layer of an AIF import is written back. Nodes keep their AIF id where
    they came from AIF, others are numbered after the largest id. ``pg:Precedes`` has no AIF
    counterpart and is left out.
    """
    return _Writer(graph).write()


def merge_into(target_path: Path | str, new: Graph | Triples) -> Path:
    """Add ``new`` to the RDF file ``target_path`` atomically, refusing any IRI collision.

    No subject IRI of ``new`` may already be described in the target: imports are
    namespaced by source (`IMPORT_BASE`), so a collision means the same source was imported
    before. On any error the target is left byte for byte as it was. A missing target is created.
    The target is locked from the read to the rename (`policy_graph.store.locked`), so two
    imports into the same file both land. A Turtle target is rewritten canonically (as ``fmt``
    writes it) with its literals exactly as written, up to `CANONICAL_MAX_TRIPLES`; above that,
    and for N-Triples and JSON-LD targets, the store's canonical literal forms are written
    (``"01"^^xsd:integer`` becomes ``"1"``).
    """
    target = Path(target_path)
    if FORMATS.get(target.suffix) is None:
        raise InputError(f"cannot tell the format of {target.name}", path=target, hint="use .ttl, .nt or .jsonld")
    with locked(target):
        triples = new if isinstance(new, Triples) else Triples.from_graph(new)
        existing = Store.from_files([target], relative_iris=False) if target.exists() else Store()
        if target.exists() and target.suffix == ".ttl":  # refused rather than lost in the rewrite
            refuse_comments(target)
        described = {q.subject.value for q in existing.ox.quads_for_pattern(None, None, None) if isinstance(q.subject, ox.NamedNode)}
        clashes = sorted(described & triples.described)
        if clashes:
            more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
            raise InputError(
                f"the import would overwrite {clashes[0]}{more}, already in the target",
                path=target,
                hint="import it under another namespace (--slug NAME), or remove the earlier import of this source first",
            )
        if target.suffix == ".ttl" and len(existing) + len(triples) > CANONICAL_MAX_TRIPLES:
            atomic_write(target, triples.turtle(before=existing))
            return target
        if target.suffix == ".ttl":  # the target's literals as written ("01"^^xsd:integer stays "01")
            merged_graph = exact_graph(target) if target.exists() else Graph()
            merged_graph += triples.to_store().graph()
            return save(merged_graph, target)
        merged = triples.to_store()
        merged.ox.extend(existing.ox.quads_for_pattern(None, None, None))
        return save(merged.graph(), target)


#: Up to this many triples an import is written as canonical Turtle (as ``fmt`` writes it);
#: above, pyoxigraph's Turtle writer streams the same triples (minutes faster at a million).
CANONICAL_MAX_TRIPLES = 200_000


def import_file(
    path: Path | str,
    *,
    fmt: TypingLiteral["aif", "argdown"],
    into: Path | str | None = None,
    slug: str | None = None,
) -> tuple[Triples, ImportReport]:
    """Read an AIF or Argdown file and, with ``into``, merge it into that RDF file (the CLI's ``import``)."""
    if slug is not None and slugify(slug) != slug:
        raise InputError(f"the namespace {slug!r} is not a slug", hint=f"use lower-case letters, digits and -, e.g. --slug {slugify(slug) or 'second-copy'}")
    if fmt == "aif":
        triples, report = read_aif_triples(path, slug=slug)
    elif fmt == "argdown":
        from .argdown import read_argdown

        try:
            graph, report = read_argdown(path, slug=slug)
            triples = Triples.from_graph(graph)
        except InputError as err:  # a JSON file read as Argdown: say which form it probably is
            if _read_text(Path(path)).lstrip().startswith(("{", "[")):
                raise InputError("no statement found in it as argdown: it is JSON", path=Path(path), hint="is it aif? then give --from aif") from err
            raise
    else:
        raise InputError(f"unknown import format {fmt!r}", hint="use aif or argdown")
    if not triples.has_claims:
        other = "argdown" if fmt == "aif" else "aif"  # e.g. an AIF file read as Argdown: nothing to keep
        raise InputError(f"no statement found in it as {fmt}", path=Path(path), hint=f"is it {other}? then give --from {other}")
    if into is not None:
        merge_into(into, triples)
    return triples, report


# ---- reading --------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError("file not found", path=path, hint="check the path")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"invalid UTF-8 byte 0x{data[err.start]:02x}", path=path, line=line, hint="save the file as UTF-8") from err
    if not text.strip():
        raise InputError("the file is empty", path=path, hint="give a non-empty file")
    return text


def _conclusion(node: str, kind: dict[str, str], succs: dict[str, list[str]]) -> str | None:
    """The conclusion of an S-node: its first I-node successor, else its first S-node successor
    (an undercut CA -> RA, a preference PA -> RA); an edge from it to another S-node that is not
    its conclusion makes it a premise there (RA -> PA: the preferred argument)."""
    following = [s for s in succs[node] if kind[s] in _ARGUMENT_TYPES]
    return next((s for s in following if kind[s] == "I"), following[0] if following else None)


def _json_type(value: Any) -> str:
    """How JSON names the type of ``value``: object, array, string, number, boolean or null."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and _ID.fullmatch(value) is not None)


def _timestamp(value: Any) -> Literal | None:
    match = _TIMESTAMP.fullmatch(str(value).strip()) if value is not None else None
    if not match:
        return None
    return Literal(f"{match[1]}T{match[2]}{match[3] or ''}{match[4] or ''}", datatype=XSD.dateTime, normalize=False)


class Triples(Graph):
    """The triples of an import, written as N-Triples into a temporary file as they are made.

    Write-only as a graph (``add``); counted (``len``), with the IRIs it describes
    (``described``); read back as a `Store` (`to_store`) or as Turtle (`turtle`) by streaming
    the file. A million-node import is a few hundred megabytes here, gigabytes as an rdflib
    graph or an in-memory pyoxigraph store.
    """

    def __init__(self) -> None:
        super().__init__()
        self.file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (open as long as the triples are used; closed when they are freed)
        self.lines: list[str] = []
        self.count = 0
        self.described: set[str] = set()
        self.has_claims = False
        self.iris: dict[Node, str] = {}
        self.repeated: set[Node] = set()  # IRIs that are objects of many triples (speakers, the source)
        self.with_speaker_unknown = False

    @classmethod
    def from_graph(cls, graph: Graph) -> Triples:
        """The triples of an rdflib graph."""
        triples = cls()
        for triple in graph:
            triples.add(triple)
        triples.flush()
        return triples

    def __len__(self) -> int:
        return self.count

    def add(self, triple: tuple[Node, Node, Node]) -> Self:
        s, p, o = triple
        iris = self.iris  # predicates, classes, speakers and the source repeat: written once each
        self.lines.append(
            f"{iris.get(s) or _nt(s)} {iris.get(p) or iris.setdefault(p, _nt(p))} "
            f"{(iris.get(o) or (iris.setdefault(o, _nt(o)) if o in self.repeated else _nt(o))) if isinstance(o, URIRef) else _nt(o)} .\n"
        )
        self.count += 1
        if isinstance(s, URIRef):
            self.described.add(str(s))
        if p == _TYPE and o == PG.Claim:
            self.has_claims = True
        if len(self.lines) >= 100_000:
            self.flush()
        return self

    def flush(self) -> None:
        self.file.write("".join(self.lines).encode("utf-8"))
        self.lines.clear()

    def quads(self) -> Iterator[ox.Quad]:
        """The triples, parsed back from the file."""
        self.flush()
        self.file.seek(0)
        return iter(ox.parse(self.file, format=ox.RdfFormat.N_TRIPLES))

    def to_store(self) -> Store:
        """The triples in a new in-memory `Store`."""
        store = ox.Store()
        store.extend(self.quads())
        return Store(store)

    def turtle(self, *, before: Store | None = None) -> bytes:
        """The triples as Turtle, after those of ``before``: canonical (`canonical_turtle`) up
        to `CANONICAL_MAX_TRIPLES`, else streamed by pyoxigraph's Turtle writer."""
        earlier = before.ox.quads_for_pattern(None, None, None) if before is not None else iter(())
        if len(self) + (len(before) if before is not None else 0) <= CANONICAL_MAX_TRIPLES:
            from ..turtle import canonical_turtle

            store = self.to_store()
            store.ox.extend(earlier)
            return canonical_turtle(store.graph()).encode("utf-8")
        prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
        data = ox.serialize(itertools.chain(earlier, self.quads()), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return data if isinstance(data, bytes) else b""


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Node) -> str:
    """A term in N-Triples."""
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_NT_ESCAPES)}"'
        return f"{text}@{term.language}" if term.language else f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"_:{term}" if isinstance(term, BNode) else f"<{term}>"


class _Reader:
    def __init__(self, path: Path, data: Any, slug: str, graph: Triples) -> None:
        self.path, self.data, self.slug = path, data, slug
        self.ns = Namespace(f"{IMPORT_BASE}{slug}/")
        self.graph = graph
        self.unmapped: list[Unmapped] = []
        self.nodes: dict[str, dict[str, Any]] = {}

    @property
    def text(self) -> str:
        return _read_text(self.path)

    def fail(self, problem: str, *, key: str | None = None, value: str | None = None, hint: str) -> InputError:
        return InputError(problem, path=self.path, line=self._line(key, value), hint=hint)

    def _line(self, key: str | None, value: str | None) -> int | None:
        if key is None:
            return None
        after = rf'\s*"?{re.escape(value)}"?\s*[,}}\n]' if value is not None else ""
        match = re.search(rf'"{re.escape(key)}"\s*:{after}', self.text)
        return self.text.count("\n", 0, match.start()) + 1 if match else None

    def drop(self, item: str, reason: str) -> None:
        self.unmapped.append(Unmapped(item=item, reason=reason))

    # -- checks --

    def _check(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        data = self.data
        if not isinstance(data, dict):
            raise InputError(
                f"expected a JSON object, found {_json_type(data)}", path=self.path, line=1,
                hint='an AIF file is one object with "nodes" and "edges" lists',
            )
        for key in ("nodes", "edges"):
            if not isinstance(data.get(key), list):
                found = f", found {_json_type(data[key])}" if key in data else ""
                raise InputError(f'no "{key}" list{found}', path=self.path, hint='an AIF file is one object with "nodes" and "edges" lists')
        for key in ("locutions", "participants"):
            if data.get(key) is not None and not isinstance(data[key], list):
                raise InputError(f'"{key}" is {_json_type(data[key])}, not a list', path=self.path, line=self._line(key, None),
                                 hint=f'write "{key}" as a list of objects, or leave it out')
        for key in sorted(set(data) - _TOP_KEYS):
            self.drop(f'top-level key "{key}"', "not part of AIF nodes, edges, locutions or participants")
        for position, node in enumerate(data["nodes"], 1):
            if not isinstance(node, dict):
                raise InputError(f"node number {position} is {_json_type(node)}, not an object", path=self.path, hint='write nodes as {"nodeID": ..., "type": ..., "text": ...}')
            node_id = self._id(node.get("nodeID"), position)
            kind = node.get("type")
            if not isinstance(kind, str) or kind not in AIF_TYPES:
                raise self.fail(
                    f"node {node_id} has unknown type {kind!r}" if isinstance(kind, str) else f"node {node_id} has type {_json_type(kind)}, not a string",
                    key="nodeID", value=node_id, hint="AIF node types are " + ", ".join(AIF_TYPES),
                )
            if node_id in self.nodes:
                raise self.fail(f"node id {node_id} is used twice", key="nodeID", value=node_id, hint="give each node its own nodeID")
            for key in ("text", "scheme", "timestamp"):
                if isinstance(node.get(key), dict | list):
                    raise self.fail(f"node {node_id} has {key} {_json_type(node[key])}", key="nodeID", value=node_id, hint=f"write {key} as a string")
            if kind == "I" and not str(node.get("text") or "").strip():
                raise self.fail(f"I-node {node_id} has no text", key="nodeID", value=node_id, hint="give the node the text of its proposition")
            self.nodes[node_id] = node
            for key in sorted(set(node) - _NODE_KEYS):
                self.drop(f"node {node_id} key {key!r}", "AIF node attribute with no place in the model")
        edges = []
        for position, edge in enumerate(data["edges"], 1):
            if not isinstance(edge, dict):
                raise InputError(f"edge number {position} is not an object", path=self.path, hint='write edges as {"fromID": ..., "toID": ...}')
            edge_id = str(edge.get("edgeID", f"number {position}"))
            for end in ("fromID", "toID"):
                ref = edge.get(end)
                if not _is_id(ref) or str(ref) not in self.nodes:
                    raise self.fail(
                        f"edge {edge_id} {end} {ref} names a node that is not in \"nodes\"",
                        key="edgeID", value=edge_id, hint="add the missing node or remove the edge",
                    )
            if edge.get("formEdgeID") is not None:
                self.drop(f"edge {edge_id} formEdgeID {edge['formEdgeID']}", "AIFdb form edges are not modelled")
            edges.append(edge)
        locutions = data.get("locutions") or []
        for position, locution in enumerate(locutions, 1):
            spoken = str(locution.get("nodeID")) if isinstance(locution, dict) and _is_id(locution.get("nodeID")) else None
            if spoken is None or spoken not in self.nodes or self.nodes[spoken]["type"] != "L":
                shown = spoken if spoken is not None else f"number {position}"
                raise self.fail(
                    f"locution {shown} names no L-node in \"nodes\"" if spoken is None else f"a locution names node {spoken}, which is not an L-node in \"nodes\"",
                    key="nodeID", value=str(spoken), hint="add the L-node or remove the locution",
                )
            person = locution.get("personID")
            if person is not None and not _is_id(person):
                raise self.fail(f"the locution of node {spoken} has personID {_json_type(person)}", key="nodeID", value=spoken, hint="write personID as a number or a string")
            for key in sorted(set(locution) - _LOCUTION_KEYS):
                self.drop(f"locution of node {spoken} key {key!r}", "AIFdb locution attribute with no place in the model")
        return data["nodes"], edges, locutions

    def _id(self, value: Any, position: int) -> str:
        """The id of node number ``position`` as text: a number, or letters, digits and ``-_.:`` (it becomes part of an IRI)."""
        if not _is_id(value):
            keys = list(re.finditer(r'"nodeID"\s*:', self.text))  # the nodes before it all have one
            line = self.text.count("\n", 0, keys[position - 1].start()) + 1 if value is not None and len(keys) >= position else None
            problem = "has no nodeID" if value in (None, "") else f"has nodeID {value!r}" if isinstance(value, str) else f"has nodeID {_json_type(value)}"
            raise InputError(f"node number {position} {problem}", path=self.path, line=line,
                             hint='give every node a "nodeID": a number, or a string of letters, digits, -, _, . and :')
        return str(value)

    # -- build --

    def read(self) -> ImportReport:
        _, edges, locutions = self._check()
        g, ns = self.graph, self.ns
        kind = {node_id: node["type"] for node_id, node in self.nodes.items()}
        iri = {node_id: ns[node_id] for node_id in self.nodes}
        preds: dict[str, list[str]] = defaultdict(list)
        succs: dict[str, list[str]] = defaultdict(list)
        for edge in edges:
            u, v = str(edge["fromID"]), str(edge["toID"])
            succs[u].append(v)
            preds[v].append(u)
        self._check_rephrase_cycles(kind, preds, succs)

        source = ns["source"]
        Source(iri=str(source), title=self.path.name, external=True, comments=(f"AIF JSON file {self.path.name}, imported by policy-graph",)).to_rdf(g)

        speakers = self._speakers(locutions)
        holders = self._holders(kind, preds, succs, speakers)
        unknown = ns["unknown-speaker"]
        g.repeated.update({source, unknown, PG.Source, PG.ExternalSource, *AIF_TYPES.values(), *(s for people in speakers.values() for s in people)})

        for node_id, node in self.nodes.items():
            subject, node_kind = iri[node_id], node["type"]
            node_text = str(node.get("text") or "")
            who = holders.get(node_id) or set()
            if node_kind in _ARGUMENT_TYPES and not who:
                who = {unknown}
                self.graph.with_speaker_unknown = True
            if node_kind == "I":
                # checked above (an I-node has text; ids and the namespace make valid IRIs): built without re-validation
                Claim.model_construct(iri=str(subject), label=node_text, holders=tuple(sorted(map(str, who))), quoted_from=str(source)).to_rdf(g)
            else:
                g.add((subject, _TYPE, AIF_TYPES[node_kind]))
                if node_text:
                    g.add((subject, _LABEL, Literal(node_text)))
                for person in sorted(who):
                    g.add((subject, _ATTRIBUTED, person))
                if node_kind in _S_TYPES:
                    g.add((subject, _QUOTED_FROM, source))
            g.add((subject, _IDENTIFIER, Literal(node_id)))
            if node.get("timestamp") not in (None, ""):
                stamp = _timestamp(node["timestamp"])
                if stamp is None:
                    self.drop(f"node {node_id} timestamp {node['timestamp']!r}", "not a date and time")
                else:
                    g.add((subject, _GENERATED, stamp))
            scheme = node.get("scheme")
            if scheme not in (None, ""):
                normal = normalise_scheme(str(scheme))
                g.add((subject, _SCHEME, Literal(normal)))
                if normal != scheme:
                    g.add((subject, _ALTERNATIVE, Literal(str(scheme))))
            if node.get("schemeID") not in (None, ""):
                self.drop(f"node {node_id} schemeID {node['schemeID']}", "AIFdb scheme number; the scheme name is kept")
            if node_kind in _S_TYPES:
                if not any(kind[p] in _ARGUMENT_TYPES for p in preds[node_id]):
                    self.drop(f"{node_kind}-node {node_id}", "has no premise: kept as a relation without pg:from")
                if not any(kind[s] in _ARGUMENT_TYPES for s in succs[node_id]):
                    self.drop(f"{node_kind}-node {node_id}", "has no conclusion: kept as a relation without pg:to")
        if self.graph.with_speaker_unknown:
            g.add((unknown, RDF.type, PG.Group))
            g.add((unknown, RDFS.label, Literal(f"unknown speaker (AIF nodeset {self.slug})")))
            g.add((unknown, PG.unnamed, Literal(True)))

        conclusion = {u: _conclusion(u, kind, succs) for u in kind if kind[u] in _S_TYPES}
        for edge in edges:
            self._add_edge(edge, kind, iri, conclusion)
        counts = {t: sum(1 for k in kind.values() if k == t) for t in AIF_TYPES}
        counts = {k: v for k, v in counts.items() if v} | {"edges": len(edges), "locutions": len(locutions)}
        report = ImportReport(path=str(self.path), format="aif", slug=self.slug, counts=counts, unmapped=tuple(self.unmapped))
        return report

    def _add_edge(self, edge: dict[str, Any], kind: dict[str, str], iri: dict[str, URIRef], conclusion: dict[str, str | None]) -> None:
        """One AIF edge as one triple: argument-layer edges as ``pg:from`` / ``pg:to``, the others
        (the dialogue layer, and any edge touching it) as ``aif:Premise`` / ``aif:Conclusion``."""
        u, v = str(edge["fromID"]), str(edge["toID"])
        ku, kv = kind[u], kind[v]
        if ku in _ARGUMENT_TYPES and kv in _ARGUMENT_TYPES:
            if ku in _S_TYPES and (conclusion[u] == v or kv not in _S_TYPES):
                self.graph.add((iri[u], PG.to, iri[v]))
            elif kv in _S_TYPES:  # a premise, or a relation (an argument) premise of another relation
                self.graph.add((iri[v], PG["from"], iri[u]))
            else:
                self.drop(f"edge {edge.get('edgeID')} {u} -> {v}", "links two I-nodes directly; AIF relates I-nodes only through S-nodes")
        elif ku in _DIALOGUE_SCHEMES and kv not in _DIALOGUE_SCHEMES:
            self.graph.add((iri[u], AIF.Conclusion, iri[v]))
        else:  # into a YA/TA, or between a locution and any node: kept as the head's premise
            self.graph.add((iri[v], AIF.Premise, iri[u]))

    def _check_rephrase_cycles(self, kind: dict[str, str], preds: dict[str, list[str]], succs: dict[str, list[str]]) -> None:
        rephrases = nx.DiGraph()
        for node_id, node_kind in kind.items():
            if node_kind == "MA":
                for u in preds[node_id]:
                    for v in succs[node_id]:
                        rephrases.add_edge(u, v, via=node_id)
        try:
            cycle = nx.find_cycle(rephrases)
        except nx.NetworkXNoCycle:
            return
        chain = " -> ".join([cycle[0][0], *(v for _, v in cycle)])
        via = ", ".join(rephrases.edges[u, v]["via"] for u, v in cycle)
        first = rephrases.edges[cycle[0][0], cycle[0][1]]["via"]
        raise self.fail(
            f"rephrases form a cycle: {chain} (MA-nodes {via})", key="nodeID", value=first,
            hint="a rephrase restates another proposition; remove one MA-node of the cycle",
        )

    def _speakers(self, locutions: list[dict[str, Any]]) -> dict[str, set[URIRef]]:
        """L-node -> speaker IRIs; adds the speakers and each locution record to the graph.

        A locution record is a ``prov:Activity`` (the utterance) that ``prov:generated`` its
        L-node, ``prov:wasAssociatedWith`` the speaker, with ``dcterms:date`` (AIF ``timestamp``),
        ``prov:startedAtTime`` / ``prov:endedAtTime`` (``start`` / ``end``), ``dcterms:source``
        and its position in ``dcterms:identifier``. Ids keep their JSON type (number or string).
        """
        g, ns = self.graph, self.ns
        participants: dict[str, dict[str, Any]] = {}
        for participant in self.data.get("participants") or []:
            if isinstance(participant, dict) and _is_id(participant.get("participantID")):
                participants[str(participant["participantID"])] = participant
        prefixes: dict[str, set[str]] = defaultdict(set)
        raw_ids: dict[str, Any] = {}
        found: dict[str, set[URIRef]] = defaultdict(set)
        for position, locution in enumerate(locutions, 1):
            node_id, person = str(locution["nodeID"]), locution.get("personID")
            record = ns[f"locution-{position}"]
            g.add((record, RDF.type, PROV.Activity))
            g.add((record, PROV.generated, ns[node_id]))
            g.add((record, DCTERMS.identifier, Literal(position)))
            for key, predicate in (("timestamp", DCTERMS.date), ("start", PROV.startedAtTime), ("end", PROV.endedAtTime), ("source", DCTERMS.source)):
                value = locution.get(key)
                if value is not None:
                    stamp = _timestamp(value) if key != "source" else None
                    g.add((record, predicate, stamp if stamp is not None else Literal(value if isinstance(value, str) else json.dumps(value))))
            if person is None:
                continue
            speaker = ns[f"person-{slugify(str(person))}"]
            g.add((record, PROV.wasAssociatedWith, speaker))
            raw_ids[str(person)] = person
            found[node_id].add(speaker)
            match = re.match(r"\s*([^:]{1,40}?)\s*:\s", str(self.nodes[node_id].get("text") or ""))
            prefixes[str(person)].add(match[1] if match else "")
        for person in sorted(set(prefixes) | set(participants)):
            subject = ns[f"person-{slugify(person)}"]
            entry = participants.get(person, {})
            given, family = (str(entry.get(k) or "").strip() for k in ("firstname", "surname"))
            seen = prefixes.get(person, set())
            initials = next(iter(seen)) if len(seen) == 1 and "" not in seen else ""
            name = " ".join(filter(None, (given, family)))
            label = name or (f"{initials} (AIFdb person {person})" if initials else f"AIFdb person {person}")
            g.add((subject, RDF.type, PG.Person))
            g.add((subject, RDFS.label, Literal(label)))
            g.add((subject, DCTERMS.identifier, Literal(raw_ids.get(person, entry.get("participantID", person)))))
            for value, predicate in ((given, SCHEMA.givenName), (family, SCHEMA.familyName)):
                if value:
                    g.add((subject, predicate, Literal(value)))
        for node_id, people in found.items():
            for person_iri in people:
                g.add((ns[node_id], PROV.wasAttributedTo, person_iri))
        return found

    def _holders(
        self, kind: dict[str, str], preds: dict[str, list[str]], succs: dict[str, list[str]], speakers: dict[str, set[URIRef]]
    ) -> dict[str, set[URIRef]]:
        """I- and S-node -> the speakers whose locutions bring it about (through YA-nodes)."""
        holders: dict[str, set[URIRef]] = defaultdict(set)
        for node_id, node_kind in kind.items():
            if node_kind != "YA":
                continue
            said: set[URIRef] = set()
            for p in preds[node_id]:
                if kind[p] == "L":
                    said |= speakers.get(p, set())
                elif kind[p] == "TA":
                    later = [s for s in succs[p] if kind[s] == "L"] or [q for q in preds[p] if kind[q] == "L"]
                    for locution in later:
                        said |= speakers.get(locution, set())
            for target in succs[node_id]:
                if kind[target] in _ARGUMENT_TYPES:
                    holders[target] |= said
        return holders


# ---- writing --------------------------------------------------------------------------------

_EXPORT_TYPES: dict[URIRef, tuple[str, str | None]] = {
    **{PG[kind.rdf_class]: (kind.aif, kind.aif_scheme) for kind in RELATION_KINDS if kind.aif},
    AIF["L-node"]: ("L", None),
    AIF["YA-node"]: ("YA", None),
    AIF["TA-node"]: ("TA", None),
}


def _aif_time(value: Node | None) -> str | None:
    """A date and time as AIFdb writes it (``2014-04-28 15:51:40``; fraction and zone kept, in canonical form: ``.500`` is ``.5``)."""
    if value is None:
        return None
    match = _TIMESTAMP.fullmatch(str(value))
    return f"{match[1]} {match[2]}{match[3] or ''}{match[4] or ''}" if match else str(value)


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph

    def write(self) -> dict[str, Any]:
        g = self.g
        kinds: dict[URIRef, str] = {}
        schemes: dict[URIRef, str | None] = {}
        for rdf_class, (aif_type, default_scheme) in _EXPORT_TYPES.items():
            for subject in g.subjects(RDF.type, rdf_class):
                if isinstance(subject, URIRef) and subject not in kinds:
                    kinds[subject] = aif_type
                    schemes[subject] = default_scheme
        for subject in g.subjects(RDF.type, PG.Claim):
            if isinstance(subject, URIRef):
                kinds[subject] = "I"
        relation_like = [s for s, k in kinds.items() if k in _S_TYPES or k in _DIALOGUE_SCHEMES]
        for relation in relation_like:
            for predicate in (PG["from"], PG.to, AIF.Premise, AIF.Conclusion):
                for end in g.objects(relation, predicate):
                    if isinstance(end, URIRef) and end not in kinds:
                        kinds[end] = "I"  # an event or explanation linked by a relation: a proposition about it
        ids = self._ids(sorted(kinds))
        nodes = []
        for subject in sorted(kinds, key=lambda s: _id_key(ids[s])):
            aif_type = kinds[subject]
            label = g.value(subject, RDFS.label)
            node: dict[str, Any] = {"nodeID": ids[subject], "text": str(label) if label is not None else aif_type, "type": aif_type}
            stamp = _aif_time(min(g.objects(subject, PROV.generatedAtTime), default=None, key=str))
            if stamp is not None:
                node["timestamp"] = stamp
            scheme = g.value(subject, DCTERMS.alternative) or g.value(subject, PG.scheme) or schemes.get(subject)
            if scheme is not None and aif_type != "I":
                node["scheme"] = str(scheme)
            nodes.append(node)
        edges: list[dict[str, str | None]] = []
        seen: set[tuple[str, str]] = set()
        for subject in sorted(kinds, key=lambda s: _id_key(ids[s])):
            pairs: list[tuple[Node, Node]] = [(end, subject) for p in (PG["from"], AIF.Premise) for end in g.objects(subject, p)]
            pairs += [(subject, end) for p in (PG.to, AIF.Conclusion) for end in g.objects(subject, p)]
            for u, v in sorted(pairs, key=lambda pair: (_id_key(ids.get(pair[0], "")), _id_key(ids.get(pair[1], "")))):
                if u in ids and v in ids and (ids[u], ids[v]) not in seen:
                    seen.add((ids[u], ids[v]))
                    edges.append({"edgeID": str(len(edges) + 1), "fromID": ids[u], "toID": ids[v], "formEdgeID": None})
        locutions, participants = self._locutions(kinds, ids)
        result: dict[str, Any] = {"nodes": nodes, "edges": edges, "locutions": locutions}
        if participants:
            result["participants"] = participants
        return result

    def _ids(self, subjects: Iterable[URIRef]) -> dict[Node, str]:
        ids: dict[Node, str] = {}
        taken: set[str] = set()
        subjects = list(subjects)
        for subject in subjects:
            given = self.g.value(subject, DCTERMS.identifier)
            if given is not None and str(given) not in taken:
                ids[subject] = str(given)
                taken.add(str(given))
        numbers = [int(i) for i in taken if i.isdigit()]
        counter = max(numbers, default=0)
        for subject in subjects:
            if subject not in ids:
                counter += 1
                while str(counter) in taken:
                    counter += 1
                ids[subject] = str(counter)
                taken.add(str(counter))
        return ids

    def _locutions(self, kinds: dict[URIRef, str], ids: dict[Node, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The locution records (``prov:Activity`` generating an L-node) in their order, and the speakers."""
        g = self.g
        records = []
        for record in g.subjects(RDF.type, PROV.Activity):
            spoken = g.value(record, PROV.generated)
            if isinstance(spoken, URIRef) and kinds.get(spoken) == "L":
                position = g.value(record, DCTERMS.identifier)
                records.append((_number(position), str(record), record, spoken))
        locutions: list[dict[str, Any]] = []
        people: dict[str, dict[str, Any]] = {}
        for _, _, record, spoken in sorted(records):
            speaker = g.value(record, PROV.wasAssociatedWith)
            person = _json_value(g.value(speaker, DCTERMS.identifier)) if speaker is not None else None
            if speaker is not None and person is None:
                person = str(speaker).rsplit("/", 1)[-1]
            given, family = (g.value(speaker, p) for p in (SCHEMA.givenName, SCHEMA.familyName)) if speaker is not None else (None, None)
            if given is not None or family is not None:  # a named participant; others are named by their locutions
                people[str(person)] = {"participantID": person, "firstname": str(given or ""), "surname": str(family or "")}
            entry: dict[str, Any] = {"nodeID": ids[spoken], "personID": person}
            for key, predicate in (("timestamp", DCTERMS.date), ("start", PROV.startedAtTime), ("end", PROV.endedAtTime), ("source", DCTERMS.source)):
                entry[key] = _aif_time(g.value(record, predicate)) if key != "source" else _json_value(g.value(record, predicate))
            locutions.append(entry)
        participants = sorted(people.values(), key=lambda p: _id_key(str(p["participantID"])))
        return locutions, participants


def _number(value: Node | None) -> int:
    return int(value) if isinstance(value, Literal) and str(value).isdigit() else 0


def _json_value(value: Node | None) -> Any:
    """A literal as the JSON value it was read from (a number stays a number)."""
    return value.toPython() if isinstance(value, Literal) and value.datatype == XSD.integer else (None if value is None else str(value))


def _id_key(value: str) -> tuple[int, int | str]:
    return (0, int(value)) if value.isdigit() else (1, value)
