"""A few results in the radius: "Widen to …" in Chromium, by keyboard and by a tap."""

import re

import pytest
from playwright.sync_api import expect

from .settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
RURAL = "59001"  # Absarokee, MT: one facility within 25 miles, more within 50
WIDEN = re.compile(r"^Widen to (\d+) miles: (\d+) facilities$")


@pytest.mark.parametrize("width", [1366, 390])
def test_widen_finds_what_it_said_and_the_keyboard_keeps_its_place(server, browser, width):
    """The button says the next radius and its count; pressed, the list holds that many within
    that radius. Pressed from the keyboard, the button is gone and the focus is on the radius
    it changed, not on the page (whose next Tab starts again at the top)."""
    mobile = width < 800
    viewport = {"width": width, "height": 768 if not mobile else 844}
    context, page = watched_page(browser, viewport=viewport, is_mobile=mobile, has_touch=mobile)
    try:
        page.goto(server)
        box = page.get_by_role("textbox", name="ZIP code, city or address")
        box.fill(RURAL)
        box.press("Enter")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        expect(page.locator(".result-count").first).to_contain_text("1 facility within 25 miles")
        widen = page.locator(".st-key-wider_radius button")
        miles, count = WIDEN.match(widen.inner_text().strip()).groups()
        if mobile:
            scrolled_to(widen)
            widen.tap()
        else:
            widen.focus()
            page.keyboard.press("Enter")
        page.wait_for_function(f"() => location.search.includes('radius={miles}')")
        settled(page)
        said = f"{count} facilities within {miles} miles"
        expect(page.locator(".result-count").first).to_contain_text(said)
        expect(page.locator("a.card-call")).to_have_count(int(count))
        radius = page.locator(".st-key-radius [role=combobox]")
        expect(radius).to_have_value(f"{miles} mi")
        if not mobile:
            expect(radius).to_be_focused(timeout=TIMEOUT_MS)
    finally:
        context.close()
