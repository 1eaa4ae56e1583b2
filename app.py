"""Streamlit entry point: find licensed mental-health and substance-use care near a place.

Wiring only: the crisis banner, the title, the tabs; the search itself is components/find_care.
"""

import streamlit as st

from components import about, crisis_banner, data, find_care, language, page_style, state
from components.language import _

st.set_page_config(
    page_title=_("Find licensed mental-health and substance-use care"),
    page_icon="🧭",
    layout="wide",
)
page_style.apply()
crisis_banner.show()
if (unusable := data.settings().problem("data")) is not None:  # never another directory instead
    st.error(unusable.notice)
    st.stop()
language.switch()
st.title(_("Find licensed mental-health and substance-use care near you"), anchor=False)

index = data.clinic_index()
dictionary = data.service_dictionary()
filters = data.filter_set()
state.restore_from_link(filters, language.browser_language())
language.announce()

# Only the open tab runs (a tab switch reruns): the explainers cost every search nothing.
find_tab, data_tab, ketamine_tab = st.tabs(
    [_("Find care"), _("About the data"), _("About ketamine care")], key="tab", on_change="rerun"
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
