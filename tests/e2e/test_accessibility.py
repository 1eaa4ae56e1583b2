"""WCAG 2.2 AA in the browser: axe-core on every view, and a keyboard-only journey.

axe-core (tests/e2e/vendor/, test-only) runs in the page and in the map's frame. Serious and
critical violations fail the test; moderate and minor ones are printed for the closing note.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .settle import settled, watch

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 60_000
MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # its title is translated
BLOCKING = {"serious", "critical"}
MAX_TABS = 40
# What each explainer tab draws first: its panel is empty until the run for it has begun.
TAB_HEADINGS = {
    "About the data": "About the data",
    "About ketamine care": "Ketamine care, in plain words",
}


def _page(browser, width: int, height: int, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    watch(context)
    return context, context.new_page()


def _settled(page) -> None:
    page.locator(".result-count").first.wait_for(timeout=TIMEOUT_MS)
    settled(page)


def _axe(frame) -> list[dict]:
    """axe's violations in one document (the page, or the map's frame)."""
    frame.add_script_tag(path=str(AXE))
    found = frame.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return found


def _audit(page, view: str) -> list[dict]:
    found = [dict(v, frame="page") for v in _axe(page)]
    if page.locator(MAP_FRAME).count():
        frame = page.frame_locator(MAP_FRAME).first.locator("body").element_handle()
        found += [dict(v, frame="map") for v in _axe(frame.owner_frame())]
    for violation in found:
        print(
            f"axe [{view}] {violation['impact']}: {violation['id']} in the {violation['frame']}"
            f" ×{violation['nodes']} {json.dumps(violation['where'])}"
        )
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("width", [1366, 390])
def test_no_serious_or_critical_violation_on_any_view(server, browser, width):
    # axe is injected as an inline script, which the page's policy rightly refuses: the test's
    # own tool is let through (tests/e2e/test_security_headers.py runs with the policy on).
    context, page = _page(browser, width, 900, bypass_csp=True)
    blocking = []
    try:
        page.goto(server)
        _settled(page)
        blocking += _audit(page, f"start {width}px")

        page.goto(f"{server}/?near=84101")
        _settled(page)
        blocking += _audit(page, f"results 84101 {width}px")

        page.get_by_role("button", name=re.compile(r"^Details, ")).first.click()
        page.get_by_role("button", name="Hide details").wait_for(timeout=TIMEOUT_MS)
        _settled(page)
        blocking += _audit(page, f"details {width}px")

        for tab, heading in TAB_HEADINGS.items():
            page.get_by_role("tab", name=tab).click()
            page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)
            settled(page)
            blocking += _audit(page, f"{tab} {width}px")
    finally:
        context.close()
    assert not blocking, json.dumps(blocking, indent=1)


def _wait_for_link(page, part: str) -> None:
    """Until the search is in the address bar and its run has ended (a Tab pressed while the
    page is redrawn could land on an element about to be replaced)."""
    page.wait_for_function("part => location.search.includes(part)", arg=part, timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => (document.querySelector('.result-count') || {}).textContent?.includes('within')",
        timeout=TIMEOUT_MS,
    )
    _settled(page)


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName + '|' + (e.getAttribute('aria-label') || e.innerText || '')"
        ".replace(/\\s+/g, ' ').trim().slice(0, 60); }"
    )


def _tab_to(page, pattern: str, budget: int) -> int:
    """Press Tab until the focused element matches; how many presses it took."""
    for presses in range(1, budget + 1):
        page.keyboard.press("Tab")
        if re.search(pattern, _focused(page)):
            return presses
    pytest.fail(f"{pattern!r} not reached in {budget} Tab presses (at {_focused(page)!r})")


def _search_by_keyboard(page, server: str, typed: str, in_link: str) -> int:
    """From the page top, Tab to the box, type a place and press Enter; until its run has
    ended. How many Tab presses it took."""
    page.goto(server)
    _settled(page)
    tabs = _tab_to(page, r"^INPUT\|ZIP code", MAX_TABS)
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    _wait_for_link(page, in_link)
    return tabs


def test_a_keyboard_reaches_a_call_link_in_at_most_40_tab_presses(server, browser):
    """From the page top: search 90210, choose a treatment, reach the first result's call link
    (the list before the map), then open its details."""
    context, page = _page(browser, 1366, 900)
    try:
        tabs = _search_by_keyboard(page, server, "90210", "near=90210")
        # The treatments are one tap away once a place is searched: open them from the keyboard.
        tabs += _tab_to(page, r"^SUMMARY\|", MAX_TABS - tabs)
        page.keyboard.press("Enter")
        tabs += _tab_to(page, r"^INPUT\|Treatments", MAX_TABS - tabs)
        page.keyboard.type("Telehealth")
        page.get_by_role("option", name=re.compile("^Telehealth")).wait_for(timeout=TIMEOUT_MS)
        page.keyboard.press("ArrowDown")  # to the option typed, as a keyboard user does
        page.locator("[role=option][data-focused=true]").wait_for(timeout=TIMEOUT_MS)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        _wait_for_link(page, "service=TELE")
        # The list before the map; in a card, its Call link right under its name and distance.
        tabs += _tab_to(page, r"^A\|.*\d{3}-\d{4}", MAX_TABS - tabs)
        href = page.evaluate("() => document.activeElement.getAttribute('href')")
        assert href.startswith("tel:+1-")
        _tab_to(page, r"^BUTTON\|Details", 3)  # Directions (and an intake line), then Details
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Hide details").wait_for(timeout=TIMEOUT_MS)
        _settled(page)
        assert _focused(page).startswith("BUTTON|Hide details")  # focus stayed on the card
        print(f"keyboard: {tabs} Tab presses from the page top to the first result's call link")
        assert tabs <= MAX_TABS
    finally:
        context.close()


def test_a_keyboard_reaches_the_shared_link_from_the_top_of_the_list(server, browser):
    """ "Share this search" comes after every card: 103 Tab presses from the box with 20 cards.
    The list's first line leads there; Enter, Tab, Enter shows the link."""
    context, page = _page(browser, 1366, 768)
    try:
        tabs = _search_by_keyboard(page, server, "Columbus, OH", "near=Columbus")
        assert page.locator("a.card-call").count() == 20  # every card's stops lie between
        after_box = _tab_to(page, r"^A\|Share this search$", 10)
        page.keyboard.press("Enter")
        # The jump shows the section (it once scrolled the app's outer box to an empty screen).
        summary = page.locator("summary", has_text="Share this search")
        expect(summary).to_be_in_viewport(ratio=1, timeout=5_000)
        page.keyboard.press("Tab")
        assert re.search(r"^SUMMARY\|.*Share this search$", _focused(page))  # the section's, next
        page.keyboard.press("Enter")
        shared = page.locator("[data-testid='stCode'] code").last
        expect(shared).to_contain_text("/?near=Columbus%2C+OH", timeout=TIMEOUT_MS)
        print(f"keyboard: {tabs} + {after_box} Tab presses to the shared link, then Enter, Tab")
    finally:
        context.close()


