"""Competency questions CQ1-CQ7 (../shared/competency-questions.md), answered by running the
named queries on the real graph, data/claims.ttl. CQ8-CQ10 are graph analyses: see
tests/test_competency_analysis.py."""

from __future__ import annotations

import re
from pathlib import Path

from policy_graph.anchors import fold
from policy_graph.query import select
from policy_graph.store import Store


def _by(rows, key):
    grouped: dict = {}
    for row in rows.to_python():
        grouped.setdefault(row[key], []).append(row)
    return grouped


def test_cq1_three_mistakes_in_order(store: Store) -> None:
    rows = select("cq1-three-mistakes", store)
    parts = _by(rows, "position")
    assert sorted(parts) == [1, 2, 3]
    first, second, third = (" ".join(r["label"] + " " + r["exact"] for r in parts[p]).lower() for p in (1, 2, 3))
    assert "pragmatic" in first and "reasonable" in first and "man to man" in first
    assert "underestimated" in second and "cynicism" in second and ("imperialist" in second or "hegemonic" in second)
    assert "refoundation" in third and "security architecture" in third and "central and eastern" in third
    assert {r["holder"] for r in rows.to_python()} == {"Dimitri Minic"}
    assert "xi" in {r["footnote"] for r in parts[1]}


def test_cq2_factors_of_the_new_approach_each_with_evidence(store: Store) -> None:
    rows = select("cq2-new-approach-factors", store)
    factors = _by(rows, "position")
    assert len(factors) >= 6
    text = {p: " ".join(filter(None, [r["factorLabel"] for r in rs][:1] + [rs[0]["hedge"]])).lower() for p, rs in factors.items()}
    expected = {
        "awareness of radicalism": lambda t: "radical" in t and "aware" in t,
        "more lucid reading": lambda t: "lucid" in t,
        "lured by Putin": lambda t: "lured" in t,
        "nuclear rhetoric": lambda t: "nuclear" in t,
        "European project, probably decisive": lambda t: "europe" in t and "decisive" in t,
        "war as an opportunity": lambda t: "opportunity" in t,
    }
    for name, matches in expected.items():
        hits = [p for p, t in text.items() if matches(t)]
        assert hits, f"no factor for {name}: {text}"
        assert any(r["evidence"] for p in hits for r in factors[p]), f"factor {name} has no supporting evidence"
    decisive = [rs[0] for rs in factors.values() if rs[0]["weight"] == "decisive"]
    assert len(decisive) == 1 and "probably a decisive factor" in decisive[0]["hedge"]


def test_cq3_radicalization_by_disappointment(store: Store) -> None:
    rows = select("cq3-radicalization-by-disappointment", store).to_python()
    explaining = [r for r in rows if r["explained"]]
    assert explaining, "the account explains nothing"
    assert {r["speakerRole"] for r in rows} == {"former minister"}
    assert all(r["unnamed"] is True for r in rows), "the former minister is unnamed in the text"
    assert "lxvii" in {r["footnote"] for r in rows}
    events = {(r["eventLabel"], r["date"]) for r in rows if r["event"]}
    assert any("Zaporizhzhia" in label and date == "2022-09" for label, date in events), events


def test_cq4_dated_events_in_order_with_precision(store: Store) -> None:
    rows = select("cq4-dated-events", store).to_python()
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates), "events are not in chronological order"
    assert len({r["event"] for r in rows}) >= 40
    by_date = {(r["date"], r["precision"]) for r in rows}
    required = {
        ("2017-05-29", "day"), ("2018-05-24", "day"), ("2019", "year"), ("2020", "year"),
        ("2022-02-21", "day"), ("2022-02-24", "day"), ("2022-09", "month"), ("2022-12-31", "day"),
        ("2023-02", "month"), ("2023-06", "month"), ("2024-01-30", "day"), ("2024-02-16", "day"),
        ("2024-02-27", "day"),
    }
    assert required <= by_date, required - by_date
    visit = [r for r in rows if r["date"] == "2018-05-24"]
    assert any(r["endDate"] == "2018-05-25" for r in visit)
    labels = " | ".join(r["label"] for r in rows).lower()
    for word in ("versailles", "moscow", "brégançon", "navalny", "invasion", "munich", "bratislava", "stockholm"):
        assert word in labels, word
    files = {r["file"] for r in rows}
    assert {"000_875473fb660d7a5a.txt", "004_f2a92c93a478228c.txt"} <= files


def test_cq5_versailles_meeting_is_one_node_cited_by_both(store: Store) -> None:
    rows = select("cq5-versailles-meeting", store).to_python()
    files = {event: {r["file"] for r in rs} for event, rs in _by(select("cq5-versailles-meeting", store), "event").items()}
    both = [event for event, cited in files.items() if len(cited) == 2]
    assert len(both) == 1, files
    cited_2024 = [event for event, cited in files.items() if "004_f2a92c93a478228c.txt" in cited]
    assert cited_2024 == both, "the 2024 paper's Versailles meeting must be the 2018 text's node"
    assert "meeting" in next(r["label"] for r in rows if r["event"] == both[0]).lower() or "receives" in next(r["label"] for r in rows if r["event"] == both[0]).lower()


def test_cq6_three_interpretations_and_how_they_relate(store: Store) -> None:
    rows = select("cq6-three-interpretations", store).to_python()
    interpretations = _by(select("cq6-three-interpretations", store), "interpretation")
    assert len(interpretations) == 3
    labels = {i: rs[0]["label"].lower() for i, rs in interpretations.items()}
    first = next(i for i, label in labels.items() if "versailles went wrong" in label)
    second = next(i for i, label in labels.items() if "important" in label or "divisions" in label)
    third = next(i for i, label in labels.items() if "long-term agenda" in label)
    assert len({first, second, third}) == 3
    assert {r["explains"] for r in rows} and len({r["explains"] for r in rows}) == 1, "they explain one thing"
    assert not any(r["rival"] for rs in interpretations.values() for r in rs), (
        "the text offers the interpretations side by side and never opposes them (the third “does not contradict the first ones”)"
    )
    statements = {r["statementLabel"] for r in interpretations[third] if r["statementLabel"]}
    assert any("does not contradict" in s for s in statements)


def test_cq7_footnote_lxvii_points_to_its_exact_sentence(store: Store, corpus_dir: Path) -> None:
    rows = select("cq7-footnote", store, {"footnote": "lxvii"}).to_python()
    assert rows and all("radicalization by disappointment" in r["exact"] for r in rows)
    text = fold((corpus_dir / rows[0]["file"]).read_text(encoding="utf-8"))
    for row in rows:
        position = text.find(fold(row["exact"]))
        assert position >= 0, "the quote is not in the source"
        after = text[position + len(fold(row["exact"])):]
        assert re.match(r"\s*\[lxvii\]", after), "the marker does not follow the quote"
