"""Typed models of the graph's things, converting to and from RDF without loss.

The only place where untrusted input becomes typed data: each model validates its fields
(dates against their precision, footnote markers, confidence levels) and ``to_rdf`` /
``from_rdf`` are exact inverses for the triples a model describes.

>>> from rdflib import Graph
>>> claim = Claim(iri="https://w3id.org/policy-graph/id/c1", label="Putin is pragmatic",
...               holders=("https://w3id.org/policy-graph/id/macron",),
...               quoted_from="https://w3id.org/policy-graph/id/src",
...               quotes=(Quote(exact="a pragmatic and reasonable man",
...                             source="https://w3id.org/policy-graph/id/src", footnotes=("xi",)),))
>>> g = Graph()
>>> claim.to_rdf(g)
>>> Claim.from_rdf(g, claim.iri) == claim
True
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Self
from typing import Literal as TypingLiteral

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .dates import DATATYPES as DATE_DATATYPES
from .dates import Certainty, DateSpan, Precision, parse_date, parse_span
from .namespaces import DCTERMS, OA, PG, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, XSD
from .vocabulary import EVENT_ROLES, RELATION_KINDS, RelationClass, relation_kind

__all__ = [
    "MODELS",
    "Actor",
    "ActorKind",
    "Claim",
    "Confidence",
    "Event",
    "Explanation",
    "ExplanationType",
    "Place",
    "Quote",
    "Relation",
    "Sign",
    "Source",
    "Weight",
    "model_for",
]

Iri = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Marker = Annotated[str, StringConstraints(pattern=r"^[ivxlc]+$")]


def _year(text: str) -> str:
    parse_date(text, "year")
    return text


def _canonical(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(sorted(set(values), key=str))


IriSet = Annotated[tuple[Iri, ...], AfterValidator(_canonical)]
TextSet = Annotated[tuple[Text, ...], AfterValidator(_canonical)]
_RELATION_CLASSES = tuple(PG[kind.rdf_class] for kind in RELATION_KINDS)
ActorKind = TypingLiteral["Person", "State", "Organization", "Group"]
Confidence = TypingLiteral["certain", "likely", "possible", "unlikely"]
Weight = TypingLiteral["decisive", "mostImportant", "contributing"]
ExplanationType = TypingLiteral["Diagnosis", "CausalAccount", "Interpretation", "Structure"]
Sign = TypingLiteral["+", "-"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def _read(cls, **fields: Any) -> Self:
        """A model from values read from a graph: pydantic checks them (as untrusted input)."""
        return cls.model_validate(fields)


def _literals(graph: Graph, subject: Node, predicate: URIRef) -> tuple[str, ...]:
    return tuple(str(o) for o in graph.objects(subject, predicate))


def _one(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _quotes(graph: Graph, subject: Node) -> tuple[Quote, ...]:
    """The quote anchors of ``subject`` in a canonical order (by source, then exact text)."""
    return tuple(sorted((Quote.from_rdf(graph, q) for q in graph.objects(subject, PG.quote)), key=lambda q: (q.source, q.exact)))


def _local(term: str | None) -> str | None:
    return None if term is None else term.rsplit("#", 1)[-1]


class Quote(_Model):
    """A verbatim quote anchor (``oa:TextQuoteSelector``) in a source, with its footnote markers."""

    exact: Text
    source: Iri
    prefix: str | None = None
    suffix: str | None = None
    footnotes: Annotated[tuple[Marker, ...], AfterValidator(_canonical)] = ()

    def to_rdf(self, graph: Graph) -> BNode:
        """Add the selector as a blank node and return it."""
        node = BNode()
        graph.add((node, RDF.type, OA.TextQuoteSelector))
        graph.add((node, OA.exact, Literal(self.exact)))
        graph.add((node, PG.inSource, URIRef(self.source)))
        for predicate, value in ((OA.prefix, self.prefix), (OA.suffix, self.suffix)):
            if value is not None:
                graph.add((node, predicate, Literal(value)))
        for marker in self.footnotes:
            graph.add((node, PG.footnote, Literal(marker)))
        return node

    @classmethod
    def from_rdf(cls, graph: Graph, node: Node) -> Quote:
        """Read a selector node."""
        return cls._read(
            exact=_one(graph, node, OA.exact) or "",
            source=_one(graph, node, PG.inSource) or "",
            prefix=_one(graph, node, OA.prefix),
            suffix=_one(graph, node, OA.suffix),
            footnotes=_literals(graph, node, PG.footnote),
        )


class _Thing(_Model):
    """Fields every named node shares: IRI, label, comments and quote anchors."""

    rdf_class: ClassVar[URIRef]
    iri: Iri
    label: Text
    comments: TextSet = ()
    quotes: tuple[Quote, ...] = ()

    def _add_common(self, graph: Graph, rdf_class: URIRef) -> URIRef:
        subject = URIRef(self.iri)
        graph.add((subject, RDF.type, rdf_class))
        graph.add((subject, RDFS.label, Literal(self.label)))
        for comment in self.comments:
            graph.add((subject, RDFS.comment, Literal(comment)))
        for quote in self.quotes:
            graph.add((subject, PG.quote, quote.to_rdf(graph)))
        return subject

    @staticmethod
    def _common(graph: Graph, iri: str) -> dict[str, Any]:
        subject = URIRef(iri)
        return {
            "iri": iri,
            "label": _one(graph, subject, RDFS.label) or "",
            "comments": _literals(graph, subject, RDFS.comment),
            "quotes": _quotes(graph, subject),
        }


class _Named(_Thing):
    """A node found by name (actor, place, event): its label and the other spellings texts use."""

    alt_labels: TextSet = ()

    def _add_common(self, graph: Graph, rdf_class: URIRef) -> URIRef:
        subject = super()._add_common(graph, rdf_class)
        for name in self.alt_labels:
            graph.add((subject, SKOS.altLabel, Literal(name)))
        return subject

    @staticmethod
    def _common(graph: Graph, iri: str) -> dict[str, Any]:
        return {**_Thing._common(graph, iri), "alt_labels": _literals(graph, URIRef(iri), SKOS.altLabel)}


class Source(_Thing):
    """A source document: title, creator, issue date and the corpus file it was read from.

    A source whose text is not in the corpus (an imported argument map) is ``external``
    (``pg:ExternalSource``) and has no corpus file.

    >>> Source(iri="urn:x:map", title="map.json", external=True).corpus_file is None
    True
    """

    rdf_class: ClassVar[URIRef] = PG.Source
    label: Text | None = None  # type: ignore[assignment]
    title: Text
    corpus_file: Text | None = None
    external: bool = False
    creator: Iri | None = None
    issued: Annotated[str, AfterValidator(_year)] | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _text_in_corpus_or_external(self) -> Source:
        if (self.corpus_file is None) != self.external:
            raise ValueError("a source has a corpus file, or is external (its text is not in the corpus), not both or neither")
        return self

    def to_rdf(self, graph: Graph) -> None:
        """Add the source's triples to ``graph``."""
        subject = URIRef(self.iri)
        graph.add((subject, RDF.type, PG.Source))
        if self.external:
            graph.add((subject, RDF.type, PG.ExternalSource))
        if self.label is not None:
            graph.add((subject, RDFS.label, Literal(self.label)))
        for comment in self.comments:
            graph.add((subject, RDFS.comment, Literal(comment)))
        graph.add((subject, DCTERMS.title, Literal(self.title)))
        if self.corpus_file is not None:
            graph.add((subject, PG.corpusFile, Literal(self.corpus_file)))
        if self.creator:
            graph.add((subject, DCTERMS.creator, URIRef(self.creator)))
        if self.issued:
            graph.add((subject, DCTERMS.issued, Literal(self.issued, datatype=XSD.gYear)))
        if self.description is not None:
            graph.add((subject, DCTERMS.description, Literal(self.description)))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Source:
        """Read the source ``iri`` from ``graph``."""
        s = URIRef(iri)
        return cls._read(
            iri=iri,
            label=_one(graph, s, RDFS.label),
            comments=_literals(graph, s, RDFS.comment),
            title=_one(graph, s, DCTERMS.title) or "",
            corpus_file=_one(graph, s, PG.corpusFile),
            external=(s, RDF.type, PG.ExternalSource) in graph,
            creator=_one(graph, s, DCTERMS.creator),
            issued=_one(graph, s, DCTERMS.issued),
            description=_one(graph, s, DCTERMS.description),
        )


