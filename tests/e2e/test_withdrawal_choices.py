"""Issue 29's choices for a person in withdrawal, in Chromium at both widths and in both
languages: one tap per medicine, and radius steps a thumb can hit."""

import re

import pytest
from playwright.sync_api import expect

from clinic_finder.search.index import Query, search
from components.medicines import MEDICINES

from .choices import choose_radius, open_more
from .settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
SCREENS = [(1366, 768, "en"), (1366, 768, "es"), (390, 844, "en"), (390, 844, "es")]
BUPRENORPHINE = {"en": "Buprenorphine", "es": "Buprenorfina"}
COUNT = re.compile(r"^([\d,.]+)")


def _count(page) -> int:
    text = page.locator(".result-count").inner_text()
    return int(COUNT.search(text.strip())[1].replace(",", "").replace(".", ""))


@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
def test_one_tap_chooses_a_medicine_and_a_radius_step_keeps_it(
    server, browser, index, offline_resolver, width, height, lang
):
    """Buprenorphine is one pill under the location box: tapped, its SAMHSA codes are chosen
    (the link and the count say the same as the core search), one chip names it, and moving
    the radius to the 50-mile step keeps it. The chip removes it whole."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?near=43215&lang={lang}")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        open_more(page)
        page.locator(".st-key-medicines").get_by_role(
            "button", name=BUPRENORPHINE[lang], exact=True
        ).click()
        page.wait_for_function("() => location.search.includes('service=BU')")
        settled(page)
        point = offline_resolver.resolve("43215")
        any_of = (frozenset(MEDICINES["buprenorphine"][1]),)  # several codes in one filter: any
        chosen = search(index, Query(point.lat, point.lon, 25, any_of))
        assert _count(page) == len(chosen) > 0
        chip = page.locator(".st-key-chip_buprenorphine")
        expect(chip).to_contain_text(BUPRENORPHINE[lang])
        choose_radius(page, 50)
        page.wait_for_function("() => location.search.includes('radius=50')")
        settled(page)
        wider = search(index, Query(point.lat, point.lon, 50, any_of))
        assert _count(page) == len(wider) >= len(chosen)
        assert "service=BU" in page.evaluate("() => location.search")
        chip.get_by_role("button").click()
        page.wait_for_function("() => !location.search.includes('service=')")
        expect(chip).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()


def _substance_list(page, server):
    """Columbus's results, "Treatments, medicines and more" open, its substance-use list in view."""
    page.goto(f"{server}/?near=Columbus, OH")
    page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
    open_more(page)
    box = page.locator(".st-key-f_substance").get_by_role("combobox")
    scrolled_to(box)
    return box


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_typing_a_medicine_and_enter_chooses_one_option(server, browser, width, height):
    """Streamlit's lists offered "Select 5 matches" on top, highlighted: "methadone" and Enter
    chose every option naming it, and the answer widened to facilities offering none of them
    but another medicine in the same option ("methadone/buprenorphine or naltrexone")."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        box = _substance_list(page, server)
        box.click()
        page.keyboard.type("methadone")
        expect(page.get_by_role("option").first).to_be_visible(timeout=TIMEOUT_MS)
        assert not page.get_by_role("option", name=re.compile(r"^Select")).count()
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function("() => location.search.includes('service=')")
        settled(page)
        codes = page.evaluate("() => new URLSearchParams(location.search).getAll('service')")
        assert len(codes) == 1, codes  # the highlighted option, the best match
        chips = page.locator(".st-key-chips [class*='st-key-chip_']")
        expect(chips).to_have_count(1)
        expect(chips).to_contain_text(re.compile("methadone", re.I))
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height", "touch"), [(1366, 768, False), (390, 844, True)])
def test_the_chip_of_a_choice_just_made_answers_the_first_tap(
    server, browser, width, height, touch
):
    """A phone's first tap on the lower half of the chip just chosen in a list did nothing: the
    tap took the focus from the list, whose typing line went, and the chip moved 27 px up from
    under the finger. The list keeps its height, so the chip is where the person sees it."""
    context, page = watched_page(
        browser, viewport={"width": width, "height": height}, is_mobile=touch, has_touch=touch
    )
    try:
        box = _substance_list(page, server)
        box.tap() if touch else box.click()
        page.keyboard.type("Opioid treatment")
        option = page.get_by_role("option", name=re.compile(r"^Opioid treatment program"))
        option.tap() if touch else option.click()
        page.wait_for_function("() => location.search.includes('service=OTP')")
        settled(page)
        chip = page.locator(".st-key-chip_OTP button")
        scrolled_to(chip)  # the scroll closes the list; the focus stays in its box
        settled(page)
        expect(box).to_be_focused()
        seen = chip.bounding_box()
        x, y = seen["x"] + seen["width"] / 2, seen["y"] + seen["height"] * 0.8
        page.touchscreen.tap(x, y) if touch else page.mouse.click(x, y)
        page.wait_for_function("() => !location.search.includes('service=')")
        expect(chip).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()
