"""The map inside the page, and what a click on it means."""

import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from clinic_finder.show import map_view
from components import data
from components.language import translator

HEIGHT = 480
# Only a click on a facility reruns the app; panning and zooming do not.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
# st_folium renders the whole figure and then the map again; the map's own render gives its
# frontend the same arguments (tests/test_map_view.py) in ~60 % of the time.
RENDER_FIGURE = False
_LAST_CLICK = "_last_map_click"


def map_key(*search) -> str:
    """One component per search, so a click on an earlier map is never read as a new one."""
    return "map_" + hashlib.sha1(repr(search).encode()).hexdigest()[:12]


def new_click(key: str) -> tuple[str, ...]:
    """The facilities at the point clicked on this search's map since the last run (nearest
    first; more than one where facilities share the point), or () for none."""
    state = st.session_state.get(key)
    clicked = map_view.clicked_facility(state)
    if clicked is None or st.session_state.get(_LAST_CLICK) == (key, *clicked):
        return ()
    st.session_state[_LAST_CLICK] = (key, *clicked)
    return map_view.clicked_stack(state)


def overview(table: pd.DataFrame) -> None:
    st_folium(
        map_view.overview_map(table, data.settings().map, translator()),
        key="map_overview",
        height=HEIGHT,
        use_container_width=True,
        returned_objects=[],
        render=RENDER_FIGURE,
    )


def results(
    key: str,
    found: pd.DataFrame,
    center: tuple[float, float],
    radius_mi: float,
    place: str,
    selected: Mapping | None,
) -> None:
    st_folium(
        map_view.results_map(found, center, radius_mi, place, data.settings().map, translator()),
        key=key,
        height=HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED,
        render=RENDER_FIGURE,
        # The chosen facility is drawn and centred without reloading the map; the zoom stays,
        # so its neighbours stay in view.
        feature_group_to_add=map_view.selection_layer(selected) if selected else None,
        center=(selected["lat"], selected["lon"]) if selected else None,
    )
