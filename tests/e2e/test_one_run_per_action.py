"""One run of the app per thing a person does, in Chromium: a map drawn asks for none.

A results map used to report its first view as soon as it was drawn, and that extra run carried
the sidebar's old values back before the browser had the new ones: a filter removed by its chip
came back on a busy machine (2 of 11 presses). Counted here on the app's websocket, as the
runs the browser asks for, through a sequence a person makes: open a link, remove a filter, click
a facility on the map.
"""

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

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
        assert runs.count == 1, "opening the link"

        paid = page.locator(".st-key-chip_MD")
        paid.get_by_role("button").click()
        page.wait_for_function("() => !location.search.includes('service=MD')")
        _quiet(page)
        assert runs.count == 2, "removing Medicaid"
        expect(paid).to_have_count(0)
        assert "service=MD" not in page.evaluate("() => location.search")

        _click_a_facility(page)
        page.wait_for_function("() => location.search.includes('selected=')", timeout=TIMEOUT_MS)
        _quiet(page)
        assert runs.count == 3, "clicking a facility on the map"
        expect(page.get_by_role("button", name="Hide details")).to_be_visible()
    finally:
        context.close()
