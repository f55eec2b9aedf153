"""Dates of the model, parsed and checked in one place: day, month or year precision, and ranges.

An event's date is written as XML Schema writes it: ``2022-02-24`` (``xsd:date``, day
precision), ``2022-02`` (``xsd:gYearMonth``, month), ``2022`` (``xsd:gYear``, year), each with
an optional time zone (``Z``, ``+01:00``); a range is a start and an end of the same precision
(``2019-08/2020-01`` as ISO 8601 writes an interval). The loader, the models, query parameters
and the SHACL engine all accept exactly what `parse_date` accepts: ``2022-02-30``, ``2022-99``
and ``2022-99-99`` are refused everywhere, with the reason.

A `DateSpan` also says whether the text states the date or the analyst inferred it, and may
carry bounds (the earliest and latest the event can be) where the text gives only those.

>>> parse_date("2022-02-24").precision, parse_date("2022-02").datatype.rsplit("#", 1)[1]
('day', 'gYearMonth')
>>> parse_date("2022-02-30")
Traceback (most recent call last):
...
policy_graph.dates.DateError: '2022-02-30' is not a date: February 2022 has 28 days
>>> parse_span("2019-08/2020-01").end.text
'2020-01'
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DATATYPES",
    "Certainty",
    "DateError",
    "DateSpan",
    "PartialDate",
    "Precision",
    "check_lexical",
    "parse_date",
    "parse_span",
]

Precision = Literal["day", "month", "year"]
#: Whether the source states the date or it was inferred (from context, another source...).
Certainty = Literal["stated", "inferred"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Precision -> the XML Schema datatype a date of that precision is written with.
DATATYPES: dict[Precision, str] = {"day": _XSD + "date", "month": _XSD + "gYearMonth", "year": _XSD + "gYear"}
_PRECISIONS = {datatype: precision for precision, datatype in DATATYPES.items()}
# A year of four digits or more (no leading zero beyond four), then month and day; an optional zone.
# ASCII digits only, as XML Schema's lexical forms (\d would take fullwidth or Balinese digits).
_SHAPE = re.compile(r"(?P<year>-?(?:[1-9]\d{4,}|\d{4}))(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?(?P<zone>Z|[+-]\d\d:\d\d)?", re.ASCII)
_FORMS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}


class DateError(ValueError):
    """A date that is not one: the message says what is wrong with it."""


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, the month or the year.

    >>> d = parse_date("2024-02")
    >>> d.earliest(), d.latest()
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """

    year: int
    month: int = 1
    day: int = 1
    precision: Precision = "day"
    zone: str | None = None

    @property
    def text(self) -> str:
        """The lexical form, as XML Schema writes it."""
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.precision != "year":
            text += f"-{self.month:02d}"
        if self.precision == "day":
            text += f"-{self.day:02d}"
        return text + (self.zone or "")

    @property
    def datatype(self) -> str:
        """The IRI of its XML Schema datatype (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``)."""
        return DATATYPES[self.precision]

    def _first_day(self) -> tuple[int, int, int]:
        return self.year, self.month, self.day

    def _last_day(self) -> tuple[int, int, int]:
        month = 12 if self.precision == "year" else self.month
        day = _days_in(self.year, month) if self.precision != "day" else self.day
        return self.year, month, day

    def earliest(self) -> datetime.date:
        """The first day the date can mean (years 1 to 9999)."""
        return _as_date(self, self._first_day())

    def latest(self) -> datetime.date:
        """The last day the date can mean (years 1 to 9999)."""
        return _as_date(self, self._last_day())


