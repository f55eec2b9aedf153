"""The maps' visual grammar: how each node kind and relation kind is drawn, and node texts."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from ..vocabulary import NODE_KINDS, edge_styles

__all__ = ["EDGE_STYLES", "NODE_STYLES", "OTHER_EDGE", "edge_order", "edge_style_key", "node_text", "sign_text", "truncate", "wrap"]

#: Node kind -> (vis shape, fill, border, legend text), from `policy_graph.vocabulary`.
NODE_STYLES: dict[str, tuple[str, str, str, str]] = {k.name: (k.shape, k.fill, k.border, k.legend) for k in NODE_KINDS}

#: Edge kind -> (colour, dashes, width, legend text), from `policy_graph.vocabulary`. Direction is always drawn as an arrow.
EDGE_STYLES: dict[str, tuple[str, bool, float, str]] = {
    key: (style.colour, style.dashes, style.width, style.legend) for key, style in edge_styles().items()
}
OTHER_EDGE = ("#9ca3af", False, 1.0, "other link")

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

