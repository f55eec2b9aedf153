"""The notebooks run top to bottom in a fresh Jupyter kernel, and their committed outputs are not stale.

Each notebook of notebooks/ is executed into a temporary copy with nbclient (the same `execute`
as scripts/run_notebooks.py, a real ipykernel, 300 s per cell); any error fails the test. The
fresh run is then compared with the committed notebook: same cells with the same sources, and
for the cells tagged ``check-output`` (the competency answers and other tables) the same
text/plain, text/html and text/markdown outputs. When this fails after a change to the graph,
regenerate the outputs with ``make notebooks`` and commit them.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from tests.paths import CHECKOUT, SHARED

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "scripts" / "run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_notebooks)

NOTEBOOKS = run_notebooks.notebooks()
CHECKED = ("text/plain", "text/html", "text/markdown")
pytestmark = [pytest.mark.notebook, pytest.mark.timeout(1800)]


def _checked_outputs(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a cell shows; consecutive pieces of one stream are one text (the kernel may send a
    line and its newline as two messages, or as one)."""
    found: list[tuple[str, str]] = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            text = "".join(output.text) if isinstance(output.text, list) else output.text
            if found and found[-1][0] == output.name:
                found[-1] = (output.name, found[-1][1] + text)
            else:
                found.append((output.name, text))
        for mime in CHECKED:
            if mime in output.get("data", {}):
                value = output.data[mime]
                found.append((mime, "".join(value) if isinstance(value, list) else value))
    return found


def test_there_are_notebooks() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert {"01-explore.ipynb", "02-from-illusions-to-balance-of-power.ipynb"} <= names


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nbformat.NotebookNode]:
    committed: Path = request.param
    # Run a copy in a project folder of its own, laid out as the real one (its data/, ../shared
    # beside it), so relative paths behave the same, maps go to its own out/, and the committed
    # file is never touched.
    base = tmp_path_factory.mktemp(committed.stem)
    (base / "shared").symlink_to(SHARED, target_is_directory=True)
    work = base / "project" / "notebooks"
    work.mkdir(parents=True)
    (base / "project" / "data").symlink_to(CHECKOUT / "data", target_is_directory=True)
    copy = work / committed.name
    shutil.copyfile(committed, copy)
    fresh = run_notebooks.execute(copy)  # raises CellExecutionError on any failing cell
    return committed, fresh


def test_runs_without_errors(executed: tuple[Path, nbformat.NotebookNode]) -> None:
    _, fresh = executed
    errors = [o for c in fresh.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]


def test_committed_notebook_has_outputs(executed: tuple[Path, nbformat.NotebookNode]) -> None:
    committed, _ = executed
    nb = nbformat.read(committed, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), f"{committed.name} is committed without outputs: run `make notebooks`"
    assert any(c.metadata.get("tags") and "check-output" in c.metadata.tags for c in code)


def test_committed_cells_match_fresh_run(executed: tuple[Path, nbformat.NotebookNode]) -> None:
    committed, fresh = executed
    nb = nbformat.read(committed, as_version=4)
    assert len(nb.cells) == len(fresh.cells), f"{committed.name}: cell count differs from a fresh run: run `make notebooks`"
    for index, (old, new) in enumerate(zip(nb.cells, fresh.cells)):
        assert (old.cell_type, old.source) == (new.cell_type, new.source), f"{committed.name} cell {index} differs: run `make notebooks`"


def test_checked_outputs_are_not_stale(executed: tuple[Path, nbformat.NotebookNode]) -> None:
    committed, fresh = executed
    nb = nbformat.read(committed, as_version=4)
    checked = 0
    for index, (old, new) in enumerate(zip(nb.cells, fresh.cells)):
        if "check-output" not in old.metadata.get("tags", []):
            continue
        checked += 1
        assert _checked_outputs(old) == _checked_outputs(new), (
            f"{committed.name} cell {index} (tagged check-output) shows stale output: run `make notebooks` and commit"
        )
    assert checked, f"{committed.name} has no cell tagged check-output"


def test_committed_notebook_is_small_and_offline(executed: tuple[Path, nbformat.NotebookNode]) -> None:
    """Under 300 KB (maps are files the notebook points to, not pages embedded in it), no CDN,
    and no path of this machine (the checkout, its environment, the home folder) in any output."""
    committed, _ = executed
    assert committed.stat().st_size < 300_000, f"{committed.name} is {committed.stat().st_size} bytes"
    text = committed.read_text(encoding="utf-8")
    for local in {str(CHECKOUT.parent), sys.prefix, sys.base_prefix, str(Path.home()), tempfile.gettempdir()} - {"/"}:
        assert local + "/" not in text, f"{committed.name} holds the machine path {local}: use paths relative to the notebook"
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "src=&quot;http", "src=\\\"http"):
        assert cdn not in text, f"{committed.name} refers to {cdn}: maps and plots must render offline"
