"""Reaching the choices one tap away, as a person does: the expander under the location box."""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .settle import scrolled_to, settled

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


def choose_radius(page, miles: int) -> None:
    """Pick a radius from the list of steps beside the location box."""
    words = f"{miles} mi"
    # Once on the screen, as a person clicks: Playwright scrolls and clicks in one frame, and the
    # page hears of that scroll after the list opened, which closes it (0 of 8 lists opened
    # from a scrolled page; a busy CI run timed out on it).
    box = page.locator(".st-key-radius").get_by_role("combobox")
    scrolled_to(box)
    box.click()
    option = page.get_by_role("option", name=words, exact=True)
    try:
        option.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # the click only focused the box (it landed during a redraw)
        page.keyboard.press("ArrowDown")
    option.click()
