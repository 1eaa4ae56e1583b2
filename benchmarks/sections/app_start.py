"""App cold start: `streamlit run app.py` until the server answers, plus the first page render.

The server runs the script only when a browser connects, so the two are measured apart: the server
(process start → `/_stcore/health` and the page's HTML answer) and the first page (a fresh process
with Streamlit imported, as the server has it, running app.py through AppTest: imports, table
load, index build, crisis banner, overview map). The first page is drawn when the overview has
been handed to Streamlit; app.py then loads the offline place index for the first search, which
the run's total includes. Cold start is server + first page; a browser's own paint is not included
(the browser section measures that).
"""

import subprocess
import sys
import time

from benchmarks.measure import Row, child_cpu_seconds, row
from benchmarks.scale import Scale
from clinic_finder import paths
from harness import live_app

SECTION = "app"
TARGET_S = 3.0
# Prints: seconds to the overview drawn, CPU seconds this process spent on it, the whole run.
RENDER = """
import time
from streamlit.testing.v1 import AppTest
from components import map_panel
drawn = []
overview = map_panel.overview
def timed_overview(*args, **kwargs):
    overview(*args, **kwargs)
    drawn.append((time.perf_counter(), time.process_time()))
map_panel.overview = timed_overview
start, cpu = time.perf_counter(), time.process_time()
at = AppTest.from_file({app!r}, default_timeout=60).run()
elapsed = time.perf_counter() - start
assert not at.exception, at.exception
assert at.title, "the page has no title"
assert drawn, "the overview was not drawn"
print(drawn[0][0] - start, drawn[0][1] - cpu, elapsed)
"""
# The server has Streamlit imported before any visit; components is imported by app.py anyway.
PRELUDE = "import streamlit, streamlit.testing.v1\n"


def measure(scale: Scale) -> list[Row]:
    servers, pages, runs, cpus = [], [], [], []
    for _ in range(scale.start_runs):
        cpu = child_cpu_seconds()
        servers.append(_server_up())
        server_cpu = child_cpu_seconds() - cpu
        page, page_cpu, run = _first_page()
        pages.append(page)
        runs.append(run)
        cpus.append(server_cpu + page_cpu)
    total = [s + p for s, p in zip(servers, pages, strict=True)]
    return [
        row(SECTION, "server up (streamlit run → health + page HTML)", servers, "s"),
        row(SECTION, "first page: banner + overview (AppTest, fresh process)", pages, "s"),
        row(SECTION, "cold start (server up + first page)", total, "s", TARGET_S),
        row(SECTION, "cold start, CPU time (server + first page)", cpus, "s"),
        row(SECTION, "first run incl. place index warm-up (AppTest)", runs, "s"),
    ]


def _server_up() -> float:
    port = live_app.free_port()
    start = time.perf_counter()
    server = live_app.start(port, None)
    try:
        base = f"http://127.0.0.1:{port}"
        live_app.wait_for_url(f"{base}/_stcore/health", server)
        live_app.wait_for_url(f"{base}/", server)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)


def _first_page() -> tuple[float, float, float]:
    """Seconds to the overview drawn, CPU seconds by then, seconds of the whole first run."""
    script = PRELUDE + RENDER.format(app=str(paths.PROJECT_DIR / "app.py"))
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=paths.PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    page, cpu, run = map(float, done.stdout.strip().splitlines()[-1].split())
    return page, cpu, run
