"""Text compared as people read it: case, accents, apostrophes, quotes and spacing folded.

Light on purpose (no RDF, no pydantic): query parameters, ``build``, ``search`` and the maps'
search box share it (the map page's script folds what is typed by the same rules).
"""

from __future__ import annotations

import unicodedata

__all__ = ["folded_name"]


_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "«": '"', "»": '"'})


def folded_name(text: str) -> str:
    """Text folded for comparison: case, accents, apostrophe and quote variants, spacing.

    >>> folded_name("Hélène  Carrère d’Encausse") == folded_name("helene carrere d'encausse")
    True
    >>> folded_name("«Élysée»")
    '"elysee"'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().translate(_QUOTES).split())
