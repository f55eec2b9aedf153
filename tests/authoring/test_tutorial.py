"""docs/adding-a-document.md, run as a reader would: every command, every YAML block, the errors shown."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import CHECKOUT

TUTORIAL = CHECKOUT / "docs" / "adding-a-document.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
# the mistakes the tutorial shows, and the words they replace
MISTAKES = [("quote: sending ground troops to Ukraine could be considered", "quote: sending ground troops to Ukraine could be envisaged"), ("holder: Olaf Scholz", "holder: Olaf Sholz")]


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(TUTORIAL.read_text(encoding="utf-8")) if lang == kind]


def _run(project: Path, line: str) -> subprocess.CompletedProcess[str]:
    command, _, comment = line.partition("  #")
    expected = int(m.group(1)) if (m := re.search(r"exits (\d)", comment)) else 0
    args = shlex.split(command)
    assert args[0] == "policy-graph", line
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT / "src")}
    result = subprocess.run([sys.executable, "-m", "policy_graph", *args[1:]], cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == expected, f"{line}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture()
def copy(tmp_path: Path, corpus_dir: Path) -> Path:
    """The project's files in a folder with ../shared/corpus beside it, as a reader's checkout."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("sources", "data", "examples"):
        shutil.copytree(CHECKOUT / name, project / name)
    shutil.copytree(corpus_dir, tmp_path / "shared" / "corpus")
    return project


def test_the_tutorial_runs_as_written(copy: Path) -> None:
    commands = [line for block in _blocks("sh") for line in block.splitlines() if line.strip()]
    assert len(commands) >= 6
    authoring = _blocks("yaml")
    written = [line for block in authoring for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(written) < 100, f"the tutorial's document takes {len(written)} lines of authoring text"
    source = copy / "sources" / "sample-brief.yaml"
    for line in commands:
        if line.startswith("policy-graph build"):  # the reader has written the sections by now
            source.write_text(source.read_text(encoding="utf-8") + "\n" + "\n".join(authoring), encoding="utf-8")
        _run(copy, line)
    graph = (copy / "data" / "claims.ttl").read_text(encoding="utf-8")
    assert graph.count(" a pg:Claim ;") == (CHECKOUT / "data" / "claims.ttl").read_text(encoding="utf-8").count(" a pg:Claim ;") + 10
    assert ":ev-sorbonne-speech-2024 a pg:Event" in graph and ":ex-sb-why-harden a pg:Explanation" in graph
    assert 'pg:footnote "i"' in graph.split(":rel-sb-russia-lasting-threat-supports-sb-turn-to-deterrence a pg:Support")[1].split("\n\n")[0]
    assert (copy / "out" / "sample-brief.html").stat().st_size > 1000
    # the mistakes shown give the lines shown, and leave the graph as it was
    text = source.read_text(encoding="utf-8")
    for old, new in MISTAKES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "policy_graph", "build"], cwd=copy, env={**os.environ, "PYTHONPATH": str(CHECKOUT / "src")}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == _blocks("text")[0].splitlines()
    assert (copy / "data" / "claims.ttl").read_text(encoding="utf-8") == graph
