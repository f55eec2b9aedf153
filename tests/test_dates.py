"""One date parser: the same dates are accepted and refused by the parser, the loader, the
models, query parameters and the SHACL engine's datatype check (rdflib's, as pySHACL's)."""

from __future__ import annotations

import datetime

import pytest
from rdflib import Literal, URIRef

from policy_graph.dates import DATATYPES, DateError, DateSpan, parse_date, parse_span
from policy_graph.errors import InputError
from policy_graph.model import Event, Source
from policy_graph.query import parse_term
from policy_graph.store import Store

# text, precision it has, or None when it is not a date (with the reason the message gives)
DATES = [
    ("2022-02-24", "day", None),
    ("2024-02-29", "day", None),  # leap year
    ("2000-02-29", "day", None),  # divisible by 400
    ("2022-12-31", "day", None),
    ("2022-02", "month", None),
    ("2022", "year", None),
    ("2022-02-24Z", "day", None),
    ("2022-02-24+01:00", "day", None),
    ("12022", "year", None),
    ("2022-02-30", None, "February 2022 has 28 days"),
    ("2023-02-29", None, "February 2023 has 28 days"),
    ("1900-02-29", None, "February 1900 has 28 days"),
    ("2022-04-31", None, "April 2022 has 30 days"),
    ("2022-00", None, "there is no month 00"),
    ("2022-99", None, "there is no month 99"),
    ("2022-99-99", None, "there is no month 99"),
    ("2022-13-01", None, "there is no month 13"),
    ("2022-01-00", None, "January 2022 has 31 days"),
    ("22-01-01", None, "write YYYY-MM-DD"),
    ("02022", None, "write YYYY-MM-DD"),
    ("2022-1-5", None, "write YYYY-MM-DD"),
    ("2022/01/05", None, "write YYYY-MM-DD"),
    ("yesterday", None, "write YYYY-MM-DD"),
    ("", None, "write YYYY-MM-DD"),
    ("2022-02-24+15:00", None, "is not a time zone"),
    ("\uff12\uff10\uff12\uff12", None, "write YYYY-MM-DD"),  # fullwidth digits: XML Schema takes ASCII digits only
    ("000\u1b56", None, "write YYYY-MM-DD"),  # a Balinese digit
]
_VALID = [(text, precision) for text, precision, _ in DATES if precision]
_INVALID = [(text, reason) for text, precision, reason in DATES if not precision]


@pytest.mark.parametrize(("text", "precision"), _VALID)
def test_parser_reads_valid_dates(text: str, precision: str) -> None:
    date = parse_date(text)
    assert date.precision == precision
    assert date.text == text
    assert date.datatype == DATATYPES[precision]  # type: ignore[index]


@pytest.mark.parametrize(("text", "reason"), _INVALID)
def test_parser_refuses_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(("text", "precision", "reason"), DATES)
def test_loader_agrees_with_the_parser(text: str, precision: str | None, reason: str | None) -> None:
    datatype = DATATYPES[precision or "day"]  # type: ignore[index]
    turtle = f'<urn:x:e> <urn:x:date> "{text}"^^<{datatype}> .'
    if precision:
        assert len(Store.from_text(turtle)) == 1
    else:
        with pytest.raises(InputError, match=r"is not a valid xsd:date"):
            Store.from_text(turtle)


@pytest.mark.parametrize(("text", "precision", "reason"), DATES)
def test_query_parameters_agree_with_the_parser(text: str, precision: str | None, reason: str | None) -> None:
    if precision:
        term = parse_term(text, "date")
        assert (str(term), str(term.datatype)) == (text, DATATYPES[precision])  # type: ignore[attr-defined,index]
    else:
        with pytest.raises(InputError, match=reason or ""):
            parse_term(text, "date")


_EVENT = {"iri": "urn:x:e", "label": "an event"}


@pytest.mark.parametrize(("text", "precision", "reason"), DATES)
def test_event_model_agrees_with_the_parser(text: str, precision: str | None, reason: str | None) -> None:
    if precision:
        assert Event(**_EVENT, date=text, precision=precision).date == text
    else:
        for any_precision in DATATYPES:
            with pytest.raises(ValueError):
                Event(**_EVENT, date=text, precision=any_precision)


