"""Reaching the choices one tap away, as a person does: the expander under the location box."""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .settle import settled

TIMEOUT_MS = 60_000
MORE = re.compile(r"Treatments, medicines and more|Tratamientos, medicamentos y más")


def open_more(page) -> None:
    """Open "Treatments and other choices" if it is closed (it closes once a place is searched).

    Only once the page has settled: a search's run closes the expander when it ends, so one
    found open while that run goes on closes under the click that follows.
    """
    settled(page)
    details = page.get_by_test_id("stExpander").locator("details").filter(has_text=MORE).first
    summary = details.locator("summary")
    summary.wait_for(timeout=TIMEOUT_MS)
    if details.get_attribute("open") is None:
        summary.click()
    expect(page.locator(".st-key-f_treatment")).to_be_visible(timeout=TIMEOUT_MS)


def click_in_view(target) -> None:
    """Click as a person does, with the target already on the screen.

    Playwright scrolls a target into view and clicks it in the same frame; the page hears of the
    scroll only afterwards, and Streamlit's lists close when the page scrolls (React Aria's
    popovers do), so a list opened by that click closed at once: 25 of 25 tries with the box
    scrolled off the top of the page, and a 30 s timeout in a busy CI run (the list's option
    "detached from the DOM").
    """
    target.scroll_into_view_if_needed()
    target.page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    target.click()


def choose_radius(page, miles: int) -> None:
    """Pick a radius from the list of steps beside the location box."""
    words = f"{miles} mi"
    click_in_view(page.locator(".st-key-radius").get_by_role("combobox"))
    option = page.get_by_role("option", name=words, exact=True)
    try:
        option.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # the click only focused the box (it landed during a redraw)
        page.keyboard.press("ArrowDown")
    option.click()
