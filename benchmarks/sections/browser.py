"""First drawn frame of the national overview in Debian's Chromium, served by `streamlit run`.

Timed inside the page, not by Playwright's polling: a script run before the page's own (an init
script) looks into the map's iframe (same origin) at every animation frame of the page and stamps
`performance.now()` (milliseconds since navigation start) at the first frame in which a
`.marker-cluster` element exists: that frame is the one that paints it, to within one frame
(~17 ms). Chromium reuses the iframe's window from its first blank document, so a script put into
the iframe itself dies with that document and never sees the map.

Warm: a server that has already served the page once (caches filled, place index loaded), each run
in a fresh browser context (empty HTTP cache).
Cold: a server just started (health answered), whose first visit also runs app.py for the first
time: imports, table, index, then the map. Both servers and Chromium are started as the browser
test starts them (harness/live_app.py).
"""

import json
import math
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from harness import live_app

SECTION = "browser"
TARGET_S = 1.0
TIMEOUT_MS = 90_000
MAP_FRAME = 'iframe[src*="streamlit_folium.st_folium"]'  # its title is translated
VIEWPORT = {"width": 1280, "height": 1100}
STAMP_FIRST_CLUSTER = """
(() => {
    if (window !== window.top) { return; }
    const look = () => {
        const map = document.querySelector($MAP_FRAME);
        if (map && window.__mapFrame === undefined) {
            window.__mapFrame = performance.now();
        }
        const doc = map && map.contentDocument;
        if (doc && doc.querySelector(".marker-cluster")) {
            window.__firstCluster = performance.now();
        } else {
            requestAnimationFrame(look);
        }
    };
    requestAnimationFrame(look);
})();
""".replace("$MAP_FRAME", json.dumps(MAP_FRAME))


def measure(scale: Scale) -> list[Row]:
    name = "first drawn map frame, national overview (navigation start → first cluster)"
    if not live_app.CHROMIUM.exists():
        return [
            Row(
                SECTION,
                name,
                math.nan,
                math.nan,
                "s",
                0,
                verdict=f"skipped: no chromium at {live_app.CHROMIUM}",
            )
        ]
    warm, cold, in_frame = [], [], []
    with (
        tempfile.TemporaryDirectory(prefix="bench-browser-") as scratch,
        live_app.chromium() as browser,
    ):
        log = Path(scratch) / "streamlit.log"
        for _ in range(scale.browser_cold_runs):
            with live_app.running_app(log) as (base, _):
                cold.append(_first_frame(browser, base)[0])
        if scale.browser_runs:
            with live_app.running_app(log) as (base, _):
                _first_frame(browser, base, settle=True)  # fills the server's caches
                for _ in range(scale.browser_runs):
                    first, frame = _first_frame(browser, base)
                    warm.append(first)
                    in_frame.append(frame)
    rows = []
    if warm:
        rows.append(row(SECTION, f"{name}, warm server", warm, "s", TARGET_S))
        rows.append(
            row(
                SECTION,
                "of which in the map's iframe (frame inserted → first cluster)",
                in_frame,
                "s",
            )
        )
    if cold:
        rows.append(row(SECTION, f"{name}, server just started", cold, "s"))
    return rows


def _first_frame(browser, base: str, settle: bool = False) -> tuple[float, float]:
    """Seconds from navigation start to the first painted cluster, in a fresh context, and of
    them the seconds since the map's iframe was inserted into the page."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(STAMP_FIRST_CLUSTER)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(base, wait_until="commit", timeout=TIMEOUT_MS)
        page.frame_locator(MAP_FRAME).first.locator(".marker-cluster").first.wait_for(
            timeout=TIMEOUT_MS
        )
        stamp = page.wait_for_function("() => window.__firstCluster", timeout=TIMEOUT_MS)
        seen = time.perf_counter() - started
        first = stamp.json_value() / 1000
        in_frame = first - page.evaluate("window.__mapFrame") / 1000
        if not 0 < first <= seen + 0.5:
            raise RuntimeError(f"in-page first frame {first:.3f} s, but seen after {seen:.3f} s")
        if settle:  # the first run also loads the place index after the map: let it finish
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)
        return first, in_frame
    finally:
        context.close()