@pytest.mark.parametrize(
    ("date", "end", "precision", "message"),
    [
        ("2022-02-24", "2022-02-23", "day", r"the range ends \(2022-02-23\) before it starts \(2022-02-24\)"),
        ("2022-02", "2022-02-24", "month", r"'2022-02-24' does not have month precision: write YYYY-MM"),
        ("2022", "2022-02", "year", "does not have year precision"),
        ("2022-02", None, "day", "does not have day precision"),
        ("2022-02-24", "2022-02-31", "day", "February 2022 has 28 days"),
    ],
)
def test_event_model_refuses_bad_ranges(date: str, end: str | None, precision: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Event(**_EVENT, date=date, end_date=end, precision=precision)


def test_source_issued_is_a_year() -> None:
    base = {"iri": "urn:x:s", "title": "t", "corpus_file": "f.md"}
    assert Source(**base, issued="2024").issued == "2024"
    with pytest.raises(ValueError, match="does not have year precision"):
        Source(**base, issued="2024-13")


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2023-02", datetime.date(2023, 2, 1), datetime.date(2023, 2, 28)),
        ("2022", datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        ("2022-02-24", datetime.date(2022, 2, 24), datetime.date(2022, 2, 24)),
    ],
)
def test_bounds_of_a_date(text: str, earliest: datetime.date, latest: datetime.date) -> None:
    date = parse_date(text)
    assert (date.earliest(), date.latest()) == (earliest, latest)


def test_span_precision_certainty_and_bounds() -> None:
    span = parse_span("2019-08/2020-01", certainty="inferred")
    assert (span.precision, span.certainty, span.end.text if span.end else None) == ("range", "inferred", "2020-01")
    assert parse_span("2019-08", "2019-08").precision == "range"  # a range within one month is still a range
    assert DateSpan(parse_date("2019-08"), not_before=parse_date("2019"), not_after=parse_date("2019-12-31")).start.text == "2019-08"
    with pytest.raises(DateError, match="2019-08 is after its bound 2019-07-31"):
        DateSpan(parse_date("2019-08"), not_after=parse_date("2019-07-31"))
    with pytest.raises(DateError, match="2019-08 is before its bound 2019-09"):
        DateSpan(parse_date("2019-08"), not_before=parse_date("2019-09"))
    with pytest.raises(DateError, match="mixes month and year precision"):
        DateSpan(parse_date("2019-08"), parse_date("2020"))


# rdflib drops a date's time zone when it reads it, so neither SHACL engine sees a bad zone (the loader refuses it)
@pytest.mark.parametrize("engine", ["native", "pyshacl"])
# and rdflib 7.1, the lowest version allowed, refuses a year of five digits as xsd:gYear
@pytest.mark.parametrize(("text", "precision", "reason"), [d for d in DATES if "+15" not in d[0] and d[0] != "12022"])
def test_shapes_agree_with_the_parser(engine: str, text: str, precision: str | None, reason: str | None) -> None:
    """A graph that did not come through the loader (a store built from an rdflib graph) is
    held to the same dates by SHACL: sh:pattern for the shape, sh:datatype for the day."""
    from rdflib import Graph

    from policy_graph.namespaces import PG, RDF
    from policy_graph.validate import validate

    datatype = DATATYPES[precision or ("month" if text.count("-") == 1 else "day")]  # type: ignore[index]
    g = Graph()
    g.add((URIRef("urn:x:e"), RDF.type, PG.Event))
    g.add((URIRef("urn:x:e"), PG.date, Literal(text, datatype=URIRef(datatype))))
    report = validate(Store.from_graph(g), checks_dir=None, shacl_engine=engine)  # type: ignore[arg-type]
    date_findings = [f for f in report.findings if f.path == str(PG.date) and f.rule.startswith(("sh", "shacl"))]
    assert bool(date_findings) == (precision is None), [f.message for f in report.findings]
