"""The location box in Chromium, as a person uses it: typing, Enter, pressing what is offered."""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
# The page's words in each language (locales/es/LC_MESSAGES/messages.po).
BOX = {"en": "ZIP code, city or address", "es": "Código postal, ciudad o dirección"}
UNKNOWN_ZIP = {"en": "ZIP code 00000", "es": "El código postal 00000"}
TRY_CITY = {
    "en": "Try the city and state instead, e.g. Austin, TX",
    "es": "Pruebe con la ciudad y el estado, p. ej., Austin, TX",
}
DID_YOU_MEAN = {"en": "Did you mean", "es": "¿Quiso decir"}
SIZES = [(1366, 768), (390, 844)]


def _page(browser, server, width: int, height: int, lang: str):
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    page.goto(f"{server}/?lang={lang}")
    box = page.get_by_role("textbox", name=BOX[lang])
    box.wait_for(timeout=TIMEOUT_MS)
    return context, page, box


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_an_unknown_zip_s_hint_is_said_not_offered_as_a_search(
    server, browser, width, height, lang
):
    """Issue 29 (1): the hint was a "did you mean" button that searched for its own sentence."""
    context, page, box = _page(browser, server, width, height, lang)
    try:
        settled(page)  # the box takes keys once its run's widgets are drawn
        box.click()
        page.keyboard.type("00000")
        page.keyboard.press("Enter")
        warning = page.get_by_test_id("stAlertContentWarning").first
        expect(warning).to_contain_text(UNKNOWN_ZIP[lang], timeout=TIMEOUT_MS)
        expect(warning).to_contain_text(TRY_CITY[lang])
        settled(page)
        # Nothing on the page offers the hint (in either language) as something to press.
        for words in TRY_CITY.values():
            assert page.get_by_role("button", name=words).count() == 0
        for words in DID_YOU_MEAN.values():
            assert page.get_by_text(words).count() == 0
        expect(box).to_have_value("00000")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("width", "height", "lang", "box", "said"),
    [
        (width, height, lang, BOX[lang], said)
        for width, height in SIZES
        for lang, said in (("en", "was 249 characters long"), ("es", "tenía 249 caracteres"))
    ],
)
def test_a_long_paste_is_cut_kept_and_said_beside_the_box(
    server, browser, width, height, lang, box, said
):
    """Issue 29 (6): a paste over 200 characters was dropped silently, the old text kept."""
    pasted = "1600 Pennsylvania Avenue NW, Washington, DC 20500 " * 5  # 249 once stripped
    kept = pasted.strip()[:200].rstrip()
    context, page = watched_page(
        browser,
        viewport={"width": width, "height": height},
        permissions=["clipboard-read", "clipboard-write"],
    )
    try:
        page.goto(f"{server}/?near=84101&lang={lang}")
        field = page.get_by_role("textbox", name=box)
        expect(field).to_have_value("84101", timeout=TIMEOUT_MS)
        settled(page)
        page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
        field.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Control+V")
        page.keyboard.press("Enter")
        notice = page.get_by_test_id("stAlertContentWarning").filter(has_text=said)
        expect(notice).to_be_visible(timeout=TIMEOUT_MS)
        expect(notice).to_contain_text("200")
        expect(field).to_have_value(kept)
        # Where the person is looking: right under the box (a phone shows the box it types in).
        box_at = field.bounding_box()
        under = notice.bounding_box()["y"] - (box_at["y"] + box_at["height"])
        assert 0 <= under <= 40, f"the notice is {under:.0f} px below the box"
        field.evaluate("box => box.scrollIntoView({block: 'center', behavior: 'instant'})")
        expect(notice).to_be_in_viewport()
        page.wait_for_function(
            "kept => new URLSearchParams(location.search).get('near') === kept",
            arg=kept,
            timeout=TIMEOUT_MS,
        )
    finally:
        context.close()
