"""The answer to a search: the overview before a place is known, or results on map and list."""

import html
import re

import pandas as pd
import streamlit as st

from clinic_finder.formats.share import SharedSearch
from clinic_finder.geocode.types import (
    GeocodeResult,
    LocationNotFound,
    PlaceChoice,
)
from clinic_finder.search.answer import Answer
from clinic_finder.show import listing, summary
from clinic_finder.table.records import rows_of
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.i18n import N_
from clinic_finder.text.markdown import escape as md
from components import (
    map_panel,
    rest_of_page,
    result_cards,
    results_list,
    search_box,
    state,
    wider_radius,
)
from components.language import _, ngettext, number, numbers, translator

MAP_ANCHOR = "results-map"
SHARE_ANCHOR = "share-search"  # the share section's heading (components/find_care.py)
_STACK = "_clicked_stack"  # (map key, ids at the point last clicked on that map)
_FROM_POINT = "_chosen_at_point"  # a facility was chosen in the list under the map
_BROUGHT = "_cards_brought"  # how many chosen cards came into view this session
STACK_LISTED = 20
_NOT_PLAIN = re.compile(r"[^\w\s,.·'’:-]")


def announce(text: str) -> None:
    """A polite live region: a screen reader hears the new result count after each search.

    Only words and plain punctuation: a place's label may come from an online geocoder, and
    a screen reader has no use for markup characters anyway.
    """
    plain = _NOT_PLAIN.sub(" ", text)
    st.markdown(
        f'<p role="status" aria-live="polite" class="result-count">{html.escape(plain)}</p>',
        unsafe_allow_html=True,
    )


def place_problem(problem: LocationNotFound | PlaceChoice) -> str:
    """Why there is no place yet, with buttons that finish the search; what to announce."""
    if isinstance(problem, PlaceChoice):
        st.warning(
            _("There are several places called {place}. Which one do you mean?").format(
                place=md(problem.name)
            )
        )
        options = problem.choices
        said = _("Several places are called {place}: choose one.").format(place=problem.name)
    else:
        # The message quotes what was typed, maybe from a link; a hint is advice, said with it
        # and never offered as a button (pressed, it was searched for as a place).
        hint = f" {_(problem.hint)}" if problem.hint else ""
        st.warning(md(_(problem.message) + hint))
        options = problem.suggestions
        said = _("That place was not found.") + hint
    if options:
        st.markdown(_("Did you mean:") if isinstance(problem, LocationNotFound) else "")
        for column, option in zip(st.columns(len(options)), options, strict=True):
            # Only places: a label is its name as published, searched for as if typed.
            column.button(
                option, key=f"place_{option}", on_click=search_box.use_place, args=(option,)
            )
    return said


def overview(found: Answer) -> str:
    """Every facility matching the filters, clustered, with a hint to type a place."""
    words = summary.overview(found, translator(), numbers())
    st.info(words.info)
    map_panel.overview(found.results)
    return words.said


def results(
    found: Answer, point: GeocodeResult, search: SharedSearch, dictionary: ServiceDictionary
) -> str:
    """Results within the radius (or the nearest beyond it), on the map and in the list."""
    words = summary.results(found, point, search.radius, translator(), numbers())
    if point.alternatives:
        st.caption(_("Showing {place}. Not this one?").format(place=md(point.label)))
        for column, option in zip(
            st.columns(len(point.alternatives)), point.alternatives, strict=True
        ):
            column.button(
                option, key=f"place_{option}", on_click=search_box.use_place, args=(option,)
            )
    shown = found.results if not found.results.empty else found.beyond
    if words.warning:
        st.warning(words.warning)
    if words.info:
        st.info(words.info)
        return words.said
    st.markdown(words.heading)
    wider_radius.offer(found, point, search)
    said = words.said

    map_key = map_panel.map_key(
        point.lat, point.lon, search.radius, search.services, search.licence
    )
    table_key = f"{results_list.TABLE}_{map_key}"
    ids = shown["id"].tolist()
    stack = map_panel.new_click(map_key)
    if stack:
        st.session_state[_STACK] = (map_key, stack)
    picked = (stack[0] if stack else None) or results_list.new_pick(ids, table_key)
    if picked in ids:
        state.select(picked)
    # A facility chosen on the map, or in the list of those sharing a point: its card is away
    # from where the person is looking, so it comes to them (several at one point: the list of
    # them under the map is the answer, and stays in view).
    at_point = st.session_state.pop(_FROM_POINT, False)
    bring = _brought() if (len(stack) == 1 and picked in ids) or at_point else 0
    selected_id = state.search().selected
    if selected_id and selected_id not in ids:
        state.select(None)
        state.notice(N_("The facility chosen in the link is not among these results."))
        selected_id = ""
    chosen = shown[shown["id"] == selected_id]
    selected = chosen.iloc[0].to_dict() if not chosen.empty else None

    # The list first and the map beside it (issue 26): on a phone the columns stack, so the
    # first result's Call link comes right after the count; a keyboard meets the list first.
    # The map's column is written first: the browser starts its frame before the cards.
    # A table needs the page's width for its columns: then the map goes under it.
    wide = state.view() == "table"
    listed, mapped = (st.container(), st.container()) if wide else st.columns([3, 2], gap="medium")
    with mapped:
        st.header(_("Map"), anchor=MAP_ANCHOR)
        map_panel.results(map_key, shown, (point.lat, point.lon), search.radius, point.label,
                          selected)  # fmt: skip
        _stack_here(shown, map_key)
    with listed:
        if selected is not None:  # the table and the plain list have no card to open
            said_chosen = (
                _("Chosen: **{name}** — its card is open below.")
                if state.view() == "cards"
                else _("Chosen: **{name}** — its card and details are in the Cards view.")
            )
            st.caption(said_chosen.format(name=md(selected["name"])))
        _list(shown, dictionary, selected_id, table_key, search, point.label, bring)
    return said


