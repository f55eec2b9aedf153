"""Analysis of Competing Hypotheses (Heuer 1999): inconsistency scores, diagnosticity, ranking."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import networkx as nx

__all__ = ["ACHResult", "RATINGS", "ach_from_graph", "ach_matrix"]

Rating = Literal["CC", "C", "N", "NA", "I", "II"]

#: The ratings, with their place on the numeric scale used for diagnosticity.
RATINGS: Mapping[str, int] = {"CC": 2, "C": 1, "N": 0, "NA": 0, "I": -1, "II": -2}
_INCONSISTENCY = {"I": 1, "II": 2}


@dataclass(frozen=True)
class ACHResult:
    """A scored ACH matrix.

    Attributes
    ----------
    hypotheses : tuple
        The hypotheses, in matrix (column) order.
    evidence : tuple
        The evidence items, in matrix (row) order.
    ratings : dict
        ``ratings[e][h]``: one of ``RATINGS``, with blank cells filled as ``"N"``.
    inconsistency : dict
        Per hypothesis, Heuer's score: ``I`` counts 1 and ``II`` counts 2.
    inconsistent_count : dict
        Per hypothesis, how many evidence items are rated ``I`` or ``II``.
    weighted_inconsistency : dict or None
        Per hypothesis, the inconsistency with each item multiplied by its
        weight; ``None`` when no weights were given.
    diagnosticity : dict
        Per evidence item, the spread (max - min) of its ratings on the scale
        ``CC=2, C=1, N=NA=0, I=-1, II=-2``: 0 (same rating everywhere, no
        diagnostic value) to 4.
    ranking : tuple
        Hypotheses from least to most inconsistent (by weighted inconsistency
        when weights were given); ties keep matrix order.
    labels : dict
        Display labels of hypotheses and evidence, where known.
    """

    hypotheses: tuple[Hashable, ...]
    evidence: tuple[Hashable, ...]
    ratings: dict[Hashable, dict[Hashable, str]]
    inconsistency: dict[Hashable, int]
    inconsistent_count: dict[Hashable, int]
    weighted_inconsistency: dict[Hashable, float] | None
    diagnosticity: dict[Hashable, int]
    ranking: tuple[Hashable, ...]
    labels: dict[Hashable, str]

    @property
    def non_diagnostic(self) -> tuple[Hashable, ...]:
        """The evidence items rated alike for every hypothesis."""
        return tuple(e for e in self.evidence if self.diagnosticity[e] == 0)


def ach_matrix(
    ratings: Mapping[Hashable, Mapping[Hashable, str]],
    *,
    weights: Mapping[Hashable, float] | None = None,
    hypotheses: Iterable[Hashable] | None = None,
    labels: Mapping[Hashable, str] | None = None,
) -> ACHResult:
    """Score an ACH matrix of evidence against hypotheses.

    Parameters
    ----------
    ratings : mapping
        ``ratings[evidence][hypothesis]`` is one of ``"CC"`` (very consistent),
        ``"C"`` (consistent), ``"N"`` (neutral), ``"NA"`` (not applicable),
        ``"I"`` (inconsistent), ``"II"`` (very inconsistent). A missing cell
        counts as ``"N"``.
    weights : mapping, optional
        Weight of each evidence item (e.g. credibility x relevance), >= 0;
        items not listed weigh 1.
    hypotheses : iterable, optional
        Column order; by default the order in which hypotheses first appear.
    labels : mapping, optional
        Display labels, copied into the result.

    Returns
    -------
    ACHResult

    Raises
    ------
    ValueError
        On an unknown rating, a negative weight, or a weight or hypothesis
        order that names something not in the matrix.

    Examples
    --------
    >>> r = ach_matrix({
    ...     "e1": {"h1": "C", "h2": "C", "h3": "C"},
    ...     "e2": {"h1": "I", "h2": "C", "h3": "II"},
    ...     "e3": {"h1": "C", "h2": "C", "h3": "I"},
    ... })
    >>> r.ranking
    ('h2', 'h1', 'h3')
    >>> r.inconsistency
    {'h1': 1, 'h2': 0, 'h3': 3}
    >>> r.diagnosticity
    {'e1': 0, 'e2': 3, 'e3': 2}

    Notes
    -----
    Heuer's rule is to work down the matrix looking for evidence *against*
    each hypothesis: the most likely hypothesis is the one with the least
    inconsistent evidence, not the one with the most support, and evidence
    consistent with every hypothesis has no diagnostic value [1]_. Consistent
    ratings therefore do not enter the score. Weighting by credibility and
    relevance follows the later ACH software of PARC and Heuer.

    References
    ----------
    .. [1] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8,
       "Analysis of Competing Hypotheses". CIA Center for the Study of
       Intelligence.
    """
    order: list[Hashable] = []
    for e, row in ratings.items():
        for h, rating in row.items():
            if rating not in RATINGS:
                raise ValueError(
                    f"rating {rating!r} of evidence {e!r} for hypothesis {h!r} is not one of "
                    f"{', '.join(RATINGS)}"
                )
            if h not in order:
                order.append(h)
    if hypotheses is not None:
        given = list(hypotheses)
        extra = [h for h in order if h not in given]
        if extra:
            raise ValueError(f"hypotheses {extra!r} are rated but missing from `hypotheses`")
        order = given
    evidence = tuple(ratings)
    weights = dict(weights) if weights is not None else None
    if weights is not None:
        unknown = [e for e in weights if e not in ratings]
        if unknown:
            raise ValueError(f"weights name evidence not in the matrix: {unknown!r}")
        bad = {e: w for e, w in weights.items() if w < 0}
        if bad:
            raise ValueError(f"weights must be >= 0, got {bad!r}")
    full = {e: {h: ratings[e].get(h, "N") for h in order} for e in evidence}
    inconsistency = {h: sum(_INCONSISTENCY.get(full[e][h], 0) for e in evidence) for h in order}
    count = {h: sum(full[e][h] in _INCONSISTENCY for e in evidence) for h in order}
    weighted = None
    if weights is not None:
        weighted = {
            h: sum(weights.get(e, 1) * _INCONSISTENCY.get(full[e][h], 0) for e in evidence)
            for h in order
        }
    diagnosticity: dict[Hashable, int] = {}
    for e in evidence:
        scale = [RATINGS[r] for r in full[e].values()]
        diagnosticity[e] = max(scale) - min(scale) if scale else 0
    key = weighted if weighted is not None else inconsistency
    ranking = tuple(sorted(order, key=lambda h: key[h]))
    return ACHResult(
        hypotheses=tuple(order),
        evidence=evidence,
        ratings=full,
        inconsistency=inconsistency,
        inconsistent_count=count,
        weighted_inconsistency=weighted,
        diagnosticity=diagnosticity,
        ranking=ranking,
        labels=dict(labels or {}),
    )


def ach_from_graph(G: nx.Graph, hypotheses: Iterable[Hashable]) -> ACHResult:
    """Build and score an ACH matrix from the support and attack edges of a graph.

    Parameters
    ----------
    G : networkx graph
        A projection following the attribute contract.
    hypotheses : iterable of nodes
        The competing hypotheses, usually explanation nodes.

    Returns
    -------
    ACHResult
        Evidence items are the nodes with an edge of kind ``"support"`` (rated
        ``"C"``) or ``"attack"`` (rated ``"I"``) into a hypothesis or into one
        of its parts (nodes with a ``"part"`` edge to it); every other cell is
        ``"N"``. Evidence rows are sorted by node string; labels come from the
        nodes' ``label`` attribute.

    Raises
    ------
    networkx.NodeNotFound
        If a hypothesis is not in ``G``.
    ValueError
        If ``hypotheses`` is empty.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("p1", "H1", kind="part")
    0
    >>> G.add_edge("e1", "p1", kind="support")
    0
    >>> G.add_edge("e1", "H2", kind="attack")
    0
    >>> G.add_edge("e2", "H1", kind="attack")
    0
    >>> r = ach_from_graph(G, ["H1", "H2"])
    >>> r.ratings
    {'e1': {'H1': 'C', 'H2': 'I'}, 'e2': {'H1': 'I', 'H2': 'N'}}
    >>> r.ranking
    ('H1', 'H2')

    Notes
    -----
    The hypotheses and their parts are never evidence against one another:
    a rival explanation's attack is an argument, not an observation. When an
    item both supports and attacks a hypothesis (say, two of its parts) it is
    rated ``"I"``, because ACH is driven by disconfirmation [1]_.

    References
    ----------
    .. [1] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8.
    """
    hyps = list(dict.fromkeys(hypotheses))
    if not hyps:
        raise ValueError("ach_from_graph needs at least one hypothesis")
    for h in hyps:
        if h not in G:
            raise nx.NodeNotFound(f"hypothesis {h!r} is not in the graph")
    targets: dict[Hashable, set[Hashable]] = {}
    for h in hyps:
        targets.setdefault(h, set()).add(h)
        for p, _, kind in G.in_edges(h, data="kind"):
            if kind == "part":
                targets.setdefault(p, set()).add(h)
    ratings: dict[Hashable, dict[Hashable, str]] = {}
    for t, owners in targets.items():
        for e, _, kind in G.in_edges(t, data="kind"):
            if kind not in ("support", "attack") or e in targets:
                continue
            row = ratings.setdefault(e, {})
            for h in owners:
                if kind == "attack" or row.get(h) == "I":
                    row[h] = "I"
                else:
                    row[h] = "C"
    rows = {e: ratings[e] for e in sorted(ratings, key=str)}
    labels = {n: G.nodes[n].get("label") or str(n) for n in [*hyps, *rows]}
    return ach_matrix(rows, hypotheses=hyps, labels=labels)
