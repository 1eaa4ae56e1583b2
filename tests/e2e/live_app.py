"""The app as a person meets it: `streamlit run app.py` on a free port, and Debian's Chromium.

Shared by the browser test (tests/e2e/conftest.py) and the benchmark (benchmarks/sections/), so
both start the server and the browser the same way. No browser is downloaded: Playwright drives
/usr/bin/chromium.
"""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from clinic_finder import paths
from serve.apps import AppFailed, free_port, wait_for_url

CHROMIUM = Path(os.environ.get("CLINIC_FINDER_CHROMIUM", "/usr/bin/chromium"))
# The probe's flags: without the background-networking ones Chromium calls Google at start.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Offline: no online geocoder, no tiles; only the local server is ever asked for anything.
OFFLINE_ENV = {"CLINIC_FINDER_GEOCODER": "off", "CLINIC_FINDER_TILES": "offline"}
STARTUP_S = 90


class ServerFailed(RuntimeError):
    """The server exited or did not answer in time; the message ends with its log."""


def start(port: int, log) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port, offline, writing its output to `log`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=paths.PROJECT_DIR,
        env={**os.environ, **OFFLINE_ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(url: str, process: subprocess.Popen, timeout_s: float = STARTUP_S) -> None:
    """Poll until the URL answers 200 (never a fixed sleep); raise if the server dies or stalls."""
    try:
        wait_for_url(url, process, timeout_s)
    except AppFailed as error:
        raise ServerFailed(str(error)) from error


@contextlib.contextmanager
def running_app(log_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server that answers its health check; stopped on exit."""
    port = free_port()
    with log_path.open("w") as log:
        process = start(port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(f"{base}/_stcore/health", process)
        except ServerFailed as error:
            raise ServerFailed(f"{error}:\n{log_path.read_text()[-2000:]}") from error
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator:
    """Playwright's Browser on Debian's Chromium (headless, no downloads, no calls home)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
