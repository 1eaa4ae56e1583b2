""" "Use my location" in Chromium, offline, with the browser's geolocation emulated: granted,
denied and unavailable. The position is searched from, kept out of the link until shared, and no
request leaves the machine."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from clinic_finder.geocode.here import FAILURES
from clinic_finder.search.index import Query, search

from .settle import settled, watch

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # a busy 2-core machine can take a minute for a first run
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LIBRARY = {"latitude": 40.7612345, "longitude": -111.8912345, "accuracy": 32}  # Salt Lake City


def _open(browser, server, **context_options):
    context = browser.new_context(viewport={"width": 390, "height": 900}, **context_options)
    watch(context)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(server)
    page.get_by_text("Call or text").first.wait_for(timeout=TIMEOUT_MS)
    _button_ready(page)
    return context, page, seen


def _button_ready(page) -> None:
    """Until the button's script has run: a press before it listens would be lost."""
    page.locator(".locate-button[data-ready]").wait_for(timeout=TIMEOUT_MS)


def _shown(page, text):
    """Visible text only: the screen readers' live region repeats the summary, hidden, and
    `first` would otherwise wait on it for ever whenever it comes first."""
    return page.get_by_text(text).filter(visible=True).first


def _button(page):
    return page.get_by_role("button", name="Use my location")


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("() => window.location.href")).query)


def _only_local(seen: list[str]) -> None:
    hosts = {urlsplit(url).hostname for url in seen if url.startswith(("http", "ws"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"


def test_granted_the_search_is_from_here_and_the_link_holds_it_only_when_asked(
    server, browser, index, tmp_path
):
    context, page, seen = _open(browser, server, geolocation=LIBRARY, permissions=["geolocation"])
    _button(page).click()
    expected = search(index, Query.all_of(LIBRARY["latitude"], LIBRARY["longitude"], 25, []))
    _shown(page, f"{len(expected):,} facilities within 25 miles").wait_for(timeout=TIMEOUT_MS)
    _shown(page, "your location (about ±100 ft)").wait_for(timeout=TIMEOUT_MS)
    settled(page, TIMEOUT_MS)  # the text comes first; the box is drawn once its code is loaded
    expect(page.get_by_role("textbox", name="ZIP code, city or address")).to_have_value("")
    assert "near" not in _query(page)
    page.screenshot(path=tmp_path / "granted-390.png", full_page=False)

    page.get_by_text("Include my place in the shared link").click()
    page.wait_for_function("() => window.location.search.includes('near=')")
    assert _query(page)["near"] == ["40.761,-111.891"]
    # The shared link reopens the search from the rounded place.
    fresh = context.new_page()
    fresh.on("request", lambda request: seen.append(request.url))
    fresh.goto(page.evaluate("() => window.location.href"))
    rounded = search(index, Query.all_of(40.761, -111.891, 25, []))
    _shown(fresh, f"{len(rounded):,} facilities within 25 miles").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Include my place in the shared link").click()
    page.wait_for_function("() => !window.location.search.includes('near=')")
    _only_local(seen)
    context.close()


@pytest.mark.parametrize("answer", ["denied", "unavailable"])
def test_no_position_gives_one_line_and_keeps_the_box(server, browser, answer):
    if answer == "denied":  # no permission granted: headless Chromium refuses without asking
        context, page, seen = _open(browser, server)
    else:  # permission granted, but the emulated device cannot find itself
        context, page, seen = _open(browser, server, permissions=["geolocation"])
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setGeolocationOverride", {})  # no position: "unavailable"
    box = page.get_by_role("textbox", name="ZIP code, city or address")
    box.fill("84101")
    box.press("Enter")
    _shown(page, re.compile(r"facilities within 25 miles")).wait_for(timeout=TIMEOUT_MS)
    _button(page).click()
    _shown(page, FAILURES[answer]).wait_for(timeout=TIMEOUT_MS)
    settled(page, TIMEOUT_MS)
    expect(box).to_have_value("84101")
    assert _query(page)["near"] == ["84101"]
    _shown(page, re.compile(r"within 25 miles of 84101")).wait_for(timeout=TIMEOUT_MS)
    _only_local(seen)
    context.close()


def test_in_spanish_the_button_and_the_place_speak_spanish(server, browser):
    """The button's words come from the app: they follow the page's language."""
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, geolocation=LIBRARY, permissions=["geolocation"]
    )
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(f"{server}?lang=es")
    _button_ready(page)
    page.get_by_role("button", name="Usar mi ubicación").click(timeout=TIMEOUT_MS)
    _shown(page, "su ubicación (unos ±100 pies)").wait_for(timeout=TIMEOUT_MS)
    _shown(page, "Incluir mi ubicación en el enlace compartido").wait_for(timeout=TIMEOUT_MS)
    assert _query(page) == {"lang": ["es"]}  # the position stays out of the link
    _only_local(seen)
    context.close()
