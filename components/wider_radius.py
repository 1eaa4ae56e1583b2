"""A few results in the radius: one tap to the next radius that finds more, with its count.

Out in the country 25 miles may hold one facility and 50 miles five; the person saw "1 facility"
and nothing to say that more were a little farther (the nearest beyond the radius are listed only
when there are none in it). The count is the same answer the wider search gives.
"""

import streamlit as st

from clinic_finder.formats.share import SharedSearch
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.search.answer import Answer
from clinic_finder.search.index import Query
from clinic_finder.search.index import search as index_search
from components import data, state
from components.language import ngettext, number
from components.search_box import RADIUS_STEPS

FEW = 5  # fewer than this within the radius: offer the next radius that finds more


def offer(found: Answer, point: GeocodeResult, search: SharedSearch) -> None:
    """The button, under the count line, when the radius holds a few results and a wider one
    holds more; nothing otherwise."""
    have = len(found.results)
    wider = [step for step in RADIUS_STEPS if step > search.radius]
    if not 0 < have < FEW or not wider:
        return
    # One search to the widest step (answer()'s own path, without its counts): each step's
    # count is then its matches within that many miles.
    query = Query(point.lat, point.lon, wider[-1], data.filter_set().query_filters(search.services))
    distances = index_search(data.clinic_index(), query, search.licence)["distance_mi"]
    for miles in wider:
        count = int((distances <= miles).sum())
        if count > have:
            words = ngettext(
                "Widen to {miles} miles: {count} facility",
                "Widen to {miles} miles: {count} facilities",
                count,
            ).format(miles=miles, count=number(count))
            st.button(words, key="wider_radius", on_click=state.update, kwargs={"radius": miles})
            return
