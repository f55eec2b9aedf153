"""The maps' visual grammar: how each node kind and relation kind is drawn, and node texts."""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from typing import Any

from ..vocabulary import NODE_KINDS, EdgeStyle, edge_styles

__all__ = [
    "BOX_SHAPES",
    "EDGE_STYLES",
    "FONT_SIZE",
    "HOLDER_COLOURS",
    "LINE_CHARS",
    "LINE_WIDTH",
    "NODE_STYLES",
    "OTHER_EDGE",
    "box_size",
    "date_text",
    "edge_order",
    "edge_style",
    "edge_style_key",
    "holder_name",
    "node_text",
    "sign_text",
    "text_width",
    "truncate",
    "wrap",
    "wrap_px",
]

#: Node kind -> (vis shape, fill, border, legend text), from `policy_graph.vocabulary`.
NODE_STYLES: dict[str, tuple[str, str, str, str]] = {k.name: (k.shape, k.fill, k.border, k.legend) for k in NODE_KINDS}

#: Edge kind -> (colour, dashes, width, legend text), from `policy_graph.vocabulary`. Direction is always drawn as an arrow.
EDGE_STYLES: dict[str, tuple[str, bool, float, str]] = {
    key: (style.colour, style.dashes, style.width, style.legend) for key, style in edge_styles().items()
}
OTHER_EDGE = ("#9ca3af", False, 1.0, "other link")
_STYLES = edge_styles()

#: The font size of box text in CSS pixels at zoom 1, and the characters per wrapped line.
FONT_SIZE = 14
LINE_CHARS = 34
#: The widest line of a box, in pixels at zoom 1.
LINE_WIDTH = 235.0
#: Advance widths of Arial / Liberation Sans (the metrics Chromium draws Helvetica with on
#: Linux), in thousandths of the font size; other characters count as 600. Bold is ~8% wider.
_ADVANCE = {
    **dict.fromkeys(" fjtI.,:;!/[]\u2019\u2018'|", 278), **dict.fromkeys("il", 222), "r": 333, "-": 333, "(": 333, ")": 333,
    **dict.fromkeys("\u201c\u201d\"", 333), **dict.fromkeys("ckszvxyJ", 500), "m": 833, "M": 833, "w": 722, "W": 944,
    **dict.fromkeys("CDHNRUw", 722), **dict.fromkeys("GOQ", 778), **dict.fromkeys("ABEKPSVXY", 667), **dict.fromkeys("FTZ", 611),
    "L": 556, "\u2013": 556, "\u2014": 1000, "&": 667, **dict.fromkeys("abdeghnopqu0123456789?$", 556),
}
_LINE_HEIGHT = 17.0
_MARGIN = 9.0
#: The shape each node kind's box is drawn with when it carries its text inside (vis-network
#: draws text inside boxes, ellipses and databases only).
BOX_SHAPES = {"actor": "ellipse", "place": "ellipse", "source": "database"}
#: (border, fill) of the holders of views, in order of how many boxes they hold; a colour-blind
#: safe set (Okabe and Ito 2008) with light fills. Other holders share the last entry.
HOLDER_COLOURS: tuple[tuple[str, str], ...] = (
    ("#0072b2", "#dcecf7"),
    ("#d55e00", "#fbe3d4"),
    ("#009e73", "#d6f2e8"),
    ("#cc79a7", "#f6e1ee"),
    ("#b8860b", "#fbf0cf"),
    ("#56b4e9", "#e3f3fc"),
    ("#6b7280", "#eef0f3"),
)

LABEL_MAX = 60


def edge_style_key(data: Mapping[str, Any]) -> str:
    kind = str(data.get("kind"))
    if kind == "causal" and data.get("sign") in (1, -1):
        return "causal+" if data["sign"] == 1 else "causal-"
    return kind


def edge_order(key: str) -> int:
    order = list(EDGE_STYLES)
    return order.index(key) if key in order else len(order)


