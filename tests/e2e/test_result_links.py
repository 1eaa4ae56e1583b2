"""The results' links in Chromium, checked in the final HTML: calls dial in place, in every view."""

import pytest
from playwright.sync_api import expect

from tests.e2e.settle import settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
SIZES = [(1366, 768), (390, 844)]
# The page's words in each language (locales/es/LC_MESSAGES/messages.po).
WORDS = {
    "en": {
        "Call": "Call",
        "Directions": "Directions",
        "Details": "Details",
        "Hide details": "Hide details",
        "Report": "Report a problem with this listing",
        "Close report": "Close the report form",
        "Phone:": "Phone:",
        "Plain text": "Plain text",
        "Table": "Table",
        "Facility": "Facility",
        "Distance": "Distance",
        "Phone": "Phone",
        "Facilities to call": "Facilities to call",
        "Download": "Download these results (CSV)",
        "about": ("about",),
    },
    "es": {
        "Call": "Llamar al",
        "Directions": "Cómo llegar",
        "Details": "Detalles",
        "Hide details": "Ocultar detalles",
        "Report": "Informar de un problema con este centro",
        "Close report": "Cerrar el formulario de informe",
        "Phone:": "Teléfono:",
        "Plain text": "Texto simple",
        "Table": "Tabla",
        "Facility": "Centro",
        "Distance": "Distancia",
        "Phone": "Teléfono",
        "Facilities to call": "Centros a los que llamar",
        "Download": "Descargar estos resultados (CSV)",
        "about": ("unas", "alrededor de"),
    },
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_call_links_open_the_dialer_in_place_in_cards_and_plain_text(
    server, browser, width, height, lang
):
    """Issue 29 (11): Streamlit's markdown gave every Call link target="_blank"."""
    said = WORDS[lang]
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?near=84101&lang={lang}")
        calls = page.locator("a.card-call")
        expect(calls).to_have_count(20, timeout=TIMEOUT_MS)
        settled(page)
        assert page.locator("a.card-call[target]").count() == 0
        assert all(call.bounding_box()["height"] >= 44 for call in calls.all())
        # Each number on one line ("Llamar al 801-" over "364-0058" at 1366 px misread).
        numbers = page.locator("a.card-call .card-phone")
        assert numbers.count() == 20
        assert numbers.evaluate_all("spans => spans.every(s => s.getClientRects().length === 1)")
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
        assert reached[0].endswith(said["Directions"]) and reached[1] == said["Details"]

        # The details' phones too: Enter on Details opens them.
        page.keyboard.press("Enter")
        page.get_by_role("button", name=said["Hide details"]).wait_for(timeout=TIMEOUT_MS)
        phone = f"p:has-text('{said['Phone:']}') a[href^='tel:']"
        details = page.locator(phone)
        details.first.wait_for(timeout=TIMEOUT_MS)
        assert page.locator(f"{phone}[target]").count() == 0

        # The plain-text list: the same.
        page.get_by_text(said["Plain text"], exact=True).click()
        listed = page.locator("ol a[href^='tel:']")
        listed.first.wait_for(timeout=TIMEOUT_MS)
        assert listed.count() >= 10
        assert page.locator("ol a[href^='tel:'][target]").count() == 0
    finally:
        context.close()


# Each card's facility, and its buttons: the words shown and the name a screen reader hears
# (Streamlit keeps a hidden copy of a button with a tooltip).
CARD_BUTTONS = """cards => cards.map(card => [
    card.querySelector('h3.card-name').innerText.replace(/^\\d+\\. /, ''),
    [...card.querySelectorAll('button')].filter(b => b.checkVisibility())
        .map(b => [b.innerText.trim(), b.ariaLabel]),
])"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_card_button_is_named_for_its_facility_after_the_words_it_shows(server, browser, lang):
    """A screen reader's list of buttons read twenty "Details" and twenty "Report a problem with
    this listing" (WCAG 2.4.4): each is named "<its words>, <facility>", as the card's links
    are, also after it changes its words; the words shown come first (2.5.3: voice control)."""
    said = WORDS[lang]
    context, page = watched_page(browser, viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{server}/?near=84101&lang={lang}")
        expect(page.locator("a.card-call")).to_have_count(20, timeout=TIMEOUT_MS)
        settled(page)
        cards = page.locator("[class*=st-key-card_]").evaluate_all(CARD_BUTTONS)
        assert len(cards) == 20
        for name, buttons in cards:
            assert [words for words, _ in buttons] == [said["Details"], said["Report"]], name
            assert all(label == f"{words}, {name}" for words, label in buttons), buttons

        # Found by that name, opened and closed by it: the new words are named too.
        first = cards[0][0]
        page.get_by_role("button", name=f"{said['Details']}, {first}", exact=True).click()
        hide = page.get_by_role("button", name=f"{said['Hide details']}, {first}", exact=True)
        expect(hide).to_be_focused(timeout=TIMEOUT_MS)
        report = page.get_by_role("button", name=f"{said['Report']}, {first}", exact=True)
        report.click()
        close = page.get_by_role("button", name=f"{said['Close report']}, {first}", exact=True)
        expect(close).to_have_count(1, timeout=TIMEOUT_MS)
        hide.click()
        expect(
            page.get_by_role("button", name=f"{said['Details']}, {first}", exact=True)
        ).to_be_focused(timeout=TIMEOUT_MS)
    finally:
        context.close()


CARD_FACTS = """(cards, call) => cards.map(card => [
    card.querySelector('h3').innerText.replace(/^\\d+\\. /, ''),
    card.querySelector('[data-testid=stMarkdownContainer] p strong').innerText,
    (card.querySelector('a.card-call') || {innerText: ''}).innerText
        .replace(new RegExp(`^call\\\\s*${call} `), ''),
])"""
# The grid draws only the columns in its window (one at 390 px): swiped sideways half a window
# at a time, until the column named is drawn; then that column's cells, top to bottom. The grid
# redraws its cells once a swipe has stopped: each swipe is given time to be drawn.
SWIPE_TO_COLUMN = """name => {
    const grid = document.querySelector('[data-testid=stDataFrame]');
    const heads = [...grid.querySelectorAll('table thead th')];
    if (heads.some(th => th.innerText.trim() === name)) return true;
    if (performance.now() - (window.__swiped ?? 0) < 600) return false;
    window.__swiped = performance.now();
    const scroller = grid.querySelector('.dvn-scroller');
    const end = scroller.scrollLeft >= scroller.scrollWidth - scroller.clientWidth;
    scroller.scrollLeft = end ? 0 : scroller.scrollLeft + scroller.clientWidth / 2;
    return false;
}"""
COLUMN = """name => {
    const grid = document.querySelector('[data-testid=stDataFrame]');
    const heads = [...grid.querySelectorAll('table thead th')];
    if (heads.some(th => th.innerText.trim() === name)) return true;
    const scroller = grid.querySelector('.dvn-scroller');
    const end = scroller.scrollLeft >= scroller.scrollWidth - scroller.clientWidth;
    scroller.scrollLeft = end ? 0 : scroller.scrollLeft + scroller.clientWidth / 2;
    return false;
}"""
COLUMN = """(table, name) => {
    const head = [...table.querySelectorAll('thead th')].find(th => th.innerText.trim() === name);
    return [...table.querySelectorAll('tbody tr')].map(row =>
        row.querySelector(`td[aria-colindex="${head.ariaColIndex}"]`).innerText.trim());
}"""


def _table_column(page, grid, name: str) -> list[str]:
    page.wait_for_function(SWIPE_TO_COLUMN, arg=name, polling=100, timeout=TIMEOUT_MS)
    return grid.evaluate(COLUMN, name)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_distance_and_phone_read_the_same_on_cards_table_call_list_and_csv(
    server, browser, width, height, lang
):
    """Issue 29 (8): the Table said 0.1 for "in this ZIP area" and 787-763-7575;ext=1523 for
    x1523; the call list said 6.9 mi for "about 7 mi"."""
    said = WORDS[lang]
    context, page = watched_page(
        browser, viewport={"width": width, "height": height}, accept_downloads=True
    )
    try:
        page.goto(f"{server}/?near=00909&radius=3&lang={lang}")
        cards = page.locator("[class*='st-key-card_']:has(h3)")
        cards.first.locator("a.card-call").wait_for(timeout=TIMEOUT_MS)
        settled(page)
        on_cards = cards.evaluate_all(CARD_FACTS, said["Call"])
        assert len(on_cards) >= 8
        assert any(d.startswith(said["about"]) for _n, d, _p in on_cards)
        assert any(" x" in phone for _n, _d, phone in on_cards)

        page.get_by_text(said["Table"], exact=True).click()
        grid = page.get_by_test_id("stDataFrame").locator("table")
        grid.locator("tbody tr").nth(len(on_cards) - 1).wait_for(state="attached")
        settled(page)
        columns = [
            _table_column(page, grid, said[name]) for name in ("Facility", "Distance", "Phone")
        ]
        in_table = [list(row) for row in zip(*columns, strict=True)][: len(on_cards)]
        assert in_table == on_cards

        # The call list offers each facility with the card's distance.
        page.get_by_role("combobox", name=said["Facilities to call"]).click()
        page.keyboard.press("ArrowDown")  # opens the list if the click only focused the box
        page.get_by_role("option").first.wait_for(timeout=TIMEOUT_MS)
        options = [o for o in page.get_by_role("option").all_inner_texts() if " — " in o]
        page.keyboard.press("Escape")
        assert options[: len(on_cards)] == [f"{n} — {d}" for n, d, _p in on_cards]

        with page.expect_download() as download:
            page.get_by_role("button", name=said["Download"]).click()
        csv = download.value.path().read_text(encoding="utf-8-sig").splitlines()
        columns = csv[0].split(",")
        assert said["Distance"] in columns and said["Phone"] in columns
        for line, (_name, distance, phone) in zip(csv[1:], on_cards, strict=False):
            assert f",{distance}," in line and f",{phone}," in line
    finally:
        context.close()
