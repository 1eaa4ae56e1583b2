"""Issue 29's defects that had no browser test, run as a person would at both widths, in English
and Spanish: the call list names every facility chosen (4), no tooltip covers a chosen card's
facts (10), and a card shows its local intake line beside an out-of-state main number."""

import re
import warnings

import pytest
from playwright.sync_api import expect

from clinic_finder.search.index import Query, search
from tests.e2e.settle import scrolled_to, settled, watched_page

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
TAKEN_MS = 10_000  # a pick shows as a chip in under 1 s on a quiet machine
WORDS = {
    "en": {
        "box": "ZIP code, city or address",
        "to_call": "Facilities to call",
        "hide": "Hide details",
        "intake": "Intake line 614-225-0990",
    },
    "es": {
        "box": "Código postal, ciudad o dirección",
        "to_call": "Centros a los que llamar",
        "hide": "Ocultar detalles",
        "intake": "Línea de admisión 614-225-0990",
    },
}
SCREENS = [
    pytest.param(width, height, lang, id=f"{width}-{lang}")
    for width, height in ((1366, 768), (390, 844))
    for lang in ("en", "es")
]
CARDS = "[class*='st-key-card_']:has(h3)"
# An element shown whole, scrolled to: its centre and both ends are its own on
# screen (nothing clips or covers it) and no part of it cuts its text short; and the bordered box
# it sits in (a chip's list), and the page, are no narrower than it.
SHOWN_WHOLE = """el => {
  // At once: Streamlit's main area scrolls smoothly, and a box read mid-scroll is stale (the
  // point tested then lay off the chip: a failure under load).
  el.scrollIntoView({block: 'center', behavior: 'instant'});
  const r = el.getBoundingClientRect();
  const y = r.top + r.height / 2;
  const own = x => el.contains(document.elementFromPoint(x, y));
  const cut = [el, ...el.querySelectorAll('*')].some(
    e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
  let box = el.parentElement;
  while (box.parentElement && parseFloat(getComputedStyle(box).borderRightWidth) < 1) {
    box = box.parentElement;
  }
  const b = box.getBoundingClientRect();
  return {text: el.innerText, left: r.left, right: r.right, box: [b.left, b.right],
          page: [document.documentElement.scrollWidth, innerWidth], cut,
          seen: own(r.left + 3) && own(r.left + r.width / 2) && own(r.right - 3)};
}"""
# What covers the centre of each badge in a card, if not the badge itself.
COVERED = """badges => badges.map(b => {
  b.scrollIntoView({block: 'center', behavior: 'instant'});
  const r = b.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return b.contains(top) ? null : (top ? top.outerHTML.slice(0, 120) : 'nothing');
}).filter(Boolean)"""


def _open(browser, width: int, height: int, url: str):
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    page.goto(url)
    page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
    settled(page)
    return context, page


def _add_to_call_list(page, words: dict, name: str) -> None:
    """Open the call list, type the facility's name (typing narrows the list and keeps it open:
    a long list scrolled on a phone moved the option under the click), pick it, close the list.

    As a person would, it picks once more if no chip shows within TAKEN_MS, with a warning in
    the test summary: with both cores busy, one pick of 74 was not taken (fresh-clone CI, 390 px,
    Spanish) and no chip came in 60 s. A second miss fails the test.
    """
    chips = page.locator(".st-key-shortlist [data-tag]")
    box = page.get_by_role("combobox", name=words["to_call"])
    option = page.get_by_role("option", name=re.compile(rf"^{re.escape(name)} — ")).first
    settled(page)  # a list opened while a run redraws it closes under the click
    before = chips.count()
    for wait_ms in (TAKEN_MS, TIMEOUT_MS):
        scrolled_to(box)
        box.click()
        box.fill(name)
        option.click()
        page.keyboard.press("Escape")
        try:
            expect(chips).to_have_count(before + 1, timeout=wait_ms)
            break
        except AssertionError:
            settled(page)
            if chips.count() == before + 1:  # taken late: not picked twice
                break
            if wait_ms == TIMEOUT_MS:
                raise
            warnings.warn(
                f"the pick of {name!r} showed no chip in {TAKEN_MS} ms; picked again", stacklevel=2
            )
    expect(box).to_have_attribute("aria-expanded", "false")  # the list closed: nothing over it
    settled(page)


def _call_list_of_two(browser, server, width: int, height: int, lang: str):
    """The first results at 84101, and the two longest names of the first six in the call list."""
    context, page = _open(browser, width, height, f"{server}/?near=84101&lang={lang}")
    names = [h.split(". ", 1)[1] for h in page.locator(f"{CARDS} h3").all_inner_texts()]
    chosen = sorted(names[:6], key=len)[-2:]
    for name in chosen:
        _add_to_call_list(page, WORDS[lang], name)
    return context, page, chosen


