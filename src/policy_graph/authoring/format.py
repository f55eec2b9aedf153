"""The authoring format: what a person writes, one YAML file per source plus a registry.

These pydantic models describe the files; their JSON Schemas (`schemas`) are committed beside
them so that an editor with a YAML language server completes and checks as one types. The
value sets (actor kinds, confidence levels, explanation types, relation kinds) are those of
`policy_graph.model`, which the compiler turns these files into: one model behind both.

Names and ids: an id is the local name of the node's IRI (``macron``, ``ev-versailles-meeting-2017``);
a reference is an id or, for actors, places and events, a label or alternative spelling.

>>> Claim.model_validate({"label": "Putin is pragmatic", "holder": "macron", "quote": "a pragmatic man"}).holders()
('macron',)
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..dates import Certainty
from ..model import ActorKind, Confidence, ExplanationType, Marker, Sign, Weight
from ..vocabulary import RelationClass

__all__ = [
    "VERBS",
    "Actor",
    "Claim",
    "Event",
    "Explanation",
    "Link",
    "Place",
    "QuoteDetail",
    "Registry",
    "SourceDocument",
    "SourceInfo",
    "as_tuple",
    "schemas",
]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Ref = Annotated[str, StringConstraints(min_length=1), Field(description="An id, or for an actor, place or event its label or an alternative spelling.")]
Refs = Ref | list[Ref]
Text = Annotated[str, StringConstraints(min_length=1)]
Texts = Text | list[Text]
Date = Annotated[str, StringConstraints(pattern=r"^-?\d{4}(-\d\d(-\d\d)?)?$"), Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the precision is the form.")]

#: Link keyword -> relation kind: ``supports: cl-x`` is a pg:Support from the enclosing node to cl-x.
VERBS: dict[str, RelationClass] = {
    "supports": "Support",
    "attacks": "Attack",
    "causes": "CausalLink",
    "precedes": "Precedes",
    "qualifies": "Qualifies",
    "updates": "Update",
    "rephrases": "Rephrase",
    "prefers": "Preference",
}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class QuoteDetail(_Entry):
    """A quote written out: its words and, where the automatic choice is not wanted, context and footnotes."""

    text: Text = Field(description="The words of the source text, copied exactly (runs of white space may differ).")
    prefix: Text | None = Field(None, description="Words right before, when the same words occur more than once (found automatically if left out).")
    suffix: Text | None = Field(None, description="Words right after, to tell repeated words apart.")
    footnotes: list[Marker] | None = Field(None, description="Footnote markers of this anchor, e.g. [xi]; left out, the markers that follow the words are attached.")


Quote = Text | QuoteDetail
Quotes = Quote | list[Quote]


def as_tuple(value: Any) -> tuple[Any, ...]:
    """A one-or-many field as a tuple.

    >>> as_tuple(None), as_tuple("a"), as_tuple(["a", "b"])
    ((), ('a',), ('a', 'b'))
    """
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


class Link(_Entry):
    """A relation drawn from the node it is listed under (or from ``from``), with who draws it and where."""

    id: Id | None = Field(None, description="Left out: rel-<from>-<keyword>-<to>, without the kind prefixes.")
    from_: Ref | None = Field(None, alias="from", description="The reason, attacker, cause or earlier thing (only under `relations:`).")
    linked_with: Refs | None = Field(None, description="The other premises of a linked support or attack (they hold only jointly).")
    supports: Ref | None = Field(None, description="The conclusion this supports.")
    attacks: Ref | None = Field(None, description="The claim, event or relation (an undercut) this attacks.")
    causes: Ref | None = Field(None, description="The effect: a causal link, with `sign`.")
    precedes: Ref | None = Field(None, description="The later thing, where the text sequences the two.")
    qualifies: Ref | None = Field(None, description="The claim this limits or nuances.")
    updates: Ref | None = Field(None, description="The earlier claim this later report brings up to date (reading one document against another).")
    rephrases: Ref | None = Field(None, description="The claim this restates.")
    prefers: Ref | None = Field(None, description="The node this is preferred to.")
    sign: Sign = Field("+", description="Of a causal link: + brings about or strengthens, - diminishes or prevents.")
    by: Refs = Field(description="Who draws the link: the author when the text draws it, else the curators.")
    quote: Quotes | None = None
    label: Text | None = None
    scheme: Text | None = Field(None, description="The AIF scheme name of an imported relation.")
    comment: Texts | None = None

    @model_validator(mode="after")
    def _one_keyword(self) -> Link:
        given = [verb for verb in VERBS if getattr(self, verb) is not None]
        if len(given) != 1:
            raise ValueError(f"a link needs exactly one of {', '.join(VERBS)} (found {', '.join(given) or 'none'})")
        if self.sign == "-" and given != ["causes"]:
            raise ValueError("only `causes` takes a sign")
        return self

    def verb(self) -> str:
        """The keyword given (``supports``, ``causes``...)."""
        return next(verb for verb in VERBS if getattr(self, verb) is not None)


class _Node(_Entry):
    label: Text = Field(description="A plain, neutral one-sentence paraphrase or name.")
    quote: Quotes | None = Field(None, description="The words of this source that carry it: a string, a list, or {text, prefix, suffix, footnotes}.")
    comment: Texts | None = None
    links: list[Link] = Field(default_factory=list, description="Relations from this node to others.")


class Event(_Node):
    """A dated event: its actors by role, its places, and where this text mentions it."""

    also: Texts | None = Field(None, description="Other names the texts give the event (skos:altLabel).")
    date: Date
    until: Date | None = Field(None, description="End of a range, at the same precision.")
    date_text: Text | None = Field(None, description="The text's own words for the date when they are vaguer than `date` (\"end of 2023\").")
    certainty: Certainty = Field("stated", description="stated: the text gives the date; inferred: the curators did (give bounds).")
    not_before: Date | None = Field(None, description="Of an inferred date: the earliest it can be.")
    not_after: Date | None = Field(None, description="Of an inferred date: the latest it can be.")
    agent: Refs | None = Field(None, description="Who acts: the speaker, visitor, invader, caller.")
    target: Refs | None = Field(None, description="Who it is done to or aimed at.")
    host: Refs | None = None
    participant: Refs | None = None
    place: Refs | None = None


class Claim(_Node):
    """A proposition, its holder (who holds the view, not who reports it) and its hedge."""

    holder: Refs = Field(description="Who holds the view: the author for the author's analysis; Macron for what the text reports Macron said.")
    about: Refs | None = Field(None, description="Events, actors, places, claims or explanations it is about.")
    stated_at: Refs | None = Field(None, description="The event (speech, interview) where the holder said it.")
    hedge: Text | None = Field(None, description="The hedge words verbatim (\"probably\", \"seems\").")
    hedged_by: Ref | None = Field(None, description="Whose hedge it is: the holder, or the reporter (the source's author).")
    confidence: Confidence | None = Field(None, description="The hedge normalised: probably -> likely, seems -> possible.")
    weight: Weight | None = Field(None, description="The author's weighting of a factor, where the text gives one.")

    def holders(self) -> tuple[str, ...]:
        """The holder references as a tuple."""
        return as_tuple(self.holder)


class Explanation(_Node):
    """A named or enumerated account: its parts in the text's order and what it explains."""

    type: ExplanationType
    explains: Refs
    holder: Refs = Field(description="Who advances it.")
    parts: list[Ref] = Field(default_factory=list, description="Claims or events, in the text's order.")
    rivals: Refs | None = Field(None, description="Explanations this one competes with.")


