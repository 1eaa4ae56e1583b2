"""Driving the page as Streamlit drives it: one place for the script's path and a first run."""

import re

from streamlit.testing.v1 import AppTest

from clinic_finder import paths
from components import rest_of_page

APP = str(paths.PROJECT_DIR / "app.py")
CARD_HEADING = re.compile(r'^<h3 class="card-name">\d+\. (.*?)</h3>', re.S)


def run_app(**params) -> AppTest:
    """The page opened with these link parameters (a list repeats one), whole: after its first
    run and, when that drew only the first screen, the run the page asks for once its map is
    drawn (components/rest_of_page)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    return ask_for_the_rest(at)


def ask_for_the_rest(at: AppTest) -> AppTest:
    """Press the hidden button a lean first run leaves, as the page's script does."""
    rest = [b for b in at.button if b.key == rest_of_page.BUTTON]
    if rest:
        rest[0].click().run()
        assert not at.exception
    assert not any(b.key == rest_of_page.BUTTON for b in at.button)
    return at


def crisis_banner_first(at: AppTest) -> bool:
    banner = at.main.children[0]
    said = getattr(banner, "proto", None) and banner.proto.body
    return banner.type == "html" and 'href="tel:988"' in said and 'href="tel:911"' in said


def table(at: AppTest):
    """The results as the table view shows them (every result, not a page of cards)."""
    if at.radio(key="view").value != "table":
        at.radio(key="view").set_value("table").run()
    return at.dataframe[0].value


def card_names(at: AppTest) -> list[str]:
    """The names on the result cards, in order (as escaped HTML: each card's heading)."""
    cards = (CARD_HEADING.match(m.value) for m in at.markdown)
    return [card[1] for card in cards if card]


def card_texts(at: AppTest, facility_id: str) -> list[str]:
    """What one card says, its details too: the texts from its heading to the next card's."""
    cards: list[list] = []
    for node in _in_order(at.main):
        if node.type == "markdown" and CARD_HEADING.match(node.value):
            cards.append([])
        if cards:
            cards[-1].append(node)
    for card in cards:
        if any(getattr(n, "key", None) == f"details_{facility_id}" for n in card):
            return [n.value for n in card if n.type in ("markdown", "caption", "warning", "html")]
    return []


def _in_order(node):
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for index in sorted(children):
        yield from _in_order(children[index])


def choose(at: AppTest, facility_id: str) -> AppTest:
    """Press a card's "Details" button."""
    return at.button(key=f"details_{facility_id}").click().run()


def is_open(at: AppTest, facility_id: str) -> bool:
    """Whether that facility's card shows its details."""
    buttons = [b for b in at.button if b.key == f"details_{facility_id}"]
    return bool(buttons) and buttons[0].label == "Hide details"


def open_cards(at: AppTest) -> list[str]:
    return [b.key.removeprefix("details_") for b in at.button if b.label == "Hide details"]


def chosen(at: AppTest) -> str:
    """The facility whose card is open ('' for none)."""
    return at.session_state["_search"].selected


def notices(at: AppTest) -> list[str]:
    """What the page says it could not honour."""
    return [i.value for i in at.info if i.icon == "ℹ️"]


def shared_link(at: AppTest) -> str:
    """The link in "Share this search", opened as a press opens it (it is drawn only then)."""
    at.session_state["share"] = True
    at.run()
    return next(c.value for c in at.code if "?" in c.value)
