"""The location box in Chromium, as a person uses it: typing, Enter, pressing what is offered."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
BOX = "ZIP code, city or address"
TRY_CITY = "Try the city and state instead, e.g. Austin, TX"


def _page(browser, server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server)
    box = page.get_by_role("textbox", name=BOX)
    box.wait_for(timeout=TIMEOUT_MS)
    return context, page, box


def _idle(page) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)


def test_an_unknown_zip_s_hint_is_said_not_offered_as_a_search(server, browser):
    """Issue 29 (1): the hint was a "did you mean" button that searched for its own sentence."""
    context, page, box = _page(browser, server, 1366, 768)
    try:
        box.click()
        page.keyboard.type("00000")
        page.keyboard.press("Enter")
        warning = page.get_by_test_id("stAlertContentWarning").first
        expect(warning).to_contain_text("ZIP code 00000", timeout=TIMEOUT_MS)
        expect(warning).to_contain_text(TRY_CITY)
        _idle(page)
        # Nothing on the page offers the hint as something to press.
        assert page.get_by_role("button", name=TRY_CITY).count() == 0
        assert page.get_by_text("Did you mean").count() == 0
        expect(box).to_have_value("00000")
    finally:
        context.close()
