"""Quote anchors checked against the source texts: verbatim match, coverage, footnote placement.

The corpus files are the analysed material; the graph stores short quotations
(``oa:TextQuoteSelector``) and this module finds each one in its source text, with runs of white
space folded and nothing else forgiven.

>>> fold("a \\u00a0 b\\n c")
'a b c'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Graph, URIRef
from rdflib.term import Node

from .errors import InputError
from .namespaces import OA, PG

__all__ = [
    "Anchor",
    "AnchorProblem",
    "Coverage",
    "anchors",
    "corpus_texts",
    "coverage",
    "find_anchor_problems",
    "fold",
    "sentences",
]

_MARKER = re.compile(r"\[([ivxlc]+)\]")


def fold(text: str) -> str:
    """Fold every run of white space (including no-break spaces) into one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Anchor:
    """One quote anchor: the node it belongs to, its source and its selector fields."""

    owner: Node
    selector: Node
    source: URIRef | None
    exact: str
    prefix: str = ""
    suffix: str = ""
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnchorProblem:
    """A quote anchor that does not match its source text, or a misplaced footnote."""

    focus: Node
    message: str
    rule: str


@dataclass
class Coverage:
    """How much of a source's text the anchors cover, and where its footnote markers went."""

    source: URIRef
    sentences: int
    covered: int
    markers: int
    attached: int
    uncovered: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Share of sentences (8 words or more) that overlap at least one anchor."""
        return self.covered / self.sentences if self.sentences else 1.0


def anchors(graph: Graph) -> list[Anchor]:
    """Every quote anchor of ``graph`` with the node that carries it, in a stable order."""
    found = []
    for owner, selector in graph.subject_objects(PG.quote):
        exact = graph.value(selector, OA.exact)
        if exact is None:
            continue
        found.append(
            Anchor(
                owner=owner,
                selector=selector,
                source=_iri(graph.value(selector, PG.inSource)),
                exact=str(exact),
                prefix=str(graph.value(selector, OA.prefix) or ""),
                suffix=str(graph.value(selector, OA.suffix) or ""),
                footnotes=tuple(sorted(str(f) for f in graph.objects(selector, PG.footnote))),
            )
        )
    return sorted(found, key=lambda a: (str(a.source), str(a.owner), a.exact))


def _iri(node: Node | None) -> URIRef | None:
    return node if isinstance(node, URIRef) else None


def corpus_texts(graph: Graph, corpus_dir: Path) -> dict[URIRef, str]:
    """The folded text of each source whose ``pg:corpusFile`` is in ``corpus_dir``.

    A corpus file is named relative to the corpus folder and must resolve inside it: an absolute
    name, a ``..`` step or a link out of the folder is refused, so a graph cannot make a command
    read (and, through which quotes are "missing", reveal) any other file.
    """
    if not corpus_dir.is_dir():
        raise InputError("corpus folder not found", path=corpus_dir, hint="pass --corpus or set POLICY_GRAPH_CORPUS to the folder of the source texts; validate --no-quotes skips the quotes")
    texts: dict[URIRef, str] = {}
    for node, name in graph.subject_objects(PG.corpusFile):
        source = cast(URIRef, node)  # keys as the graph has them (a source is named: SHACL)
        path = _inside_corpus(corpus_dir, str(name), str(source))
        if not path.is_file():
            raise InputError(f"the source text {name} of {source} is missing", path=corpus_dir, hint="pass the right --corpus folder")
        try:
            texts[source] = fold(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as err:
            raise InputError(f"the source text of {source} is not UTF-8 text (byte {err.start})", path=path, hint="save the source text as UTF-8") from None
        except OSError as err:  # e.g. a /proc file, or no permission
            raise InputError(f"the source text of {source} cannot be read: {err.strerror or err}", path=path, hint="give a readable text file in the corpus folder") from None
    return texts


def _inside_corpus(corpus_dir: Path, name: str, source: str) -> Path:
    """The file ``name`` inside ``corpus_dir``, or an `InputError` if it would lie outside it.

    >>> _inside_corpus(Path("corpus"), "../secret.txt", "urn:src")
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: corpus: the corpus file '../secret.txt' of urn:src lies outside the corpus folder (name a file inside the folder, e.g. 004_f2a92c93a478228c.txt)
    """
    folder = corpus_dir.resolve()
    path = (folder / name).resolve()
    if Path(name).is_absolute() or ".." in Path(name).parts or not path.is_relative_to(folder):
        raise InputError(
            f"the corpus file {name!r} of {source} lies outside the corpus folder", path=corpus_dir, hint="name a file inside the folder, e.g. 004_f2a92c93a478228c.txt"
        )
    return path


def _spans(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    """Where ``anchor`` occurs in the folded ``text``: its exact words (non-overlapping), with
    its prefix and suffix, if any, right before and after them (one space apart at most).

    >>> _spans(Anchor(None, None, None, "b", prefix="a", suffix="c"), "a b c b a b")
    [(2, 3)]
    """
    exact = fold(anchor.exact)
    prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
    spans = []
    start = text.find(exact)
    while start >= 0:
        end = start + len(exact)
        # the text is folded (single spaces), so the context may sit one space away
        before = start - 1 if start and text[start - 1] == " " else start
        after = end + 1 if end < len(text) and text[end] == " " else end
        if (not prefix or text.endswith(prefix, 0, before)) and (not suffix or text.startswith(suffix, after)):
            spans.append((start, end))
        start = text.find(exact, end if exact else end + 1)
    return spans


def find_anchor_problems(graph: Graph, corpus_dir: Path) -> list[AnchorProblem]:
    """Anchors not found verbatim, found more than once, or whose footnotes sit elsewhere.

    A footnote marker belongs to the anchor that ends closest before it in the text.
    """
    texts = corpus_texts(graph, corpus_dir)
    problems: list[AnchorProblem] = []
    located: dict[URIRef, list[tuple[int, int, Anchor]]] = defaultdict(list)
    for anchor in anchors(graph):
        text = texts.get(anchor.source) if anchor.source is not None else None
        if text is None:
            continue
        spans = _spans(anchor, text)
        if not spans:
            problems.append(AnchorProblem(anchor.owner, f"quote not found in {_name(graph, anchor.source)}: “{anchor.exact[:80]}”", "quote-verbatim"))
        elif len(spans) > 1:
            problems.append(
                AnchorProblem(anchor.owner, f"quote occurs {len(spans)} times in {_name(graph, anchor.source)}; add oa:prefix or oa:suffix: “{anchor.exact[:60]}”", "quote-unique")
            )
        else:
            located[anchor.source].append((*spans[0], anchor))  # type: ignore[index]  # a source found in texts: not None
    for source, items in located.items():
        problems.extend(_footnote_problems(texts[source], items))
    return problems


def _closest_before(position: int, items: list[tuple[int, int, Anchor]]) -> list[Anchor]:
    ends = [end for _, end, _ in items if end <= position]
    if not ends:
        return []
    best = max(ends)
    return [anchor for _, end, anchor in items if end == best]


def _footnote_problems(text: str, items: list[tuple[int, int, Anchor]]) -> list[AnchorProblem]:
    problems = []
    positions = {m.group(1): m.start() for m in _MARKER.finditer(text)}
    for _, _end, anchor in items:
        for marker in anchor.footnotes:
            if marker not in positions:
                problems.append(AnchorProblem(anchor.owner, f"footnote [{marker}] is not in the source text", "footnote-exists"))
                continue
            if anchor not in _closest_before(positions[marker], items):
                problems.append(
                    AnchorProblem(anchor.owner, f"footnote [{marker}] follows another anchor in the text; attach it to the anchor that ends just before [{marker}]", "footnote-placement")
                )
    return problems


def sentences(text: str, *, min_words: int = 8) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (folded) with at least ``min_words`` words.

    >>> t = "One two three four five six seven eight.[i] Short one. Nine ten eleven twelve thirteen fourteen fifteen sixteen?"
    >>> [t[a:b] for a, b in sentences(t)][0]
    'One two three four five six seven eight.[i]'
    """
    spans, start = [], 0
    for match in re.finditer(r"[.?!]+(?:\[[ivxlc]+\])*[”\"’)]*(?=\s|$)", text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    result = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if len(_MARKER.sub("", text[a:b]).split()) >= min_words:
            result.append((a, b))
    return result


def coverage(graph: Graph, corpus_dir: Path) -> list[Coverage]:
    """Sentence coverage and footnote attachment for each source with a corpus file."""
    texts = corpus_texts(graph, corpus_dir)
    spans_by_source: dict[URIRef, list[tuple[int, int]]] = defaultdict(list)
    attached: dict[URIRef, set[str]] = defaultdict(set)
    for anchor in anchors(graph):
        if anchor.source in texts:
            spans_by_source[anchor.source].extend(_spans(anchor, texts[anchor.source]))
            attached[anchor.source].update(anchor.footnotes)
    reports = []
    for source, text in sorted(texts.items()):
        spans = sorted(spans_by_source[source])
        found = sentences(text)
        uncovered = [text[a:b] for a, b in found if not any(s < b and e > a for s, e in spans)]
        markers = {m.group(1) for m in _MARKER.finditer(text)}
        reports.append(Coverage(source, len(found), len(found) - len(uncovered), len(markers), len(markers & attached[source]), uncovered))
    return reports


def _name(graph: Graph, source: Node | None) -> str:
    return str(graph.value(source, PG.corpusFile) or source)

