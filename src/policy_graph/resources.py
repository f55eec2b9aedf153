"""Where the project's own files are: named queries, ontology, default data and corpus.

Each location can be overridden with an environment variable, so an installed copy can point
at a checkout or a user's own folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CORPUS_DIR", "DATA_FILE", "ONTOLOGY_DIR", "PROJECT_ROOT", "QUERIES_DIR", "SHAPES_FILE"]

PROJECT_ROOT = Path(os.environ.get("POLICY_GRAPH_ROOT", Path(__file__).resolve().parents[2]))
QUERIES_DIR = Path(os.environ.get("POLICY_GRAPH_QUERIES", PROJECT_ROOT / "queries"))
ONTOLOGY_DIR = Path(os.environ.get("POLICY_GRAPH_ONTOLOGY", PROJECT_ROOT / "ontology"))
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_FILE = Path(os.environ.get("POLICY_GRAPH_DATA", PROJECT_ROOT / "data" / "claims.ttl"))
CORPUS_DIR = Path(os.environ.get("POLICY_GRAPH_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus"))