def test_a_phone_s_closed_filter_drawer_holds_no_tab_stops(server, browser):
    """Closed, the drawer is off screen: Tab must not walk through its 16 hidden widgets."""
    context, page = _page(browser, 390, 844)
    try:
        page.goto(f"{server}/?near=84101")
        _settled(page)
        tabs = _tab_to(page, r"^INPUT\|ZIP code", MAX_TABS)
        assert tabs <= 12, f"{tabs} Tab presses to the search box on a phone"
        page.get_by_role("button", name="Expand sidebar").click()
        languages = page.get_by_role("combobox", name="Languages")
        languages.focus()
        assert _focused(page).startswith("INPUT|Languages")  # open, the drawer works
        # Its close button is tapped, not covered: the language switch at the same height lay
        # over it (a click there pressed "Español").
        page.get_by_role("button", name="Collapse sidebar").click(timeout=10_000)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        assert "lang=es" not in page.evaluate("() => location.search")
    finally:
        context.close()


OFF_SCREEN = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const seen = r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
  return seen ? '' : e.tagName + '|' + (e.getAttribute('aria-label') || e.innerText || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 60) + ` at ${Math.round(r.left)},${Math.round(r.top)}`;
}"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_every_tab_stop_is_on_the_screen_when_it_has_focus(server, browser, width, height):
    """A ring nobody sees is no ring (WCAG 2.4.7): the hidden results heading's anchor link was
    a Tab stop 9,975 px left of the window. Walks the page's first 60 Tab stops after a search."""
    context, page = _page(browser, width, height)
    try:
        page.goto(f"{server}/?near=43215")
        _settled(page)
        unseen = []
        for _ in range(60):
            page.keyboard.press("Tab")
            where = page.evaluate(OFF_SCREEN)
            if where:
                unseen.append(where)
        assert not unseen, unseen
    finally:
        context.close()
