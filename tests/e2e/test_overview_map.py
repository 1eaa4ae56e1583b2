"""The national overview's grouped pins in Chromium (issue 26: supercluster in place of
Leaflet.markercluster): every facility counted in the groups, and a pressed group parts."""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
MAP = 'iframe[src*="streamlit_folium.st_folium"]'  # its title is translated
LEAFLET_MAP = "Object.values(window).find(v => v instanceof L.Map)"
ZOOM = f"() => {LEAFLET_MAP}.getZoom()"
# Once the map has stopped moving: a press while Leaflet animates a zoom is not taken.
WATCH_MOVE = f"""() => {{
    window.__moved = false;
    {LEAFLET_MAP}.once('moveend', () => {{ window.__moved = true; }});
}}"""
# Each group's count, and each lone point as one.
SHOWN = """() => [...document.querySelectorAll('.marker-cluster span')].map(s => +s.textContent)
    .concat([...document.querySelectorAll('path.leaflet-interactive')].map(() => 1))"""
TOTAL = f"({SHOWN})().reduce((a, b) => a + b, 0)"


def _press_and_wait(frame, target) -> None:
    """Press a control or a group, and wait until the map has moved and redrawn."""
    frame.evaluate(WATCH_MOVE)
    target.click()
    frame.wait_for_function("() => window.__moved", timeout=TIMEOUT_MS)


def _zoom_out_to(frame, zoom: int) -> None:
    while frame.evaluate(ZOOM) > zoom:
        _press_and_wait(frame, frame.locator(".leaflet-control-zoom-out"))


def test_the_groups_count_every_facility_and_a_pressed_group_parts(server, browser, clinics):
    context, page = watched_page(browser, viewport={"width": 1366, "height": 900})
    try:
        page.goto(server)
        page.frame_locator(MAP).locator(".marker-cluster").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        frame = page.locator(MAP).element_handle().content_frame()
        groups = frame.evaluate(SHOWN)
        assert len(groups) >= 10 and sum(groups) <= len(clinics)  # the 48 states, in groups

        # The whole world in view: every facility is in a group or drawn alone, once.
        _zoom_out_to(frame, 1)
        assert frame.evaluate(f"() => {TOTAL}") == len(clinics)

        # The largest group pressed: the map zooms in and the group parts into smaller ones.
        largest = max(frame.evaluate(SHOWN))
        at = frame.evaluate(ZOOM)
        group = frame.locator(".marker-cluster").filter(has_text=str(largest)).first
        _press_and_wait(frame, group)
        assert frame.evaluate(ZOOM) > at
        assert max(frame.evaluate(SHOWN)) < largest
        expect(frame.locator(".marker-cluster").first).to_be_visible()

        # Back out: the same total again, nothing lost or counted twice by the redraws.
        _zoom_out_to(frame, 1)
        assert frame.evaluate(f"() => {TOTAL}") == len(clinics)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("width", "height", "link"),
    [(390, 844, "/?lang=es"), (390, 844, "/?near=84101&lang=es"), (1366, 768, "/")],
)
def test_the_map_s_key_leaves_the_zoom_buttons_uncovered(server, browser, width, height, link):
    """A longer Spanish key once covered the zoom buttons on a phone: it wraps instead."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        page.goto(server + link)
        page.frame_locator(MAP).locator(".map-legend").wait_for(timeout=TIMEOUT_MS)
        settled(page)
        frame = page.locator(MAP).element_handle().content_frame()
        key = frame.locator(".map-legend").bounding_box()
        zoom = frame.locator(".leaflet-control-zoom").bounding_box()
        apart = key["x"] >= zoom["x"] + zoom["width"] or key["y"] >= zoom["y"] + zoom["height"]
        assert apart, (key, zoom)
        expect(frame.locator(".leaflet-control-zoom-in")).to_be_visible()
        frame.locator(".leaflet-control-zoom-in").click(trial=True)  # nothing on top of it
    finally:
        context.close()
