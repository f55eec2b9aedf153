"""The model's vocabulary, stated once: node kinds, relation kinds, structural links and views.

Everything that names a kind of thing or link derives from the tables here: the pydantic
models' literals, the ``pg:`` namespace's relation classes, the projection's queries, the map
styles and legend, the AIF and Argdown mappings, the CLI's choices and the docs' tables.
``tests/test_vocabulary.py`` holds the tables against ``ontology/policy-graph.ttl`` and
``ontology/shapes.ttl`` both ways, so a kind added in one place and forgotten in another fails.

Adding a relation kind means one `RelationKind` entry (and its class name in `RelationClass`)
here, the class in ``ontology/policy-graph.ttl`` and its target in ``ontology/shapes.ttl``.

This module imports nothing heavy: the CLI reads its choices from it at start-up.

>>> relation_kind("Support").aif, relation_kind("support").argdown
('RA', '+>')
>>> [kind.name for kind in view("causal").relations]
['causal', 'precedes']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "EDGE_KINDS",
    "EVENT_ROLES",
    "LINK_KINDS",
    "NODE_KINDS",
    "RELATION_KINDS",
    "VIEWS",
    "ArrowHead",
    "EdgeStyle",
    "LinkKind",
    "NodeKind",
    "RelationClass",
    "RelationKind",
    "View",
    "ViewName",
    "edge_styles",
    "markdown_tables",
    "relation_kind",
    "view",
]

#: The relation classes of ``pg:`` (each a subclass of ``pg:Relation``), as the models name them.
RelationClass = Literal["Support", "Attack", "Qualifies", "Update", "CausalLink", "Precedes", "Rephrase", "Preference"]
#: The projection views.
ViewName = Literal["argument", "causal", "actors", "timeline", "full"]
#: How the head of an edge is drawn (vis-network's arrow types, "none" for a symmetric link).
ArrowHead = Literal["arrow", "bar", "circle", "none"]

#: The roles an actor can take in an event (``pg:agent``, ``pg:target``...), in display order.
EVENT_ROLES = ("agent", "target", "host", "participant")


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge is drawn on a map and named in its legend.

    ``mark`` is a short sign drawn on the edge (``"+"`` / ``"\u2212"`` for signed causal links).
    """

    colour: str
    dashes: bool
    width: float
    legend: str
    arrowhead: ArrowHead = "arrow"
    mark: str | None = None


@dataclass(frozen=True)
class NodeKind:
    """A kind of node of the projection, the ``pg:`` classes it covers and how a map draws it."""

    name: str
    classes: tuple[str, ...]
    shape: str
    fill: str
    border: str
    legend: str


@dataclass(frozen=True)
class RelationKind:
    """A relation class: a node with one ``pg:from`` and one ``pg:to``, projected as one edge.

    ``direction`` says what ``pg:from`` and ``pg:to`` are; ``signed`` kinds carry ``pg:sign``
    (``+``/``-``) and have a style per sign; ``aif`` is the AIF scheme-node type it is written
    as (with ``aif_scheme`` when several kinds share one type); ``argdown`` the relation symbol.
    A ``linkable`` kind may have several ``pg:from``: a linked argument, whose premises hold
    only jointly (``pg:LinkedArgument``).
    """

    name: str
    rdf_class: RelationClass
    reads: str
    direction: str
    style: EdgeStyle
    signed: bool = False
    signed_styles: Mapping[int, EdgeStyle] = field(default_factory=dict)
    aif: Literal["RA", "CA", "MA", "PA"] | None = None
    aif_scheme: str | None = None
    linkable: bool = False
    argdown: str | None = None


@dataclass(frozen=True)
class LinkKind:
    """A structural edge read from a property rather than a relation node.

    ``pattern`` is the SPARQL group that binds ``?u`` and ``?v`` (and ``?position`` or
    ``?role`` where the kind has them) for the projection.
    """

    name: str
    reads: str
    direction: str
    pattern: str
    style: EdgeStyle


