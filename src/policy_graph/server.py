"""Start the existing Oxigraph SPARQL server on the project's data (read-only by default).

`OxigraphServer` runs the ``oxigraph`` command from the PyPI package ``oxigraph`` (installed with
``policy-graph[server]``) on a private loopback port, behind a `front.QueryFront` on the address
clients use: the front refuses SERVICE clauses and over-deep queries, which the Oxigraph server
would relay or crash on.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EndpointError, InputError
from .front import QueryFront
from .store import Store, rdf_files

__all__ = ["OxigraphServer", "die_with_parent", "free_port", "oxigraph_command", "serve", "stop_process"]


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server command (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise InputError("the oxigraph server is not installed", hint="pip install 'policy-graph[server]'")
    return found


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Terminate ``process`` if it still runs; kill it if it has not exited after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port(host: str = "127.0.0.1", port: int = 0) -> int:
    """A TCP port that is free on ``host`` right now: ``port`` itself, or any when it is 0.

    Raises `EndpointError` when ``port`` is taken (another server listening there would answer
    in this one's place).
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # closed connections do not count
        try:
            probe.bind((host, port))
        except OSError as err:
            raise EndpointError(f"cannot listen on {host} port {port}: {err.strerror} (choose another --port)") from err
        return int(probe.getsockname()[1])


class OxigraphServer:
    """An Oxigraph server process on a database folder; a context manager that stops it on exit.

    ``read_only=True`` runs ``oxigraph serve-read-only``: SPARQL UPDATE and Graph Store writes are
    refused by the server itself.
    """

    def __init__(
        self,
        location: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        read_only: bool = True,
        timeout_s: int = 30,
    ) -> None:
        self.location = Path(location)
        self.host = host
        self.port = port or free_port(host)
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.process: subprocess.Popen[bytes] | None = None
        self.front: QueryFront | None = None

    @property
    def url(self) -> str:
        """The SPARQL query URL.

        >>> OxigraphServer(Path("db"), host="::1", port=7878).url
        'http://[::1]:7878/query'
        """
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address is bracketed
        return f"http://{host}:{self.port}/query"

    @classmethod
    def with_files(cls, paths: Iterable[Path | str], location: Path, **options: object) -> OxigraphServer:
        """Check the files (clean errors), bulk-load them into ``location`` and return a server for it."""
        files = rdf_files(paths)
        Store.from_files(files)
        result = subprocess.run(
            [oxigraph_command(), "load", "--location", str(location), "--file", *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise InputError(f"oxigraph could not load the files: {result.stderr.strip()}")
        return cls(location, **options)  # type: ignore[arg-type]

    def start(self, *, wait: float = 20.0) -> OxigraphServer:
        """Start the server and wait until it answers a query."""
        mode = "serve-read-only" if self.read_only else "serve"
        self.location.mkdir(parents=True, exist_ok=True)
        private = free_port("127.0.0.1")
        command = [oxigraph_command(), mode, "--location", str(self.location), "--bind", f"127.0.0.1:{private}"]
        if self.timeout_s:
            command += ["--timeout-s", str(self.timeout_s)]
        free_port(self.host, self.port)
        # Started before the front's thread; die_with_parent only calls a function looked up here.
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=die_with_parent)
        try:
            self.front = QueryFront(self.host, self.port, private, upstream_seconds=(self.timeout_s or 300) + 10).start()
        except BaseException:
            self.stop()
            raise
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
                self.stop()
                raise EndpointError(f"the oxigraph server stopped at start: {error.strip()}")
            try:
                urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=1).close()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise EndpointError(f"the oxigraph server did not answer on {self.url} within {wait:g} s")

    def stop(self) -> None:
        """Stop the front and the server process."""
        if self.front is not None:
            self.front.stop()
            self.front = None
        if self.process is not None:
            stop_process(self.process)

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


def die_with_parent() -> None:
    """Have Linux send this process SIGTERM when the process that started it dies (no-op elsewhere).

    Given to `subprocess.Popen` as ``preexec_fn``, it applies to the child: a server started by a
    process that is killed stops too.
    """
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _linux_prctl() -> Any:
    """libc's ``prctl``, looked up once in the parent (a child of a threaded process should
    not load libraries), or None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl


_PR_SET_PDEATHSIG = 1
_prctl = _linux_prctl()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(paths: Iterable[Path | str] | None, *, port: int = 7878, bind: str = "127.0.0.1", writable: bool = False) -> None:
    """Load the files into a fresh database and serve it (read-only unless ``writable``) until stopped.

    Ctrl-C, SIGTERM, SIGHUP and the death of the process that started this one all stop the
    Oxigraph server and remove the database folder; if this process is killed outright, the
    Oxigraph server still stops (`die_with_parent`).
    """
    from .resources import data_file

    # SIGINT too: a process started in the background by a shell inherits it ignored.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    die_with_parent()
    with tempfile.TemporaryDirectory(prefix="policy-graph-serve-") as folder:
        try:
            server = OxigraphServer.with_files(list(paths or [data_file()]), Path(folder) / "db", host=bind, port=port, read_only=not writable)
            with server:
                mode = "writable" if writable else "read-only"
                print(f"serving {mode} SPARQL at {server.url} (Ctrl-C to stop)", flush=True)
                assert server.process is not None
                while server.process.poll() is None:
                    # Short timed waits, not one blocking wait: a signal the front's thread
                    # received reaches the main thread's handler only between them.
                    time.sleep(0.2)
        except KeyboardInterrupt:
            pass