def sign_text(data: Mapping[str, Any]) -> str | None:
    if data.get("kind") != "causal" or data.get("sign") not in (1, -1):
        return None
    return "+" if data["sign"] == 1 else "\u2212"


def node_text(node: Hashable, data: Mapping[str, Any]) -> str:
    label = data.get("label")
    return str(label) if label else str(node).rsplit("/", 1)[-1]


def truncate(text: str, limit: int = LABEL_MAX) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis.

    >>> truncate("Macron sought to convince the Global South", 20)
    'Macron sought to\u2026'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "\u2026"


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines or [""]



def edge_style(data: Mapping[str, Any]) -> EdgeStyle:
    """The `policy_graph.vocabulary.EdgeStyle` of an edge (by kind, and sign for causal links)."""
    return _STYLES.get(edge_style_key(data)) or EdgeStyle(*OTHER_EDGE)


def holder_name(data: Mapping[str, Any]) -> str | None:
    """The holder of a view as a box names it: the holder's label up to its first parenthesis.

    >>> holder_name({"holder_label": "a former minister (unnamed)"})
    'a former minister'
    """
    name = data.get("holder_label") or data.get("holder")
    if not name:
        return None
    name = str(name)
    short = name.split(" (", 1)[0].strip()
    return short or name


def date_text(data: Mapping[str, Any]) -> str | None:
    """A node's date as a reader writes it, with its precision; ``≈`` marks a date the analyst
    inferred (``certainty`` "inferred") rather than read in the text.

    >>> date_text({"date": "2017-05-29"}), date_text({"date": "2022", "certainty": "inferred"})
    ('29 May 2017', '≈ 2022')
    """
    import datetime

    start = data.get("date")
    if not start:
        return None

    def one(text: str) -> str:
        parts = text.split("-")
        try:
            if len(parts) >= 3:
                return datetime.date(int(parts[0]), int(parts[1]), int(parts[2][:2])).strftime("%-d %b %Y")
            if len(parts) == 2:
                return datetime.date(int(parts[0]), int(parts[1]), 1).strftime("%b %Y")
        except ValueError:
            return text
        return text

    text = one(str(start)) + (f" – {one(str(data['end_date']))}" if data.get("end_date") else "")
    return ("≈ " + text) if data.get("certainty") == "inferred" else text


@functools.lru_cache(maxsize=1 << 16)
def text_width(text: str, *, bold: bool = False) -> float:
    """Width in pixels of ``text`` in the boxes' font at zoom 1.

    >>> round(text_width("Macron"), 1)
    46.7
    """
    if " " in text.strip(" "):  # words repeat: measure each once
        words = text.split(" ")
        return sum(text_width(w, bold=bold) for w in words) + (len(words) - 1) * text_width(" ", bold=bold)
    width = sum(_ADVANCE.get(c, 600) for c in text) * FONT_SIZE / 1000
    return width * 1.08 if bold else width


def wrap_px(text: str, width: float = LINE_WIDTH, *, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, broken between words (a longer word
    stands alone on its line).

    >>> wrap_px("Macron sought to convince the Global South", 120)
    ['Macron sought to', 'convince the', 'Global South']
    """
    lines: list[str] = []
    line, used = "", 0.0
    space = text_width(" ", bold=bold)
    for word in text.split():
        size = text_width(word, bold=bold)
        if line and used + space + size > width:
            lines.append(line)
            line, used = word, size
        elif line:
            line, used = f"{line} {word}", used + space + size
        else:
            line, used = word, size
    return lines + [line] if line else lines or [""]


def box_size(lines: list[str], *, bold_lines: int = 0) -> tuple[float, float]:
    """Width and height in pixels of a box holding ``lines`` (the first ``bold_lines`` bold).

    >>> box_size(["one line"])
    (73.0, 35.0)
    """
    widest = max((text_width(line, bold=i < bold_lines) for i, line in enumerate(lines)), default=0.0)
    return round(max(widest * 1.04 + 4, 40.0) + 2 * _MARGIN, 1), round(len(lines) * _LINE_HEIGHT + 2 * _MARGIN, 1)
