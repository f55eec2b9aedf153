"""The checkout's own files and the shared folder beside it, for tests that read them.

The shared folder (source texts, interchange files) is ``$POLICY_GRAPH_SHARED`` if set, else
``../shared`` beside the checkout; tests needing it use the ``shared`` fixture (conftest.py),
which fails with this explanation when it is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
CLAIMS = CHECKOUT / "data" / "claims.ttl"
BAD = CHECKOUT / "tests" / "data" / "bad"
SHARED = Path(os.environ.get("POLICY_GRAPH_SHARED") or CHECKOUT.parent / "shared")
CORPUS = SHARED / "corpus"
INTEROP = SHARED / "interop"
