"""App cold start: `streamlit run app.py` until the server answers, plus the first page render.

The server (asgi.py) runs the script once itself before it lets anyone in (serve/ready.py: a
search for 84101 + KIT, so the table, the place index and the map are loaded), so cold start is the
server until ready (process start → its page's HTML answered, which it refuses with 503 until
then). The first page through AppTest (a fresh process with Streamlit imported: imports, table
load, index build, crisis banner, overview map; then the offline place index, which the run's
total includes) is kept as a row of its own, to show where that time goes. A browser's own paint
is not included (the browser section measures that).
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
        page, _page_cpu, run = _first_page()
        pages.append(page)
        runs.append(run)
        cpus.append(server_cpu)
    return [
        row(SECTION, "server ready (streamlit run → warm-up search + page HTML)", servers, "s"),
        row(SECTION, "first page: banner + overview (AppTest, fresh process)", pages, "s"),
        row(
            SECTION, "cold start (server ready; its first run already done)", servers, "s", TARGET_S
        ),
        row(SECTION, "cold start, CPU time (server until ready)", cpus, "s"),
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
