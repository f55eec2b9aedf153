"""Execute the notebooks in notebooks/ in place, in a fresh Jupyter kernel each, and save their outputs.

    .venv/bin/python scripts/run_notebooks.py            # every notebooks/*.ipynb
    .venv/bin/python scripts/run_notebooks.py 01-explore # only the notebooks whose name contains this

This is what `make notebooks` runs. Each notebook runs top to bottom with nbclient in the
``python3`` kernel of the interpreter running this script (jupyter_client starts the kernel with
``sys.executable``), with notebooks/ as working directory and a 300 s limit per cell; any error
stops the run with exit code 1 and leaves the committed notebook untouched.

Outputs are made as stable as possible so that a re-run without changes to the graph gives the
same file: ``PYTHONHASHSEED=0`` in the kernel (set-ordered results come out the same), no
execution timing metadata, fixed cell ids, and the notebook metadata reduced to the kernel spec
and language name. tests/test_notebooks.py imports `execute` and `normalise` from here, so the
test's fresh run and the committed notebooks are produced the same way.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 300
KERNEL = "python3"
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")
_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebooks(selection: list[str] | None = None) -> list[Path]:
    """The notebooks of notebooks/, sorted, optionally those whose name contains one of ``selection``."""
    found = sorted(NOTEBOOKS.glob("*.ipynb"))
    if selection:
        found = [p for p in found if any(s in p.name for s in selection)]
    return found


def execute(path: Path, *, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run ``path`` top to bottom in a fresh kernel and return the executed, normalised notebook.

    Raises nbclient's `CellExecutionError` on the first cell that fails.
    """
    nb = nbformat.read(path, as_version=4)
    os.environ["PYTHONHASHSEED"] = "0"  # inherited by the kernel process
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=timeout,
        record_timing=False,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return normalise(nb)


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run: timings, kernel versions, transient metadata."""
    nb.metadata = nbformat.from_dict(_METADATA)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            output.get("metadata", {}).pop("execution", None)
            output.pop("transient", None)
            plain = output.get("data", {}).get("text/plain")
            if isinstance(plain, str):  # "<... object at 0x7f...>" differs in every kernel
                output.data["text/plain"] = _ADDRESS.sub(">", plain)
    return nb


def save(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write atomically: a temporary file beside ``path``, then `os.replace`."""
    nbformat.validate(nb)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            nbformat.write(nb, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str]) -> int:
    selected = notebooks(argv or None)
    if not selected:
        print(f"no notebook in {NOTEBOOKS} matches {argv}", file=sys.stderr)
        return 2
    for path in selected:
        started = time.monotonic()
        try:
            nb = execute(path)
        except CellExecutionError as err:
            print(f"{path.relative_to(ROOT)}: a cell failed; the notebook was not changed\n{err}", file=sys.stderr)
            return 1
        save(nb, path)
        size = path.stat().st_size / 1024
        print(f"{path.relative_to(ROOT)}: {len(nb.cells)} cells, {time.monotonic() - started:.0f} s, {size:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
