"""The results' links in Chromium, checked in the final HTML: calls dial in place, in every view."""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000


def test_call_links_open_the_dialer_in_place_in_cards_and_plain_text(server, browser):
    """Issue 29 (11): Streamlit's markdown gave every Call link target="_blank"."""
    context, page = watched_page(browser, viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{server}/?near=84101")
        calls = page.locator("a.card-call")
        expect(calls).to_have_count(20, timeout=TIMEOUT_MS)
        settled(page)
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

        # The details' phones too: Enter on Details opens them.
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Hide details").wait_for(timeout=TIMEOUT_MS)
        details = page.locator("p:has-text('Phone:') a[href^='tel:']")
        details.first.wait_for(timeout=TIMEOUT_MS)
        assert page.locator("p:has-text('Phone:') a[href^='tel:'][target]").count() == 0

        # The plain-text list: the same.
        page.get_by_text("Plain text", exact=True).click()
        listed = page.locator("ol a[href^='tel:']")
        listed.first.wait_for(timeout=TIMEOUT_MS)
        assert listed.count() >= 10
        assert page.locator("ol a[href^='tel:'][target]").count() == 0
    finally:
        context.close()


CARD_FACTS = """cards => cards.map(card => [
    card.querySelector('h3').innerText.replace(/^\\d+\\. /, ''),
    card.querySelector('[data-testid=stMarkdownContainer] p strong').innerText,
    (card.querySelector('a.card-call') || {innerText: ''}).innerText.replace(/^call\\s*Call /, ''),
])"""
TABLE_ROWS = """table => [...table.querySelectorAll('tbody tr')].map(
    row => [...row.querySelectorAll('td')].map(cell => cell.innerText.trim()))"""


def test_distance_and_phone_read_the_same_on_cards_table_call_list_and_csv(server, browser):
    """Issue 29 (8): the Table said 0.1 for "in this ZIP area" and 787-763-7575;ext=1523 for
    x1523; the call list said 6.9 mi for "about 7 mi"."""
    context, page = watched_page(
        browser, viewport={"width": 1366, "height": 768}, accept_downloads=True
    )
    try:
        page.goto(f"{server}/?near=00909&radius=3")
        cards = page.locator("[class*='st-key-card_']:has(h3)")
        cards.first.locator("a.card-call").wait_for(timeout=TIMEOUT_MS)
        settled(page)
        on_cards = cards.evaluate_all(CARD_FACTS)
        assert len(on_cards) >= 8
        assert any(d.startswith("about") for _n, d, _p in on_cards)
        assert any(" x" in phone for _n, _d, phone in on_cards)

        page.get_by_text("Table", exact=True).click()
        grid = page.get_by_test_id("stDataFrame").locator("table")
        grid.locator("tbody tr").nth(len(on_cards) - 1).wait_for(state="attached")
        settled(page)
        header = grid.locator("thead th").all_inner_texts()
        rows = grid.evaluate(TABLE_ROWS)[: len(on_cards)]
        at = {name: header.index(name) for name in ("Facility", "Distance", "Phone")}
        in_table = [[row[at["Facility"]], row[at["Distance"]], row[at["Phone"]]] for row in rows]
        assert in_table == on_cards

        # The call list offers each facility with the card's distance.
        page.get_by_role("combobox", name="Facilities to call").click()
        page.keyboard.press("ArrowDown")  # opens the list if the click only focused the box
        page.get_by_role("option").first.wait_for(timeout=TIMEOUT_MS)
        options = [o for o in page.get_by_role("option").all_inner_texts() if " — " in o]
        page.keyboard.press("Escape")
        assert options[: len(on_cards)] == [f"{n} — {d}" for n, d, _p in on_cards]

        with page.expect_download() as download:
            page.get_by_role("button", name="Download these results (CSV)").click()
        csv = download.value.path().read_text(encoding="utf-8-sig").splitlines()
        columns = csv[0].split(",")
        assert "Distance" in columns and "Phone" in columns
        for line, (_name, distance, phone) in zip(csv[1:], on_cards, strict=False):
            assert f",{distance}," in line and f",{phone}," in line
    finally:
        context.close()
