"""A real Streamlit server and Debian's Chromium, for the patient journey in a browser.

No browser is downloaded: Playwright drives /usr/bin/chromium. `make test` leaves these tests
out (with one line saying why) on a machine without it; CI installs it and never leaves them out.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from clinic_finder import paths

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
STARTUP_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port, polled until healthy; stopped after the tests."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "CLINIC_FINDER_GEOCODER": "off", "CLINIC_FINDER_TILES": "offline"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=paths.PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    try:
        while True:
            try:
                if requests.get(f"{base}/_stcore/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
