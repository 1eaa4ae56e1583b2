"""The first screen of a shared search in Debian's Chromium, against the floor: a bare Streamlit
page (one `st.write`, benchmarks/floor_app.py) served the same way.

Each figure is stamped inside the page by an init script at the first animation frame that holds
the element (as sections/browser.py does): the floor's text, and our first facility marker in the
map's frame for `/?near=84101&radius=25&service=KIT`. The two pages are loaded alternately, each
in a fresh browser context, so both see the same machine; the gap is taken run by run. Warm: both
servers have served their page once. After start: each server's first visit.

Behind `make serve` (nginx and two app processes, started as the Makefile starts them): the
first marker for one browser at a time (quiet), then for a browser among `browser_crowd`
visitors (20 in the full run) who open the link at the same moment: the others are the page's
own websocket sessions (harness/session.py: the page's GET, then the run the link asks for), so
what is measured is the server's crowd, not 20 Chromiums sharing this machine's cores with it.
The crowd's p95 is held to twice the quiet median.

Bytes are what the server sent across the wire for a first visit (a fresh context: empty HTTP
cache) and for a second visit in the same context, counted by a relay in front of it
(harness/wire.py): every answer and its headers, the map's frame, and the websocket's messages as
deflated as they were sent (DevTools reports them inflated).
"""

import asyncio
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from harness import live_app, session, wire
from serve import apps, stack

SECTION = "first screen"
WARM_GAP_S, COLD_GAP_S = 0.5, 1.0
CROWD_RATIO = 2.0  # the crowd's p95 over the quiet median, behind make serve
SERVE_PROCESSES = 2  # make serve's default
TIMEOUT_MS = 90_000
LINK = "/?near=84101&radius=25&service=KIT"
FLOOR = "benchmarks/floor_app.py"
VIEWPORT = {"width": 1366, "height": 768}
STAMP = """
(() => {
    if (window !== window.top) { return; }
    const look = () => {
        const text = document.querySelector('[data-testid="stMarkdownContainer"]');
        if (text && window.__firstText === undefined) { window.__firstText = performance.now(); }
        const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        const doc = map && map.contentDocument;
        if (doc && doc.querySelector("path.facility-point")) {
            window.__firstMarker = performance.now();
        } else {
            requestAnimationFrame(look);
        }
    };
    requestAnimationFrame(look);
})();
"""
MB = 1e6


def measure(scale: Scale) -> list[Row]:
    runs = max(scale.browser_runs, 1)
    floor, ours, floor_cold, ours_cold = [], [], [], []
    with (
        tempfile.TemporaryDirectory(prefix="bench-first-") as scratch,
        live_app.chromium() as browser,
    ):
        logs = Path(scratch)
        for _ in range(scale.browser_cold_runs):
            with (live_app.running_app(logs / "floor.log", FLOOR) as (floor_base, _),
                  live_app.running_app(logs / "app.log") as (base, _)):  # fmt: skip
                floor_cold.append(_stamp(browser, floor_base + "/", "__firstText"))
                ours_cold.append(_stamp(browser, base + LINK, "__firstMarker"))
        with (live_app.running_app(logs / "floor.log", FLOOR) as (floor_base, _),
              live_app.running_app(logs / "app.log") as (base, _)):  # fmt: skip
            _stamp(browser, floor_base + "/", "__firstText")  # each server's first visit
            _stamp(browser, base + LINK, "__firstMarker")
            for _ in range(runs):
                floor.append(_stamp(browser, floor_base + "/", "__firstText"))
                ours.append(_stamp(browser, base + LINK, "__firstMarker"))
            first, second = _bytes(browser, base + LINK)
        quiet, crowd = _behind_make_serve(browser, logs, runs, scale.browser_crowd)
    rows = [
        row(SECTION, "bare Streamlit page: first drawn text, warm", floor, "s"),
        row(SECTION, f"our first map marker ({LINK}), warm", ours, "s"),
        _gap("our first marker after the bare page's text, warm", ours, floor, WARM_GAP_S),
        row(SECTION, "first visit's bytes (empty cache)", [first / MB], "MB"),
        row(SECTION, "second visit's bytes (cached)", [second / MB], "MB"),
        row(SECTION, "behind make serve: our first map marker, one browser at a time", quiet, "s"),
        row(SECTION, f"behind make serve: first marker, {scale.browser_crowd} visitors at once",
            crowd, "s", CROWD_RATIO * float(np.median(quiet)), bound="p95"),
    ]  # fmt: skip
    if ours_cold:
        rows += [
            row(SECTION, "bare Streamlit page: first drawn text, first visit after start",
                floor_cold, "s"),
            row(SECTION, "our first map marker, first visit after start", ours_cold, "s"),
            _gap("our first marker after the bare page's text, first visit after start",
                 ours_cold, floor_cold, COLD_GAP_S),
        ]  # fmt: skip
    return rows


