"""`make lab` opens the notebooks in JupyterLab from the project's environment."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from policy_graph.server import free_port
from tests.paths import CHECKOUT

pytest.importorskip("jupyterlab", reason="the notebook extra is not installed (pip install -e '.[notebook]')")
pytestmark = pytest.mark.notebook


def _get(url: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]
    except (urllib.error.URLError, OSError):
        return None


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_notebooks_with_this_environments_kernel(tmp_path: Path) -> None:
    port, token = free_port(), secrets.token_hex(16)
    venv = Path(sys.prefix)
    options = f"--no-browser --port {port} --port-retries 0 --IdentityProvider.token={token}"
    # This environment stands for .venv; -o: it is not rebuilt (make test has just set it up).
    command = ["make", "-s", f"VENV={venv}", "-o", f"{venv}/.installed", "lab", f"LAB_ARGS={options}"]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    lab = subprocess.Popen(command, cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        notebook = None
        deadline = time.monotonic() + 120
        while notebook is None and lab.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
            notebook = _get(f"{base}/api/contents/notebooks/01-explore.ipynb?content=0&token={token}")
        assert notebook is not None, (lab.stderr.read() if lab.poll() is not None and lab.stderr else b"").decode()[-3000:]
        assert notebook["type"] == "notebook"
        specs = _get(f"{base}/api/kernelspecs?token={token}")
        assert specs is not None and "python3" in specs["kernelspecs"]  # type: ignore[operator]
        nbconvert = subprocess.run([venv / "bin" / "jupyter", "nbconvert", "--version"], capture_output=True, text=True, check=False)
        assert nbconvert.returncode == 0, nbconvert.stderr
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
