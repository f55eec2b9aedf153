"""JSON-LD the parser can read safely: limited nesting and term chains, and no context to fetch.

pyoxigraph's JSON-LD parser recurses in native code: objects nested about 5,000 deep, or a
98 KB ``@context`` whose 5,000 terms are each defined through the next, overflow its stack and
kill the process (a segmentation fault, which no ``except`` can catch). `check_jsonld` reads
the document first and refuses such input in one line, as it refuses a context it would have
to fetch from the network or the disk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["MAX_EXPORT_DEPTH", "MAX_NESTING", "MAX_TERM_CHAIN", "check_jsonld"]

#: Objects and arrays nested deeper than this are refused (the parser crashed at ~5,000).
MAX_NESTING = 500
#: Blank nodes nested deeper than this are not exported as JSON-LD (rdflib's serializer nests
#: them and recurses: RecursionError past ~320; an export must also stay readable by `MAX_NESTING`).
MAX_EXPORT_DEPTH = 200
#: A term defined through more terms than this (``"a": "b:x"``, ``"b": "c:"``, ...) is refused.
MAX_TERM_CHAIN = 100

_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def check_jsonld(path: Path, data: bytes) -> None:
    """Refuse JSON-LD ``data`` (the text of ``path``) that the parser cannot read safely.

    A document that is not valid JSON passes: the parser reports its syntax error with the line.

    >>> check_jsonld(Path("a.jsonld"), b'{"@context": {"a": "b:x", "b": "http://example.org/"}, "a": 1}')
    >>> check_jsonld(Path("a.jsonld"), b'{"@context": "https://schema.org/", "name": "x"}')
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: a.jsonld:1: the @context 'https://schema.org/' is a document to fetch, and policy-graph never fetches one while loading (put the context object itself in the file, e.g. ontology/context.jsonld's)
    >>> check_jsonld(Path("a.jsonld"), b"[" * 600 + b"]" * 600)
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: a.jsonld:1: JSON nested more than 500 levels deep (flatten it: put the nodes side by side in @graph and refer to them by @id)
    """
    depth = 0
    for match in _TOKENS.finditer(data):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
            if depth > MAX_NESTING:
                raise InputError(
                    f"JSON nested more than {MAX_NESTING} levels deep",
                    path=path,
                    line=data.count(b"\n", 0, match.start()) + 1,
                    hint="flatten it: put the nodes side by side in @graph and refer to them by @id",
                )
        elif token in (b"}", b"]"):
            depth -= 1
    try:
        document = json.loads(data)
    except ValueError:
        return
    for context in _contexts(document):
        if isinstance(context, str):
            raise InputError(
                f"the @context {context!r} is a document to fetch, and policy-graph never fetches one while loading",
                path=path,
                line=_line_of(data, context),
                hint="put the context object itself in the file, e.g. ontology/context.jsonld's",
            )
        if isinstance(context, dict):
            _check_term_chains(path, data, context)


def _contexts(document: Any) -> list[Any]:
    """Every context in ``document`` (top-level, embedded, scoped in term definitions), walked without recursion."""
    found: list[Any] = []
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if "@context" in value:
                context = value["@context"]
                found.extend(context if isinstance(context, list) else [context])
            stack.extend(v for k, v in value.items() if k != "@context")
            if isinstance(value.get("@context"), dict):  # scoped contexts inside term definitions
                stack.extend(v for v in value["@context"].values() if isinstance(v, dict))
    return found


def _check_term_chains(path: Path, data: bytes, context: dict[str, Any]) -> None:
    """Refuse terms defined through a chain longer than `MAX_TERM_CHAIN`, or through themselves."""
    refers: dict[str, str] = {}
    for term, definition in context.items():
        target = definition.get("@id", definition.get("@reverse")) if isinstance(definition, dict) else definition
        if isinstance(target, str):
            head = target.split(":", 1)[0] if ":" in target and not target.split(":", 1)[1].startswith("//") else target
            if head in context and head != term:
                refers[term] = head
    length: dict[str, int] = {}
    for start in refers:
        path_terms: list[str] = []
        seen: set[str] = set()
        current: str | None = start
        while current is not None and current not in length:
            if current in seen:
                raise InputError(
                    f"the @context defines term {current!r} through itself (a cycle of term definitions)",
                    path=path,
                    line=_line_of(data, f'"{current}"'),
                    hint="define one of the terms with a full IRI",
                )
            seen.add(current)
            path_terms.append(current)
            current = refers.get(current)
        steps = length.get(current, 0) if current is not None else 0
        for term in reversed(path_terms):
            steps += 1
            length[term] = steps
            if steps > MAX_TERM_CHAIN:
                raise InputError(
                    f"the @context defines term {term!r} through a chain of more than {MAX_TERM_CHAIN} other terms",
                    path=path,
                    line=_line_of(data, f'"{term}"'),
                    hint="define the terms with full IRIs or short prefixes",
                )


def _line_of(data: bytes, text: str) -> int | None:
    found = data.find(text.encode("utf-8"))
    return data.count(b"\n", 0, found) + 1 if found >= 0 else None
