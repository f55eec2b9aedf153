"""Argdown read as the reference implementation reads it: tokens, parse, model.

A port of the lexer, grammar and model rules of ``@argdown/core`` (Voigt, https://argdown.org,
MIT), so that a file means here what it means to Argdown's own tools: comments (``//``,
``/* */``, ``<!-- -->``) anywhere, indentation by ``Indent`` / ``Dedent`` tokens, untitled
statements (titled ``Untitled N`` in reading order, as the reference numbers them), one-line
and multi-line inference rules, relations of statements inside premise-conclusion structures,
undercuts of inferences, and the reference's post-processing (a relation from a reconstructed
argument starts at its main conclusion; an undercut of it targets its last inference).

`read_model` returns a `Model`: statements (equivalence classes by title), arguments with their
premise-conclusion structure, relations, sections, tags and the syntax errors the parser
recovered from. ``@include(a.argdown, b.argdown)`` is followed relative to the including file,
as ``@argdown/node`` does; a path outside that folder is refused.

>>> model = read_model('''[A]: Rates must rise.
...   + Inflation is high.
...
... <B>
...
... (1) [A]
... -- Modus Ponens --
... (2) Growth slows.''')
>>> sorted(model.statements), [(r.kind, r.source.title, r.target.title) for r in model.relations]
(['A', 'Untitled 1', 'Untitled 2'], [('support', 'Untitled 1', 'A')])
>>> [(s.role, s.title) for s in model.arguments["B"].pcs], model.arguments["B"].pcs[-1].inference.rules
([('premise', 'A'), ('main-conclusion', 'Untitled 2')], ['Modus Ponens'])
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

__all__ = ["Argument", "EquivalenceClass", "Inference", "Member", "Model", "Relation", "Section", "read_model"]

# ---- model ----------------------------------------------------------------------------------


@dataclass(eq=False)
class Inference:
    """The inference line of a premise-conclusion structure: its rules and the argument it is in."""

    argument: str
    rules: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    data: str | None = None
    line: int = 0
    kind: str = "inference"

    @property
    def title(self) -> str:
        return self.argument


@dataclass(eq=False)
class Member:
    """One occurrence of a statement or argument description in the text."""

    title: str | None = None
    text: str = ""
    role: str | None = None
    is_reference: bool = False
    tags: list[str] = field(default_factory=list)
    data: str | None = None
    section: Section | None = None
    line: int = 0
    inference: Inference | None = None
    argument_description: bool = False
    argument: str | None = None  # the argument whose premise-conclusion structure it is in


@dataclass(eq=False)
class _Element:
    title: str
    members: list[Member] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: Section | None = None

    @property
    def text(self) -> str:
        """The text of its first member that has one (the reference's canonical member)."""
        return next((m.text.strip() for m in self.members if m.text.strip()), "")


@dataclass(eq=False)
class EquivalenceClass(_Element):
    """A statement: all members sharing one title."""

    kind: str = "equivalence-class"


@dataclass(eq=False)
class Argument(_Element):
    """An argument: its descriptions and premise-conclusion structure (``pcs``)."""

    pcs: list[Member] = field(default_factory=list)
    line: int = 0
    kind: str = "argument"


Node = EquivalenceClass | Argument | Inference


@dataclass(eq=False)
class Relation:
    """``kind`` (support, attack, undercut, contradictory) from ``source`` to ``target``."""

    kind: str
    source: Node | None = None
    target: Node | None = None
    lines: list[int] = field(default_factory=list)


@dataclass(eq=False)
class Section:
    """A heading: title, level, ``isGroup`` and its parent section."""

    title: str
    level: int
    parent: Section | None
    is_group: bool = True
    data: str | None = None
    line: int = 0


@dataclass
class Model:
    """Everything a file states, as the reference's model plugin builds it."""

    statements: dict[str, EquivalenceClass] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    front_matter: str | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)
    data: list[tuple[int, str, str]] = field(default_factory=list)  # (line, "data" or "inference data", the text)
    notes: list[str] = field(default_factory=list)
    generated: set[str] = field(default_factory=set)  # the "Untitled N" titles given to untitled elements


