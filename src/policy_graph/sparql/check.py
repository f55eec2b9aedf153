"""Safety checks of a SPARQL query, decided on the query as a SPARQL parser reads it.

Two checks run before a query reaches any engine or server:

* nesting: brackets ``{``, ``(`` and ``[`` nested more than `MAX_NESTING` deep are refused,
  counted by a small tokenizer that knows strings, IRIs, comments and escaped local names. The
  engines' parsers recurse once per level: Oxigraph's overflowed its stack (the process died) at
  1,000 levels in a server thread and 5,000 on the command line, rdflib's raises RecursionError
  from about 12 levels of ``FILTER(EXISTS { ... })``.
* network: a ``SERVICE`` clause, and a ``FROM`` / ``FROM NAMED`` dataset clause naming a
  ``file:``, ``http(s):`` or ``ftp:`` IRI, are refused unless the caller allows the network
  (``FROM <file:...>`` always). rdflib's SPARQL parser (`rdflib.plugins.sparql.parser.parseQuery`)
  reads the query and the parse tree is searched, so escapes, comments, strings, case and nesting
  count exactly as the SPARQL grammar says. The parse costs 20-80 ms, so it is skipped when the
  words ``service`` and ``from`` cannot be keywords: ``service`` appears nowhere (in any case,
  escaped or not) and ``from`` appears only inside a longer word such as ``pg:from`` or
  ``wasQuotedFrom`` or on comment lines. A query the parser cannot read is then refused unless
  the network is allowed (rdflib 7.6 cannot read a SERVICE clause that follows a triple pattern
  on the same line: such a query is refused unread). An update (checked by the served endpoint's
  front) is always parsed, and its ``LOAD`` and ``USING`` IRIs are read like ``FROM``.

>>> check_query("SELECT * WHERE { ?s ?p ?o }", "q")
>>> check_query('PREFIX ex: <urn:x#> SELECT * { ?s ex:p\\\\# ?o .\\n SERVICE <http://h/> { ?s ?p ?o } }', "q")
Traceback (most recent call last):
...
policy_graph.errors.NetworkRefusedError: q: SERVICE clauses reach the network and are refused by default (pass allow_service=True, or --allow-service on the command line, to permit them)
>>> nesting_depth('SELECT * { ?s ?p "{{{" } # {{')
1
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import NetworkRefusedError, QueryError

__all__ = ["MAX_NESTING", "blanked", "check_query", "nesting_depth"]

#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have; deeper queries are refused.
MAX_NESTING = 64

#: IRI schemes a ``FROM`` clause may not name unless the network is allowed (``file:`` never).
NETWORK_SCHEMES = ("http:", "https:", "ftp:")

_SKIP = (
    r'"""(?:\\[\s\S]|[^\\])*?"""|\'\'\'(?:\\[\s\S]|[^\\])*?\'\'\''  # long strings
    r'|"(?:\\.|[^"\\\n\r])*"|\'(?:\\.|[^\'\\\n\r])*\''  # short strings
    r"|#[^\n\r]*"  # comments
    r"|\\[\s\S]"  # an escaped character of a local name: ex:p\# is no comment
)
_IRI = r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
_TOKEN = re.compile(rf"(?P<skip>{_SKIP})|(?P<iri>{_IRI})|(?P<open>[{{(\[])|(?P<close>[}})\]])")
_BLANKED = re.compile(rf"{_SKIP}|{_IRI}")
_IRI_BRACKETS = re.compile(r"[(\[]|[)\]]")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
#: ``from`` where it can be the keyword: not inside a prefixed name (``pg:from``) or a longer
#: word (``wasQuotedFrom``), except right after ``ASK`` (``ASKFROM<g>`` is a valid query).
_FROM_KEYWORD = re.compile(r"(?:^|[^\w:]|ask)from", re.IGNORECASE)


def nesting_depth(text: str) -> int:
    """How deep ``{``, ``(`` and ``[`` nest in ``text``, outside strings and comments.

    Brackets inside an IRI count too: ``?a<(((?b)))>0`` is an IRI to the tokenizer but a
    comparison to a parser, and a count that can only be too high keeps the guard safe.

    >>> nesting_depth("SELECT * { { ?s <urn:a(b)> ?o FILTER((?o > 1)) } }")
    4
    >>> nesting_depth("ASK { ?s <urn:x#{> ?o } # }}}}")
    1
    """
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)  # a stray closer must not hide the opens after it
        elif kind == "iri":
            for bracket in _IRI_BRACKETS.findall(match.group()):
                depth = depth + 1 if bracket in "([" else max(depth - 1, 0)
                deepest = max(deepest, depth)
    return deepest


@lru_cache(maxsize=512)
def blanked(text: str) -> str:
    """``text`` with strings, IRIs, comments and escaped characters overwritten by spaces: same
    length, same places, read left to right by the tokenizer of `nesting_depth`.

    >>> blanked('SELECT * { ?s <urn:x#y> "#" ; ex:a\\\\# ?o } # it is "SERVICE"')
    'SELECT * { ?s               ; ex:a   ?o }                  '
    """
    return _BLANKED.sub(lambda match: " " * len(match.group()), text)


def check_query(text: str, name: str, *, allow_network: bool = False, parse: bool = False, update: bool = False) -> None:
    """Refuse ``text`` if it nests too deep, or asks for the network without ``allow_network``.

    ``parse=True`` reads the query with the parser even when the words ``service`` and ``from``
    cannot be keywords (for queries sent to another server, whose cost dwarfs the parse).
    ``update=True`` reads ``text`` as a SPARQL update (always parsed): ``LOAD`` and ``USING``
    of a ``file:``, ``http(s):`` or ``ftp:`` IRI are refused like ``FROM``.
    Raises `QueryError` (too deep, unreadable) or `NetworkRefusedError`.

    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "q")
    Traceback (most recent call last):
    ...
    policy_graph.errors.NetworkRefusedError: q: FROM <file:///etc/passwd> reads a file or the network and is refused (load the data as a file instead)
    >>> check_query("SELECT ?s WHERE { ?s pg:from ?o } # taken from the map", "q")
    """
    depth, may_name_network = _read(text)
    if depth > MAX_NESTING:
        raise QueryError(f"{name}: brackets nest {depth} deep, more than the {MAX_NESTING} allowed; refused before parsing (simplify the query)")
    if not (parse or update or may_name_network):
        return
    services, datasets = _network_clauses(text, update)
    if isinstance(services, str):  # unreadable: refused unless the network is allowed anyway
        if allow_network:
            return
        raise NetworkRefusedError(
            f"{name}: the query may hold a SERVICE or FROM clause, and the SPARQL parser that looks for them "
            f"(rdflib) cannot read it: {services}; refused (check the syntax, or pass allow_service=True)"
        )
    if services and not allow_network:
        raise NetworkRefusedError(
            f"{name}: SERVICE clauses reach the network and are refused by default "
            "(pass allow_service=True, or --allow-service on the command line, to permit them)"
        )
    for keyword, iri in datasets:
        scheme = iri.lower()
        if scheme.startswith("file:") or (scheme.startswith(NETWORK_SCHEMES) and not allow_network):
            fix = "load the data as a file instead" if scheme.startswith("file:") else "pass allow_service=True, or --allow-service, to permit it"
            raise NetworkRefusedError(f"{name}: {keyword} <{iri}> reads a file or the network and is refused ({fix})")


@lru_cache(maxsize=512)
def _read(text: str) -> tuple[int, bool]:
    """The nesting depth of ``text`` and whether it may name the network (cached: a named query's
    text is read once per process)."""
    return nesting_depth(text), _may_name_network(text)


def _may_name_network(text: str) -> bool:
    """False only when neither ``SERVICE`` nor ``FROM`` can be a keyword of ``text`` (as written,
    or after the ``\\u`` escapes some parsers expand first)."""
    for version in {text, _UNICODE_ESCAPE.sub(_unescaped, text)}:
        folded = version.casefold()
        if "service" in folded or ("from" in folded and _FROM_KEYWORD.search(_COMMENT_LINE.sub("", version))):
            return True
    return False


def _unescaped(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except (ValueError, OverflowError):
        return match.group()


#: Parse-tree nodes that name a graph to read, with the keyword that writes them.
_READS = {"DatasetClause": "FROM", "UsingClause": "USING", "Load": "LOAD"}


@lru_cache(maxsize=512)
def _network_clauses(text: str, update: bool = False) -> tuple[int | str, tuple[tuple[str, str], ...]]:
    """How many SERVICE clauses ``text`` has and the (keyword, IRI) of its FROM, USING and LOAD
    clauses, as rdflib's parser reads it; why it cannot read it instead of the count (cached)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except RecursionError:
        return "it is nested too deeply for it", ()
    except (ParseBaseException, ValueError) as err:
        return str(err), ()
    prefixes: dict[str, str] = {}
    services, datasets = 0, []
    stack: list[Any] = [tree]
    while stack:  # iterative: the tree is as deep as the query
        node = stack.pop()
        node_name = getattr(node, "name", None)
        if node_name == "ServiceGraphPattern":
            services += 1
        elif node_name == "PrefixDecl":
            prefixes[str(dict.get(node, "prefix") or "")] = str(dict.get(node, "iri"))
        elif node_name in _READS:  # CompValue.get answers the key itself: dict.get
            datasets.append((_READS[node_name], dict.get(node, "default") or dict.get(node, "named") or dict.get(node, "iri")))
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(reversed(list(node)))
    return services, tuple((keyword, _absolute(iri, prefixes)) for keyword, iri in datasets)


def _absolute(iri: Any, prefixes: dict[str, str]) -> str:
    """A dataset IRI as text: an ``<...>`` IRI as given, a prefixed name expanded by the
    query's own ``PREFIX`` lines, then the project's prefixes."""
    if getattr(iri, "name", None) != "pname":
        return str(iri)
    from ..namespaces import PREFIXES

    prefix = str(dict.get(iri, "prefix") or "")
    namespace = prefixes.get(prefix, str(PREFIXES[prefix]) if prefix in PREFIXES else "")
    return namespace + str(dict.get(iri, "localname") or "")
