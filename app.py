"""Streamlit entry point: find licensed mental-health care near a place. Wiring only."""

from urllib.parse import urlencode

import streamlit as st

from clinic_finder.finder import licence_mask
from clinic_finder.geocode.types import LocationNotFound
from components import (
    about,
    crisis_banner,
    data,
    filter_panel,
    results_view,
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
    point = data.resolver(online).resolve(shared.near) if shared.near else None
    if data.online_failed(online):
        st.caption("ℹ️ The online lookup did not answer; this session uses the offline place list.")

    within = licence_mask(index, shared.licence)
    if point is not None and not isinstance(point, LocationNotFound):
        within &= index.distances_mi(point.lat, point.lon) <= shared.radius
    counts = filters.counts(index, within, filters.groups(shared.services))
    filter_panel.treatments(filters, dictionary, counts)
    filter_panel.show(filters, dictionary, counts)

    if point is None or isinstance(point, LocationNotFound):
        matching = index.table[within & index.offering(filters.query_filters(shared.services))]
        results_view.overview(matching, point)
    else:
        results_view.results(index, filters, dictionary, point, shared)

    shared = state.current(filters)
    state.write_link(shared)
    with st.expander("Share this search"):
        base = (st.context.url or "").split("?")[0]
        st.code(f"{base}?{urlencode(shared.to_params(), doseq=True)}", language=None)
        st.caption("Anyone opening this link sees the same search. It holds what you typed.")

# Before anything is typed, load the place index after the page is drawn, not when it is needed.
data.gazetteer()