def read_model(text: str, *, path: Path | None = None) -> Model:
    """Tokenize, parse and model Argdown ``text`` (``@include`` read relative to ``path``)."""
    if path is not None:
        text = _with_includes(text, path.resolve(), (path.resolve(),))
    tokens = _Lexer(text).tokenize()
    parser = _Parser(tokens)
    parser.argdown()
    parser.finish()
    return parser.model


# ---- includes -------------------------------------------------------------------------------

_INCLUDE = re.compile(r"@include\(([^)]+)\)")


def _with_includes(text: str, path: Path, chain: tuple[Path, ...]) -> str:
    folder = path.parent

    def include(match: re.Match[str]) -> str:
        parts = []
        for name in match[1].split(","):
            target = (folder / name.strip()).resolve()
            line = text.count("\n", 0, match.start()) + 1
            if not target.is_relative_to(folder):
                raise InputError(f"@include({name.strip()}) leaves the folder of the including file", path=path, line=line,
                                 hint="include files from that folder or below it")
            if target in chain:
                raise InputError(f"@include({name.strip()}) includes itself (through {' -> '.join(p.name for p in chain)})", path=path, line=line,
                                 hint="remove the circular @include")
            if not target.is_file():
                raise InputError(f"@include({name.strip()}): file not found", path=path, line=line, hint="check the path, relative to the including file")
            parts.append(_with_includes(target.read_text(encoding="utf-8-sig"), target, (*chain, target)))
        return "\n\n".join(parts)

    return _INCLUDE.sub(include, text)


# ---- lexer ----------------------------------------------------------------------------------

_COMMENT = r"(?:<!--(?:.|\n|\r)*?-->)|(?:/\*(?:.|\n|\r)*?\*/)|(?://.*?(?=\r\n|\n|\r))"
_COMMENT_PLAIN = re.compile(_COMMENT)
_COMMENT_AFTER_EMPTYLINE = re.compile(f"(?:{_COMMENT})(?:[ \\t]*\\r\\n|\\n|\\r)*")
_COMMENT_AFTER_NEWLINE = re.compile(f"(?:{_COMMENT})(?:[ \\t]*(?:\\r\\n|\\n|\\r)(?!([ \\t]*(\\r\\n|\\n|\\r))))?")
_ENDING = r"(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))"
_SIMPLE = {
    "FrontMatter": re.compile(r"===+[\s\S]*?===+"),
    "Data": re.compile(r"\{((?!\}\s[^,}])(.|\n))*\}(?!\s*(,|\}))"),
    "EscapedChar": re.compile(r"\\.(?: )*"),
    "SpecialChar": re.compile(r"(?:\.[^\s]+?\.[ \t]?)|(?::[^\s]+?:[ \t]?)"),
    "Newline": re.compile(r"[ \t]*(?:\r\n|\n|\r)"),
    "Link": re.compile(r"\[[^\]]+?\]\([^)]+?\)[ \t]?"),
    "Tag": re.compile("#(?:\\([^)]+\\)|[a-zA-z0-9\\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+)[ \\t]?"),
    "StatementDefinition": re.compile(r"\[.+?\]:"),
    "StatementReference": re.compile(r"\[[^-].*?\]"),
    "StatementMention": re.compile(r"@\[.+?\][ \t]?"),
    "ArgumentDefinition": re.compile(r"<.+?>:"),
    "ArgumentReference": re.compile(r"<[^-].*?>"),
    "ArgumentMention": re.compile(r"@<.+?>[ \t]?"),
    "Spaces": re.compile(r"( |\t)+"),
    "Freestyle": re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+"),
    "UnusedControlChar": re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?"),
    "InferenceEnd": re.compile(r"-{2,}"),
    "ListDelimiter": re.compile(","),
}
_RELATIONS = {  # token -> pattern after the indentation; order as the reference tries them
    "IncomingSupport": r"\+>", "IncomingAttack": r"->", "OutgoingSupport": r"<?\+", "OutgoingAttack": r"<?-",
    "Contradiction": r"><", "IncomingUndercut": r"_>", "OutgoingUndercut": r"<_|(?:_(?=\s))",
}
_RELATION_PATTERNS = {name: re.compile(f"([' \\t]*)({pattern})") for name, pattern in _RELATIONS.items()}
_RANGES = {  # bold / italic: (start pattern, end pattern)
    "AsteriskBold": (re.compile(r"\*\*(?!\s)"), re.compile(r"\*\*" + _ENDING)),
    "UnderscoreBold": (re.compile(r"__(?!\s)"), re.compile(r"__" + _ENDING)),
    "AsteriskItalic": (re.compile(r"\*(?!\s)"), re.compile(r"\*" + _ENDING)),
    "UnderscoreItalic": (re.compile(r"_(?!\s)"), re.compile(r"_" + _ENDING)),
}
_EMPTYLINE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
_INFERENCE_START = re.compile(r"[' \t]*-{2}")
_HEADING = re.compile(r"(#+)(?: )")
_STATEMENT_NUMBER = re.compile(r"[' \t]*\(\d+\)")
_ORDERED_ITEM = re.compile(r"([' \t]*)\d+\.(?=\s)")
_UNORDERED_ITEM = re.compile(r"([' \t]*)\*(?=\s)")
_SKIPPED = {"Comment", "Spaces"}


