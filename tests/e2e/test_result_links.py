"""The results' links in Chromium, checked in the final HTML: calls dial in place, in every view."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000


def _idle(page) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)


def test_call_links_open_the_dialer_in_place_in_cards_and_plain_text(server, browser):
    """Issue 29 (11): Streamlit's markdown gave every Call link target="_blank"."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{server}/?near=84101")
        calls = page.locator("a.card-call")
        expect(calls).to_have_count(20, timeout=TIMEOUT_MS)
        _idle(page)
        assert page.locator("a.card-call[target]").count() == 0
        assert all(call.bounding_box()["height"] >= 44 for call in calls.all())
        # Directions still open beside the list.
        directions = page.locator(".card-actions a:not(.card-call)")
        assert directions.count() == 20
        assert directions.evaluate_all("links => links.every(a => a.target === '_blank')")

        # The keyboard goes Call, Directions, Details on a card.
        calls.first.focus()
        reached = []
        for _ in range(2):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.innerText.trim()"))
        assert reached[0].endswith("Directions") and reached[1] == "Details"

        # The plain-text list: the same.
        page.get_by_text("Plain text", exact=True).click()
        listed = page.locator("ol a[href^='tel:']")
        listed.first.wait_for(timeout=TIMEOUT_MS)
        assert listed.count() >= 10
        assert page.locator("ol a[href^='tel:'][target]").count() == 0
    finally:
        context.close()