@dataclass(frozen=True)
class View:
    """A projection view: the edge kinds it includes, the node kinds it shows even without an
    edge, and which ends its edges must have (``either``: at least one end of ``end_kinds``,
    ``both``: both ends)."""

    name: ViewName
    description: str
    relations: tuple[RelationKind, ...]
    links: tuple[LinkKind, ...] = ()
    nodes: tuple[str, ...] = ()
    end_kinds: tuple[str, ...] = ()
    ends: Literal["any", "either", "both"] = "any"

    @property
    def edge_kinds(self) -> tuple[str, ...]:
        """The edge kinds of the view, relations first."""
        return tuple(kind.name for kind in self.relations) + tuple(link.name for link in self.links)


NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("claim", ("Claim",), "box", "#dbeafe", "#1d4ed8", "claim (a view someone holds)"),
    NodeKind("explanation", ("Explanation",), "hexagon", "#ede9fe", "#6d28d9", "explanation (an account of why)"),
    NodeKind("event", ("Event",), "diamond", "#fef3c7", "#b45309", "event (dated)"),
    NodeKind("actor", ("Person", "State", "Organization", "Group"), "ellipse", "#dcfce7", "#15803d", "actor (person, state, organisation)"),
    NodeKind("source", ("Source",), "database", "#f3f4f6", "#4b5563", "source document"),
    NodeKind("place", ("Place",), "triangle", "#fce7f3", "#be185d", "place"),
    # Relation nodes: every relation class (below); drawn as a node only when a link targets it.
    NodeKind("relation", (), "dot", "#e5e7eb", "#111827", "relation under attack (undercut)"),
    NodeKind("unknown", (), "dot", "#ffffff", "#9ca3af", "other"),
)

RELATION_KINDS: tuple[RelationKind, ...] = (
    RelationKind(
        "support", "Support", "supports", "reason \u2192 conclusion",
        EdgeStyle("#15803d", False, 2.0, "supports (reason \u2192 conclusion; +)", mark="+"), aif="RA", argdown="+>", linkable=True,
    ),
    RelationKind(
        "attack", "Attack", "attacks", "attacker \u2192 attacked",
        EdgeStyle("#dc2626", True, 2.5, "attacks (dashed, bar head; \u2212)", arrowhead="bar", mark="\u2212"), aif="CA", argdown="->", linkable=True,
    ),
    RelationKind(
        "qualifies", "Qualifies", "qualifies", "qualifier \u2192 qualified",
        EdgeStyle("#d97706", True, 1.5, "qualifies"), aif="CA", aif_scheme="Qualification",
    ),
    RelationKind(
        "update", "Update", "updates", "later report \u2192 earlier claim",
        EdgeStyle("#0e7490", True, 1.5, "updates (later \u2192 earlier)"), aif="CA", aif_scheme="Update",
    ),
    RelationKind(
        "causal", "CausalLink", "causes", "cause \u2192 effect",
        EdgeStyle("#6b7280", False, 2.0, "causes (sign not given)"),
        signed=True,
        signed_styles={
            1: EdgeStyle("#2563eb", False, 2.0, "causes, increases (+)", mark="+"),
            -1: EdgeStyle("#db2777", True, 2.0, "causes, decreases (\u2212)", mark="\u2212"),
        },
        aif="RA", aif_scheme="Cause To Effect",
    ),
    RelationKind(
        "precedes", "Precedes", "precedes", "earlier \u2192 later",
        EdgeStyle("#9ca3af", True, 1.0, "precedes (earlier \u2192 later)"),
    ),
    RelationKind(
        "rephrase", "Rephrase", "rephrases", "rephrasing \u2192 rephrased",
        EdgeStyle("#64748b", True, 1.0, "rephrases"), aif="MA",
    ),
    RelationKind(
        "preference", "Preference", "is preferred to", "preferred \u2192 dispreferred",
        EdgeStyle("#0f766e", True, 1.0, "is preferred to"), aif="PA",
    ),
)

