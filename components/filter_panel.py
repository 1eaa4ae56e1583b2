"""Every filter the data knows, in the sidebar (a drawer on a phone), with result counts."""

from collections.abc import Mapping

import streamlit as st

from clinic_finder.filters import LICENCE_FILTER, FilterSet, label
from clinic_finder.services import ServiceDictionary
from components import state

HOW = (
    "Several choices in one filter mean **any of** them; different filters must **all** match. "
    "Numbers in brackets: how many results that choice gives."
)


TREATMENTS = "treatment"  # most wanted: beside the location box, not in the sidebar


def _formatter(dictionary: ServiceDictionary, counts: Mapping[str, int]):
    return lambda code: f"{label(code, dictionary)} ({counts.get(code, 0):,})"


def treatments(filters: FilterSet, dictionary: ServiceDictionary, counts: Mapping[str, int]):
    f = next(f for f in filters.main() if f.key == TREATMENTS)
    st.multiselect(
        "Treatments: ketamine infusion, TMS, ECT, telehealth",
        f.codes,
        key=state.filter_key(f.key),
        format_func=_formatter(dictionary, counts),
        placeholder="Any treatment",
        help="Choose several to see facilities offering any of them.",
    )
    st.caption(
        "More filters (type of care, setting, payment, languages, ages, special groups, "
        "licence status, all services) are in the sidebar: » at the top left on a phone."
    )


def show(filters: FilterSet, dictionary: ServiceDictionary, counts: Mapping[str, int]) -> None:
    shown = _formatter(dictionary, counts)
    with st.sidebar:
        st.header("Filters")
        st.caption(HOW)
        st.button("Clear all filters", on_click=_clear, args=(filters,))
        for f in filters.main():
            if f.key == TREATMENTS:
                continue
            st.multiselect(
                f.label,
                f.codes,
                key=state.filter_key(f.key),
                format_func=shown,
                placeholder="Any",
            )
        st.multiselect(
            "Licence status (California DHCS records)",
            list(LICENCE_FILTER),
            key=state.LICENCE,
            format_func=LICENCE_FILTER.get,
            placeholder="Any",
        )
        with st.expander("All services (pharmacotherapies, therapies, support…)"):
            more = [code for f in filters.more() for code in f.codes]
            names = {f.key: f.label for f in filters.more()}
            st.multiselect(
                "Search all services",
                more,
                key=state.MORE,
                format_func=lambda c: f"{names[filters.filter_of(c)]}: {shown(c)}",
                placeholder="Type to search, e.g. clozapine, peer support",
                help="Choices in the same category mean any of them; categories must all match.",
            )


def _clear(filters: FilterSet) -> None:
    for f in filters.main():
        st.session_state[state.filter_key(f.key)] = []
    st.session_state[state.MORE] = []
    st.session_state[state.LICENCE] = []