def _behind_make_serve(
    browser, logs: Path, runs: int, crowd: int
) -> tuple[list[float], list[float]]:
    """First-marker seconds behind nginx: one browser at a time, then one among `crowd`."""
    listen = f"{apps.LOOPBACK}:{apps.free_port()}"
    env = live_app.OFFLINE_ENV
    with stack.serving(logs / "serve", SERVE_PROCESSES, listen, env=env) as served:
        for port, _ in served.apps:  # each process's first visit, directly (nginx picks at random)
            _stamp(browser, f"http://{apps.LOOPBACK}:{port}{LINK}", "__firstMarker")
        url = served.base + LINK
        quiet = [_stamp(browser, url, "__firstMarker") for _ in range(runs)]
        at_once = [_in_a_crowd(browser, served.base, crowd) for _ in range(max(runs, 3))]
        return quiet, at_once


def _in_a_crowd(browser, base: str, crowd: int) -> float:
    """A browser's first marker while `crowd - 1` other visitors open the link with it."""
    started = threading.Barrier(2)

    async def others() -> None:
        async def visit() -> None:
            cookie = await session.page_cookie(base, TIMEOUT_MS / 1000)
            async with session.open_session(base, cookie, TIMEOUT_MS / 1000) as page:
                await page.open_link(LINK.lstrip("/?"), TIMEOUT_MS / 1000)

        visits = [visit() for _ in range(crowd - 1)]
        started.wait()
        await asyncio.gather(*visits)

    thread = threading.Thread(target=asyncio.run, args=(others(),))
    thread.start()
    started.wait()
    try:
        return _stamp(browser, base + LINK, "__firstMarker")
    finally:
        thread.join()


def _gap(name: str, ours: list[float], floor: list[float], limit: float) -> Row:
    """Run by run (loaded side by side): our figure minus the floor's."""
    gaps = list(np.subtract(ours, floor))
    return row(SECTION, name, gaps, "s", limit)


def _stamp(browser, url: str, mark: str) -> float:
    """Seconds from navigation start to the first frame holding the element, in a new context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(STAMP)
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        stamp = page.wait_for_function(f"() => window.{mark}", timeout=TIMEOUT_MS)
        return float(stamp.json_value()) / 1000
    finally:
        context.close()


def _bytes(browser, url: str) -> tuple[int, int]:
    """Bytes the server sent for a first visit and for a second visit in the same context, as
    they crossed the wire (harness/wire.py): every answer, the map's frame, and the websocket's
    messages as compressed as they were sent."""
    parts = urlsplit(url)
    with wire.counting_relay(parts.port or 80) as relay:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            context.add_init_script(STAMP)
            page = context.new_page()
            visits = []
            for _ in range(2):
                before = relay.received()
                page.goto(relay.base + parts.path + "?" + parts.query, wait_until="commit",
                          timeout=TIMEOUT_MS)  # fmt: skip
                page.wait_for_function("() => window.__firstMarker", timeout=TIMEOUT_MS)
                page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)
                page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
                visits.append(relay.received() - before)
            return visits[0], visits[1]
        finally:
            context.close()
