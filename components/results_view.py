"""The answer to a search: the overview before a place is known, or results on map and list."""

import html
import re

import pandas as pd
import streamlit as st

from clinic_finder import listing
from clinic_finder.answer import Answer
from clinic_finder.geocode.types import (
    PRECISION_WORDS,
    GeocodeResult,
    LocationNotFound,
    PlaceChoice,
)
from clinic_finder.markdown import escape as md
from clinic_finder.services import ServiceDictionary
from clinic_finder.share import SharedSearch
from components import map_panel, result_cards, results_list, search_box, state

LIST_ANCHOR = "results-list"
_STACK = "_clicked_stack"  # (map key, ids at the point last clicked on that map)
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
        st.warning(f"There are several places called {md(problem.name)}. Which one do you mean?")
        options = problem.choices
        said = f"Several places are called {problem.name}: choose one."
    else:
        st.warning(md(problem.message))  # it quotes what was typed, maybe from a link
        options = problem.suggestions
        said = "That place was not found."
    if options:
        st.markdown("Did you mean:" if isinstance(problem, LocationNotFound) else "")
        for column, option in zip(st.columns(len(options)), options, strict=True):
            column.button(
                option, key=f"place_{option}", on_click=search_box.use_place, args=(option,)
            )
    return said


def overview(found: Answer) -> str:
    """Every facility matching the filters, clustered, with a hint to type a place."""
    count = listing.plural(len(found.results), "licensed facility", "licensed facilities")
    st.info(
        f"**{count}** match your filters across the country. "
        "Type a ZIP code, city or address above to see who is near you, nearest first."
    )
    map_panel.overview(found.results)
    return f"{count} match your filters across the country."


def results(
    found: Answer, point: GeocodeResult, search: SharedSearch, dictionary: ServiceDictionary
) -> str:
    """Results within the radius (or the nearest beyond it), on the map and in the list."""
    place = md(point.label)  # an online geocoder's words are data too
    miles = listing.plural(search.radius, "mile", "miles")
    if point.alternatives:
        st.caption(f"Showing {place}. Not this one?")
        for column, option in zip(
            st.columns(len(point.alternatives)), point.alternatives, strict=True
        ):
            column.button(
                option, key=f"place_{option}", on_click=search_box.use_place, args=(option,)
            )
    shown = found.results
    if shown.empty:
        st.warning(f"No facility within {miles} of {place} matches your filters.")
        said = f"No facility within {miles} of {point.label} matches your filters."
        shown = found.beyond
        if shown.empty:
            st.info("No facility anywhere matches these filters. Try removing some.")
            return said + " None anywhere."
        st.markdown(f"**The {len(shown)} nearest that match, beyond the radius:**")
        said += f" Showing the {len(shown)} nearest beyond it."
    else:
        count = listing.plural(len(shown), "facility", "facilities")
        st.markdown(
            f"**{count} within {miles}** of {place} "
            f"({PRECISION_WORDS[point.precision]}), nearest first."
        )
        said = f"{count} within {miles} of {point.label}."

    map_key = map_panel.map_key(point.lat, point.lon, search.radius, search.services,
                                search.licence)  # fmt: skip
    table_key = f"{results_list.TABLE}_{map_key}"
    ids = shown["id"].tolist()
    stack = map_panel.new_click(map_key)
    if stack:
        st.session_state[_STACK] = (map_key, stack)
    picked = (stack[0] if stack else None) or results_list.new_pick(ids, table_key)
    if picked in ids:
        state.select(picked)
    selected_id = state.search().selected
    if selected_id and selected_id not in ids:
        state.select(None)
        state.notice("The facility chosen in the link is not among these results.")
        selected_id = ""
    chosen = shown[shown["id"] == selected_id]
    selected = chosen.iloc[0].to_dict() if not chosen.empty else None

    st.markdown(f"[Skip the map: go to the list](#{LIST_ANCHOR})")
    map_panel.results(map_key, shown, (point.lat, point.lon), search.radius, point.label,
                      selected)  # fmt: skip
    _stack_here(shown, map_key)
    if selected is not None:
        st.caption(f"Chosen: **{md(selected['name'])}** — its card is open below.")
    _list(shown, dictionary, selected_id, table_key, search, point.label)
    return said


def _list(
    found: pd.DataFrame,
    dictionary: ServiceDictionary,
    selected: str,
    table_key: str,
    search: SharedSearch,
    searched: str,
) -> None:
    st.header("Results", anchor=LIST_ANCHOR)
    state.seed(state.VIEW_WIDGET, state.view())
    st.radio(
        "Show results as",
        list(state.VIEWS),
        key=state.VIEW_WIDGET,
        format_func=state.VIEWS.__getitem__,
        horizontal=True,
        on_change=state.chosen(state.VIEW_WIDGET, _set_view),
    )
    if state.view() == "table":
        results_list.table(found, table_key)
    elif state.view() == "text":
        results_list.text_list(found)
    else:
        result_cards.show(found, dictionary, selected)
    results_list.downloads(found, dictionary, searched, search.services)


def _stack_here(shown: pd.DataFrame, map_key: str) -> None:
    """Facilities that share the point last clicked: each one reachable, not only the top one."""
    key, stack = st.session_state.get(_STACK, ("", ()))
    here = shown[shown["id"].isin(stack)] if key == map_key else shown.iloc[:0]
    if len(here) < 2:
        return
    st.markdown(f"**{len(here)} facilities share the point you chose** (the map cannot tell "
                "them apart):")  # fmt: skip
    for row in here.head(STACK_LISTED).to_dict("records"):
        st.button(
            f"{row['name']} · {listing.distance(row)}",
            key=f"stack_{row['id']}",
            on_click=state.select,
            args=(row["id"],),
        )
    if len(here) > STACK_LISTED:
        st.caption(f"… and {len(here) - STACK_LISTED} more in the list below.")


def _set_view(view: str) -> None:
    st.session_state[state.VIEW] = view