class Actor(_Named):
    """A person, state, organisation or group; roles as the text gives them."""

    rdf_class: ClassVar[URIRef] = PG.Actor
    kind: ActorKind
    job_titles: TextSet = ()
    same_as: IriSet = ()
    affiliations: IriSet = ()
    unnamed: bool = False

    def to_rdf(self, graph: Graph) -> None:
        """Add the actor's triples to ``graph``."""
        subject = self._add_common(graph, PG[self.kind])
        for title in self.job_titles:
            graph.add((subject, SCHEMA.jobTitle, Literal(title)))
        for iri in self.same_as:
            graph.add((subject, SCHEMA.sameAs, URIRef(iri)))
        for iri in self.affiliations:
            graph.add((subject, SCHEMA.affiliation, URIRef(iri)))
        if self.unnamed:
            graph.add((subject, PG.unnamed, Literal(True)))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Actor:
        """Read the actor ``iri`` from ``graph``."""
        s = URIRef(iri)
        kinds = [_local(str(t)) for t in graph.objects(s, RDF.type) if t in (PG.Person, PG.State, PG.Organization, PG.Group)]
        return cls._read(
            **cls._common(graph, iri),
            kind=kinds[0] if kinds else "",
            job_titles=_literals(graph, s, SCHEMA.jobTitle),
            same_as=_literals(graph, s, SCHEMA.sameAs),
            affiliations=_literals(graph, s, SCHEMA.affiliation),
            unnamed=graph.value(s, PG.unnamed) == Literal(True),
        )


