"""Map files on disk and in the browser: atomic writes, Chromium screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, RenderError

__all__ = ["CHROMIUM_FLAGS", "screenshot", "write"]

#: Headless Chromium with no background network chatter (this machine has no network).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)



def screenshot(
    html_path: Path | str,
    png_path: Path | str,
    *,
    width: int = 1600,
    height: int = 1000,
    timeout: float = 60.0,
    controls: bool = False,
    chromium: str | None = None,
) -> Path:
    """Save a PNG of an HTML map as headless Chromium draws it, with the network off.

    Parameters
    ----------
    html_path, png_path : Path or str
        The map to open and the PNG to write (atomically).
    width, height : int
        The browser window size in CSS pixels.
    timeout : float
        Seconds before the browser is stopped and `RenderError` raised.
    controls : bool
        Keep the search, filter and details panels; by default only the map and its legend are
        drawn (a figure).
    chromium : str, optional
        The browser executable; ``$CHROMIUM``, then ``chromium``/``chromium-browser`` on PATH.

    Raises
    ------
    RenderError
        If no browser is found, it fails, or it does not finish within ``timeout``.
    """
    html_path, png_path = Path(html_path).resolve(), Path(png_path)
    if not html_path.is_file():
        raise InputError("no such HTML file", path=html_path)
    browser = chromium or os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise RenderError("no Chromium found for the PNG (install chromium, or set $CHROMIUM)")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    url = html_path.as_uri() + ("" if controls else "#figure")
    with tempfile.TemporaryDirectory(prefix="pg-chromium-") as profile:
        shot = Path(profile) / "shot.png"
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=15000",
            f"--screenshot={shot}",
            url,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise RenderError(f"Chromium did not finish the screenshot of {html_path} within {timeout} s") from err
        except OSError as err:
            raise RenderError(f"cannot start Chromium ({browser}): {err}") from err
        if not shot.is_file():
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise RenderError(f"Chromium wrote no screenshot (exit {done.returncode}): " + " | ".join(tail))
        return write(png_path, shot.read_bytes())


def write(path: Path, content: str | bytes) -> Path:
    """`policy_graph.store.atomic_write`, creating the folder first (maps go into ``out/maps``)."""
    from ..store import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content)
    return path

