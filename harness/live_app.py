"""The app as a person meets it: `streamlit run app.py` on a free port, and Debian's Chromium.

Shared by the browser test (tests/e2e/conftest.py) and the benchmark (benchmarks/sections/), so
both start the server and the browser the same way. No browser is downloaded: Playwright drives
/usr/bin/chromium.
"""

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

from serve import apps
from serve.apps import AppFailed, free_port, wait_for_url, wait_ready

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


def start(port: int, log_path: Path | None, script: str = apps.SCRIPT) -> subprocess.Popen:
    """The app as `make run` starts it (serve.apps), on 127.0.0.1:port, offline, its output to
    `log_path` (or none)."""
    return apps.start(port, log_path, script, env=OFFLINE_ENV)


@contextlib.contextmanager
def running_app(
    log_path: Path, script: str = apps.SCRIPT
) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server that answers its health check; stopped on exit."""
    port = free_port()
    process = start(port, log_path, script)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            if script == apps.SCRIPT:
                wait_ready(port, process)  # warmed up: no test waits on a cold process
            else:  # another page (the benchmark's floor) has no readiness of its own
                wait_for_url(f"{base}/_stcore/health", process)
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


@contextlib.contextmanager
def make_target(target: str) -> Iterator[tuple[str, list[int]]]:
    """`make -s TARGET PORT=…` (run or dev) exactly as a person types it, from the project
    directory: (base URL, the pids of make and what it started) once it answers; stopped after."""
    port = free_port()
    process = subprocess.Popen(["make", "-s", target, f"PORT={port}"], cwd=apps.PROJECT_DIR,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    try:
        base = f"http://{apps.LOOPBACK}:{port}"
        wait_for_url(f"{base}{apps.READY_PATH}", process)  # warmed up, as make serve waits
        yield base, family(process.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def family(pid: int) -> list[int]:
    """A process and its children (nginx's master and workers; make and the server it started)."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry))
    return [pid, *children]