class SourceInfo(_Entry):
    """The source document: its id, title, author, date and the text file it is read from."""

    id: Annotated[Id, StringConstraints(pattern=r"^src-")]
    title: Text
    text: Annotated[str, StringConstraints(pattern=r"^[^/\\]+$")] | None = Field(
        None, description="File name of the text in the corpus folder; left out for a source whose text is not in the corpus (an imported map): its quotes are not checked."
    )
    author: Ref | None = Field(None, description="The author, an actor of the registry.")
    issued: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = Field(None, description="Year of publication.")
    label: Text | None = None
    description: Text | None = None
    comment: Texts | None = None


class SourceDocument(_Entry):
    """One source's authoring file: the document, its events, claims, explanations and relations."""

    source: SourceInfo
    events: dict[Id, Event] = Field(default_factory=dict)
    claims: dict[Id, Claim] = Field(default_factory=dict)
    explanations: dict[Id, Explanation] = Field(default_factory=dict)
    relations: list[Link] = Field(default_factory=list, description="Relations not listed under the node they start from (each with `from`).")
    mentions: dict[Ref, Quotes] = Field(default_factory=dict, description="More quotes of this text for nodes written in another file.")


class Actor(_Entry):
    """A person, state, organisation or group, with the roles and spellings the texts use."""

    kind: ActorKind
    label: Text
    also: Texts | None = Field(None, description="Other spellings the texts use (skos:altLabel), found by references and search.")
    titles: Texts | None = Field(None, description="Roles as the text gives them (schema:jobTitle).")
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | list[Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]] | None = Field(
        None, description="Verified Wikidata ids only."
    )
    member_of: Refs | None = Field(None, description="Actors it belongs to (schema:affiliation).")
    unnamed: bool = Field(False, description="True for an actor the text does not name (\"a former minister\").")
    comment: Texts | None = None


class Place(_Entry):
    """A place where events happen."""

    label: Text
    also: Texts | None = Field(None, description="Other spellings the texts use (skos:altLabel).")
    comment: Texts | None = None


class Registry(_Entry):
    """The shared registry: actors and places every source file refers to."""

    actors: dict[Id, Actor] = Field(default_factory=dict)
    places: dict[Id, Place] = Field(default_factory=dict)


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas of the two kinds of file, by the file name they are committed under."""
    return {
        "source.schema.json": SourceDocument.model_json_schema(by_alias=True),
        "registry.schema.json": Registry.model_json_schema(by_alias=True),
    }