class Place(_Named):
    """A place where events happen (``sem:hasPlace``)."""

    rdf_class: ClassVar[URIRef] = PG.Place

    def to_rdf(self, graph: Graph) -> None:
        """Add the place's triples to ``graph``."""
        self._add_common(graph, PG.Place)

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Place:
        """Read the place ``iri`` from ``graph``."""
        return cls(**cls._common(graph, iri))


class Event(_Named):
    """A dated event with its precision, the actors taking part by role, and its places.

    ``certainty`` says whether the text gives the date or the curators inferred it; an
    inferred date carries ``not_before`` and/or ``not_after`` (the earliest and latest it can
    be, each at its own precision), which must enclose it.
    """

    rdf_class: ClassVar[URIRef] = PG.Event
    date: str
    precision: Precision
    end_date: str | None = None
    date_text: str | None = None
    certainty: Certainty = "stated"
    not_before: str | None = None
    not_after: str | None = None
    agent: IriSet = ()
    target: IriSet = ()
    host: IriSet = ()
    participant: IriSet = ()
    places: IriSet = ()

    @model_validator(mode="after")
    def _dates_match_precision(self) -> Event:
        span = parse_span(self.date, self.end_date, precision=self.precision)  # a DateError is a ValueError
        bounds = [None if bound is None else parse_date(bound) for bound in (self.not_before, self.not_after)]
        DateSpan(span.start, span.end, self.certainty, *bounds)
        return self

    def to_rdf(self, graph: Graph) -> None:
        """Add the event's triples to ``graph``."""
        subject = self._add_common(graph, PG.Event)
        datatype = URIRef(DATE_DATATYPES[self.precision])
        graph.add((subject, PG.date, Literal(self.date, datatype=datatype)))
        graph.add((subject, PG.datePrecision, PG[self.precision]))
        if self.end_date is not None:
            graph.add((subject, PG.endDate, Literal(self.end_date, datatype=datatype)))
        if self.date_text is not None:
            graph.add((subject, PG.dateText, Literal(self.date_text)))
        if self.certainty != "stated":
            graph.add((subject, PG.dateCertainty, PG[self.certainty]))
        for predicate, bound in ((PG.notBefore, self.not_before), (PG.notAfter, self.not_after)):
            if bound is not None:
                graph.add((subject, predicate, Literal(bound, datatype=URIRef(parse_date(bound).datatype))))
        for role in EVENT_ROLES:
            for iri in getattr(self, role):
                graph.add((subject, PG[role], URIRef(iri)))
        for iri in self.places:
            graph.add((subject, SEM.hasPlace, URIRef(iri)))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Event:
        """Read the event ``iri`` from ``graph``."""
        s = URIRef(iri)
        return cls._read(
            **cls._common(graph, iri),
            date=_one(graph, s, PG.date) or "",
            precision=_local(_one(graph, s, PG.datePrecision)) or "",
            end_date=_one(graph, s, PG.endDate),
            date_text=_one(graph, s, PG.dateText),
            certainty=_local(_one(graph, s, PG.dateCertainty)) or "stated",
            not_before=_one(graph, s, PG.notBefore),
            not_after=_one(graph, s, PG.notAfter),
            places=_literals(graph, s, SEM.hasPlace),
            **{role: _literals(graph, s, PG[role]) for role in EVENT_ROLES},
        )