@dataclass
class _Token:
    kind: str
    image: str
    line: int


class _Lexer:
    """The reference lexer: the first token (in the reference's order) that matches wins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[_Token] = []
        self.indents = [0]
        self.ranges: list[str] = []
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
        self.pos = 0
        self.last_skipped_end = -1
        self.last_matched_end = -1
        self.inference = False

    def line(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def last(self) -> str | None:
        return self.tokens[-1].kind if self.tokens else None

    def at_line_start(self, *, emptyline: bool = True) -> bool:
        last = self.last()
        return last is None or last == "Newline" or (emptyline and last == "Emptyline")

    def emit(self, kind: str) -> None:
        self.tokens.append(_Token(kind, "", self.line(self.pos)))

    def remaining_dedents(self) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self.emit("Dedent")

    def indent_or_dedent(self, indent: str) -> None:
        level = len(indent)
        if level > self.indents[-1]:
            self.indents.append(level)
            self.emit("Indent")
        while len(self.indents) > 1 and level < self.indents[-1]:
            self.indents.pop()
            self.emit("Dedent")

    def tokenize(self) -> list[_Token]:
        while self.pos < len(self.text):
            kind, end = self.next_token()
            image = self.text[self.pos:end]
            if kind in _SKIPPED:
                self.last_skipped_end = end
            else:
                self.tokens.append(_Token(kind, image, self.line(self.pos)))
                self.last_matched_end = end
            self.pos = end
        if self.last() == "Emptyline":
            self.tokens.pop()
        self.remaining_dedents()
        return self.tokens

    def next_token(self) -> tuple[str, int]:
        matchers = self._inference_mode() if self.inference else self._default_mode()
        for kind, matcher in matchers:
            end = matcher()
            if end is not None and end > self.pos:
                if kind == "InferenceStart":
                    self.inference = True
                elif kind == "InferenceEnd":
                    self.inference = False
                return kind, end
        return "UnusedControlChar", self.pos + 1  # unreachable: every character is text or control

    def _simple(self, kind: str) -> Callable[[], int | None]:
        def match() -> int | None:
            found = _SIMPLE[kind].match(self.text, self.pos)
            return found.end() if found else None

        return match

    def _comment(self) -> int | None:
        last = self.last()
        pattern = _COMMENT_AFTER_EMPTYLINE if last == "Emptyline" else _COMMENT_AFTER_NEWLINE if last == "Newline" else _COMMENT_PLAIN
        found = pattern.match(self.text, self.pos)
        return found.end() if found else None

    def _emptyline(self) -> int | None:
        if self.last() == "Emptyline":
            return None
        found = _EMPTYLINE.match(self.text, self.pos)
        if found is None:
            return None
        if found.end() < len(self.text):
            self.remaining_dedents()
        return found.end()

    def _at_start(self, pattern: re.Pattern[str], *, emptyline: bool = True, indent: str | None = None) -> int | None:
        if not self.at_line_start(emptyline=emptyline):
            return None
        found = pattern.match(self.text, self.pos)
        if found is None:
            return None
        if indent is None:
            self.remaining_dedents()
        else:
            self.indent_or_dedent(found[1] + indent)
        return found.end()

    def _relation(self, kind: str) -> Callable[[], int | None]:
        return lambda: self._at_start(_RELATION_PATTERNS[kind], indent="")

    def _heading(self) -> int | None:
        if self.last() not in (None, "Emptyline", "Newline"):
            return None
        found = _HEADING.match(self.text, self.pos)
        return found.end() if found else None

    def _range_start(self, name: str) -> Callable[[], int | None]:
        def match() -> int | None:
            found = _RANGES[name][0].match(self.text, self.pos)
            if found is None:
                return None
            self.ranges.append(name)
            return found.end()

        return match

    def _range_end(self, name: str) -> Callable[[], int | None]:
        def match() -> int | None:
            if not self.ranges or self.ranges[-1] != name or not self.tokens or self.last_skipped_end > self.last_matched_end:
                return None
            found = _RANGES[name][1].match(self.text, self.pos)
            if found is None:
                return None
            self.ranges.pop()
            return found.end()

        return match

    def _default_mode(self) -> list[tuple[str, Callable[[], int | None]]]:
        return [
            ("Comment", self._comment),
            ("FrontMatter", self._simple("FrontMatter")),
            ("Data", self._simple("Data")),
            ("EscapedChar", self._simple("EscapedChar")),
            ("SpecialChar", self._simple("SpecialChar")),
            ("Emptyline", self._emptyline),
            ("Newline", self._simple("Newline")),
            ("InferenceStart", lambda: self._at_start(_INFERENCE_START, emptyline=False)),
            *((kind, self._relation(kind)) for kind in _RELATIONS),
            ("HeadingStart", self._heading),
            ("StatementNumber", lambda: self._at_start(_STATEMENT_NUMBER)),
            ("OrderedListItem", lambda: self._at_start(_ORDERED_ITEM, indent=" ")),
            ("UnorderedListItem", lambda: self._at_start(_UNORDERED_ITEM, indent=" ")),
            *((f"{name}End", self._range_end(name)) for name in _RANGES),
            *((f"{name}Start", self._range_start(name)) for name in _RANGES),
            *((kind, self._simple(kind)) for kind in (
                "Link", "Tag", "StatementDefinition", "StatementReference", "StatementMention",
                "ArgumentDefinition", "ArgumentReference", "ArgumentMention", "Spaces", "Freestyle", "UnusedControlChar")),
        ]

    def _inference_mode(self) -> list[tuple[str, Callable[[], int | None]]]:
        return [
            ("Comment", self._comment),
            *((kind, self._simple(kind)) for kind in (
                "Newline", "EscapedChar", "SpecialChar", "InferenceEnd", "Data", "ListDelimiter", "Spaces", "Freestyle", "UnusedControlChar")),
        ]


# ---- parser and model -----------------------------------------------------------------------

_TEXT_TOKENS = {"Freestyle", "UnusedControlChar", "EscapedChar", "SpecialChar"}
_CONTENT_START = _TEXT_TOKENS | {"Link", "Tag", "ArgumentMention", "StatementMention", "Newline"} | {f"{n}Start" for n in _RANGES}
_RELATION_KINDS = {  # token -> (relation kind, the parent is the source)
    "IncomingSupport": ("support", True), "IncomingAttack": ("attack", True), "OutgoingSupport": ("support", False),
    "OutgoingAttack": ("attack", False), "Contradiction": ("contradictory", True), "IncomingUndercut": ("undercut", True),
    "OutgoingUndercut": ("undercut", False),
}


class _ParseError(Exception):
    pass


class _Parser:
    """Recursive descent over the reference grammar, building the model as the reference's
    listeners do; a top-level element that does not parse is recorded and skipped."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.model = Model()
        self.counter = 0
        self.section: Section | None = None
        self.heading: list[str] | None = None
        self.statement: Member | None = None
        self.relation_parent: Member | Argument | Inference | None = None
        self.parents: list[Node] = []
        self.relation: Relation | None = None
        self.inference: Inference | None = None
        self.pcs_argument: Argument | None = None

    # -- tokens --

    def peek(self, ahead: int = 0) -> str | None:
        index = self.i + ahead
        return self.tokens[index].kind if index < len(self.tokens) else None

    def take(self, kind: str) -> _Token:
        if self.peek() != kind:
            raise _ParseError(f"expected {kind}, found {self.peek() or 'the end'}")
        self.i += 1
        return self.tokens[self.i - 1]

    def maybe(self, kind: str) -> _Token | None:
        return self.take(kind) if self.peek() == kind else None

    def line(self) -> int:
        return self.tokens[min(self.i, len(self.tokens) - 1)].line if self.tokens else 1

    def unique_title(self) -> str:
        self.counter += 1
        self.model.generated.add(f"Untitled {self.counter}")
        return f"Untitled {self.counter}"

    # -- document --

    def argdown(self) -> None:
        self.maybe("Newline")
        self.maybe("Emptyline")
        if self.peek() == "FrontMatter":
            self.model.front_matter = self.take("FrontMatter").image
            self.maybe("Newline")
            self.maybe("Emptyline")
        previous: Argument | None = None
        while self.i < len(self.tokens):
            start = self.i
            try:
                previous = self.element(previous)
                if self.i < len(self.tokens) and self.peek() != "Emptyline":
                    raise _ParseError(f"expected an empty line after the element, found {self.peek()}")
            except _ParseError as err:
                self.model.errors.append((self.line(), str(err)))
                previous = None
                self.statement, self.heading, self.relation, self.parents = None, None, None, []
                self.i = max(self.i, start + 1)
                while self.i < len(self.tokens) and self.peek() != "Emptyline":
                    self.i += 1
            self.maybe("Emptyline")

    def element(self, previous: Argument | None) -> Argument | None:
        kind = self.peek()
        if kind == "HeadingStart":
            self.heading_rule()
            return None
        if kind == "StatementNumber":
            self.pcs(previous)
            return None
        if kind in ("ArgumentDefinition", "ArgumentReference"):
            return self.argument(top=True)
        if kind == "Indent" and self.peek(1) in ("OrderedListItem", "UnorderedListItem"):
            self.list_rule(self.peek(1) or "")
            return None
        self.statement_rule(top=True)
        return None

    def heading_rule(self) -> None:
        start = self.take("HeadingStart")
        self.heading = []
        self.content()
        data = None
        if self.peek() == "Data" or (self.peek() == "Newline" and self.peek(1) == "Data"):
            self.maybe("Newline")
            data = self.take("Data").image
            self.maybe("Newline")
        title = "".join(self.heading).strip()
        self.heading = None
        level = len(start.image) - 1
        parent = self.section
        while parent is not None and parent.level >= level:
            parent = parent.parent
        is_group = not (data is not None and re.search(r"isGroup\s*:\s*false", data))
        self.section = Section(title, level, parent, is_group, data, start.line)
        self.model.sections.append(self.section)

    def list_rule(self, item: str) -> None:
        self.take("Indent")
        while self.peek() == item:
            self.take(item)
            if self.peek() in ("ArgumentDefinition", "ArgumentReference"):
                self.argument(top=False)
            else:
                self.statement_rule(top=False)
        self.take("Dedent")

    # -- text --

    def append(self, text: str) -> None:
        if self.heading is not None:
            self.heading.append(text)
        elif self.statement is not None:
            self.statement.text += text

    def current_text(self) -> str:
        if self.heading is not None:
            return "".join(self.heading)
        return self.statement.text if self.statement is not None else ""

    def content(self) -> None:
        if self.peek() not in _CONTENT_START:
            raise _ParseError(f"expected text, found {self.peek() or 'the end'}")
        while self.peek() in _CONTENT_START:
            kind = self.peek()
            if kind in _TEXT_TOKENS:
                self.append(self.freestyle())
            elif kind == "Newline":
                self.take("Newline")
                if self.peek() in _CONTENT_START and not self.current_text().endswith(" "):
                    self.append(" ")
            elif kind == "Tag":
                self.content_tag(in_text=True)
            elif kind == "Link":
                token = self.take("Link")
                match = re.match(r"\[(.+)\]\((.+)\)", token.image)
                self.append((match[1] if match else token.image) + (" " if token.image.endswith(" ") else ""))
            elif kind in ("ArgumentMention", "StatementMention"):
                self.append(self.take(kind).image)
            else:  # bold or italic
                name = (kind or "")[: -len("Start")]
                self.take(kind or "")
                if self.peek() in _CONTENT_START:
                    self.content()
                end = self.take(f"{name}End")
                if end.image.endswith(" "):
                    self.append(" ")

    def freestyle(self) -> str:
        parts = []
        while self.peek() in _TEXT_TOKENS:
            token = self.tokens[self.i]
            self.i += 1
            parts.append(token.image[1:] if token.kind == "EscapedChar" else token.image)
        return "".join(parts)

    # -- statements and arguments --

    def statement_rule(self, *, top: bool, in_relation: bool = False) -> Member:
        member = Member(line=self.line(), section=self.section)
        member.role = "top-level" if top else "relation" if in_relation else None
        self.statement, self.relation_parent = member, member
        kind = self.peek()
        if kind == "StatementReference":
            token = self.take(kind)
            member.title, member.is_reference = token.image[1:-1], True
            while self.peek() == "Tag":
                self.content_tag()
            self.maybe("Newline")
        elif kind == "StatementDefinition":
            token = self.take(kind)
            member.title = token.image[1:-2]
            self.content()
        else:
            self.content()
        self.ending(member)
        self.join(member, self.equivalence_class(member.title or ""))
        return member

    def ending(self, member: Member) -> None:
        """Data and relations after an element's text; an untitled element gets its title here."""
        self.data(member)
        if self.peek() == "Indent":
            self.relations(member)
        if not member.title:
            member.title = self.unique_title()

    def join(self, member: Member, element: EquivalenceClass | Argument) -> None:
        """Add an occurrence to its statement or argument: tags, and the section of its first definition."""
        for tag in member.tags:
            if tag not in element.tags:
                element.tags.append(tag)
        element.members.append(member)
        if element.section is None and not member.is_reference:
            element.section = member.section
        self.statement = None

    def content_tag(self, *, in_text: bool = False) -> None:
        """A ``#tag`` (``#(two words)``): on the statement (not a heading), and in its text if inside it."""
        token = self.take("Tag")
        if in_text:
            self.append(token.image)
        match = re.match(r"#(?:\(([^)]+)\)|(.+?))[ \t]?$", token.image)
        tag = (match[1] or match[2]) if match else token.image
        if self.statement is not None and self.heading is None and tag not in self.statement.tags:
            self.statement.tags.append(tag)
        if tag not in self.model.tags:
            self.model.tags.append(tag)

    def argument(self, *, top: bool) -> Argument:
        member = Member(line=self.line(), section=self.section, argument_description=True)
        self.statement, self.relation_parent = member, member
        if self.peek() == "ArgumentDefinition":
            member.title = self.take("ArgumentDefinition").image[1:-2]
            self.content()
        else:
            token = self.take("ArgumentReference")
            member.title, member.is_reference = token.image[1:-1], True
            while self.peek() == "Tag":
                self.content_tag()
            self.maybe("Newline")
        self.ending(member)
        argument = self.get_argument(member.title)
        self.join(member, argument)
        return argument

    def data(self, member: Member) -> None:
        if self.peek() == "Data":
            member.data = self.take("Data").image
            self.model.data.append((member.line, "data", member.data))
            self.maybe("Newline")

    def equivalence_class(self, title: str) -> EquivalenceClass:
        ec = self.model.statements.get(title)
        if ec is None:
            ec = self.model.statements[title] = EquivalenceClass(title)
        return ec

    def get_argument(self, title: str | None = None) -> Argument:
        argument = self.model.arguments.get(title) if title else None
        if argument is None:
            argument = Argument(title or self.unique_title(), line=self.line())
            self.model.arguments[argument.title] = argument
        self.relation_parent = argument
        return argument

    def relation_member(self, parent: Member | Argument | Inference) -> Node:
        if isinstance(parent, Member):
            if not parent.title:
                parent.title = self.unique_title()
            return self.get_argument(parent.title) if parent.argument_description else self.equivalence_class(parent.title)
        return parent

    # -- relations --

    def relations(self, parent: Member | Argument | Inference) -> None:
        self.take("Indent")
        self.parents.append(self.relation_member(parent))
        if self.peek() not in _RELATION_KINDS:
            raise _ParseError(f"expected a relation, found {self.peek()}")
        while self.peek() in _RELATION_KINDS:
            self.relation_rule(self.peek() or "")
        self.take("Dedent")
        self.relation = None
        self.parents.pop()

    def relation_rule(self, token_kind: str, *, inference: bool = False) -> None:
        line = self.take(token_kind).line
        kind, parent_is_source = _RELATION_KINDS[token_kind]
        parent = self.parents[-1] if self.parents else None
        if inference:
            parent = self.inference
        if token_kind == "OutgoingUndercut" and isinstance(parent, EquivalenceClass) and self.inference is not None:
            parent = self.inference
        relation = Relation(kind, lines=[line])
        self.relation = relation
        if token_kind == "Contradiction":
            child: Node = self.equivalence_class(self.statement_rule(top=False, in_relation=True).title or "")
        elif self.peek() in ("ArgumentDefinition", "ArgumentReference"):
            child = self.argument(top=False)
        else:
            child = self.equivalence_class(self.statement_rule(top=False, in_relation=True).title or "")
        relation.source, relation.target = (parent, child) if parent_is_source else (child, parent)
        self.add_relation(relation)

    def add_relation(self, relation: Relation) -> None:
        source, target = relation.source, relation.target
        if source is None or target is None:
            raise _ParseError("a relation without both ends")
        for existing in source.relations:
            same = existing.target is target and existing.kind == relation.kind
            mirrored = relation.kind == existing.kind == "contradictory" and existing.source is target and existing.target is source
            if same or mirrored:
                existing.lines += relation.lines
                return
        self.model.relations.append(relation)
        source.relations.append(relation)
        if target is not source:
            target.relations.append(relation)

    # -- premise-conclusion structures --

    def pcs(self, previous: Argument | None) -> None:
        argument = previous if previous is not None else self.get_argument()
        if argument.pcs:
            raise _ParseError(f"<{argument.title}> has a second premise-conclusion structure")
        if self.section is not None:
            argument.section = self.section
        self.pcs_argument = argument
        statements: list[Member] = []
        numbers: list[int] = []
        first_line = self.line()
        after_inference: Inference | None = None
        while self.peek() in ("StatementNumber", "InferenceStart"):
            if self.peek() == "InferenceStart":
                if not statements or after_inference is not None:
                    raise _ParseError("an inference line without premises above it")
                after_inference = self.inference_rule(argument)
                continue
            numbers.append(int(re.sub(r"\D", "", self.take("StatementNumber").image)))
            member = self.statement_rule(top=False)
            member.role, member.argument = "premise", argument.title
            if after_inference is not None:
                member.role, member.inference = "intermediary-conclusion", after_inference
                after_inference = None
            statements.append(member)
            argument.pcs.append(member)
        if after_inference is not None or not statements or statements[-1].role != "intermediary-conclusion":
            argument.pcs = []
            raise _ParseError(f"the premise-conclusion structure of <{argument.title}> has no conclusion after its last inference line")
        statements[-1].role = "main-conclusion"
        self.pcs_argument = None
        if numbers != list(range(1, len(numbers) + 1)):
            self.model.notes.append(f"line {first_line}: <{argument.title}> is numbered {numbers}; positions are used")

    def inference_rule(self, argument: Argument) -> Inference:
        inference = Inference(argument.title, line=self.line())
        self.inference = inference
        self.parents.append(inference)
        self.take("InferenceStart")
        if self.peek() == "Newline" and self.peek(1) in _TEXT_TOKENS:
            self.take("Newline")
        if self.peek() in _TEXT_TOKENS:
            inference.rules.append(self.freestyle().strip())
            while self.maybe("ListDelimiter"):
                inference.rules.append(self.freestyle().strip())
        self.maybe("Newline")
        if self.peek() == "Data":
            token = self.take("Data")
            inference.data = token.image
            self.model.data.append((token.line, "inference data", inference.data))
            self.maybe("Newline")
        self.take("InferenceEnd")
        if self.i < len(self.tokens) and self.peek() != "Emptyline":
            self.take("Newline")
        if self.peek() == "Indent" and self.peek(1) == "OutgoingUndercut":
            self.take("Indent")
            while self.peek() == "OutgoingUndercut":
                self.relation_rule("OutgoingUndercut", inference=True)
            self.take("Dedent")
        return inference

    # -- after the walk --

    def finish(self) -> None:
        """The reference's post-processing of relations (``transformArgumentRelations`` and
        ``removeRedundantEC2ARelations``, loose mode)."""
        kept: list[Relation] = []
        for relation in self.model.relations:
            keep = True
            source, target = relation.source, relation.target
            if isinstance(source, Argument) and source.pcs:
                source.relations.remove(relation)
                conclusion = self.model.statements[source.pcs[-1].title or ""]
                relation.source = conclusion
                if any(r.target is relation.target and r.kind == relation.kind for r in conclusion.relations):
                    _discard(target, relation)
                    keep = False
                else:
                    conclusion.relations.append(relation)
            if keep and isinstance(target, Argument) and target.pcs and relation.kind == "undercut":
                inference = target.pcs[-1].inference
                if inference is not None:
                    target.relations.remove(relation)
                    relation.target = inference
                    if any(r.source is relation.source and r.kind == relation.kind for r in inference.relations):
                        _discard(relation.source, relation)
                        keep = False
                    else:
                        inference.relations.append(relation)
            if keep:
                kept.append(relation)
        self.model.relations = [r for r in kept if not self._redundant(r)]

    def _redundant(self, relation: Relation) -> bool:
        ec, argument = relation.source, relation.target
        if not (isinstance(ec, EquivalenceClass) and relation.kind == "attack" and isinstance(argument, Argument) and argument.pcs):
            return False
        premises = {s.title for s in argument.pcs if s.role == "premise"}
        for other in ec.relations:
            end = other.target if other.source is ec else other.source
            if (isinstance(end, EquivalenceClass) and end.title in premises
                    and ((other.kind == "attack" and other.source is ec) or other.kind == "contradictory")):
                _discard(ec, relation)
                _discard(argument, relation)
                other.lines += relation.lines
                return True
        return False


def _discard(node: Node | None, relation: Relation) -> None:
    if node is not None and relation in node.relations:
        node.relations.remove(relation)
