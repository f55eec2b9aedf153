"""Rephrasings counted once: a statement and its restatements as one node."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["merge_rephrasings", "rephrase_groups"]


def rephrase_groups(G: nx.Graph) -> dict[Hashable, Hashable]:
    """Map every node joined to others by ``"rephrase"`` edges to the statement they restate.

    Parameters
    ----------
    G : networkx graph
        A projection; a rephrase edge goes from the rephrasing to the statement it rephrases.

    Returns
    -------
    dict
        ``node -> root`` for every node of a group (the root maps to itself). The root is the
        group's node with no outgoing rephrase edge (the first statement of the idea); if a
        group has several (or, against the rephrase-cycle check, none), the smallest by string.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("conclusion", "introduction", kind="rephrase")
    0
    >>> G.add_edge("as-we-have-said", "introduction", kind="rephrase")
    0
    >>> sorted(rephrase_groups(G).items())
    [('as-we-have-said', 'introduction'), ('conclusion', 'introduction'), ('introduction', 'introduction')]
    """
    R = nx.DiGraph()
    R.add_edges_from((u, v) for u, v, kind in G.edges(data="kind") if kind == "rephrase")
    roots: dict[Hashable, Hashable] = {}
    for group in nx.weakly_connected_components(R):
        heads = [n for n in group if R.out_degree(n) == 0] or list(group)
        head = min(heads, key=str)
        roots.update(dict.fromkeys(group, head))
    return roots


def merge_rephrasings(G: nx.Graph) -> nx.Graph:
    """``G`` with each statement and its rephrasings as one node, so that they count once.

    Parameters
    ----------
    G : networkx graph
        A projection.

    Returns
    -------
    networkx graph
        ``G`` itself when it has no rephrase edge; otherwise a new graph of the same class in
        which each group of `rephrase_groups` is its root, carrying ``rephrasings`` (the other
        members, sorted). The members' other edges move to the root; rephrase edges and the
        self-loops a merge would make are dropped, and of the moved edges that now repeat an
        edge of the same kind between the same two nodes only one is kept: a reason that
        supports a claim and its restatement supports the idea once.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("restated", "claim", kind="rephrase")
    0
    >>> G.add_edge("evidence", "claim", kind="support")
    0
    >>> G.add_edge("evidence", "restated", kind="support")
    0
    >>> H = merge_rephrasings(G)
    >>> sorted(H.edges(data="kind")), H.nodes["claim"]["rephrasings"]
    ([('evidence', 'claim', 'support')], ('restated',))

    """
    roots = rephrase_groups(G)
    if not roots:
        return G
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, data) for n, data in G.nodes(data=True) if roots.get(n, n) == n)
    members: dict[Hashable, list[Hashable]] = {}
    for node, root in roots.items():
        if node != root:
            members.setdefault(root, []).append(node)
    for root, rest in members.items():
        H.nodes[root]["rephrasings"] = tuple(sorted(rest, key=str))
    kept: set[tuple[Hashable, Hashable, object]] = set()
    moved = []
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, data in edges:
        if data.get("kind") == "rephrase":
            continue
        a, b = roots.get(u, u), roots.get(v, v)
        if (a, b) == (u, v):
            _add(H, a, b, key, data)
            kept.add((a, b, data.get("kind")))
        elif a != b:
            moved.append((a, b, key, data))
    for a, b, key, data in moved:
        if (a, b, data.get("kind")) not in kept:
            _add(H, a, b, key, data)
            kept.add((a, b, data.get("kind")))
    return H


# ---------------------------------------------------------------- helpers


def _add(H: nx.Graph, u: Hashable, v: Hashable, key: Hashable | None, data: dict[str, object]) -> None:
    if H.is_multigraph():
        H.add_edge(u, v, key=key, **data)
    else:
        H.add_edge(u, v, **data)
