"""The search as widget state, restored from a shared link once and written back on every run."""

import streamlit as st

from clinic_finder.filters import LICENCE_FILTER, FilterSet
from clinic_finder.share import SharedSearch, parse_params

NEAR, RADIUS, ONLINE, LICENCE, SELECTED, MORE = (
    "near", "radius", "online", "licence", "selected", "f_more",
)  # fmt: skip
_RESTORED = "_link_restored"
NOTICES = "_link_notices"


def filter_key(key: str) -> str:
    return f"f_{key}"


def restore_from_link(filters: FilterSet) -> None:
    """On a session's first run, put what the link carries into the widgets (never again after)."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    known = [code for f in filters for code in f.codes]
    shared, notices = parse_params(params, known, LICENCE_FILTER)
    st.session_state[NOTICES] = notices
    st.session_state[NEAR] = shared.near
    st.session_state[RADIUS] = shared.radius
    st.session_state[LICENCE] = list(shared.licence)
    for f in filters.main():
        st.session_state[filter_key(f.key)] = [c for c in shared.services if c in f.codes]
    more = {code for f in filters.more() for code in f.codes}
    st.session_state[MORE] = [c for c in shared.services if c in more]
    st.session_state[SELECTED] = shared.selected or None


def chosen_codes(filters: FilterSet) -> list[str]:
    codes = [c for f in filters.main() for c in st.session_state.get(filter_key(f.key), [])]
    return codes + list(st.session_state.get(MORE, []))


def current(filters: FilterSet) -> SharedSearch:
    return SharedSearch(
        near=st.session_state.get(NEAR, "").strip(),
        radius=st.session_state.get(RADIUS, 25),
        services=tuple(chosen_codes(filters)),
        licence=tuple(st.session_state.get(LICENCE, [])),
        selected=st.session_state.get(SELECTED) or "",
    )


def write_link(shared: SharedSearch) -> None:
    """Keep the address bar equal to the search, so copying it shares exactly this view."""
    # Every run: the browser leaves its address bar alone when the query string is unchanged.
    st.query_params.from_dict(shared.to_params())
