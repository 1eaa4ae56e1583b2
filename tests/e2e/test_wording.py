"""What the page says in Chromium, in English and Spanish: each number with its own word."""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
SIZES = [(1366, 768), (390, 844)]


@pytest.mark.parametrize(
    ("lang", "said", "wrong"),
    [
        ("en", "adjusted to 1 mile (1–500)", "1 miles"),
        ("es", "se ajustó a 1 milla (1–500)", "1 millas"),
    ],
)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_radius_clamped_to_one_mile_says_mile(server, browser, width, height, lang, said, wrong):
    """Issue 29 (9): a link with radius 0 said "adjusted to 1 miles"."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{server}/?near=84101&radius=0&lang={lang}")
        notice = page.get_by_test_id("stAlertContentInfo").filter(has_text="(1–500)")
        expect(notice).to_contain_text(said, timeout=TIMEOUT_MS)
        assert wrong not in notice.inner_text()
    finally:
        context.close()


# Words Streamlit writes itself, and what a Spanish page says instead (components/language.py).
STREAMLIT_SPANISH = {
    "Main menu": "Menú principal",
    "Help for Código postal, ciudad o dirección": "Ayuda sobre Código postal, ciudad o dirección",
    "Link to heading": "Enlace a este título",
}


@pytest.mark.parametrize("start", ["es", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_spanish_page_says_streamlit_s_own_words_in_spanish_and_back(
    server, browser, width, height, start
):
    """Issue 29 (5): "Select all", "Skip to main content", screen-reader labels and the map
    frame's title stayed English on Spanish pages. Reached by a Spanish link, or from an
    English page by the "Español" switch; then back to English by the switch."""
    context, page = watched_page(
        browser,
        viewport={"width": width, "height": height},
        locale="es-PR" if start == "es" else "en-US",
    )
    labels = "() => [...document.querySelectorAll('[aria-label]')].map(e => e.ariaLabel)"
    try:
        page.goto(f"{server}/?near=84101&lang={start}")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        skip = page.get_by_test_id("stSkipToContent")
        if start == "en":
            expect(skip).to_have_text("Skip to main content", timeout=TIMEOUT_MS)
            assert "Main menu" in page.evaluate(labels)
            page.locator(".st-key-lang").get_by_text("Español", exact=True).click()
            page.wait_for_function("() => location.search.includes('lang=es')")
            page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
            settled(page)
        expect(skip).to_have_text("Saltar al contenido principal", timeout=TIMEOUT_MS)
        expect(page.locator("iframe").first).to_have_attribute(
            "title", "Mapa de los centros encontrados", timeout=TIMEOUT_MS
        )
        said = page.evaluate(labels)
        for english, spanish in STREAMLIT_SPANISH.items():
            assert spanish in said and english not in said
        # The call list offers "Select all" (the filter lists do not: one Enter chose five)
        shortlist = page.locator(".st-key-shortlist input")
        scrolled_to(shortlist)
        shortlist.click()
        page.keyboard.press("ArrowDown")
        expect(page.get_by_role("option").first).to_have_text("Seleccionar todo")
        page.keyboard.press("Escape")

        # Back to English: Streamlit's words again.
        page.locator(".st-key-lang").get_by_text("English", exact=True).click()
        expect(skip).to_have_text("Skip to main content", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[aria-label]')]"
            ".some(e => e.ariaLabel === 'Help for ZIP code, city or address')",
            timeout=TIMEOUT_MS,
        )
        said = page.evaluate(labels)
        assert "Main menu" in said and "Menú principal" not in said
    finally:
        context.close()
