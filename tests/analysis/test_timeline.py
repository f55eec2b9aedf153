"""Timelines and stance over time."""

import networkx as nx
import pytest

from policy_graph.analysis import stance, timeline


@pytest.fixture
def G():
    G = nx.MultiDiGraph()
    G.add_node("macron", kind="actor", label="Emmanuel Macron")
    events = [
        ("ev-bregancon", "Brégançon meeting", "2019-08-19", "day"),
        ("ev-invasion", "Full-scale invasion", "2022-02-24", "day"),
        ("ev-2022", "Campaign year", "2022", "year"),
        ("ev-bratislava", "Bratislava speech", "2023-05-31", "day"),
        ("ev-undated", "Some talks", None, None),
    ]
    for n, label, date, precision in events:
        G.add_node(n, kind="event", label=label, date=date, precision=precision)
    G.nodes["ev-2022"].update(certainty="inferred", not_before="2022-01", not_after="2022-06")
    G.add_node("cl-dialogue", kind="claim", label="dialogue with Russia", holder="macron")
    G.add_node("cl-balance", kind="claim", label="balance of power", holder="macron", hedge="seems")
    G.add_node("cl-held", kind="claim", label="Europe must arm")
    G.add_node("cl-other", kind="claim", label="someone else's", holder="scholz")
    G.add_node("cl-undated", kind="claim", label="undated view", holder="macron")
    G.add_edge("macron", "cl-held", kind="holds")
    G.add_edge("cl-balance", "ev-bratislava", kind="stated_at")
    G.add_edge("cl-balance", "ev-bregancon", kind="about")  # stated_at wins
    G.add_edge("cl-dialogue", "ev-bregancon", kind="stated_at")
    G.add_edge("cl-held", "ev-invasion", kind="about")
    return G


def test_timeline_order(G):
    assert [e["node"] for e in timeline(G)] == [
        "ev-bregancon", "ev-2022", "ev-invasion", "ev-bratislava", "ev-undated",
    ]
    assert timeline(G)[1] == {
        "node": "ev-2022", "label": "Campaign year", "date": "2022", "end_date": None, "precision": "year",
        "certainty": "inferred", "not_before": "2022-01", "not_after": "2022-06",
    }


def test_stance_moves_from_dialogue_to_balance_of_power(G):
    rows = stance(G, "macron")
    assert [(r["claim"], r["date"], r["via"]) for r in rows] == [
        ("cl-dialogue", "2019-08-19", "stated_at"),
        ("cl-held", "2022-02-24", "about"),
        ("cl-balance", "2023-05-31", "stated_at"),
        ("cl-undated", None, None),
    ]
    assert rows[2]["hedge"] == "seems" and rows[2]["event_label"] == "Bratislava speech"


def test_stance_unknown_actor(G):
    with pytest.raises(nx.NodeNotFound, match="actor 'putin' is not in the graph"):
        stance(G, "putin")
