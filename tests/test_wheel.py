"""The built wheel works on its own: installed (not editable) into a fresh environment, run from
an empty folder holding only a copy of the graph.

The wheel is built from a clean copy of the checkout (a reused ``build/`` folder could hide a
missing file). The fresh environment has no pip and sees the dependencies through a ``.pth``
line naming this environment's site-packages, where the project itself is not (an editable
install is a ``.pth`` of its own there, which Python does not read from an added path): the
test proves the wheel, not the checkout, answers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.paths import CHECKOUT, CLAIMS

_NOT_BUILT = (".git", ".venv", "build", "dist", "out", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "benchmarks", "notebooks", "tests")


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with none of the project's environment variables and no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_GRAPH_") and k != "PYTHONPATH"}
    return subprocess.run(list(map(str, args)), capture_output=True, text=True, cwd=cwd, env={**env, "COLUMNS": "200"}, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh environment where the wheel is installed."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(CHECKOUT, source, symlinks=True, ignore=shutil.ignore_patterns(*_NOT_BUILT))
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", base / "dist", source)
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("policy_graph-*.whl")
    venv = base / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel)
    assert done.returncode == 0, done.stderr
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = _run(python, "-c", "import policy_graph; print(policy_graph.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr
    return venv / "bin"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """An empty folder with a copy of the graph as data/claims.ttl."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(CLAIMS, tmp_path / "data" / "claims.ttl")
    return tmp_path


def test_the_installed_wheel_lists_and_runs_the_named_queries(installed: Path, folder: Path) -> None:
    from policy_graph import __version__
    from policy_graph.query import named_queries

    assert _run(installed / "policy-graph", "--version").stdout == f"policy-graph {__version__}\n"
    listed = _run(installed / "policy-graph", "queries", cwd=folder)
    assert listed.returncode == 0, listed.stderr
    assert all(name in listed.stdout for name in named_queries()), listed.stdout
    answer = _run(installed / "policy-graph", "query", "cq1-three-mistakes", "--format", "csv", cwd=folder)
    in_checkout = _run(sys.executable, "-m", "policy_graph", "query", "cq1-three-mistakes", "--format", "csv", cwd=CHECKOUT)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout == in_checkout.stdout and len(answer.stdout.splitlines()) > 3


def test_the_installed_wheel_validates_and_renders(installed: Path, folder: Path, corpus_dir: Path) -> None:
    validated = _run(installed / "policy-graph", "validate", "--corpus", corpus_dir, cwd=folder)
    assert validated.returncode == 0 and validated.stdout.startswith("conforms:"), validated.stdout + validated.stderr
    rendered = _run(installed / "policy-graph", "render", "argument", "-o", "argument.html", cwd=folder)
    assert rendered.returncode == 0, rendered.stderr
    assert "<html" in (folder / "argument.html").read_text(encoding="utf-8")[:2000].lower()


def test_the_installed_wheel_says_when_there_is_no_graph(installed: Path, tmp_path: Path) -> None:
    run = _run(installed / "policy-graph", "stats", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("policy-graph: error: no graph given and no data/claims.ttl in the current folder"), run.stderr
    assert len(run.stderr.splitlines()) == 1
