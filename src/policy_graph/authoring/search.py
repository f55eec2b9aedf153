"""``policy-graph search``: find what the graph already has before writing it again.

Looks through labels, other spellings, quotes and footnote markers (the named query
``search-texts``) with case, accents and apostrophes folded; a text matches when it contains
every word of the search (a word of the text starting with it), and the hits are ranked: labels
and other spellings before footnotes and quotes, whole words before beginnings, actors, places
and events before claims, then by how much of the text the search covers.

>>> words_matching("Hélène Carrère d’Encausse", "carrere d'encausse")
['Carrère', 'd’Encausse']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import folded_name
from ..query import select
from ..sources import Readable

__all__ = ["Hit", "search", "words_matching"]

_WORD = re.compile(r"[\w’'-]+")
_NAMED_KINDS = {"Person", "State", "Organization", "Group", "Place", "Event"}
_FIELD_ORDER = {"label": 0, "also": 1, "footnote": 2, "quote": 3}


@dataclass(frozen=True)
class Hit:
    """A text of the graph that matches: its node, the node's kind, the source, and the words."""

    node: str
    kind: str
    source: str
    field: str
    text: str
    words: tuple[str, ...]


def words_matching(text: str, query: str) -> list[str] | None:
    """The words of ``text`` that the words of ``query`` start (folded), or None if one is missing."""
    return _matching(text, folded_name(text), _words(query))


def _matching(text: str, folded: str, wanted: list[str]) -> list[str] | None:
    if not all(want in folded for want in wanted):
        return None
    words = _WORD.findall(text)
    folded_words = _WORD.findall(folded)
    if len(folded_words) != len(words):  # folding changed the words (a ligature): fold one by one
        folded_words = [folded_name(word) for word in words]
    found: list[str] = []
    for want in wanted:
        hits = [word for word, fold in zip(words, folded_words) if any(part.startswith(want) for part in _parts(fold))]
        if not hits:
            return None
        found += [h for h in hits if h not in found]
    return found


def search(source: Readable, query: str, *, limit: int = 20) -> list[Hit]:
    """The best ``limit`` texts of ``source`` matching every word of ``query``."""
    if not _words(query):
        return []
    wanted = _words(query)
    rows = select("search-texts", source)
    hits = []
    for node, kind, field, text, reported in rows.to_strings():
        words = _matching(text or "", folded_name(text or ""), wanted)
        if words is not None:
            hits.append(Hit(_local(node or ""), kind or "", _local(reported or ""), field or "", text or "", tuple(words)))

    def rank(hit: Hit) -> tuple[int, int, int, float, str, str]:
        exact = sum(folded_name(word) in wanted for word in hit.words)
        named = hit.kind in _NAMED_KINDS  # what an author most often means to reuse
        return (_FIELD_ORDER.get(hit.field, 9), -exact, 0 if named else 1, -len(wanted) / max(len(hit.text.split()), 1), hit.node, hit.text)

    hits.sort(key=rank)
    return hits[:limit]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w']+", folded_name(text)) if w]


def _parts(folded_word: str) -> list[str]:
    """A folded word and its pieces after an apostrophe or hyphen (``d'encausse`` -> ``encausse``)."""
    return [folded_word, *re.split(r"['-]", folded_word)[1:]]


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1] if "://" in iri else iri
