"""The app as a person meets it: `streamlit run app.py` on a free port, and Debian's Chromium.

Shared by the browser test (tests/e2e/conftest.py) and the benchmark (benchmarks/sections/), so
both start the server and the browser the same way. No browser is downloaded: Playwright drives
/usr/bin/chromium.
"""

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from serve import apps
from serve.apps import AppFailed, free_port, wait_for_url, wait_ready  # noqa: F401 (benchmarks)

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


def start(port: int, log_path: Path | None) -> subprocess.Popen:
    """The app as `make run` starts it (serve.apps), on 127.0.0.1:port, offline, its output to
    `log_path` (or none)."""
    return apps.start(port, log_path, env=OFFLINE_ENV)


@contextlib.contextmanager
def running_app(log_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server that answers its health check; stopped on exit."""
    port = free_port()
    process = start(port, log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_ready(port, process)  # warmed up: no test waits on a cold process
        except AppFailed as error:
            raise AppFailed(f"{error}:\n{log_path.read_text()[-2000:]}") from error
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
