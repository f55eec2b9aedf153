"""Helpers for the reliability suite: run the real command line, copy inputs, compare bytes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import BAD, CLAIMS, CORPUS

__all__ = ["BAD", "CLAIMS", "CORPUS", "Canary", "Run", "cli", "copy_in", "listing"]


class Canary:
    """A TCP listener on loopback that counts the connections made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.server.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@dataclass
class Run:
    """The outcome of one command-line run."""

    code: int
    stdout: str
    stderr: str

    def one_error_line(self) -> str:
        """The single ``policy-graph: error:`` line on stderr; fails if there is a traceback or more."""
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{self.stderr[:2000]}"
        assert lines[0].startswith("policy-graph: error: "), lines[0]
        assert len(lines[0]) < 1000, "the message should be one short line"
        return lines[0]


def cli(*args: str | Path, cwd: Path | None = None, stdin: str | None = None, timeout: float = 120) -> Run:
    """Run ``python -m policy_graph ARGS`` in a subprocess and capture its exit code and output."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "policy_graph", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_in(source: Path, folder: Path) -> tuple[Path, bytes]:
    """Copy ``source`` into ``folder``; return the copy and its bytes."""
    target = folder / source.name
    shutil.copyfile(source, target)
    return target, target.read_bytes()


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes), to prove nothing was added or changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """An empty folder to run commands in."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder
