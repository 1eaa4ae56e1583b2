"""Every choice sticks: seeded random journeys in Chromium, checked against a model after each step.

The test keeps its own model of the search (place, radius, chosen options in three filters and
the licence filter, the chosen facility, the list view). After every step it checks that the
page shows the model's choices, that the address bar holds them, and that the result count
equals the core answer for the model's inputs. A failure prints the seed and the steps so far.

`CLINIC_FINDER_E2E_SEEDS` sets how many seeds run (CI runs 5; `make test` 1 by default) and
`CLINIC_FINDER_E2E_STEPS` how many steps each takes (CI 25; `make test` 10). Every journey deals
each kind of step once, in its seed's order, before it draws steps at random: a short journey
still passes through every kind, one after another.
"""

import contextlib
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from clinic_finder.formats.share import SharedSearch
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.search.answer import answer
from clinic_finder.search.filters import LICENCE_FILTER, FilterSet, label
from clinic_finder.table.load import load_dictionary
from components.search_box import RADIUS_STEPS

from .choices import choose_radius, open_more
from .settle import scrolled_to, settled, watch

pytestmark = pytest.mark.e2e

SEEDS = int(os.environ.get("CLINIC_FINDER_E2E_SEEDS", "1"))
STEPS = int(os.environ.get("CLINIC_FINDER_E2E_STEPS", "25"))
MAX_RETRIES = 2
TIMEOUT_MS = 60_000
PLACES = ["84101", "90210", "Boise, ID", "Los Angeles, CA", "10001", "Denver, CO"]
# Three filters (one beside the box, two in the sidebar) and the licence filter.
OPTIONS = {
    "treatment": ["KIT", "TMS", "ECT", "TELE"],
    "language": ["SP", "AH", "F17"],
    "payment": ["MD", "MC", "PI"],
    "licence": ["active", "expired", "unknown"],
}
WIDGET = {
    "treatment": "f_treatment",
    "language": "f_language",
    "payment": "f_payment",
    "licence": "licence",
}
_COUNT = re.compile(r"^([\d,]+) (?:licensed )?facilit")


@dataclass
class Model:
    search: SharedSearch = field(default_factory=SharedSearch)
    view: str = "cards"
    shown: list[str] = field(default_factory=list)  # ids listed, in order
    count: int = 0


