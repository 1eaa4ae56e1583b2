"""The answer to a search: the overview before a place is typed, or results on map and list."""

import pandas as pd
import streamlit as st

from clinic_finder.filters import FilterSet
from clinic_finder.finder import find, nearest_beyond
from clinic_finder.geocode.types import PRECISION_WORDS, GeocodeResult, LocationNotFound
from clinic_finder.markdown import escape as md
from clinic_finder.search import ClinicIndex, Query
from clinic_finder.services import ServiceDictionary
from clinic_finder.share import SharedSearch
from components import facility_detail, map_panel, results_list, state


def overview(matching: pd.DataFrame, problem: LocationNotFound | None) -> None:
    """Every facility matching the filters, clustered, with a hint to type a place."""
    if problem is not None:
        st.warning(md(problem.message))  # it quotes what was typed, maybe from a link
        if problem.suggestions:
            st.caption("Did you mean: " + " · ".join(map(md, problem.suggestions)))
    st.info(
        f"**{len(matching):,} licensed facilities** match your filters across the country. "
        "Type a ZIP code, city or address above to see who is near you, nearest first."
    )
    map_panel.overview(matching)


def results(
    index: ClinicIndex,
    filters: FilterSet,
    dictionary: ServiceDictionary,
    point: GeocodeResult,
    shared: SharedSearch,
) -> None:
    """Results within the radius (or the nearest beyond it), on the map and in the list."""
    query = Query(point.lat, point.lon, shared.radius, filters.query_filters(shared.services))
    found = find(index, query, shared.licence)
    place = md(point.label)  # an online geocoder's words are data too
    if found.empty:
        st.warning(f"No facility within {shared.radius} miles of {place} matches your filters.")
        found = nearest_beyond(index, query, shared.licence)
        if found.empty:
            st.info("No facility anywhere matches these filters. Try removing some.")
            return
        st.markdown(f"**The {len(found)} nearest that match, beyond the radius:**")
    else:
        st.markdown(
            f"**{len(found):,} facilities within {shared.radius} miles** of {place} "
            f"({PRECISION_WORDS[point.precision]}), nearest first."
        )

    ids = found["id"].tolist()
    services, licence = tuple(sorted(shared.services)), tuple(sorted(shared.licence))
    map_key = map_panel.map_key(point.lat, point.lon, shared.radius, services, licence)
    table_key = f"{results_list.TABLE}_{map_key}"
    picked = map_panel.new_click(map_key) or results_list.new_pick(ids, table_key)
    if picked in ids:
        st.session_state[state.SELECTED] = picked
    chosen = found[found["id"] == st.session_state.get(state.SELECTED)]
    selected = chosen.iloc[0].to_dict() if not chosen.empty else None

    map_column, detail_column = st.columns([3, 2])
    with map_column:
        map_panel.results(map_key, found, (point.lat, point.lon), shared.radius, point.label,
                          selected)  # fmt: skip
    with detail_column:
        results_list.chooser(found)
        if selected is not None:
            facility_detail.show(selected, dictionary)
    results_list.show(found, table_key)
    results_list.downloads(found, dictionary, shared.near)
