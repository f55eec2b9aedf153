"""YAML read with the line and column of every value, so each problem can name its place.

PyYAML's composer gives a node tree with marks; this module turns it into plain Python values
(mappings, lists, strings, booleans, ``None``) and a table from each value's path to its
position. Every scalar other than ``true``/``false``/``null`` stays a string: ``2017`` and
``2017-05-29`` are dates to the author, not numbers.

>>> doc = read_text("a:\\n  b: [x, 2017]\\n", "f.yaml")
>>> doc.value
{'a': {'b': ['x', '2017']}}
>>> doc.where(("a", "b", 1))
Position(file='f.yaml', line=2, column=10)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

__all__ = ["MAX_DEPTH", "Document", "Position", "read", "read_text"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Deepest nesting read (an authoring file is about 6 levels deep).
MAX_DEPTH = 20
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Position:
    """A place in a file, 1-based, written ``file:line:column``."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Document:
    """A YAML file's value and the position of every value and mapping key in it."""

    file: str
    value: Any
    values: dict[tuple[Any, ...], Position] = field(default_factory=dict)
    keys: dict[tuple[Any, ...], Position] = field(default_factory=dict)

    def resolved(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        """The part of ``path`` that exists in the file: elements that lead nowhere (a pydantic
        union member such as ``'str'``, a missing field) are skipped."""
        found: tuple[Any, ...] = ()
        for element in path:
            if found + (element,) in self.values:
                found += (element,)
        return found

    def where(self, path: tuple[Any, ...], *, key: bool = False) -> Position:
        """The position of the value at ``path`` (or of its key), else of its nearest parent."""
        found = self.resolved(path)
        if key and found in self.keys:
            return self.keys[found]
        return self.values.get(found, Position(self.file, 1, 1))


def read(path: Path, *, name: str | None = None) -> Document:
    """Read the YAML file ``path``; a syntax error or a repeated key is an `InputError` at its place."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the file: {err}", path=name or path, hint="give a UTF-8 YAML file") from err
    return read_text(text, name or str(path))


def read_text(text: str, name: str) -> Document:
    """Read YAML ``text`` named ``name`` in messages."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise InputError(
            f"YAML syntax error: {err.problem or err.context}",
            path=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting on this line or the line above",
        ) from err
    except RecursionError as err:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep", path=name, hint="authoring files are a few levels deep") from err
    except yaml.YAMLError as err:
        raise InputError(f"YAML syntax error: {err}", path=name, hint="fix the YAML") from err
    document = Document(name, None)
    document.value = {} if node is None else _value(node, (), document, set())
    return document


def _position(name: str, node: yaml.Node) -> Position:
    return Position(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _value(node: yaml.Node, path: tuple[Any, ...], document: Document, seen: set[int]) -> Any:
    """The Python value of ``node``; an alias (a node met twice) or nesting deeper than
    `MAX_DEPTH` is refused: authoring files need neither, and both can make a small file huge."""
    where = _position(document.file, node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:
            raise InputError("anchors and aliases (&name, *name) are not used in authoring files", path=document.file, line=where.line, column=where.column, hint="write the value out")
        seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep", path=document.file, line=where.line, column=where.column, hint="authoring files are a few levels deep")
    document.values[path] = where
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("a mapping key must be a plain word", path=document.file, line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1)
            key = key_node.value
            if key in result:
                where = _position(document.file, key_node)
                raise InputError(f"{key!r} is given twice here", path=document.file, line=where.line, column=where.column, hint="keep one entry: each id and field is written once")
            document.keys[path + (key,)] = _position(document.file, key_node)
            result[key] = _value(value_node, path + (key,), document, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, path + (index,), document, seen) for index, item in enumerate(node.value)]
    if node.tag == _NULL and isinstance(node, yaml.ScalarNode) and node.style is None:
        return None
    if node.tag == _BOOL:
        return node.value.lower() in ("true", "yes", "on")
    return node.value
