"""Every command of the README runs as written, in the order written, in a scratch copy of the
project (with ../shared beside it): each ``sh`` line in a shell, each ``python`` block with the
blocks before it.

How the scratch copy stands in for a user's checkout:

* ``.venv/bin/policy-graph`` runs this interpreter's policy_graph (the environment ``make``
  would have set up), so ``make demo`` and ``policy-graph`` run the code under test;
* the files a user's example names (``brief.txt``, ``my.rq``, ``other/moralmaze-6064.json``)
  are there (`USER_FILES`);
* port 7878 of the server examples is replaced by a free port, and ``policy-graph serve`` (run
  "in a terminal of its own") runs in the background until the end;
* ``make test`` is this suite and ``make lab`` is run by tests/test_lab.py: both are not run again.

A command must exit 0, or 0 or 1 where the README says it exits 1 on findings; no traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_graph.server import free_port
from tests.paths import CHECKOUT, SHARED

pytestmark = [pytest.mark.server, pytest.mark.timeout(1800)]

#: Lines not run here, and why.
NOT_RUN = {"make test": "it runs this suite", "make lab": "tests/test_lab.py runs it"}
#: The user's own files the examples name.
USER_FILES = {
    "brief.txt": "A short brief. Its author argues that the policy changed in 2024, and that the change came from a slow awareness of the war's stakes.\n",
    "my.rq": "SELECT ?claim ?label WHERE { ?claim a pg:Claim ; rdfs:label ?label } ORDER BY ?claim LIMIT 5\n",
}
_COPIED = ("data", "sources", "Makefile", "pyproject.toml")


def _blocks(readme: str) -> list[tuple[str, str]]:
    """The fenced ``sh`` and ``python`` blocks, in order, as (language, text)."""
    return [(m[1], m[2]) for m in re.finditer(r"^```(sh|python)\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)]


def _project(base: Path) -> Path:
    project = base / "project"
    project.mkdir()
    (base / "shared").symlink_to(SHARED, target_is_directory=True)
    for name in _COPIED:
        if (CHECKOUT / name).is_dir():
            shutil.copytree(CHECKOUT / name, project / name)
        elif (CHECKOUT / name).exists():
            shutil.copy2(CHECKOUT / name, project / name)
    for name, text in USER_FILES.items():
        (project / name).write_text(text, encoding="utf-8")
    (project / "other").mkdir()
    shutil.copyfile(SHARED / "interop" / "aif" / "moralmaze-6064.json", project / "other" / "moralmaze-6064.json")
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "policy-graph"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m policy_graph "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    (project / ".venv" / ".installed").touch()  # newer than pyproject.toml: make does not set up again
    return project


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_every_readme_command_runs_as_written(tmp_path: Path) -> None:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    project = _project(tmp_path)
    port = free_port()
    env = {**os.environ, "PATH": f"{project / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "200"}
    env.pop("POLICY_GRAPH_DATA", None)
    background: list[subprocess.Popen[bytes]] = []
    python_so_far: list[str] = []
    ran = 0
    try:
        for language, text in _blocks(readme):
            if language == "python":
                python_so_far.append(text)
                done = subprocess.run([sys.executable, "-c", "\n".join(python_so_far)], cwd=project, env=env, capture_output=True, text=True, check=False)
                assert done.returncode == 0, f"README python block:\n{text}\n{done.stderr[-3000:]}"
                ran += 1
                continue
            for line in filter(None, map(str.strip, text.splitlines())):
                command = line.split("#", 1)[0].strip()
                if command in NOT_RUN:
                    continue
                command = line.replace("7878", str(port))
                if line.startswith("policy-graph serve"):
                    background.append(subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
                    deadline = time.monotonic() + 120
                    while not _answers(port) and background[-1].poll() is None and time.monotonic() < deadline:
                        time.sleep(0.2)
                    assert _answers(port), f"{line}: the server did not start"
                    ran += 1
                    continue
                done = subprocess.run(["bash", "-c", command], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
                allowed = (0, 1) if "exit 1" in line else (0,)
                assert done.returncode in allowed and "Traceback" not in done.stderr, f"{line}\nexit {done.returncode}\n{done.stderr[-3000:]}"
                ran += 1
    finally:
        for process in background:
            process.terminate()
            process.wait(timeout=30)
    assert ran > 30, f"only {ran} README commands found"
