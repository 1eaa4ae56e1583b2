"""What a person chooses away from the list comes to them, in Chromium (issue 26's journey).

A facility chosen on the map opened its card 1,600 px below a desktop's screen, and left a
phone in the middle of the card's services. A filter chip removed from the keyboard put the
focus in the location box with its text selected, and a phone's tap on one did the same,
opening the keyboard and scrolling to the page's top.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TOP_BAR_PX = 60  # Streamlit's fixed bar: a card brought into view stops below it
FOCUSED = """() => {
    const a = document.activeElement;
    const card = a.closest("[class*='st-key-card_']");
    return {words: a.innerText, card: card && card.querySelector("h3").innerText,
            top: card && card.getBoundingClientRect().top};
}"""


@pytest.mark.parametrize(("width", "height", "phone"), [(1366, 768, False), (390, 844, True)])
def test_a_facility_chosen_on_the_map_brings_its_card(server, browser, width, height, phone):
    context, page = watched_page(
        browser, viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    try:
        page.goto(f"{server}/?near=Columbus, OH&service=OTP")
        page.locator("h3.card-name").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        points = page.frame_locator(MAP_FRAME).locator("path.facility-point")
        for nth in (3, 5, 3):  # a second point, then the first again: each time it comes
            scrolled_to(page.locator(MAP_FRAME))
            point = points.nth(nth)
            point.tap(force=True) if phone else point.click(force=True)
            stack = page.locator("[class*='st-key-stack_'] button")
            page.wait_for_timeout(300)
            settled(page)
            if stack.count():  # several facilities at that point: each is listed under the map
                stack.first.click()
                settled(page)
            hide = page.get_by_role("button", name="Hide details")
            expect(hide).to_have_count(1, timeout=TIMEOUT_MS)
            page.wait_for_function(
                "() => document.activeElement.innerText === 'Hide details'", timeout=TIMEOUT_MS
            )
            focused = page.evaluate(FOCUSED)
            assert focused["card"], focused
            # Its heading (name, distance, Call) starts on the screen, below the fixed bar
            assert TOP_BAR_PX - 5 <= focused["top"] <= height / 3, (nth, focused)
            expect(hide).to_be_in_viewport()
        # Closed again, the card stays listed (one chosen on the map may lie beyond the first
        # page) and keeps the focus on its button.
        card = focused["card"]
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.activeElement.innerText === 'Details'", timeout=TIMEOUT_MS
        )
        assert page.evaluate(FOCUSED)["card"] == card
    finally:
        context.close()


def test_a_chip_removed_from_the_keyboard_leaves_focus_where_filters_are_chosen(server, browser):
    context, page = watched_page(browser, viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{server}/?near=84101&radius=50&service=KIT&service=MD")
        page.locator("h3.card-name").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        page.locator(".st-key-chip_MD button").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => !location.search.includes('service=MD')")
        settled(page)
        expect(page.locator(".st-key-chip_KIT button")).to_be_focused(timeout=TIMEOUT_MS)
        page.keyboard.press("Enter")  # the last one: "Treatments, medicines and more" next
        page.wait_for_function("() => !location.search.includes('service=')")
        settled(page)
        summary = page.locator("[data-testid=stMain] [data-testid=stExpander] summary").first
        expect(summary).to_be_focused(timeout=TIMEOUT_MS)
        expect(summary).to_contain_text("Treatments, medicines and more")
    finally:
        context.close()


def test_a_chip_tapped_on_a_phone_leaves_the_page_where_it_was(server, browser):
    """Also with a card open that came from the map: that card took the focus back (and the
    screen with it, 38 cards down) although the focus had been on the chip."""
    context, page = watched_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page.goto(f"{server}/?near=Columbus, OH&service=OTP")
        page.locator("h3.card-name").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        scrolled_to(page.locator(MAP_FRAME))
        page.frame_locator(MAP_FRAME).locator("path.facility-point").nth(3).tap(force=True)
        expect(page.get_by_role("button", name="Hide details")).to_have_count(1)
        settled(page)
        chip = page.locator(".st-key-chip_OTP button")
        main = page.locator("[data-testid=stMain]")
        # The chips just under Streamlit's top bar, the location box above the screen, as after
        # reading down a little
        chip.evaluate(
            "chip => { document.querySelector('[data-testid=stMain]').scrollTop +="
            f" chip.getBoundingClientRect().top - {TOP_BAR_PX + 20}; }}"
        )
        scrolled_to(chip)
        before = main.evaluate("main => main.scrollTop")
        chip.tap()
        page.wait_for_function("() => !location.search.includes('service=')")
        settled(page)
        page.wait_for_timeout(500)  # the page's focus keeper acts within 10 s of a press
        assert page.evaluate("() => document.activeElement.tagName") != "INPUT"
        after = main.evaluate("main => main.scrollTop")
        assert abs(after - before) <= 80, (before, after)  # the chips' row, at most
    finally:
        context.close()
