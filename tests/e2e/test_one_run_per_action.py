"""One run of the app per thing a person does, in Chromium: a map drawn asks for none.

A results map used to report its first view as soon as it was drawn, and that extra run carried
the sidebar's old values back before the browser had the new ones: a filter removed by its chip
came back on a busy machine (2 of 11 presses). Counted here on the app's websocket, as the
runs the browser asks for, through a sequence a person makes: open a link, remove a filter, click
a facility on the map. A link alone is two runs: its first screen, then the rest of the page,
which the page asks for once the map has drawn (components/rest_of_page.py).
"""

import re

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from components import rest_of_page, state
from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
MAP_FRAME = 'iframe[src*="streamlit_folium.st_folium"]'
# A map's report leaves its frame the moment it is drawn; this is ample for it to arrive.
QUIET_MS = 1_500


class RunsAsked:
    """Counts the runs the page asks its server for (BackMsg rerun_script)."""

    def __init__(self, page) -> None:
        self.count = 0
        page.on("websocket", lambda socket: socket.on("framesent", self._sent))

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.count += 1


def _quiet(page) -> None:
    """Idle, every map drawn, and still idle a moment later (nothing asked for meanwhile)."""
    settled(page)
    page.wait_for_timeout(QUIET_MS)
    settled(page)


def _click_a_facility(page) -> None:
    """Point at the first facility drawn on the map and click it, as a mouse does."""
    frame = page.locator(MAP_FRAME).first
    frame.scroll_into_view_if_needed()
    settled(page)
    point = page.frame_locator(MAP_FRAME).first.locator("path.facility-point").first
    box = point.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.click(*centre)


def test_a_search_a_removed_filter_and_a_map_click_each_run_the_app_once(server, browser):
    context, page = watched_page(browser, viewport={"width": 1366, "height": 768})
    runs = RunsAsked(page)
    try:
        page.goto(f"{server}/?near=84101&radius=50&service=KIT&service=MD")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        _quiet(page)
        assert runs.count == 2, "opening the link: its first screen, then the rest"
        expect(page.get_by_test_id("stSidebar").get_by_text("Payment accepted")).to_be_attached()

        paid = page.locator(".st-key-chip_MD")
        paid.get_by_role("button").click()
        page.wait_for_function("() => !location.search.includes('service=MD')")
        _quiet(page)
        assert runs.count == 3, "removing Medicaid"
        expect(paid).to_have_count(0)
        assert "service=MD" not in page.evaluate("() => location.search")

        _click_a_facility(page)
        page.wait_for_function("() => location.search.includes('selected=')", timeout=TIMEOUT_MS)
        _quiet(page)
        assert runs.count == 4, "clicking a facility on the map"
        expect(page.get_by_role("button", name="Hide details")).to_be_visible()
    finally:
        context.close()


# When the first facility point and the sidebar's first filter appear (ms since navigation), and
# where the first Call link was when the point appeared.
FIRST_SEEN = """
(() => {
    if (window !== window.top) { return; }
    window.__seen = {};
    const look = () => {
        const frame = document.querySelector('iframe[src*="streamlit_folium.st_folium"]');
        const point = frame?.contentDocument?.querySelector("path.facility-point");
        const filter = document.querySelector('[data-testid="stSidebar"] .stMultiSelect');
        if (point && !window.__seen.point) {
            window.__seen.point = performance.now();
            const call = document.querySelector("a.card-call")?.getBoundingClientRect();
            window.__seen.call = call && [call.x, call.y];
        }
        if (filter && !window.__seen.filter) { window.__seen.filter = performance.now(); }
        if (!window.__seen.point || !window.__seen.filter) { requestAnimationFrame(look); }
    };
    requestAnimationFrame(look);
})();
"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_a_link_draws_its_map_and_first_cards_before_the_rest(server, browser, width, height):
    """Issue 26: the first screen does not wait for the filters and the cards below it."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    page.add_init_script(FIRST_SEEN)
    try:
        page.goto(f"{server}/?near=84101&radius=25&service=KIT")
        page.wait_for_function(
            "() => window.__seen.point && window.__seen.filter", timeout=TIMEOUT_MS
        )
        seen = page.evaluate("() => window.__seen")
        assert seen["point"] < seen["filter"], seen
        settled(page)
        # Nothing the person may be about to press moved when the rest came (the sidebar's
        # heading is drawn at once: without it the page's column moved 300 px right).
        call = page.locator("a.card-call").first.bounding_box()
        assert seen["call"] == [call["x"], call["y"]], (seen["call"], call)
        # The rest: every result's card up to a page of them (the first run drew 3), the downloads.
        found = int(re.match(r"[\d,]+", page.locator(".result-count").inner_text())[0])
        assert found > rest_of_page.LEAN_CARDS
        expect(page.locator("a.card-call")).to_have_count(min(found, state.PAGE))
        download = page.get_by_role("button", name="Download these results (CSV)")
        expect(download).to_be_attached()
        expect(page.locator(".st-key-rest_of_page")).to_have_count(0)
    finally:
        context.close()
