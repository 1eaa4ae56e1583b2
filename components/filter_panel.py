"""Every filter the data knows, drawn from the search model, each option with its result count.

The most wanted filters sit beside the location box; the rest are in the sidebar (a drawer on a
phone). Options never change with the search (an option that gives nothing shows 0), so a choice
can never disappear under the person's hand.
"""

import functools
import re
from collections.abc import Callable, Mapping
from typing import cast

import streamlit as st

from clinic_finder.filters import LICENCE_FILTER, Filter, FilterSet, label
from clinic_finder.markdown import escape as md
from clinic_finder.records import LicenceStatus
from clinic_finder.service_search import find_services
from clinic_finder.services import ServiceDictionary
from components import state

HOW = (
    "Several choices in one filter mean **any of** them; different filters must **all** match. "
    "The number beside an option: how many results you would get by choosing it too."
)
UP_FRONT = ("treatment", "substance")  # most wanted: beside the location box, not in the sidebar
LABEL_UP_FRONT = {
    "treatment": "Treatments: ketamine infusion, TMS, ECT, telehealth",
    "substance": "Substance use care: methadone, buprenorphine, naltrexone, detox, residential",
}
SERVICE_QUERY = "service_query"
_MATCHES_SHOWN = 8
_COUNT = re.compile(r" \([\d,]+\)$")


def _codes(values: list[str], options, shown: Callable[[str], str]) -> list[str]:
    """The chosen codes, whatever the browser sent.

    A browser that has not yet drawn the last run sends a choice as its older label ("Spanish
    (110)" after the count became 112): such a label is matched by its words, without the count.
    """
    by_words = {_COUNT.sub("", shown(code)): code for code in options}
    codes = []
    for value in values:
        code = value if value in options else by_words.get(_COUNT.sub("", str(value)))
        if code is None:
            state.notice("One of your choices could not be read: please choose it again.")
        elif code not in codes:
            codes.append(code)
    return codes


def _counted(names: Callable[[str], str], counts: Mapping[str, int]) -> Callable[[str], str]:
    return lambda code: f"{names(code)} ({counts.get(code, 0):,})"


def _filter_widget(
    filters: FilterSet, f: Filter, title: str, shown: Callable[[str], str], **options
) -> None:
    key = state.filter_key(f.key)
    chosen = state.services_in(f.codes)
    state.seed(key, chosen, tuple(map(shown, chosen)))
    st.multiselect(
        title,
        f.codes,
        key=key,
        format_func=shown,
        on_change=state.chosen(
            key,
            lambda values: state.set_services_of(filters, {f.key}, _codes(values, f.codes, shown)),
        ),
        **options,
    )


def up_front(filters: FilterSet, dictionary: ServiceDictionary, counts: Mapping[str, int]):
    shown = _counted(lambda c: label(c, dictionary), counts)
    for f in filters.main():
        if f.key in UP_FRONT:
            _filter_widget(
                filters,
                f,
                LABEL_UP_FRONT.get(f.key, f.label),
                shown,
                placeholder=f"Any {f.label.lower()}",
            )
    st.caption(
        "More filters (type of care, setting, payment, languages, ages, special groups, "
        "licensing and accreditation, licence status, all services) are in the sidebar: » at the "
        "top left on a phone."
    )


def sidebar(
    filters: FilterSet,
    dictionary: ServiceDictionary,
    counts: Mapping[str, int],
    licence_counts: Mapping[str, int],
) -> None:
    shown = _counted(lambda c: label(c, dictionary), counts)
    with st.sidebar:
        st.header("Filters", anchor=False)
        st.caption(HOW)
        st.button("Clear all filters", key="clear_filters", on_click=_clear)
        for f in filters.main():
            if f.key not in UP_FRONT:
                _filter_widget(filters, f, f.label, shown, placeholder="Any")
        licence = list(state.search().licence)
        licence_shown = _counted(_licence_words, licence_counts)
        state.seed(state.LICENCE, licence, tuple(map(licence_shown, licence)))
        st.multiselect(
            "Licence status (state licence records)",
            list(LICENCE_FILTER),
            key=state.LICENCE,
            format_func=licence_shown,
            placeholder="Any",
            on_change=state.chosen(
                state.LICENCE,
                lambda v: state.update(licence=tuple(_codes(v, LICENCE_FILTER, licence_shown))),
            ),
        )
        _all_services(filters, dictionary, counts)


def _all_services(
    filters: FilterSet, dictionary: ServiceDictionary, counts: Mapping[str, int]
) -> None:
    """Search every service by name, description, or a drug or brand name."""
    st.subheader("All services", anchor=False)
    st.caption(
        "Search by name, description, or a drug or brand name. Choices in one category mean "
        "any of them; categories must all match."
    )
    query = st.text_input(
        "Find a service",
        key=SERVICE_QUERY,
        placeholder="e.g. methadone, Suboxone, peer support",
    )
    more = {code for f in filters.more() for code in f.codes}
    if query.strip():
        found = find_services(query, dictionary, available=filters.codes())
        if found.note:
            st.info(found.note)
        if not found.codes and not found.note:
            st.caption(f"No service matches {md(query.strip()[:60])!s}.")
        chosen = set(state.search().services)
        for code in found.codes[:_MATCHES_SHOWN]:
            key = f"svc_{code}"
            state.seed(key, code in chosen)
            st.checkbox(
                f"{label(code, dictionary)} ({counts.get(code, 0):,})",
                key=key,
                help=dictionary.get(code).description or None,
                on_change=state.chosen(key, functools.partial(_toggle, code)),
            )
    names = {f.key: f.label for f in filters.more()}
    key = state.MORE
    other = [c for c in state.search().services if c in more]

    def other_shown(code: str) -> str:
        category = names[filters.filter_of(code) or ""]
        return f"{category}: {label(code, dictionary)} ({counts.get(code, 0):,})"

    state.seed(key, other, tuple(map(other_shown, other)))
    st.multiselect(
        "Other services chosen",
        sorted(more, key=lambda c: (names[filters.filter_of(c) or ""], label(c, dictionary))),
        key=key,
        format_func=other_shown,
        placeholder="None (find one above)",
        filter_mode="contains",
        on_change=state.chosen(
            key,
            lambda values: state.set_services_of(
                filters, set(names), _codes(values, more, other_shown)
            ),
        ),
    )


def _licence_words(status: str) -> str:
    return LICENCE_FILTER[cast(LicenceStatus, status)]


def _toggle(code: str, on: bool) -> None:
    services = [c for c in state.search().services if c != code]
    state.update(services=tuple([*services, code] if on else services))


def _clear() -> None:
    state.update(services=(), licence=())