class Claim(_Thing):
    """A proposition: who holds it, which source reports it, its hedge, and what it is about."""

    rdf_class: ClassVar[URIRef] = PG.Claim
    holders: Annotated[IriSet, Field(min_length=1)]
    quoted_from: Iri
    about: IriSet = ()
    stated_at: IriSet = ()
    hedge: str | None = None
    hedged_by: Iri | None = None
    confidence: Confidence | None = None
    weight: Weight | None = None

    def to_rdf(self, graph: Graph) -> None:
        """Add the claim's triples to ``graph``."""
        subject = self._add_common(graph, PG.Claim)
        for iri in self.holders:
            graph.add((subject, PROV.wasAttributedTo, URIRef(iri)))
        graph.add((subject, PROV.wasQuotedFrom, URIRef(self.quoted_from)))
        for predicate, values in ((PG.about, self.about), (PG.statedAt, self.stated_at)):
            for iri in values:
                graph.add((subject, predicate, URIRef(iri)))
        if self.hedge is not None:
            graph.add((subject, PG.hedge, Literal(self.hedge)))
        if self.hedged_by is not None:
            graph.add((subject, PG.hedgedBy, URIRef(self.hedged_by)))
        if self.confidence is not None:
            graph.add((subject, PG.confidence, PG[self.confidence]))
        if self.weight is not None:
            graph.add((subject, PG.weight, PG[self.weight]))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Claim:
        """Read the claim ``iri`` from ``graph``."""
        s = URIRef(iri)
        return cls._read(
            **cls._common(graph, iri),
            holders=_literals(graph, s, PROV.wasAttributedTo),
            quoted_from=_one(graph, s, PROV.wasQuotedFrom) or "",
            about=_literals(graph, s, PG.about),
            stated_at=_literals(graph, s, PG.statedAt),
            hedge=_one(graph, s, PG.hedge),
            hedged_by=_one(graph, s, PG.hedgedBy),
            confidence=_local(_one(graph, s, PG.confidence)),
            weight=_local(_one(graph, s, PG.weight)),
        )