@dataclass(frozen=True)
class DateSpan:
    """When something happened: a date or a range, how sure, and optional bounds.

    ``not_before`` / ``not_after`` bound a date the text does not give exactly ("after the
    summit, before the election"); each may be finer than the date it bounds, and the date
    must reach into the bounds: an estimate of 2017 may be bounded by 29 May 2017, not by 2018.

    >>> DateSpan(parse_date("2017"), certainty="inferred", not_before=parse_date("2017-05-29")).not_before.text
    '2017-05-29'
    """

    start: PartialDate
    end: PartialDate | None = None
    certainty: Certainty = "stated"
    not_before: PartialDate | None = None
    not_after: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None:
            if self.end.precision != self.start.precision:
                raise DateError(f"the range {self.start.text}/{self.end.text} mixes {self.start.precision} and {self.end.precision} precision")
            if self.end._last_day() < self.start._last_day():
                raise DateError(f"the range ends ({self.end.text}) before it starts ({self.start.text})")
        last = self.end or self.start
        if self.not_before is not None and self.start._last_day() < self.not_before._first_day():
            raise DateError(f"{self.start.text} is before its bound {self.not_before.text}")
        if self.not_after is not None and last._first_day() > self.not_after._last_day():
            raise DateError(f"{last.text} is after its bound {self.not_after.text}")

    @property
    def precision(self) -> Precision | Literal["range"]:
        """``"range"`` for a range, else the precision of its one date."""
        return "range" if self.end is not None else self.start.precision


def parse_date(text: str, precision: Precision | None = None) -> PartialDate:
    """Read a date of day, month or year precision; with ``precision``, only that one.

    Raises
    ------
    DateError
        If ``text`` is not such a date, with the reason (a month out of range, a day its month
        does not have, another precision than asked).

    Examples
    --------
    >>> parse_date("2022-02-24Z").zone
    'Z'
    >>> parse_date("2022-99")
    Traceback (most recent call last):
    ...
    policy_graph.dates.DateError: '2022-99' is not a date: there is no month 99
    >>> parse_date("2022-02", "day")
    Traceback (most recent call last):
    ...
    policy_graph.dates.DateError: '2022-02' does not have day precision: write YYYY-MM-DD
    """
    match = _SHAPE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise DateError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    found: Precision = "day" if match["day"] else "month" if match["month"] else "year"
    if precision is not None and found != precision:
        raise DateError(f"{text!r} does not have {precision} precision: write {_FORMS[precision]}")
    if not 1 <= month <= 12:
        raise DateError(f"{text!r} is not a date: there is no month {match['month']}")
    days = _days_in(year, month)
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise DateError(f"{text!r} is not a date: {name} {year} has {days} days")
    zone = match["zone"]
    if zone and zone != "Z" and not (int(zone[1:3]) <= 14 and int(zone[4:]) < 60):
        raise DateError(f"{text!r} is not a date: {zone} is not a time zone")
    return PartialDate(year, month, day, found, zone)


def parse_span(text: str, end: str | None = None, *, precision: Precision | None = None, certainty: Certainty = "stated") -> DateSpan:
    """Read a date or a range: ``"2019-08/2020-01"``, or a start and an ``end`` apart.

    >>> parse_span("2022-03", "2022-02")
    Traceback (most recent call last):
    ...
    policy_graph.dates.DateError: the range ends (2022-02) before it starts (2022-03)
    >>> parse_span("2022").precision
    'year'
    """
    if end is None and "/" in text:
        text, end = text.split("/", 1)
    start = parse_date(text, precision)
    return DateSpan(start, parse_date(end, precision or start.precision) if end is not None else None, certainty)


def check_lexical(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a valid value of the date datatype ``datatype``; None if it is
    (or if ``datatype`` is not ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``).

    >>> check_lexical("2022-02-30", "http://www.w3.org/2001/XMLSchema#date")
    "'2022-02-30' is not a date: February 2022 has 28 days"
    >>> check_lexical("2022-02", "http://www.w3.org/2001/XMLSchema#date")
    "'2022-02' does not have day precision: write YYYY-MM-DD"
    """
    precision = _PRECISIONS.get(datatype)
    if precision is None:
        return None
    try:
        parse_date(lexical, precision)
    except DateError as err:
        return str(err)
    return None


def _days_in(year: int, month: int) -> int:
    """Days of ``month`` in ``year`` (proleptic Gregorian; XSD 1.1's year 0 is a leap year)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _as_date(date: PartialDate, ymd: tuple[int, int, int]) -> datetime.date:
    if not datetime.MINYEAR <= ymd[0] <= datetime.MAXYEAR:
        raise DateError(f"{date.text} is outside the years {datetime.MINYEAR}-{datetime.MAXYEAR} a Python date can hold")
    return datetime.date(*ymd)
