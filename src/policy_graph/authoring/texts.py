"""A source text as the compiler reads it: folded for matching, with lines for messages.

Quotes are matched in the text with runs of white space folded (`policy_graph.anchors.fold`);
this module keeps the way back from a folded offset to the line of the file, places each quote
(choosing an occurrence and its prefix when the words repeat), attaches footnote markers and
finds the closest passage to a quote that is not in the text.

>>> text = SourceText("One  two three.\\nFour two three.[i] Five.")
>>> text.folded
'One two three. Four two three.[i] Five.'
>>> text.line_of(text.folded.index("Four"))
2
>>> text.occurrences("two three")
[(4, 13), (20, 29)]
>>> text.unique_prefix("two three", 20)
'Four '
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from rdflib import URIRef

from ..anchors import _MARKER, Anchor, _spans, fold, sentences

__all__ = ["SourceText"]

_SENTENCE_END = re.compile(r"[.?!]\S*\s")
_MAX_PREFIX_WORDS = 12
_NOWHERE = URIRef("urn:policy-graph:quote")  # the owner of a quote placed before it has one


@dataclass(frozen=True)
class _Words:
    folded_starts: list[int]
    original_starts: list[int]


class SourceText:
    """The text of one source: original, folded, and the map between them."""

    def __init__(self, original: str) -> None:
        self.original = original
        words = list(re.finditer(r"\S+", original))
        self.folded = fold(original)
        starts, position = [], 0
        for match in words:
            starts.append(position)
            position += len(match.group()) + 1
        self._words = _Words(starts, [m.start() for m in words])
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", original)]

    def line_of(self, folded_index: int) -> int:
        """The 1-based line of the file where the folded offset ``folded_index`` falls."""
        word = max(bisect.bisect_right(self._words.folded_starts, folded_index) - 1, 0)
        if not self._words.original_starts:
            return 1
        original = self._words.original_starts[word] + folded_index - self._words.folded_starts[word]
        return bisect.bisect_right(self._line_starts, original)

    def occurrences(self, exact: str, *, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
        """Where ``exact`` occurs in the folded text (with ``prefix``/``suffix`` around it, if given)."""
        return _spans(Anchor(_NOWHERE, _NOWHERE, None, exact, prefix, suffix), self.folded)

    def unique_prefix(self, exact: str, start: int) -> str | None:
        """The fewest whole words right before ``start`` that tell this occurrence from the others."""
        begin = start
        for _ in range(_MAX_PREFIX_WORDS):
            begin = self.folded.rfind(" ", 0, max(begin - 1, 0)) + 1
            prefix = self.folded[begin:start]
            if [s for s, _ in self.occurrences(exact, prefix=prefix)] == [start]:
                return prefix
            if begin == 0:
                break
        return None

    def markers(self) -> list[tuple[str, int]]:
        """Each footnote marker (``"xi"`` for ``[xi]``) with its folded offset, in text order."""
        return [(m.group(1), m.start()) for m in _MARKER.finditer(self.folded)]

    def attachments(self, anchors: list[tuple[int, int, bool]]) -> list[set[str]]:
        """Footnote markers per anchor (``(start, end, is_relation)`` folded spans): each marker
        goes to the anchor that ends closest before it in the same sentence; of anchors ending
        there, to a node's before a relation's, then to the longest, then to the first given.

        >>> SourceText("Alpha beta.[i] Gamma.[ii]").attachments([(0, 10, True), (6, 10, False), (0, 5, False)])
        [set(), {'i'}, set()]
        """
        attached: list[set[str]] = [set() for _ in anchors]
        ends = sorted({end for _, end, _ in anchors})
        for marker, position in self.markers():
            index = bisect.bisect_right(ends, position) - 1
            if index < 0 or _SENTENCE_END.search(self.folded[ends[index]:position]):
                continue
            tied = [i for i, (_, end, _) in enumerate(anchors) if end == ends[index]]
            best = min(tied, key=lambda i: (anchors[i][2], anchors[i][0], i))
            attached[best].add(marker)
        return attached

    def sentences(self) -> list[tuple[int, int]]:
        """Folded spans of the sentences of 8 words or more (those coverage counts)."""
        return sentences(self.folded)

    def closest(self, exact: str) -> tuple[int, str]:
        """The passage of the text most like ``exact``, and its line (for a quote not found).

        Windows of as many words as the quote are ranked by the words they share, then the best
        few by their characters.

        >>> SourceText("Macron met Putin.\\nHe hoped Putin was a pragmatic and reasonable man.").closest("a pragmatic and sensible man")
        (2, 'a pragmatic and reasonable man.')
        """
        words = self.folded.split(" ")
        wanted = fold(exact)
        size = len(wanted.split(" "))
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted.split(" "))
        ranked = []
        for start in range(max(len(words) - size + 1, 1)):
            matcher.set_seq1(words[start : start + size])
            ranked.append((matcher.quick_ratio(), start))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        characters = difflib.SequenceMatcher(autojunk=False)
        characters.set_seq2(wanted)

        def similarity(start: int) -> float:
            characters.set_seq1(" ".join(words[start : start + size]))
            return characters.ratio()

        best = max((start for _, start in ranked[:30]), key=lambda start: (similarity(start), -start))
        offset = len(" ".join(words[:best])) + (1 if best else 0)
        return self.line_of(offset), " ".join(words[best : best + size])
