"""What a person chose, kept in one place: the search model in session state, mirrored in the link.

Widgets never own a choice. Each run, every widget is drawn from the model (`seed`), and a widget
changed by the person writes back into the model in its callback (`chosen`). A rerun can then never
drop a choice: not when an option's label (its live count) changes, not when a widget is not drawn
in this run (the plain-text switch before a place is found).
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import streamlit as st

from clinic_finder.formats.share import SharedSearch, parse_params
from clinic_finder.search.filters import LICENCE_FILTER, FilterSet
from clinic_finder.text.i18n import N_

SEARCH = "_search"  # the model: a SharedSearch
NOTICES = "_notices"  # what could not be honoured (message ids); shown until the next search
BOX_NOTICE = "_box_notice"  # what the location box could not keep, said under it (the same)
SHOWN = "_cards_shown"  # how many result cards are drawn
VIEW = "_view"  # how results are shown: "cards", "table" or "text"
_RESTORED = "_link_restored"
T = TypeVar("T")

# Widget keys (stable: tests and the browser journey find widgets by them).
NEAR, RADIUS, ONLINE, LICENCE, MORE, VIEW_WIDGET, LANG, LOCATE, SHARE_HERE = (
    "near", "radius", "online", "licence", "f_more", "view", "lang", "locate", "share_here",
)  # fmt: skip
PAGE = 20  # cards per "show more"
VIEWS = {"cards": N_("Cards"), "table": N_("Table"), "text": N_("Plain text")}


def filter_key(key: str) -> str:
    return f"f_{key}"


def restore_from_link(filters: FilterSet, default_lang: str) -> None:
    """On a session's first run, the model is what the link carries (never read again after);
    `default_lang` is the language when the link names none."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    known = [code for f in filters for code in f.codes]
    shared, notices = parse_params(params, known, LICENCE_FILTER, default_lang)
    st.session_state[SEARCH] = shared
    st.session_state[NOTICES] = notices
    st.session_state[SHOWN] = PAGE
    st.session_state[VIEW] = "cards"


def restored() -> bool:
    return bool(st.session_state.get(_RESTORED))


def search() -> SharedSearch:
    return st.session_state.get(SEARCH, SharedSearch())


def notices() -> list[str]:
    return st.session_state.get(NOTICES, [])


def notice(text: str) -> None:
    """Something the app could not honour: said where the person looks, until the next search."""
    if text not in notices():
        st.session_state[NOTICES] = [*notices(), text]


def box_notice(text: str | None = None) -> str:
    """What the location box could not keep (a message), or sets it: said until the next search."""
    if text is not None:
        st.session_state[BOX_NOTICE] = text
    return st.session_state.get(BOX_NOTICE, "")


def update(**changes: Any) -> None:
    """Change the model. A new search (anything but the selection or the language) clears the old
    notices and starts the list at its first page again."""
    before = search()
    after = replace(before, **changes)
    st.session_state[SEARCH] = after
    if replace(before, selected="", lang="") != replace(after, selected="", lang=""):
        st.session_state[NOTICES] = []
        st.session_state[BOX_NOTICE] = ""
        st.session_state[SHOWN] = PAGE


def seed(key: str, value: T, labels: tuple[str, ...] = ()) -> T:
    """Draw a widget from the model: set before the widget is made, when it differs; returns
    `value`, which the caller also passes as the widget's default.

    Set only when it differs: setting it anyway would push the value back to the browser while
    the person may still be moving it (a slider pressed twice would jump back). `labels` are the
    chosen options as shown: the browser sends a multiselect's choices as their labels, so when a
    label changes (a live count) the old one no longer matches and the value must be set again.

    The default matters when the browser draws the widget afresh from a run that did not set it
    (the run that set it was cut short by the next input): it starts from the default. A slider
    with none started at its minimum, and the next input sent radius 1 (measured: 5 of 15 quick
    "Use my location" presses on a busy machine searched within 1 mile).
    """
    shown = f"_labels_{key}"
    if st.session_state.get(key) != value or st.session_state.get(shown) != labels:
        st.session_state[key] = value
    st.session_state[shown] = labels
    return value


def chosen(key: str, write: Callable[[Any], None]) -> Callable[[], None]:
    """A widget callback that writes the widget's new value into the model."""
    return lambda: write(st.session_state[key])


def set_services_of(filters: FilterSet, filter_keys: set[str], codes: list[str]) -> None:
    """Replace the choices of these filters with `codes`, keeping every other filter's."""
    kept = [c for c in search().services if filters.filter_of(c) not in filter_keys]
    update(services=tuple(dict.fromkeys([*kept, *codes])))


def services_in(filter_codes: tuple[str, ...]) -> list[str]:
    return [c for c in search().services if c in filter_codes]


def view() -> str:
    return st.session_state.get(VIEW, "cards")


def shown() -> int:
    return st.session_state.get(SHOWN, PAGE)


def show_more() -> None:
    st.session_state[SHOWN] = shown() + PAGE


def show_at_least(count: int) -> None:
    st.session_state[SHOWN] = max(shown(), count)


def select(facility_id: str | None) -> None:
    update(selected=facility_id or "")


def write_link(shared: SharedSearch) -> None:
    """Keep the address bar equal to the search, so copying it shares exactly this view."""
    # Every run: the browser leaves its address bar alone when the query string is unchanged.
    st.query_params.from_dict(shared.to_params())
