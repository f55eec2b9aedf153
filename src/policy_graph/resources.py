"""Where the project's files are: those shipped in the package, and the user's own.

Shipped in the package and found through `importlib.resources`, so an installed wheel works
from any folder: `ONTOLOGY_DIR` (OWL ontology, SHACL shapes, ``checks/*.rq``, JSON-LD context),
`QUERIES_DIR` (the named queries) and `TEMPLATES_DIR` (the map template).

The user's own files are looked up when a command runs, from the current folder: the graph
(`data_file`: ``$POLICY_GRAPH_DATA``, else ``./data/claims.ttl``) and the source texts
(`corpus_dir`: ``$POLICY_GRAPH_CORPUS``, else ``../shared/corpus``).

>>> sorted(p.name for p in ONTOLOGY_DIR.glob("*.ttl"))
['policy-graph.ttl', 'shapes.ttl']
>>> (QUERIES_DIR / "cq1-three-mistakes.rq").is_file()
True
"""

# One copy of each file in git. The checkout's top-level ontology/ and queries/ folders hold the
# files: their paths are fixed (users' scripts, the docs and git history name them).
# src/policy_graph/ontology and src/policy_graph/queries are symbolic links to them, so the
# package sees them in a checkout (editable install or PYTHONPATH=src), and setuptools copies
# the files the links point to into the wheel (package-data in pyproject.toml). The other way
# round (files in the package, links at the top level) would move every path users know.

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from .errors import InputError

__all__ = ["ONTOLOGY_DIR", "QUERIES_DIR", "SHAPES_FILE", "TEMPLATES_DIR", "corpus_dir", "data_file", "sources_dir"]

# The package's folder as a path: the engines (pyoxigraph, rdflib, jinja) read files by path, so
# the package is used as installed by pip (unpacked), not imported from a zip archive.
_PACKAGE = Path(str(files(__package__ or "policy_graph")))

ONTOLOGY_DIR = _PACKAGE / "ontology"
QUERIES_DIR = _PACKAGE / "queries"
TEMPLATES_DIR = _PACKAGE / "templates"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

#: The graph read when a command is given no files, relative to the current folder.
DEFAULT_DATA = Path("data", "claims.ttl")
#: The authoring files the graph is built from, relative to the current folder.
DEFAULT_SOURCES = Path("sources")
#: The source texts, relative to the current folder (the project folder has ../shared beside it).
DEFAULT_CORPUS = Path("..", "shared", "corpus")


def data_file() -> Path:
    """The graph to read when none is given: ``$POLICY_GRAPH_DATA``, else ``./data/claims.ttl``.

    Raises `InputError` (one line saying how to name a graph) when that file does not exist.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     os.environ["POLICY_GRAPH_DATA"] = folder
    ...     data_file() == Path(folder)
    True
    >>> os.environ["POLICY_GRAPH_DATA"] = "no/such.ttl"
    >>> data_file()
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: no/such.ttl: no graph there ($POLICY_GRAPH_DATA) (set POLICY_GRAPH_DATA to an RDF file or folder, or give files as arguments)
    >>> del os.environ["POLICY_GRAPH_DATA"]
    """
    named = os.environ.get("POLICY_GRAPH_DATA")
    if named:
        if not Path(named).exists():
            raise InputError("no graph there ($POLICY_GRAPH_DATA)", path=named, hint="set POLICY_GRAPH_DATA to an RDF file or folder, or give files as arguments")
        return Path(named)
    if not DEFAULT_DATA.is_file():
        raise InputError(
            f"no graph given and no {DEFAULT_DATA} in the current folder ({Path.cwd()})",
            hint="give RDF files as arguments, set POLICY_GRAPH_DATA, or run from the project folder",
        )
    return DEFAULT_DATA


def corpus_dir() -> Path:
    """The folder of the source texts: ``$POLICY_GRAPH_CORPUS``, else ``../shared/corpus``.

    >>> corpus_dir() == Path(os.environ.get("POLICY_GRAPH_CORPUS", "../shared/corpus"))
    True
    """
    return Path(os.environ.get("POLICY_GRAPH_CORPUS") or DEFAULT_CORPUS)


def sources_dir() -> Path:
    """The folder of the authoring files: ``$POLICY_GRAPH_SOURCES``, else ``./sources``.

    >>> sources_dir() == Path(os.environ.get("POLICY_GRAPH_SOURCES", "sources"))
    True
    """
    return Path(os.environ.get("POLICY_GRAPH_SOURCES") or DEFAULT_SOURCES)
