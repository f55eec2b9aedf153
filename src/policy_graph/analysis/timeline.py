"""Timelines: events in date order, and an actor's stance over time."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

__all__ = ["stance", "timeline"]


def timeline(G: nx.Graph) -> list[dict[str, Any]]:
    """Return the events of ``G`` in date order.

    Parameters
    ----------
    G : networkx graph
        A projection; events are nodes with ``kind="event"``.

    Returns
    -------
    list of dict
        One ``{"node", "label", "date", "end_date", "precision", "certainty",
        "not_before", "not_after"}`` per event (``certainty`` "stated" or
        "inferred", the bounds of an inferred date, None where the node has
        none), sorted by the lexical form of ``date``, then by label; undated
        events come last.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e1", kind="event", label="invasion", date="2022-02-24", precision="day")
    >>> G.add_node("e2", kind="event", label="Bregancon", date="2019-08", precision="month")
    >>> G.add_node("e3", kind="event", label="speech", date="2022", precision="year")
    >>> [e["label"] for e in timeline(G)]
    ['Bregancon', 'speech', 'invasion']

    Notes
    -----
    ISO dates of mixed precision sort lexically with the coarser first: a
    year-precision event (``"2022"``) sorts before every day of that year, so
    read it as "some time in 2022", not as January 1st.
    """
    events = [
        {
            "node": n,
            "label": data.get("label"),
            "date": data.get("date"),
            "end_date": data.get("end_date"),
            "precision": data.get("precision"),
            "certainty": data.get("certainty"),
            "not_before": data.get("not_before"),
            "not_after": data.get("not_after"),
        }
        for n, data in G.nodes(data=True)
        if data.get("kind") == "event"
    ]
    events.sort(key=_date_key)
    return events


def stance(G: nx.Graph, actor: Hashable) -> list[dict[str, Any]]:
    """Return the claims an actor holds, ordered by the date of the event they are tied to.

    Parameters
    ----------
    G : networkx graph
        A projection following the attribute contract.
    actor : node
        The actor whose claims to list.

    Returns
    -------
    list of dict
        One ``{"claim", "label", "date", "precision", "event", "event_label",
        "via", "confidence", "hedge"}`` per claim whose ``holder`` is
        ``actor`` or that ``actor`` ``"holds"``. ``via`` is ``"stated_at"``
        or ``"about"``, the edge that dated it, or None for undated claims,
        which come last (then by label).

    Raises
    ------
    networkx.NodeNotFound
        If ``actor`` is not in ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("macron", kind="actor", label="Macron")
    >>> G.add_node("c1", kind="claim", label="dialogue", holder="macron")
    >>> G.add_node("c2", kind="claim", label="balance of power", holder="macron")
    >>> G.add_node("e1", kind="event", label="Bregancon", date="2019-08-19", precision="day")
    >>> G.add_node("e2", kind="event", label="Bratislava", date="2023-05-31", precision="day")
    >>> G.add_edge("c2", "e2", kind="stated_at")
    0
    >>> G.add_edge("c1", "e1", kind="stated_at")
    0
    >>> [(s["label"], s["date"]) for s in stance(G, "macron")]
    [('dialogue', '2019-08-19'), ('balance of power', '2023-05-31')]

    Notes
    -----
    A claim stated at an event is dated by that event; otherwise by the
    event it is about. With several candidates the earliest date wins.
    """
    if actor not in G:
        raise nx.NodeNotFound(f"actor {actor!r} is not in the graph")
    claims = {n for n, h in G.nodes(data="holder") if h == actor}
    claims.update(v for _, v, kind in G.out_edges(actor, data="kind") if kind == "holds")
    rows = []
    for c in claims:
        data = G.nodes[c]
        dated: tuple[Hashable, str] | None = None
        for via in ("stated_at", "about"):
            events = [
                v for _, v, kind in G.out_edges(c, data="kind")
                if kind == via and G.nodes[v].get("kind") == "event" and G.nodes[v].get("date")
            ]
            if events:
                dated = (min(events, key=lambda e: (G.nodes[e]["date"], str(e))), via)
                break
        event, dated_via = dated if dated else (None, None)
        edata = G.nodes[event] if event is not None else {}
        rows.append({
            "claim": c,
            "label": data.get("label"),
            "date": edata.get("date"),
            "precision": edata.get("precision"),
            "event": event,
            "event_label": edata.get("label"),
            "via": dated_via,
            "confidence": data.get("confidence"),
            "hedge": data.get("hedge"),
        })
    rows.sort(key=_date_key)
    return rows


# ---------------------------------------------------------------- helpers


def _date_key(row: dict[str, Any]) -> tuple[bool, str, str, str]:
    date = row.get("date")
    return (date is None, date or "", str(row.get("label") or ""), str(row.get("node") or row.get("claim")))
