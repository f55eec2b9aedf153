"""Signed causal-path effects in cognitive maps (Axelrod 1976)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

import networkx as nx

__all__ = ["imbalanced_pairs", "path_effects", "total_effect"]

Effect = Literal["+", "-", "?", "0"]


def path_effects(
    G: nx.Graph, source: Hashable, target: Hashable, cutoff: int | None = None
) -> list[tuple[list[Hashable], int]]:
    """Return every simple causal path from ``source`` to ``target`` with its sign.

    Parameters
    ----------
    G : networkx graph
        A projection; only edges of kind ``"causal"`` are followed.
    source, target : node
        Where the paths start and end; they must differ.
    cutoff : int, optional
        Longest path length (in edges) to consider.

    Returns
    -------
    list of (list, int)
        ``(path, sign)`` pairs: ``path`` is the list of nodes, ``sign`` is
        ``+1`` or ``-1``, the product of the edge signs. Parallel causal edges
        give distinct paths. Sorted by length, then by the paths' string forms.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not in ``G``.
    ValueError
        If ``source == target``, or a causal edge has no sign of +1 or -1.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("sanctions", "revenue", kind="causal", sign=-1)
    0
    >>> G.add_edge("revenue", "war", kind="causal", sign=+1)
    0
    >>> G.add_edge("sanctions", "war", kind="causal", sign=+1)
    0
    >>> path_effects(G, "sanctions", "war")
    [(['sanctions', 'war'], 1), (['sanctions', 'revenue', 'war'], -1)]

    Notes
    -----
    A path's effect is positive when it has an even number of negative links
    [1]_. The number of simple paths can grow exponentially with the size of a
    dense map; ``cutoff`` bounds the work.

    References
    ----------
    .. [1] Axelrod, R. (ed.) (1976). Structure of Decision: The Cognitive Maps
       of Political Elites. Princeton University Press.
    """
    for n in (source, target):
        if n not in G:
            raise nx.NodeNotFound(f"node {n!r} is not in the graph")
    if source == target:
        raise ValueError(f"source and target are the same node {source!r}; a path needs two ends")
    C = _causal_subgraph(G)
    if source not in C or target not in C:
        return []
    found = []
    for edge_path in nx.all_simple_edge_paths(C, source, target, cutoff=cutoff):
        sign = 1
        for u, v, key in edge_path:
            sign *= C.edges[u, v, key]["sign"]
        found.append(([source, *(v for _, v, _ in edge_path)], sign))
    found.sort(key=lambda ps: (len(ps[0]), [str(n) for n in ps[0]], -ps[1]))
    return found


def total_effect(
    G: nx.Graph, source: Hashable, target: Hashable, *, cutoff: int | None = None
) -> Effect:
    """Return the total effect of ``source`` on ``target``: ``"+"``, ``"-"``, ``"?"`` or ``"0"``.

    Parameters
    ----------
    G : networkx graph
        A projection; only edges of kind ``"causal"`` are followed.
    source, target : node
        Cause and effect; they must differ.
    cutoff : int, optional
        Longest path length (in edges) to consider.

    Returns
    -------
    str
        ``"+"`` if every causal path is positive, ``"-"`` if every one is
        negative, ``"?"`` (indeterminate) if they disagree, ``"0"`` if there is
        no causal path.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not in ``G``.
    ValueError
        As :func:`path_effects`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", kind="causal", sign=-1)
    0
    >>> G.add_edge("b", "c", kind="causal", sign=-1)
    0
    >>> total_effect(G, "a", "c"), total_effect(G, "c", "a")
    ('+', '0')
    >>> G.add_edge("a", "c", kind="causal", sign=-1)
    0
    >>> total_effect(G, "a", "c")
    '?'

    Notes
    -----
    This is Axelrod's rule for signed digraphs without weights: the total
    effect is indeterminate whenever positive and negative paths coexist [1]_.

    References
    ----------
    .. [1] Axelrod, R. (ed.) (1976). Structure of Decision. Princeton UP.
    """
    signs = {sign for _, sign in path_effects(G, source, target, cutoff)}
    if not signs:
        return "0"
    if len(signs) == 2:
        return "?"
    return "+" if signs == {1} else "-"


def imbalanced_pairs(G: nx.Graph, *, cutoff: int | None = None) -> list[tuple[Hashable, Hashable, int, int]]:
    """Return the ordered pairs joined by both positive and negative causal paths.

    Parameters
    ----------
    G : networkx graph
        A projection; only edges of kind ``"causal"`` are followed.
    cutoff : int, optional
        Longest path length (in edges) to consider; only used when the causal
        map has cycles.

    Returns
    -------
    list of (u, v, int, int)
        ``(u, v, n_pos, n_neg)`` for every ordered pair with ``n_pos > 0`` and
        ``n_neg > 0`` simple causal paths, sorted by the string forms of
        ``u`` and ``v``. An empty list means the map is balanced.

    Raises
    ------
    ValueError
        If a causal edge has no sign of +1 or -1.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", kind="causal", sign=1)
    0
    >>> G.add_edge("b", "c", kind="causal", sign=1)
    0
    >>> G.add_edge("a", "c", kind="causal", sign=-1)
    0
    >>> imbalanced_pairs(G)
    [('a', 'c', 1, 1)]

    Notes
    -----
    Axelrod calls a cognitive map balanced when every pair of points is joined
    only by paths of one sign; an imbalanced pair is where the map's author
    holds contradictory causal beliefs [1]_. On an acyclic map the paths are
    counted by dynamic programming in topological order, in time polynomial
    in the map's size; on a map with feedback loops they are enumerated by
    depth-first search from each node, which can be exponential (bound it
    with ``cutoff``).

    References
    ----------
    .. [1] Axelrod, R. (ed.) (1976). Structure of Decision. Princeton UP.
    """
    C = _causal_subgraph(G)
    counts: dict[tuple[Hashable, Hashable], list[int]] = {}
    if nx.is_directed_acyclic_graph(C):
        order = list(nx.topological_sort(C))
        for s in order:
            # paths[n] = [positive, negative] path counts from s to n
            paths: dict[Hashable, list[int]] = {s: [1, 0]}
            for u in order:
                if u not in paths:
                    continue
                pos, neg = paths[u]
                for _, v, sign in C.out_edges(u, data="sign"):
                    acc = paths.setdefault(v, [0, 0])
                    acc[0] += pos if sign == 1 else neg
                    acc[1] += neg if sign == 1 else pos
            for v, pn in paths.items():
                if v != s:
                    counts[s, v] = pn
    else:
        for s in C:
            _count_from(C, s, cutoff, counts)
    rows = [(u, v, p, n) for (u, v), (p, n) in counts.items() if p and n]
    rows.sort(key=lambda r: (str(r[0]), str(r[1])))
    return rows


# ---------------------------------------------------------------- helpers


def _causal_subgraph(G: nx.Graph) -> nx.MultiDiGraph:
    C = nx.MultiDiGraph()
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, 0, d) for u, v, d in G.edges(data=True)
    )
    for u, v, key, data in edges:
        if data.get("kind") != "causal":
            continue
        sign = data.get("sign")
        if sign not in (1, -1):
            raise ValueError(
                f"causal edge {u!r} -> {v!r} (key {key!r}) has sign {sign!r}; expected +1 or -1"
            )
        C.add_edge(u, v, key, sign=int(sign))
    return C


def _count_from(C: nx.MultiDiGraph, s: Hashable, cutoff: int | None, counts: dict[tuple[Hashable, Hashable], list[int]]) -> None:
    """Count positive and negative simple paths from ``s`` to every node by DFS."""
    limit = len(C) if cutoff is None else cutoff
    path = [s]
    on_path = {s}
    stack = [(iter(C.out_edges(s, data="sign")), 1)]
    while stack:
        edges, sign = stack[-1]
        step = next(edges, None)
        if step is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        _, v, esign = step
        if v in on_path:
            continue
        total = sign * esign
        acc = counts.setdefault((s, v), [0, 0])
        acc[0 if total == 1 else 1] += 1
        if len(stack) < limit:
            path.append(v)
            on_path.add(v)
            stack.append((iter(C.out_edges(v, data="sign")), total))