@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
def test_the_call_list_names_every_facility_chosen_whole_under_it(
    server, browser, width, height, lang
):
    """Issue 29 (4): with two facilities in "Facilities to call", a phone showed one chip and a
    desktop cut the first to "tute — 3.8 mi". Under the list, each is named whole, one a line."""
    context, page, chosen = _call_list_of_two(browser, server, width, height, lang)
    try:
        expect(page.locator(".st-key-shortlist [data-tag]")).to_have_count(2, timeout=TIMEOUT_MS)
        for name in chosen:
            item = page.get_by_role("listitem").filter(has_text=name).last
            expect(item).to_be_visible()
            shown = item.evaluate(SHOWN_WHOLE)
            assert shown["text"].startswith(f"{name} — "), shown
            assert shown["seen"] and not shown["cut"], shown
            assert shown["right"] <= shown["page"][1], shown
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
def test_each_chosen_facility_s_chip_fits_whole_inside_the_call_list(
    server, browser, width, height, lang
):
    """Issue 29 (4): the chips themselves, each whole inside the list's box and the window."""
    context, page, chosen = _call_list_of_two(browser, server, width, height, lang)
    try:
        tags = page.locator(".st-key-shortlist [data-tag]")
        expect(tags).to_have_count(2, timeout=TIMEOUT_MS)
        for name, tag in zip(chosen, tags.all(), strict=True):
            shown = tag.evaluate(SHOWN_WHOLE)
            assert shown["text"].startswith(f"{name} — "), shown
            assert shown["box"][0] <= shown["left"] and shown["right"] <= shown["box"][1], shown
            assert shown["seen"] and not shown["cut"], shown
            assert shown["page"][0] <= shown["page"][1], shown  # no sideways scroll
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
def test_a_shared_link_s_chosen_card_shows_its_badges_with_no_tooltip_over_them(
    server, browser, index, offline_resolver, width, height, lang
):
    """Issue 29 (10): a link with a facility chosen focused "Hide details", and its tooltip
    covered the service badges."""
    point = offline_resolver.resolve("84101")
    found = search(index, Query.all_of(point.lat, point.lon, 25, []))
    chosen = found["id"].iloc[0]
    words = WORDS[lang]
    url = f"{server}/?near=84101&selected={chosen}&lang={lang}"
    context, page = _open(browser, width, height, url)
    try:
        hide = page.locator(f".st-key-details_{chosen}").get_by_role("button", name=words["hide"])
        expect(hide.first).to_be_visible(timeout=TIMEOUT_MS)
        card = page.locator(f".st-key-card_{chosen}")
        badges = card.locator(".stMarkdownBadge")
        expect(badges.first).to_be_visible(timeout=TIMEOUT_MS)
        hide.first.hover()
        hide.first.focus()  # where the link puts a keyboard user (and a mouse resting on it)
        page.wait_for_timeout(1_500)  # a tooltip shows after a short hover delay
        assert page.locator("[data-testid=stTooltipContent]:visible").count() == 0
        assert page.locator("[role=tooltip]:visible").count() == 0
        assert badges.evaluate_all(COVERED) == []
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
def test_a_card_shows_its_local_intake_line_beside_an_out_of_state_number(
    server, browser, width, height, lang
):
    """Issue 29 (choice 3): Columbus's Southeast Healthcare showed a Vermont number (802-222-5201)
    on its card, its intake line 614-225-0990 only in Details."""
    words = WORDS[lang]
    context, page = watched_page(browser, viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?lang={lang}")
        box = page.get_by_role("textbox", name=words["box"])
        box.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        box.click()
        page.keyboard.type("Columbus, OH")
        page.keyboard.press("Enter")
        card = page.locator(CARDS).filter(has_text="Southeast Healthcare").first
        call = card.locator("a.card-call")
        expect(call).to_contain_text("802-222-5201", timeout=TIMEOUT_MS)
        settled(page)
        intake = card.locator(".card-actions a.card-intake")
        expect(intake).to_have_text(re.compile(rf"{re.escape(words['intake'])}$"))
        expect(intake).to_be_visible()
        assert intake.get_attribute("href") == "tel:+1-614-225-0990"
        assert intake.get_attribute("target") is None  # the dialer, in place
        assert card.get_by_role("button", name=words["hide"]).count() == 0  # no Details needed
        assert card.evaluate("c => c.getBoundingClientRect().right") <= width
    finally:
        context.close()
