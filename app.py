"""Streamlit entry point: find licensed mental-health and substance-use care near a place.

Wiring only: the crisis banner, the title, the tabs; the search itself is components/find_care.
"""

import streamlit as st

from components import about, crisis_banner, data, find_care, page_style, state

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

# Only the open tab runs (a tab switch reruns): the explainers cost every search nothing.
find_tab, data_tab, ketamine_tab = st.tabs(
    ["Find care", "About the data", "About ketamine care"], key="tab", on_change="rerun"
)
if data_tab.open:
    with data_tab:
        about.data(len(index))
if ketamine_tab.open:
    with ketamine_tab:
        about.ketamine()

if find_tab.open:
    with find_tab:
        find_care.show(index, filters, dictionary)
state.write_link(state.search())

# Before anything is typed, load the place index after the page is drawn, not when it is needed.
data.gazetteer()
