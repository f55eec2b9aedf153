"""Write the authoring files' JSON Schemas, or a graph as authoring files.

Run from the project folder (sources/ and ../shared/corpus are found from there):

    python scripts/authoring_files.py schemas               # rewrite sources/*.schema.json
    python scripts/authoring_files.py convert data/claims.ttl  # graph -> sources/*.yaml

``convert`` moved the hand-written data/claims.ttl into sources/ once; it also turns an imported
graph (AIF, Argdown) into files to curate. Run ``policy-graph build`` afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policy_graph.authoring.convert import graph_to_files, schema_files
from policy_graph.resources import corpus_dir, sources_dir
from policy_graph.store import atomic_write, load


def main(argv: list[str]) -> int:
    """Run the command in ``argv``; return the exit code."""
    if argv[:1] == ["schemas"] and len(argv) == 1:
        files = schema_files()
    elif argv[:1] == ["convert"] and len(argv) == 2:
        files = {**graph_to_files(load([Path(argv[1])]), corpus_dir()), **schema_files()}
    else:
        print(__doc__, file=sys.stderr)
        return 2
    folder = sources_dir()
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        atomic_write(folder / name, text)
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