_PARTS = """?v pg:parts ?list .
    ?list rdf:rest* ?cell . ?cell rdf:first ?u .
    { SELECT ?cell (COUNT(?mid) AS ?position) WHERE { ?x pg:parts ?l . ?l rdf:rest* ?mid . ?mid rdf:rest* ?cell . } GROUP BY ?cell }"""

LINK_KINDS: tuple[LinkKind, ...] = (
    LinkKind("part", "is part of", "part \u2192 explanation (with its position from 1)", _PARTS,
             EdgeStyle("#7c3aed", False, 1.0, "is part of (part \u2192 explanation)")),
    LinkKind("explains", "explains", "explanation \u2192 explained", "?u a pg:Explanation ; pg:explains ?v .",
             EdgeStyle("#6d28d9", False, 2.5, "explains")),
    LinkKind("competes", "competes with", "explanation \u2192 explanation, both directions",
             "{ ?u pg:competesWith ?v . } UNION { ?v pg:competesWith ?u . }",
             EdgeStyle("#a855f7", True, 1.5, "competes with", arrowhead="none")),
    LinkKind("holds", "holds", "actor \u2192 claim or explanation",
             "VALUES ?class { pg:Claim pg:Explanation } ?v a ?class ; prov:wasAttributedTo ?u .",
             EdgeStyle("#0d9488", False, 1.0, "holds (actor \u2192 claim)")),
    LinkKind("about", "is about", "claim \u2192 event or actor", "?u a pg:Claim ; pg:about ?v .",
             EdgeStyle("#cbd5e1", False, 1.0, "is about")),
    LinkKind("actor", "takes part in", "actor \u2192 event (with its role)",
             "VALUES (?property ?role) { " + " ".join(f'(pg:{r} "{r}")' for r in EVENT_ROLES) + " } ?v ?property ?u .",
             EdgeStyle("#65a30d", False, 1.0, "takes part in (actor \u2192 event)")),
    LinkKind("stated_at", "was stated at", "claim \u2192 event", "?u pg:statedAt ?v .",
             EdgeStyle("#94a3b8", True, 1.0, "was stated at")),
)


def relation_kind(name: str) -> RelationKind:
    """The relation kind named by its edge kind (``"support"``) or class (``"Support"``).

    >>> relation_kind("CausalLink").name
    'causal'
    >>> relation_kind("supports")
    Traceback (most recent call last):
    ...
    KeyError: "no relation kind 'supports' (support, attack, qualifies, update, causal, precedes, rephrase, preference)"
    """
    for kind in RELATION_KINDS:
        if name in (kind.name, kind.rdf_class):
            return kind
    raise KeyError(f"no relation kind {name!r} ({', '.join(k.name for k in RELATION_KINDS)})")


def _relations(*names: str) -> tuple[RelationKind, ...]:
    return tuple(relation_kind(name) for name in names)


def _links(*names: str) -> tuple[LinkKind, ...]:
    return tuple(link for name in names for link in LINK_KINDS if link.name == name)


VIEWS: tuple[View, ...] = (
    View(
        "argument",
        "The argument map: support, attack, qualification, rephrase and preference links between "
        "claims, events, explanations and relations (undercuts), plus each explanation's parts "
        "(with their position), what it explains and its rivals.",
        _relations("support", "attack", "qualifies", "update", "rephrase", "preference"),
        _links("part", "explains", "competes"),
    ),
    View(
        "causal",
        "The causal map (Axelrod): signed causal links and explicit precedence between events "
        "and claims, each with who draws the link.",
        _relations("causal", "precedes"),
    ),
    View(
        "actors",
        "Actors, the events they take part in (with their role) and the claims and explanations "
        "they hold; claims about an actor link to it.",
        (),
        _links("actor", "holds", "about"),
        end_kinds=("actor",),
        ends="either",
    ),
    View(
        "timeline",
        "Dated events with the links that order or connect them: precedence and causal links "
        "whose both ends are events. Every event is a node of this view.",
        _relations("causal", "precedes"),
        nodes=("event",),
        end_kinds=("event",),
        ends="both",
    ),
    View(
        "full",
        "Everything: every relation node as an edge, explanation structure, who holds what, what "
        "claims are about, where they were stated and who took part in events.",
        RELATION_KINDS,
        LINK_KINDS,
    ),
)

