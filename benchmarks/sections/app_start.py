"""App cold start: `streamlit run app.py` until the server answers, plus the first page render.

The server runs the script only when a browser connects, so the two are measured apart: the server
(process start → `/_stcore/health` and the page's HTML answer) and the first render (a fresh
process with Streamlit imported, as the server has it, running app.py through AppTest: imports,
table load, index build, page). Cold start is their sum; a browser's own paint is not included.
"""

import socket
import subprocess
import sys
import time

import requests

from benchmarks.measure import Row, child_cpu_seconds, row
from benchmarks.scale import Scale
from clinic_finder import paths

SECTION = "app"
TARGET_S = 3.0
DEADLINE_S = 60.0
RENDER = """
import time
from streamlit.testing.v1 import AppTest
start = time.perf_counter()
at = AppTest.from_file({app!r}, default_timeout=60).run()
elapsed = time.perf_counter() - start
assert not at.exception, at.exception
assert at.title, "the page has no title"
print(elapsed)
"""


def measure(scale: Scale) -> list[Row]:
    servers, renders, cpus = [], [], []
    for _ in range(scale.start_runs):
        cpu = child_cpu_seconds()
        servers.append(_server_up())
        renders.append(_first_render())
        cpus.append(child_cpu_seconds() - cpu)
    total = [s + r for s, r in zip(servers, renders, strict=True)]
    return [
        row(SECTION, "server up (streamlit run → health + page HTML)", servers, "s"),
        row(SECTION, "first render (AppTest, fresh process)", renders, "s"),
        row(SECTION, "cold start (server up + first render)", total, "s", TARGET_S),
        row(SECTION, "cold start, CPU time of both processes", cpus, "s"),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_up() -> float:
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=paths.PROJECT_DIR, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/_stcore/health", server)
        _wait_for(f"{base}/", server)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    """Poll until the URL answers 200 (never a fixed sleep); fail if the server dies or stalls."""
    deadline = time.perf_counter() + DEADLINE_S
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer within {DEADLINE_S:g} s")


def _first_render() -> float:
    script = RENDER.format(app=str(paths.PROJECT_DIR / "app.py"))
    prelude = "import streamlit, streamlit.testing.v1\n"  # the server has these before any visit
    done = subprocess.run([sys.executable, "-c", prelude + script], cwd=paths.PROJECT_DIR,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])
