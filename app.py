"""Streamlit entry point: find licensed mental-health care near a place. Wiring only."""

from urllib.parse import urlencode

import streamlit as st

from clinic_finder.finder import find, licence_mask, nearest_beyond
from clinic_finder.geocode.types import PRECISION_WORDS, LocationNotFound
from clinic_finder.markdown import escape as md
from clinic_finder.search import Query
from components import (
    about,
    crisis_banner,
    data,
    facility_detail,
    filter_panel,
    map_panel,
    results_list,
    search_box,
    state,
)

st.set_page_config(page_title="Find licensed mental-health care", page_icon="🧭", layout="wide")
crisis_banner.show()
st.title("Find licensed mental-health care near you")

index = data.clinic_index()
dictionary = data.service_dictionary()
filters = data.filter_set()
state.restore_from_link(filters)
for notice in st.session_state.pop(state.NOTICES, []):
    st.caption(f"ℹ️ {notice}")

find_tab, data_tab, ketamine_tab = st.tabs(["Find care", "About the data", "About ketamine care"])
with data_tab:
    about.data(len(index))
with ketamine_tab:
    about.ketamine()

with find_tab:
    online = search_box.show(data.geocoder_settings(), data.online_unavailable())
    shared = state.current(filters)
    groups = filters.groups(shared.services)
    licence = set(shared.licence)
    point = data.resolver(online).resolve(shared.near) if shared.near else None
    if data.online_failed(online):
        st.caption("ℹ️ The online lookup did not answer; this session uses the offline place list.")

    within = licence_mask(index, licence)
    if point is not None and not isinstance(point, LocationNotFound):
        within &= index.distances_mi(point.lat, point.lon) <= shared.radius
    counts = filters.counts(index, within, groups)
    filter_panel.treatments(filters, dictionary, counts)
    filter_panel.show(filters, dictionary, counts)

    if point is None or isinstance(point, LocationNotFound):
        if isinstance(point, LocationNotFound):
            st.warning(md(point.message))  # it quotes what was typed, maybe from a link
            if point.suggestions:
                st.caption("Did you mean: " + " · ".join(map(md, point.suggestions)))
        matching = index.table[within & index.offering(filters.query_filters(shared.services))]
        st.info(
            f"**{len(matching):,} licensed facilities** match your filters across the country. "
            "Type a ZIP code, city or address above to see who is near you, nearest first."
        )
        map_panel.overview(matching)
    else:
        query = Query(point.lat, point.lon, shared.radius, filters.query_filters(shared.services))
        found = find(index, query, licence)
        place = md(point.label)  # an online geocoder's words are data too
        where = f"{place} ({PRECISION_WORDS[point.precision]})"
        if found.empty:
            st.warning(f"No facility within {shared.radius} miles of {place} matches your filters.")
            found = nearest_beyond(index, query, licence)
            if found.empty:
                st.info("No facility anywhere matches these filters. Try removing some.")
            else:
                st.markdown(f"**The {len(found)} nearest that match, beyond the radius:**")
        else:
            st.markdown(
                f"**{len(found):,} facilities within {shared.radius} miles** of {where}, "
                "nearest first."
            )

        if not found.empty:
            ids = found["id"].tolist()
            search_id = (point.lat, point.lon, shared.radius, tuple(sorted(shared.services)),
                         tuple(sorted(licence)))  # fmt: skip
            map_key = map_panel.map_key(*search_id)
            table_key = f"{results_list.TABLE}_{map_key}"
            picked = map_panel.new_click(map_key) or results_list.new_pick(ids, table_key)
            if picked in ids:
                st.session_state[state.SELECTED] = picked
            selected_id = st.session_state.get(state.SELECTED)
            chosen = found[found["id"] == selected_id]
            selected = chosen.iloc[0].to_dict() if not chosen.empty else None

            map_column, detail_column = st.columns([3, 2])
            with map_column:
                map_panel.results(map_key, found, (point.lat, point.lon), shared.radius,
                                  point.label, selected)  # fmt: skip
            with detail_column:
                results_list.chooser(found)
                if selected is not None:
                    facility_detail.show(selected, dictionary)
            results_list.show(found, table_key)
            results_list.downloads(found, dictionary, shared.near)

    shared = state.current(filters)
    state.write_link(shared)
    with st.expander("Share this search"):
        base = (st.context.url or "").split("?")[0]
        st.code(f"{base}?{urlencode(shared.to_params(), doseq=True)}", language=None)
        st.caption("Anyone opening this link sees the same search. It holds what you typed.")

# Before anything is typed, load the place index after the page is drawn, not when it is needed.
data.gazetteer()
