"""Streamlit entry point: find licensed mental-health and substance-use care near a place.

Wiring only: read the search model, answer it once, draw the answer.
"""

from urllib.parse import urlencode

import streamlit as st

from clinic_finder.answer import answer
from clinic_finder.geocode.types import GeocodeResult
from components import (
    about,
    crisis_banner,
    data,
    filter_panel,
    page_style,
    results_view,
    search_box,
    state,
)

st.set_page_config(
    page_title="Find licensed mental-health and substance-use care", page_icon="🧭", layout="wide"
)
page_style.apply()
crisis_banner.show()
st.title("Find licensed mental-health and substance-use care near you", anchor=False)

index = data.clinic_index()
dictionary = data.service_dictionary()
filters = data.filter_set()
state.restore_from_link(filters)

find_tab, data_tab, ketamine_tab = st.tabs(["Find care", "About the data", "About ketamine care"])
with data_tab:
    about.data(len(index))
with ketamine_tab:
    about.ketamine()

with find_tab:
    online = search_box.show(data.geocoder_settings(), data.online_unavailable())
    search = state.search()
    if search.here is not None:  # the browser's own position: nothing to look up
        place = search.here.as_place()
    else:
        place = data.resolver(online).resolve(search.near) if search.near else None
    if data.online_failed(online):
        state.notice("The online lookup did not answer; this session uses the offline place list.")
    point = (place.lat, place.lon) if isinstance(place, GeocodeResult) else None
    found = answer(index, filters, point, search.radius, search.services, search.licence)

    filter_panel.up_front(filters, dictionary, found.counts)
    filter_panel.sidebar(filters, dictionary, found.counts, found.licence_counts)
    told = st.empty()  # filled last: drawing the results can find something to tell
    live = st.empty()

    if isinstance(place, GeocodeResult):
        said = results_view.results(found, place, search, dictionary)
    else:
        said = results_view.place_problem(place) if place is not None else ""
        said = " ".join(filter(None, [said, results_view.overview(found)]))
    with told.container():
        for notice in state.notices():
            st.info(notice, icon="ℹ️")
    with live.container():
        results_view.announce(said)

    search = state.search()
    state.write_link(search)
    with st.expander("Share this search"):
        base = (st.context.url or "").split("?")[0]
        st.code(f"{base}?{urlencode(search.to_params(), doseq=True)}", language=None)
        st.caption(
            "Anyone opening this link sees the same search. It holds what you typed"
            + (", not your location." if search.here and not search.share_here else ".")
        )

# Before anything is typed, load the place index after the page is drawn, not when it is needed.
data.gazetteer()
