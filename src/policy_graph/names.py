"""Names compared as people read them: case, accents, apostrophes and spacing folded.

Light on purpose (no RDF, no pydantic): query parameters, ``build`` and ``search`` share it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["folded_name"]


def folded_name(text: str) -> str:
    """A label folded for comparison: case, accents, apostrophes and spacing ignored.

    >>> folded_name("Hélène  Carrère d’Encausse") == folded_name("helene carrere d'encausse")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for curly, straight in (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.casefold().split())
