"""The first screen after a search, in Chromium (issues 26 and 29): the answer where the person
looks, said to a screen reader, every chosen filter named and removable above the results."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.choices import open_more
from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
BOX = {"en": "ZIP code, city or address", "es": "Código postal, ciudad o dirección"}


def _search(page, server, typed: str, otp: bool = False, lang: str = "en") -> None:
    """Open the page, choose opioid treatment (if asked), type a place and press Enter."""
    page.goto(f"{server}/?lang={lang}")
    box = page.get_by_role("textbox", name=BOX[lang])
    box.wait_for(timeout=TIMEOUT_MS)
    settled(page)
    if otp:
        open_more(page)
        page.locator(".st-key-f_substance").get_by_role("combobox").click()
        page.keyboard.type("Opioid treatment")
        page.get_by_role("option", name=re.compile(r"^Opioid treatment program")).click()
        page.keyboard.press("Escape")
        page.wait_for_function("() => location.search.includes('service=OTP')")
        settled(page)
    box.click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def _in_view(page, locator) -> dict:
    """The element's box, asserted wholly inside the window without scrolling."""
    box = locator.bounding_box()
    window = page.viewport_size
    assert page.evaluate("() => window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= window["height"], (
        f"{box['y']:.0f}-{box['y'] + box['height']:.0f} px, the window is {window['height']} px"
    )
    return box


@pytest.mark.parametrize(
    ("width", "height", "cards"),
    [
        (390, 844, 1),
        (1366, 768, 1),
        pytest.param(
            1366, 768, 3, marks=pytest.mark.xfail(strict=True, reason="issue 26: not yet met")
        ),
    ],
)
def test_the_first_card_s_call_link_is_on_the_first_screen(server, browser, width, height, cards):
    """Issue 26: on a phone, "Columbus, OH" with opioid treatment chosen showed its first Call
    link at 1,549 px (1,219 px on a 768 px desktop); the crisis line stays first, the box shown."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        _search(page, server, "Columbus, OH", otp=True)
        calls = page.locator("a.card-call")
        calls.first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        crisis = _in_view(page, page.locator(".crisis-line"))
        box = _in_view(page, page.get_by_role("textbox", name=BOX["en"]))
        assert crisis["y"] < box["y"]
        for card in range(cards):
            call = _in_view(page, calls.nth(card))
            print(f"{width}×{height}: card {card + 1}'s Call link at {call['y']:.0f} px")
        chip = page.locator(".st-key-chip_OTP")
        assert chip.bounding_box()["y"] < calls.first.bounding_box()["y"]
    finally:
        context.close()


# What the polite live region says after Enter, and what the eye finds in view, per language
# (locales/es/LC_MESSAGES/messages.po).
ANSWER = {
    "en": {
        "Columbus, OH": (
            r"\d+ facilities within 25 miles of Columbus, OH",
            "facilities within 25 miles",
        ),
        "Springfield": (
            "Several places are called Springfield",
            "several places called Springfield",
        ),
        "00000": ("That place was not found", "00000"),
    },
    "es": {
        "Columbus, OH": (
            r"\d+ centros a menos de 25 millas de Columbus, OH",
            "centros a menos de 25 millas",
        ),
        "Springfield": (
            "Varios lugares se llaman Springfield",
            "varios lugares llamados Springfield",
        ),
        "00000": ("No se encontró ese lugar", "00000"),
    },
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
@pytest.mark.parametrize("typed", ["Columbus, OH", "Springfield", "00000"])
def test_the_answer_to_enter_is_in_view_and_said_politely(
    server, browser, width, height, typed, lang
):
    """Issue 29 (2): after Enter the count, the "which Springfield?" question or the not-found
    message landed at 882 px (desktop) and 1,139 px (phone), and nothing visible changed."""
    answer, words = ANSWER[lang][typed]
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        _search(page, server, typed, lang=lang)
        status = page.locator(".result-count[role=status][aria-live=polite]")
        expect(status).to_have_text(re.compile(answer), timeout=TIMEOUT_MS)
        # No settled(): after "Springfield" the overview map below the question never reports
        # itself drawn to settle.js (seen with the question on screen); what is checked is above.
        expect(page.locator("[data-testid=stApp]")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=TIMEOUT_MS
        )
        # The search closes "Treatments, medicines and more"; until its close ends, it is open and
        # the answer sits below it (settle.js waits the same way).
        page.wait_for_function("() => !window.__settle.sliding()", timeout=TIMEOUT_MS)
        shown = {
            "Columbus, OH": page.locator("strong").filter(has_text=words),
            "Springfield": page.get_by_text(re.compile(words)),
            "00000": page.get_by_test_id("stAlertContentWarning").filter(has_text=words),
        }[typed]
        _in_view(page, shown.first)
        expect(page.get_by_role("textbox", name=BOX[lang])).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("width", "height", "lang", "medicaid", "clear_all", "remove"),
    [
        (width, height, *words)
        for width, height in [(390, 844), (1366, 768)]
        for words in [
            ("en", "Medicaid", "Clear all", "Remove filter: Medicaid"),
            ("es", "Medicaid", "Quitar todos", "Quitar el filtro: Medicaid"),
        ]
    ],
)
def test_every_active_filter_is_a_chip_above_the_results(
    server, browser, width, height, lang, medicaid, clear_all, remove
):
    """Issue 29 (3): on a phone, Medicaid chosen in the closed drawer was named nowhere above
    the results. Each chip removes its filter in one tap; Clear all removes them all."""
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?near=84101&radius=50&service=KIT&service=MD&lang={lang}")
        calls = page.locator("a.card-call")
        calls.first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        chips = page.locator(".st-key-chips")
        ketamine, paid = page.locator(".st-key-chip_KIT"), page.locator(".st-key-chip_MD")
        expect(paid).to_contain_text(medicaid)
        # What a screen reader says: the chip's words, not its icon's ligature ("close")
        expect(paid.get_by_role("button")).to_have_accessible_name(remove, timeout=TIMEOUT_MS)
        expect(ketamine).to_be_visible()
        assert chips.bounding_box()["y"] < calls.first.bounding_box()["y"]
        _in_view(page, chips)
        with_both = page.locator(".result-count").inner_text()
        paid.get_by_role("button").click()
        page.wait_for_function("() => !location.search.includes('service=MD')")
        expect(paid).to_have_count(0, timeout=TIMEOUT_MS)
        expect(page.locator(".result-count")).not_to_have_text(with_both, timeout=TIMEOUT_MS)
        assert "service=KIT" in page.evaluate("() => location.search")
        settled(page)
        chips.get_by_role("button", name=clear_all, exact=True).click()
        page.wait_for_function("() => !location.search.includes('service=')")
        expect(chips).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()