class Journey:
    def __init__(self, page, index, resolver, seed: int):
        self.page, self.index, self.resolver = page, index, resolver
        self.dictionary = load_dictionary()
        self.filters = FilterSet(self.dictionary, index.codes())
        self.rng = random.Random(seed)
        self.model = Model()
        self.steps: list[str] = []
        self.retries = 0

    # What the model expects -------------------------------------------------------------------
    def expect(self) -> None:
        search = self.model.search
        place = self.resolver.resolve(search.near) if search.near else None
        point = (place.lat, place.lon) if isinstance(place, GeocodeResult) else None
        found = answer(
            self.index, self.filters, point, search.radius, search.services, search.licence
        )
        shown = found.results if not found.results.empty or point is None else found.beyond
        self.model.shown = shown["id"].tolist() if point is not None else []
        self.model.count = len(found.results)
        if search.selected and search.selected not in self.model.shown:
            self.model.search = replace(search, selected="")

    def chosen(self, key: str) -> list[str]:
        search = self.model.search
        if key == "licence":
            return list(search.licence)
        return [c for c in search.services if c in OPTIONS[key]]

    def words(self, key: str, code: str) -> str:
        return LICENCE_FILTER[code] if key == "licence" else label(code, self.dictionary)

    # Steps --------------------------------------------------------------------------------
    def type_place(self) -> None:
        near = self.rng.choice([p for p in PLACES if p != self.model.search.near])
        self.steps.append(f"type {near!r}")
        box = self.page.get_by_role("textbox", name="ZIP code, city or address")
        box.fill(near)
        box.press("Enter")
        self.model.search = replace(self.model.search, near=near)

    def move_radius(self) -> None:
        radius = self.rng.choice([r for r in RADIUS_STEPS if r != self.model.search.radius])
        self.steps.append(f"radius -> {radius}")
        choose_radius(self.page, radius)
        self.page.wait_for_function(
            "r => (new URLSearchParams(location.search).get('radius') || '25') === String(r)",
            arg=radius,
            timeout=TIMEOUT_MS,
        )
        self.model.search = replace(self.model.search, radius=radius)

    def change_option(self) -> None:
        key = self.rng.choice(list(OPTIONS))
        chosen = self.chosen(key)
        free = [c for c in OPTIONS[key] if c not in chosen]
        if key == "treatment":
            open_more(self.page)
        widget = self.page.locator(f".st-key-{WIDGET[key]}")
        if chosen and (not free or self.rng.random() < 0.4):
            code = self.rng.choice(chosen)
            self.steps.append(f"remove {code} from {key}")
            words = re.escape(self.words(key, code))
            widget.get_by_role("button", name=re.compile(rf"^Remove {words} \(")).click()
            after = [c for c in chosen if c != code]
        else:
            code = self.rng.choice(free)
            self.steps.append(f"add {code} to {key}")
            box = widget.get_by_role("combobox")
            scrolled_to(box)
            box.click()
            box.fill(self.words(key, code))  # typing narrows the list and keeps it open
            words = re.escape(self.words(key, code))
            self.page.get_by_role("option", name=re.compile(rf"^{words} \(")).click()
            self.page.keyboard.press("Escape")
            after = [*chosen, code]
        search = self.model.search
        if key == "licence":
            self.model.search = replace(search, licence=tuple(after))
        else:
            others = [c for c in search.services if c not in OPTIONS[key]]
            self.model.search = replace(search, services=(*others, *after))

    def select_facility(self) -> None:
        if self.model.view != "cards" or not self.model.shown:
            return self.toggle_view()
        pick = next(i for i in self.model.shown if i != self.model.search.selected)
        self.steps.append(f"details of {pick}")
        button = self.page.locator(f".st-key-details_{pick}").get_by_role("button").first
        self.click_until(button, lambda: button.inner_text() == "Hide details")
        self.model.search = replace(self.model.search, selected=pick)

    def click_until(self, target, took: Callable[[], bool]) -> None:
        """Click, and once more if the page shows no sign of it within 5 s.

        A click that lands while Streamlit is still redrawing is sometimes not taken (about 1 in
        80 steps here): the person sees nothing happen and clicks again. Counted, and more than
        MAX_RETRIES in one journey fails it; a choice taken and then lost fails the check.
        """
        target.click()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(PlaywrightError):
                if took():
                    return
            time.sleep(0.2)
        self.retries += 1
        self.steps.append("(the click was not taken; clicked again)")
        assert self.retries <= MAX_RETRIES, f"{self.retries} clicks not taken in one journey"
        target.click()

    def toggle_view(self) -> None:
        if not self.model.shown:
            return self.type_place()
        view = self.rng.choice([v for v in ("cards", "table", "text") if v != self.model.view])
        self.steps.append(f"view {view}")
        words = {"cards": "Cards", "table": "Table", "text": "Plain text"}[view]
        radio = self.page.locator(".st-key-view").get_by_role("radio", name=words, exact=True)
        label = self.page.locator(".st-key-view").get_by_text(words, exact=True)
        self.click_until(label, lambda: radio.is_checked())
        self.model.view = view

    def reload(self) -> None:
        self.steps.append("reload")
        self.page.reload()
        self.model.view = "cards"  # the view is this visit's, not part of the link

    # Checks -------------------------------------------------------------------------------
    def check(self, page=None) -> None:
        page = page or self.page
        self.expect()
        want = {
            k: sorted(v if isinstance(v, list) else [v])
            for k, v in self.model.search.to_params().items()
        }
        page.wait_for_function(
            "want => { const q = new URLSearchParams(location.search); const got = {};"
            " for (const [k, v] of q) { (got[k] = got[k] || []).push(v); }"
            " for (const k in got) got[k].sort();"
            " return JSON.stringify(got, Object.keys(got).sort())"
            " === JSON.stringify(want, Object.keys(want).sort()); }",
            arg=want,
            timeout=TIMEOUT_MS,
        )
        page.locator(".result-count").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)  # widgets are drawn a moment after the text: every one of them
        link = parse_qs(urlsplit(page.evaluate("location.href")).query)
        assert {k: sorted(v) for k, v in link.items()} == want
        self._check_widgets(page)

    def _check_widgets(self, page) -> None:
        open_more(page)  # closed after a search: the treatments are one tap away
        for key in OPTIONS:
            tags = page.locator(f".st-key-{WIDGET[key]} .react-aria-ComboBox [data-tag]")
            shown = {re.sub(r" \([\d,]+\)$", "", t) for t in tags.all_inner_texts()}
            assert shown == {self.words(key, c) for c in self.chosen(key)}, key
        said = page.locator(".result-count").first.text_content() or ""
        count = _COUNT.match(said)
        assert (int(count[1].replace(",", "")) if count else 0) == self.model.count, said
        selected = self.model.search.selected
        if selected and self.model.view == "cards":
            button = page.locator(f".st-key-details_{selected}").get_by_role("button").first
            assert button.inner_text() == "Hide details", f"{selected} not open"
        if self.model.view == "table" and self.model.shown:
            assert page.get_by_test_id("stDataFrame").count(), "no table"

    def open_shared_link(self, context) -> None:
        self.steps.append("open the link in a new page")
        fresh = context.new_page()
        fresh.goto(self.page.evaluate("location.href"))
        view, self.model.view = self.model.view, "cards"
        try:
            self.check(fresh)
        finally:
            fresh.close()
            self.model.view = view

    def run(self, context) -> None:
        self.page.goto(self.page.url)
        self.check()
        self.type_place()
        self.check()

        def share() -> None:  # checks the new page itself
            self.open_shared_link(context)

        steps = [self.type_place, self.move_radius, self.change_option, self.select_facility,
                 self.toggle_view, self.reload]  # fmt: skip
        dealt = self.rng.sample([*steps, share], len(steps) + 1)  # each kind once, seed's order
        for number in range(STEPS):
            if number < len(dealt):
                step = dealt[number]
            elif self.rng.random() < 0.08:
                step = share
            else:  # three filters and the licence: options change most often
                step = self.rng.choice([*steps, self.change_option, self.change_option])
            step()
            if step is not share:
                self.check()


@pytest.mark.parametrize("seed", range(SEEDS))
def test_every_choice_sticks_through_a_random_journey(
    server, browser, index, offline_resolver, seed
):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    watch(context)
    page = context.new_page()
    page.goto(server)
    journey = Journey(page, index, offline_resolver, seed)
    try:
        journey.run(context)
        print(f"seed {seed}: {STEPS} steps, {journey.retries} clicks not taken the first time")
    except Exception as error:
        page.screenshot(path=f"/tmp/choices-seed{seed}.png")
        raise AssertionError(f"seed {seed}, after: {' → '.join(journey.steps)}: {error}") from error
    finally:
        context.close()