class Relation(_Model):
    """A relation node (support, attack, causal link...) with who asserts it and its quotes.

    A linked argument, whose premises support (or attack) the target only jointly, is one
    support or attack with several starts: ``source`` and ``linked_with``, kept in IRI order
    (``source`` the first). Independent reasons are separate relations.

    >>> r = Relation(iri="urn:x:r", kind="Support", source="urn:x:b", linked_with=("urn:x:a",), target="urn:x:c")
    >>> r.premises
    ('urn:x:a', 'urn:x:b')
    """

    rdf_class: ClassVar[URIRef] = PG.Relation
    iri: Iri
    kind: RelationClass
    source: Iri = Field(description="pg:from: the reason, attacker, cause or earlier thing")
    linked_with: IriSet = Field(default=(), description="the further pg:from of a linked support or attack")
    target: Iri = Field(description="pg:to: the conclusion, attacked node, effect or later thing")
    sign: Sign | None = None
    asserted_by: IriSet = ()
    quoted_from: Iri | None = Field(default=None, description="prov:wasQuotedFrom: the source reporting it, for a source without text")
    label: str | None = None
    scheme: str | None = None
    comments: TextSet = ()
    quotes: tuple[Quote, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _premises_in_order(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("linked_with") and isinstance(data.get("source"), str):
            first, *rest = sorted({data["source"], *data["linked_with"]})
            data = {**data, "source": first, "linked_with": tuple(rest)}
        return data

    @model_validator(mode="after")
    def _sign_only_on_causal_links(self) -> Relation:
        if (self.sign is not None) != (self.kind == "CausalLink"):
            raise ValueError("a CausalLink needs a sign ('+' or '-') and other relations take none")
        if self.linked_with and not relation_kind(self.kind).linkable:
            linkable = " or ".join(k.rdf_class for k in RELATION_KINDS if k.linkable)
            raise ValueError(f"only a {linkable} can be linked (have several starts)")
        return self

    @property
    def premises(self) -> tuple[str, ...]:
        """Every start of the relation: one, or the premises of a linked argument."""
        return (self.source, *self.linked_with)

    def to_rdf(self, graph: Graph) -> None:
        """Add the relation node's triples to ``graph``."""
        subject = URIRef(self.iri)
        graph.add((subject, RDF.type, PG[self.kind]))
        for start in self.premises:
            graph.add((subject, PG["from"], URIRef(start)))
        graph.add((subject, PG.to, URIRef(self.target)))
        if self.quoted_from is not None:
            graph.add((subject, PROV.wasQuotedFrom, URIRef(self.quoted_from)))
        if self.sign is not None:
            graph.add((subject, PG.sign, Literal(self.sign)))
        for iri in self.asserted_by:
            graph.add((subject, PROV.wasAttributedTo, URIRef(iri)))
        for predicate, value in ((RDFS.label, self.label), (PG.scheme, self.scheme)):
            if value is not None:
                graph.add((subject, predicate, Literal(value)))
        for comment in self.comments:
            graph.add((subject, RDFS.comment, Literal(comment)))
        for quote in self.quotes:
            graph.add((subject, PG.quote, quote.to_rdf(graph)))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Relation:
        """Read the relation ``iri`` from ``graph``."""
        s = URIRef(iri)
        kinds = [_local(str(t)) for t in graph.objects(s, RDF.type) if t in _RELATION_CLASSES]
        starts = sorted(_literals(graph, s, PG["from"]))
        return cls._read(
            iri=iri,
            kind=kinds[0] if kinds else "",
            source=starts[0] if starts else "",
            linked_with=tuple(starts[1:]),
            target=_one(graph, s, PG.to) or "",
            quoted_from=_one(graph, s, PROV.wasQuotedFrom),
            sign=_one(graph, s, PG.sign),
            asserted_by=_literals(graph, s, PROV.wasAttributedTo),
            label=_one(graph, s, RDFS.label),
            scheme=_one(graph, s, PG.scheme),
            comments=_literals(graph, s, RDFS.comment),
            quotes=_quotes(graph, s),
        )


class Explanation(_Thing):
    """A named or enumerated account: its ordered parts, what it explains, who advances it."""

    rdf_class: ClassVar[URIRef] = PG.Explanation
    explanation_type: ExplanationType
    explains: Annotated[IriSet, Field(min_length=1)]
    holders: Annotated[IriSet, Field(min_length=1)]
    parts: tuple[Iri, ...] = ()
    competes_with: IriSet = ()

    def to_rdf(self, graph: Graph) -> None:
        """Add the explanation's triples (parts as an RDF list) to ``graph``."""
        subject = self._add_common(graph, PG.Explanation)
        graph.add((subject, PG.explanationType, PG[self.explanation_type]))
        for predicate, values in ((PG.explains, self.explains), (PROV.wasAttributedTo, self.holders), (PG.competesWith, self.competes_with)):
            for iri in values:
                graph.add((subject, predicate, URIRef(iri)))
        if self.parts:
            head = BNode()
            Collection(graph, head, [URIRef(p) for p in self.parts])
            graph.add((subject, PG.parts, head))

    @classmethod
    def from_rdf(cls, graph: Graph, iri: str) -> Explanation:
        """Read the explanation ``iri`` from ``graph``."""
        s = URIRef(iri)
        head = graph.value(s, PG.parts)
        return cls._read(
            **cls._common(graph, iri),
            explanation_type=_local(_one(graph, s, PG.explanationType)) or "",
            explains=_literals(graph, s, PG.explains),
            holders=_literals(graph, s, PROV.wasAttributedTo),
            parts=tuple(str(p) for p in Collection(graph, head)) if head is not None else (),
            competes_with=_literals(graph, s, PG.competesWith),
        )


#: RDF class -> model, for every class the graph holds.
MODELS: dict[URIRef, type[_Model]] = {
    PG.Source: Source,
    **{PG[k]: Actor for k in ("Person", "State", "Organization", "Group")},
    PG.Place: Place,
    PG.Event: Event,
    PG.Claim: Claim,
    PG.Explanation: Explanation,
    **dict.fromkeys(_RELATION_CLASSES, Relation),
}


def model_for(graph: Graph, iri: str) -> _Model:
    """Read the node ``iri`` as the model of its class (raises pydantic's ValidationError)."""
    for rdf_class in graph.objects(URIRef(iri), RDF.type):
        if rdf_class in MODELS:
            model: _Model = MODELS[URIRef(str(rdf_class))].from_rdf(graph, iri)  # type: ignore[attr-defined]  # each model has from_rdf
            return model
    raise KeyError(f"{iri} has no class that policy-graph models")
