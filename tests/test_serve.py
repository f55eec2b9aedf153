"""`policy-graph serve` leaves nothing behind: SIGTERM, SIGINT and the death of the process that
started it stop the Oxigraph server and remove its database folder; pushing replaces by default."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_graph.query import select
from policy_graph.remote import Endpoint
from policy_graph.server import OxigraphServer, free_port
from tests.paths import CLAIMS

pytestmark = pytest.mark.server
_SERVE = [sys.executable, "-m", "policy_graph", "serve", str(CLAIMS)]


def _environment(tmp: Path) -> dict[str, str]:
    """The environment with temporary folders made under ``tmp``, where the test can see them."""
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp), "PYTHONFAULTHANDLER": "1"}


def _oxigraph_under(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (the Oxigraph server on a database there)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(folder) in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def _assert_cleaned_up(tmp: Path, port: int) -> None:
    assert _wait_until(lambda: not _oxigraph_under(tmp), 15), "the Oxigraph server still runs"
    assert _wait_until(lambda: not any(tmp.iterdir()), 15), f"left behind: {sorted(p.name for p in tmp.iterdir())}"
    assert not _answers(port)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_and_removes_its_folder(signum: int, tmp_path: Path) -> None:
    port, tmp = free_port(), tmp_path / "tmp"
    serve = subprocess.Popen([*_SERVE, "--port", str(port)], env=_environment(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert serve.stdout is not None and "serving read-only SPARQL" in serve.stdout.readline(), serve.stderr
        assert _oxigraph_under(tmp) and _answers(port)
        serve.send_signal(signum)
        try:
            code = serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.send_signal(signal.SIGABRT)  # faulthandler shows where it stands
            serve.wait()
            raise AssertionError(f"serve did not stop: {serve.stderr.read() if serve.stderr else ''}") from None
        assert code in (0, 130)
        _assert_cleaned_up(tmp, port)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are Linux's")
def test_the_death_of_the_parent_stops_the_server_and_removes_its_folder(tmp_path: Path) -> None:
    port, tmp = free_port(), tmp_path / "tmp"
    starter = (
        "import subprocess, sys, time\n"
        f"serve = subprocess.Popen({[*_SERVE, '--port', str(port)]!r})\n"
        "print(serve.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", starter], env=_environment(tmp), stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        serve_pid = int(parent.stdout.readline())
        assert _wait_until(lambda: _answers(port), 60), "serve did not start"
        parent.kill()  # no chance to clean up: the kernel tells serve
        parent.wait()
        _assert_cleaned_up(tmp, port)
        assert _wait_until(lambda: not Path(f"/proc/{serve_pid}").exists() or "Z" in Path(f"/proc/{serve_pid}/stat").read_text().split()[2], 15)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


@pytest.fixture()
def writable(tmp_path: Path):  # type: ignore[no-untyped-def]
    with OxigraphServer(tmp_path / "db", read_only=False) as server:
        yield server


def _count(server: OxigraphServer) -> int:
    return int(select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Endpoint(server.url)).to_python()[0]["n"])


def _push(server: OxigraphServer, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "policy_graph", "push", *map(str, args), "--endpoint", server.url]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_push_replaces_so_pushing_twice_leaves_the_same_triples_and_append_adds(writable: OxigraphServer) -> None:
    from policy_graph.store import Store

    triples = len(Store.from_files([CLAIMS]))
    for _ in range(2):
        run = _push(writable, CLAIMS)
        assert run.returncode == 0 and f"replaced the default graph at {writable.url.rsplit('/', 1)[0]}/store: {triples:,} triples sent" in run.stdout, run.stderr
        assert _count(writable) == triples
    assert _push(writable, CLAIMS, "--append").returncode == 0
    assert _count(writable) > triples  # the quote anchors are blank nodes: added again, not merged


def test_a_push_with_a_bad_file_sends_nothing(writable: OxigraphServer, tmp_path: Path) -> None:
    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    good.write_text("<urn:x:a> <urn:x:p> <urn:x:b> .\n", encoding="utf-8")
    bad.write_text("<urn:x:a> <urn:x:p> .\n", encoding="utf-8")
    run = _push(writable, tmp_path)
    assert run.returncode == 2 and "b.ttl:1:" in run.stderr and "Traceback" not in run.stderr
    assert _count(writable) == 0