def _list(
    found: pd.DataFrame,
    dictionary: ServiceDictionary,
    selected: str,
    table_key: str,
    search: SharedSearch,
    searched: str,
    bring_into_view: int = 0,
) -> None:
    heading = html.escape(_("Results"))  # for the heading list; page_style hides it from view
    st.markdown(f'<h2 class="results-heading">{heading}</h2>', unsafe_allow_html=True)
    said = {view: _(words) for view, words in state.VIEWS.items()}
    # Seeded with its words too: the browser keeps a choice as the words it showed, and after a
    # language switch "Cards" matched none of the new options (none was checked, and the next
    # tap sent "Cards" back as the view: an error page).
    view = state.view()
    state.seed(state.VIEW_WIDGET, view, (said[view],))
    line = st.container(horizontal=True, gap="medium", key="list_top", vertical_alignment="center")
    line.radio(
        _("Show results as"),
        list(state.VIEWS),
        index=list(state.VIEWS).index(view),
        key=state.VIEW_WIDGET,
        format_func=said.__getitem__,
        horizontal=True,
        label_visibility="collapsed",
        width="content",
        on_change=state.chosen(state.VIEW_WIDGET, _set_view),
    )
    line.markdown(_("[Go to the map](#{anchor})").format(anchor=MAP_ANCHOR), width="content")
    # The share section comes after every card: a keyboard reached it after 103 Tab presses.
    # Not on a phone (page_style): there the line would wrap and push the first card's Call
    # link off the first screen, and the browser's own Share sends the address bar, which
    # holds the search.
    share = html.escape(_("Share this search"))
    line.markdown(
        f'<a class="share-jump" href="#{SHARE_ANCHOR}">{share}</a>',
        unsafe_allow_html=True,
        width="content",
    )
    if state.view() == "table":
        results_list.table(found, table_key)
    elif state.view() == "text":
        results_list.text_list(found)
    else:
        result_cards.show(found, dictionary, selected, bring_into_view)
    if not rest_of_page.lean():
        results_list.downloads(found, dictionary, searched, search.services)


def _choose_at_point(facility_id: str) -> None:
    state.select(facility_id)
    st.session_state[_FROM_POINT] = True


def _brought() -> int:
    """How many cards chosen away from the list have come into view this session (one more)."""
    st.session_state[_BROUGHT] = st.session_state.get(_BROUGHT, 0) + 1
    return int(st.session_state[_BROUGHT])


def _stack_here(shown: pd.DataFrame, map_key: str) -> None:
    """Facilities that share the point last clicked: each one reachable, not only the top one."""
    key, stack = st.session_state.get(_STACK, ("", ()))
    here = shown[shown["id"].isin(stack)] if key == map_key else shown.iloc[:0]
    if len(here) < 2:
        return
    st.markdown(
        ngettext(
            "**{count} facility shares the point you chose** (the map cannot tell them apart):",
            "**{count} facilities share the point you chose** (the map cannot tell them apart):",
            len(here),
        ).format(count=number(len(here)))
    )
    t = translator()
    for row in rows_of(here.head(STACK_LISTED)):
        st.button(
            f"{row['name']} · {listing.distance(row, t)}",
            key=f"stack_{row['id']}",
            on_click=_choose_at_point,
            args=(row["id"],),
        )
    if len(here) > STACK_LISTED:
        left = len(here) - STACK_LISTED
        st.caption(
            ngettext(
                "… and {count} more in the list below.",
                "… and {count} more in the list below.",
                left,
            ).format(count=number(left))
        )


def _set_view(view: str) -> None:
    if view in state.VIEWS:  # never words the browser kept from another language
        st.session_state[state.VIEW] = view