#: Every edge kind of the projection contract: relation kinds, then structural links.
EDGE_KINDS: tuple[str, ...] = tuple(kind.name for kind in RELATION_KINDS) + tuple(link.name for link in LINK_KINDS)


def view(name: str) -> View:
    """The view called ``name``.

    >>> view("timeline").nodes
    ('event',)
    """
    for candidate in VIEWS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no view {name!r} ({', '.join(v.name for v in VIEWS)})")


def edge_styles() -> dict[str, EdgeStyle]:
    """The map style of every edge, keyed as a map's legend lists them, in legend order.

    A signed kind has one key per sign (``"causal+"``, ``"causal-"``) before its unsigned key.

    >>> list(edge_styles())[:5]
    ['support', 'attack', 'qualifies', 'update', 'causal+']
    """
    styles: dict[str, EdgeStyle] = {}
    for kind in RELATION_KINDS:
        for sign, style in sorted(kind.signed_styles.items(), reverse=True):
            styles[kind.name + ("+" if sign > 0 else "-")] = style
        styles[kind.name] = kind.style
    for link in LINK_KINDS:
        styles[link.name] = link.style
    return styles


def markdown_tables() -> str:
    """The docs' page of relation kinds, structural links, views and node kinds, as Markdown.

    ``docs/vocabulary.md`` holds this text, written by
    ``python -m policy_graph.vocabulary > docs/vocabulary.md``.
    """
    lines = [
        "# The vocabulary: relation kinds, links, views and node kinds",
        "",
        "<!-- Generated from src/policy_graph/vocabulary.py by "
        "`python -m policy_graph.vocabulary > docs/vocabulary.md`: do not edit by hand. -->",
        "",
        "## Relation kinds (relation nodes, one edge each)",
        "",
        "| edge kind | class | reads | from \u2192 to | signed | AIF | Argdown |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in RELATION_KINDS:
        aif = (kind.aif or "\u2013") + (f" ({kind.aif_scheme})" if kind.aif_scheme else "")
        argdown = f"`{kind.argdown}`" if kind.argdown else "\u2013"
        lines.append(
            f"| `{kind.name}` | `pg:{kind.rdf_class}` | {kind.reads} | {kind.direction} | "
            f"{'yes' if kind.signed else 'no'} | {aif} | {argdown} |"
        )
    lines += ["", "## Structural links (read from properties)", "", "| edge kind | reads | from \u2192 to |", "|---|---|---|"]
    lines += [f"| `{link.name}` | {link.reads} | {link.direction} |" for link in LINK_KINDS]
    lines += ["", "## Views", "", "| view | edge kinds | nodes shown without an edge | ends |", "|---|---|---|---|"]
    for v in VIEWS:
        ends = {"any": "any", "either": "at least one end: ", "both": "both ends: "}[v.ends] + ", ".join(v.end_kinds)
        shown = ", ".join(v.nodes) or "\u2013"
        lines.append(f"| `{v.name}` | {', '.join(f'`{k}`' for k in v.edge_kinds)} | {shown} | {ends} |")
    lines += ["", "## Node kinds", "", "| kind | classes |", "|---|---|"]
    for node in NODE_KINDS:
        classes = ", ".join(f"`pg:{c}`" for c in node.classes)
        if node.name == "relation":
            classes = "any relation class, when a link targets the relation (an undercut)"
        elif not classes:
            classes = "a node of no known class"
        lines.append(f"| `{node.name}` | {classes} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_tables(), end="")
