"""A throwaway Virtuoso server for the server tests: Debian's ``virtuoso-opensource`` run
unprivileged from a temporary folder.

The packaged ``virtuoso.ini`` is copied with its database files moved into that folder and its
two ports (SQL and HTTP) set to free ones; ``virtuoso-t +foreground`` runs it until `stop`.
Its Graph Store endpoint (``/sparql-graph-crud-auth``) takes HTTP Digest authentication with
the default ``dba`` account; queries go to ``/sparql?default-graph-uri=GRAPH``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from policy_graph.server import die_with_parent, free_port, stop_process

#: The packaged configuration, where Debian puts it.
PACKAGED_INI = (Path("/etc/virtuoso-opensource-7/virtuoso.ini"), Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"))
#: The graph the tests push into (Virtuoso's default graph is the union of all its graphs).
GRAPH = "urn:policy-graph:test"


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if shutil.which("virtuoso-t") is None:
        return "virtuoso-t is not installed (apt-get install virtuoso-opensource; make test installs it)"
    if not any(p.is_file() for p in PACKAGED_INI):
        return "the packaged virtuoso.ini is missing"
    return None


class VirtuosoServer:
    """Virtuoso on free loopback ports with its database in ``folder``; a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL endpoint, reading `GRAPH`."""
        return f"http://127.0.0.1:{self.http_port}/sparql?default-graph-uri={GRAPH}"

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint, with the default administrator's credentials."""
        return f"http://dba:dba@127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def _configuration(self) -> str:
        text = next(p for p in PACKAGED_INI if p.is_file()).read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(\s*(?:DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)\s*=\s*).*/", rf"\g<1>{self.folder}/", text)
        sections = re.split(r"(?m)^(?=\[)", text)
        for index, section in enumerate(sections):
            port = {"[Parameters]": self.sql_port, "[HTTPServer]": self.http_port}.get(section.split("\n", 1)[0].strip())
            if port:
                sections[index] = re.sub(r"(?m)^(ServerPort\s*=\s*)\d+", rf"\g<1>{port}", section)
        return "".join(sections)

    def start(self, *, wait: float = 120.0) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "v.ini").write_text(self._configuration(), encoding="utf-8")
        command = ["virtuoso-t", "+configfile", "v.ini", "+foreground"]
        log = (self.folder / "out.log").open("wb")
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/sparql?query=ASK%7B%7D", timeout=2).close()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Virtuoso did not start within {wait:g} s: {(self.folder / 'out.log').read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, grace=30)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()
