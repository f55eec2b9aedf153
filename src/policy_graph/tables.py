"""CSV and TSV tables that are safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (``=cmd|' /C calc'!A0`` runs a program in some of them), so
such a cell gets a leading ``'``, the OWASP rule for CSV injection; numbers (``-3``, ``+1.5e3``)
are kept as they are, since a number cannot run anything.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

__all__ = ["safe_cell", "write_table"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value``, with a ``'`` before it if it is text a spreadsheet would read as a formula.

    >>> [safe_cell(v) for v in ("=1+2", "@SUM(A1)", "-3", "-x", "\\tx", "plain", 7)]
    ["'=1+2", "'@SUM(A1)", '-3', "'-x", "'\\tx", 'plain', 7]
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_table(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> None:
    """Write ``header`` and ``rows`` to ``stream`` as CSV (or TSV with ``delimiter="\\t"``), every cell made safe.

    >>> import io
    >>> out = io.StringIO()
    >>> write_table(out, ["label", "n"], [["=cmd|' /C calc'!A0", -3], ["ok", None], ["a\\rb", 1]])
    >>> out.getvalue().split("\\n")
    ['label,n', "'=cmd|' /C calc'!A0,-3", 'ok,', '"a\\rb","1"', '']
    """
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(stream, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        cells = [safe_cell(cell) for cell in row]
        # a CR is no line end for the writer (lines end in LF), so it would leave it unquoted
        (quoted if any(isinstance(cell, str) and "\r" in cell for cell in cells) else writer).writerow(cells)
