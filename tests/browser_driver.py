"""A small DevTools-protocol driver for headless Chromium, used by the browser tests.

It starts ``chromium --headless --remote-debugging-port=0`` with a throw-away profile, reads the
port from the profile's ``DevToolsActivePort`` file, opens one page target and talks to it over a
WebSocket (`websocket-client`). Every event is recorded, so a test can assert on network
requests, console errors, exceptions and JavaScript dialogs after the fact.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket

from policy_graph.render import CHROMIUM_FLAGS
from policy_graph.server import stop_process

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: The flags policy_graph.render uses for screenshots (no network chatter), plus DevTools.
FLAGS = (*CHROMIUM_FLAGS, "--disable-extensions", "--mute-audio", "--remote-debugging-port=0")


class DevToolsError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Chromium:
    """One headless Chromium with one page; use as a context manager.

    >>> with Chromium() as browser:                        # doctest: +SKIP
    ...     page = browser.open("file:///tmp/map.html", offline=True)
    ...     page.evaluate("network.body.data.nodes.length")
    """

    def __init__(self, *, width: int = 1600, height: int = 1000, executable: str = CHROMIUM) -> None:
        self.width, self.height, self.executable = width, height, executable
        self.profile = Path(tempfile.mkdtemp(prefix="pg-cdp-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def __enter__(self) -> Chromium:
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={self.width},{self.height}",
             "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.is_file() and active.read_text().count("\n") >= 1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise DevToolsError("Chromium did not open its DevTools port")
            time.sleep(0.05)
        self.port = int(active.read_text().splitlines()[0])
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            stop_process(self.process)
        shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, url: str, *, offline: bool = True, timeout: float = 30.0) -> Page:
        """Open a new page with the network emulated off, navigate to ``url`` and wait for load."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request, timeout=10) as answer:  # loopback only: the DevTools port
            target = json.load(answer)
        page = Page(target["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  width=self.width, height=self.height, deviceScaleFactor=1, mobile=False)
        if offline:
            page.send("Network.emulateNetworkConditions", offline=True, latency=0,
                      downloadThroughput=-1, uploadThroughput=-1)
        page.navigate(url, timeout=timeout)
        return page


class Page:
    """One page target: send commands, record events, evaluate JavaScript."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self._next = 0

    def close(self) -> None:
        self.ws.close()

    def send(self, method: str, *, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DevToolsError(f"{method}: no answer within {timeout} s")
            self.ws.settimeout(remaining)
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException as err:
                raise DevToolsError(f"{method}: no answer within {timeout} s") from err
            if message.get("id") == ident:
                if "error" in message:
                    raise DevToolsError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def pump(self, seconds: float) -> None:
        """Record events for ``seconds`` without sending anything."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            self.ws.settimeout(remaining)
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                return
            if "method" in message:
                self.events.append(message)

    def navigate(self, url: str, *, timeout: float = 30.0) -> None:
        seen = len(self.events)
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self.events[seen:]):
            if time.monotonic() > deadline:
                raise DevToolsError(f"{url} did not load within {timeout} s")
            self.pump(0.1)

    def evaluate(self, expression: str, *, timeout: float = 30.0) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, timeout=timeout)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression!r} threw: {result['exceptionDetails'].get('text')} "
                                f"{result['exceptionDetails'].get('exception', {}).get('description', '')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 30.0) -> float:
        """Poll until ``expression`` is truthy; return the seconds waited."""
        start = time.monotonic()
        while not self.evaluate(expression):
            if time.monotonic() - start > timeout:
                raise DevToolsError(f"{expression!r} still false after {timeout} s")
            self.pump(0.05)
        return time.monotonic() - start

    def mouse(self, kind: str, x: float, y: float, **extra: Any) -> None:
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # ---- what the recorded events say ------------------------------------------------------

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries, as text."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("exception: " + details.get("text", "") + " " + details.get("exception", {}).get("description", ""))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append(f"log: {entry.get('text')} {entry.get('url', '')}")
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def dialogs(self) -> list[str]:
        return [e["params"].get("message", "") for e in self.events if e["method"] == "Page.javascriptDialogOpening"]
