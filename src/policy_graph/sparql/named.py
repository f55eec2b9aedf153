"""Named queries (``queries/*.rq`` with a ``# title:``/``# param:`` header) and ad-hoc query text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

from ..errors import InputError, QueryError, did_you_mean
from ..resources import QUERIES_DIR
from .check import blanked

__all__ = ["NamedQuery", "Param", "ParamKind", "QueryForm", "get_query", "named_queries"]

ParamKind = TypingLiteral["iri", "string", "date", "integer", "literal"]
QueryForm = TypingLiteral["select", "ask", "construct"]


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query (``# param: name kind [optional] description``)."""

    name: str
    kind: ParamKind = "iri"
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its title, description, declared parameters, the variables whose
    values are unique per row (``# key: ?event ?file``: the query promises one row per such
    combination) and, for a projection view, the node kinds it includes even when they have no
    edge (``# nodes: event``)."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = None
    nodes: tuple[str, ...] = ()
    key: tuple[str, ...] = ()

    @property
    def form(self) -> QueryForm:
        """``select``, ``ask`` or ``construct``, read from the query text."""
        body = re.sub(r"(?is)^\s*((PREFIX\s+[\w-]*:|BASE)\s*)*", "", blanked(self.text))
        word = body.split(None, 1)[0].lower() if body.strip() else ""
        for form in ("select", "ask", "construct"):
            if word.startswith(form):  # a keyword may touch what follows: ASKFROM<g>{} is an ASK
                return form
        raise QueryError(f"{self.name}: only SELECT, ASK and CONSTRUCT queries are supported, not {word.upper()!r}")


def _parse_named(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"invalid UTF-8 byte 0x{err.object[err.start]:02x} at byte {err.start}", path=path, hint="save the query as UTF-8") from None
    header: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = re.match(r"#\s*(title|description|param|nodes|key):\s*(.*)", line)
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "param":
            words = value.split(None, 2) + ["", ""]
            name, kind = words[0].lstrip("?"), words[1] or "iri"
            rest = value.split(None, 2)[2] if len(value.split(None, 2)) > 2 else ""
            optional = rest.startswith("optional")
            params.append(Param(name, kind, optional, rest.removeprefix("optional").strip()))  # type: ignore[arg-type]
        else:
            header[key] = (header.get(key, "") + " " + value).strip()
    nodes = tuple(header.get("nodes", "").split())
    key = tuple(name.lstrip("?") for name in header.get("key", "").split())
    return NamedQuery(path.stem, text, header.get("title", ""), header.get("description", ""), tuple(params), path, nodes, key)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of ``directory`` (default: the project's ``queries/``), by name."""
    folder = directory or QUERIES_DIR
    return {path.stem: _parse_named(path) for path in sorted(folder.glob("*.rq"))}


def get_query(name_or_text: str | NamedQuery) -> NamedQuery:
    """A named query by name, a ``.rq`` file by path, or ad-hoc SPARQL text.

    >>> get_query("SELECT * WHERE { ?s ?p ?o }").name
    '<text>'
    >>> get_query("no-such-query")
    Traceback (most recent call last):
    ...
    policy_graph.errors.QueryError: unknown query 'no-such-query' (run `policy-graph queries` to list the named queries)
    """
    if isinstance(name_or_text, NamedQuery):
        return name_or_text
    if re.fullmatch(r"[\w.-]+", name_or_text):
        queries = named_queries()
        if name_or_text in queries:
            return queries[name_or_text]
    if name_or_text.endswith(".rq") and "\n" not in name_or_text:
        path = Path(name_or_text)
        if not path.is_file():
            raise QueryError(f"{path}: query file not found")
        return _parse_named(path)
    if re.fullmatch(r"[\w.-]+", name_or_text):
        near = did_you_mean(name_or_text, named_queries())
        raise QueryError(f"unknown query {name_or_text!r} ({near + ' ' if near else ''}run `policy-graph queries` to list the named queries)")
    return NamedQuery("<text>", name_or_text)
