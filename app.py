"""Streamlit entry point: page set-up and wiring only (the full patient app is its own issue)."""

import streamlit as st

from clinic_finder.geocode.types import LocationNotFound
from clinic_finder.search import Query, search
from clinic_finder.services import KEY_SERVICES
from components import crisis_banner, data, results_list

st.set_page_config(page_title="Find licensed mental-health care", page_icon="🧭", layout="wide")
crisis_banner.show()
st.title("Find licensed mental-health care near you")

index = data.clinic_index()
treatments = ["KIT", "TMS", "ECT", "TELE"]
with st.form("search"):
    near = st.text_input("ZIP code, city or address", key="near", placeholder="e.g. 84101")
    radius = st.slider("Radius (miles)", 1, 500, 25, key="radius")
    wanted = st.multiselect(
        "Treatments (a facility must offer all you choose)",
        treatments,
        format_func=KEY_SERVICES.get,
        key="service",
    )
    st.form_submit_button("Search")

if not near.strip():
    st.caption(f"{len(index):,} licensed facilities in the directory. Type a location to begin.")
else:
    point = data.offline_resolver().resolve(near)
    if isinstance(point, LocationNotFound):
        st.warning(point.message)
        if point.suggestions:
            st.caption("Did you mean: " + " · ".join(point.suggestions))
    else:
        found = search(index, Query.all_of(point.lat, point.lon, radius, wanted))
        st.subheader(f"{len(found)} facilities within {radius} miles of {point.label}")
        results_list.show(found)
