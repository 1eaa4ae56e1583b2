"""A language switch in the middle of a search: every choice kept, and the page goes on working."""

import re

import pytest
from playwright.sync_api import expect

from .choices import open_more
from .settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
# The page's words in each language (locales/es/LC_MESSAGES/messages.po).
WORDS = {
    "en": {"switch": "English", "cards": "Cards", "bup": "Buprenorphine", "hide": "Hide details",
           "box": "ZIP code, city or address", "details": "Details"},
    "es": {"switch": "Español", "cards": "Tarjetas", "bup": "Buprenorfina",
           "hide": "Ocultar detalles", "box": "Código postal, ciudad o dirección",
           "details": "Detalles"},
}  # fmt: skip
BUPRENORPHINE = "BUM"  # one of the codes the medicine chooses (components/medicines.py)


def _count(page) -> str:
    return page.locator(".result-count").first.inner_text().split(" ")[0]


@pytest.mark.parametrize(("start", "then"), [("en", "es"), ("es", "en")])
@pytest.mark.parametrize("width", [1366, 390])
def test_a_switch_after_a_search_keeps_the_choices_and_the_next_taps_work(
    server, browser, width, start, then
):
    """A person searched, chose a medicine, switched language and tapped Details: no view was
    checked after the switch, and the tap sent the old language's "Cards" back as the view (an
    error page; every run after it too, in either language). The medicine stays chosen."""
    before, after = WORDS[start], WORDS[then]
    viewport = {"width": width, "height": 768 if width > 800 else 844}
    context, page = watched_page(browser, viewport=viewport, is_mobile=width < 800)
    try:
        page.goto(f"{server}/?lang={start}")
        box = page.get_by_role("textbox", name=before["box"])
        box.fill("84101")
        box.press("Enter")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        open_more(page)
        pill = page.locator(".st-key-medicines").get_by_role("button", name=before["bup"])
        scrolled_to(pill)
        pill.click()
        page.wait_for_function(f"() => location.search.includes('{BUPRENORPHINE}')")
        settled(page)
        found = _count(page)

        switch = page.locator(".st-key-lang").get_by_text(after["switch"], exact=True)
        scrolled_to(switch)
        switch.click()
        page.wait_for_function(f"() => document.documentElement.lang === '{then}'")
        settled(page)
        expect(page.get_by_role("radio", name=after["cards"])).to_be_checked()
        assert _count(page) == found
        open_more(page)
        pill = page.locator(".st-key-medicines").get_by_role("button", name=after["bup"])
        expect(pill).to_have_attribute("aria-pressed", "true")

        # The next taps: Details on the first card, then the view and the medicine kept.
        details = page.get_by_role("button", name=re.compile(f"^{after['details']}, ")).first
        scrolled_to(details)
        details.click()
        expect(page.get_by_role("button", name=re.compile(f"^{after['hide']}, "))).to_have_count(
            1, timeout=TIMEOUT_MS
        )
        settled(page)
        assert page.get_by_test_id("stException").count() == 0
        expect(page.get_by_role("radio", name=after["cards"])).to_be_checked()
        assert BUPRENORPHINE in page.evaluate("location.search") and _count(page) == found
        assert page.locator("a.card-call").count() == 20
    finally:
        context.close()


def test_a_report_reason_chosen_before_a_switch_is_asked_for_again_not_refused(server, browser):
    """A reason chosen in English, then Español, then "Enviar informe": the browser sent the
    reason's English words, and the page said the report could not be read and to shorten the
    note. The form shows no reason chosen after the switch, so it asks for one."""
    context, page = watched_page(browser, viewport={"width": 1366, "height": 900})
    try:
        page.goto(f"{server}/?near=84101")
        report = page.locator("[class*=st-key-report_] button:visible").first
        report.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        scrolled_to(report)
        report.click()
        reasons = page.get_by_role("radiogroup", name="What is wrong?")
        reasons.locator("label").first.click()
        expect(reasons.locator("input").first).to_be_checked()
        switch = page.locator(".st-key-lang").get_by_text("Español", exact=True)
        scrolled_to(switch)
        switch.click()
        page.wait_for_function("() => document.documentElement.lang === 'es'")
        settled(page)
        send = page.get_by_role("button", name="Enviar informe")
        scrolled_to(send)
        send.click()
        expect(page.get_by_text("Elija qué está mal y luego envíe el informe.")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        assert page.get_by_text("Acorte la nota", exact=False).count() == 0
        assert page.get_by_test_id("stException").count() == 0
    finally:
        context.close()
