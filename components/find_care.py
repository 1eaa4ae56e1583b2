"""The Find care tab: read the search model, answer it once, draw the answer."""

import streamlit as st

from clinic_finder.formats.share import SharedSearch
from clinic_finder.geocode.types import GeocodeResult, LocationNotFound, PlaceChoice
from clinic_finder.search.answer import answer
from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import ClinicIndex
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.i18n import N_
from components import (
    data,
    filter_chips,
    filter_panel,
    language,
    medicines,
    rest_of_page,
    results_view,
    search_box,
    state,
)
from components.language import _


def show(index: ClinicIndex, filters: FilterSet, dictionary: ServiceDictionary) -> None:
    online = search_box.show(data.settings().geocoder, data.online_unavailable())
    search = state.search()
    # Secondary choices one tap away (issue 26): open until a place is searched, so the first
    # screen after a search holds its answer; the chosen filters are named above the results.
    more = st.expander(
        _("Treatments, medicines and more"),
        expanded=not search.near and search.here is None,
    )
    for notice in data.settings().notices():  # a setting the operator got wrong: said quietly
        state.notice(notice)
    place: GeocodeResult | LocationNotFound | PlaceChoice | None
    if search.here is not None:  # the browser's own position: nothing to look up
        place = search.here.as_place(language.translator())
    else:
        place = data.resolver(online).resolve(search.near) if search.near else None
    if data.online_failed(online):
        state.notice(
            N_("The online lookup did not answer; this session uses the offline place list.")
        )
    point = (place.lat, place.lon) if isinstance(place, GeocodeResult) else None
    found = answer(index, filters, point, search.radius, search.services, search.licence)
    # A link's first run: the filters come with the rest of the page, once the map is drawn.
    lean = rest_of_page.decide(map_drawn=point is not None)

    if not lean:
        with more:
            medicines.show(filters)
            filter_panel.up_front(filters, dictionary, found.counts)
            search_box.precision(data.settings().geocoder, data.online_unavailable())
    # Filled last: drawing the results can find something to tell. One slot (each element costs
    # the browser time before the map: rest_of_page), the live region first so it stays the same
    # element whatever notices follow it.
    told = st.empty()
    filter_chips.show(filters, dictionary)

    if isinstance(place, GeocodeResult):
        said = results_view.results(found, place, search, dictionary)
    else:
        said = results_view.place_problem(place) if place is not None else ""
        said = " ".join(filter(None, [said, results_view.overview(found)]))
    with told.container():
        results_view.announce(said)
        for notice in state.notices():
            st.info(_(notice), icon="ℹ️")
    # The sidebar's many filters, drawn after the map and the first card: where it sits on the
    # page does not follow the script's order, but when the browser draws it does.
    filter_panel.sidebar(filters, dictionary, found.counts, found.licence_counts, lean)
    if not lean:  # at the page's foot: it comes with the rest
        _share_section()
    rest_of_page.finish()


def _share_section() -> None:
    # Where the list's "Share this search" link leads: a heading for the heading list, off the
    # screen (page_style); Streamlit names a heading by its words unless given an anchor.
    title = _("Share this search")
    st.container(key="share_heading").subheader(title, anchor=results_view.SHARE_ANCHOR)
    share = st.expander(title, key="share", on_change="rerun")
    if share.open:
        with share:
            _share(state.search())


def _share(search: SharedSearch) -> None:
    """The link that opens this search (drawn only when its expander is open: a press reruns,
    and the code block loads Streamlit's syntax highlighter, 0.4 s of the browser's main thread
    before the first map marker: issue 26)."""
    # Wrapped: on a phone a long link ran off the block's edge, to be scrolled sideways.
    st.code(search.link(st.context.url or ""), language=None, wrap_lines=True)
    if search.here is not None and not search.share_here:
        st.caption(
            _(
                "Anyone opening this link sees the same search. It holds what you typed, "
                "not your location."
            )
        )
    else:
        st.caption(_("Anyone opening this link sees the same search. It holds what you typed."))
