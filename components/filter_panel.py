"""Every filter the data knows, drawn from the search model, each option with its result count.

The most wanted filters sit beside the location box; the rest are in the sidebar (a drawer on a
phone). Options never change with the search (an option that gives nothing shows 0), so a choice
can never disappear under the person's hand.
"""

import functools
import re
from collections.abc import Callable, Mapping

import streamlit as st

from clinic_finder.search.filters import LICENCE_FILTER, Filter, FilterSet, label
from clinic_finder.search.service_search import find_services
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text import i18n
from clinic_finder.text.i18n import N_
from clinic_finder.text.markdown import escape as md
from components import state
from components.language import _, number, numbers, translator

HOW = N_(
    "Several choices in one filter mean **any of** them; different filters must **all** match. "
    "The number beside an option: how many results you would get by choosing it too."
)
UP_FRONT = ("treatment", "substance")  # most wanted: beside the location box, not in the sidebar
LABEL_UP_FRONT = {
    "treatment": N_("Treatments: ketamine infusion, TMS, ECT, telehealth"),
    "substance": N_("Substance use care: methadone, buprenorphine, naltrexone, detox, residential"),
}
SERVICE_QUERY = "service_query"
_MATCHES_SHOWN = 8
_COUNT = re.compile(r" \([\d,.]+\)$")


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
            state.notice(N_("One of your choices could not be read: please choose it again."))
        elif code not in codes:
            codes.append(code)
    return codes


def _counted(names: Callable[[str], str], counts: Mapping[str, int]) -> Callable[[str], str]:
    written = numbers()
    return lambda code: f"{names(code)} ({written(counts.get(code, 0))})"


def _filter_widget(
    filters: FilterSet, f: Filter, title: str, shown: Callable[[str], str], **options
) -> None:
    key = state.filter_key(f.key)
    chosen = state.services_in(f.codes)
    st.multiselect(
        title,
        f.codes,
        state.seed(key, chosen, tuple(map(shown, chosen))),
        key=key,
        format_func=shown,
        # No "Select 5 matches" row on top of the list (every filter here): typing "methadone"
        # and pressing Enter chose all five options it matched, 30 facilities instead of 5.
        select_all=False,
        on_change=state.chosen(
            key,
            lambda values: state.set_services_of(filters, {f.key}, _codes(values, f.codes, shown)),
        ),
        **options,
    )


def up_front(filters: FilterSet, dictionary: ServiceDictionary, counts: Mapping[str, int]):
    t = translator()
    shown = _counted(lambda c: label(c, dictionary, t), counts)
    placeholders = {"treatment": N_("Any treatment"), "substance": N_("Any substance use care")}
    ahead = [f for f in filters.main() if f.key in UP_FRONT]
    # Side by side on a wide screen (one line less above the results); stacked on a phone
    for column, f in zip(st.columns(len(ahead)) if ahead else [], ahead, strict=True):
        with column:
            _filter_widget(
                filters,
                f,
                _(LABEL_UP_FRONT.get(f.key, f.label)),
                shown,
                placeholder=_(placeholders.get(f.key, "Any")),
            )
    st.caption(
        _(
            "More filters (type of care, setting, payment, languages, ages, special groups, "
            "licensing and accreditation, license status, all services) are in the sidebar: » "
            "at the top left on a phone."
        )
    )


def sidebar(
    filters: FilterSet,
    dictionary: ServiceDictionary,
    counts: Mapping[str, int],
    licence_counts: Mapping[str, int],
    lean: bool = False,
) -> None:
    """The sidebar's filters; in a lean run (components/rest_of_page) only its heading, so the
    page's layout does not jump when the filters come (the drawer and its » are there at once)."""
    t = translator()
    shown = _counted(lambda c: label(c, dictionary, t), counts)
    with st.sidebar:
        st.header(_("Filters"), anchor=False)
        st.caption(_(HOW))
        if lean:
            return
        st.button(_("Clear all filters"), key="clear_filters", on_click=_clear)
        for f in filters.main():
            if f.key not in UP_FRONT:
                _filter_widget(filters, f, _(f.label), shown, placeholder=_("Any"))
        licence = list(state.search().licence)
        statuses = {status: _(words) for status, words in LICENCE_FILTER.items()}
        licence_shown = _counted(statuses.__getitem__, licence_counts)
        st.multiselect(
            _("License status (state license records)"),
            list(LICENCE_FILTER),
            state.seed(state.LICENCE, licence, tuple(map(licence_shown, licence))),
            key=state.LICENCE,
            format_func=licence_shown,
            placeholder=_("Any"),
            select_all=False,
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
    t = translator()
    st.subheader(_("All services"), anchor=False)
    st.caption(
        _(
            "Search by name, description, or a drug or brand name. Choices in one category mean "
            "any of them; categories must all match."
        )
    )
    query = st.text_input(
        _("Find a service"),
        key=SERVICE_QUERY,
        placeholder=_("e.g. methadone, Suboxone, peer support"),
    )
    more = {code for f in filters.more() for code in f.codes}
    if query.strip():
        found = find_services(query, dictionary, available=filters.codes(), t=t)
        if found.note:
            st.info(_(found.note))
        if not found.codes and not found.note:
            st.caption(_("No service matches {typed}.").format(typed=md(query.strip()[:60])))
        chosen = set(state.search().services)
        for code in found.codes[:_MATCHES_SHOWN]:
            key = f"svc_{code}"
            st.checkbox(
                f"{label(code, dictionary, t)} ({number(counts.get(code, 0))})",
                state.seed(key, code in chosen),
                key=key,
                help=_description(dictionary.get(code).description),
                on_change=state.chosen(key, functools.partial(_toggle, code)),
            )
    names = {f.key: _(f.label) for f in filters.more()}
    written = numbers()
    key = state.MORE
    other = [c for c in state.search().services if c in more]

    def other_shown(code: str) -> str:
        category = names[filters.filter_of(code) or ""]
        return f"{category}: {label(code, dictionary, t)} ({written(counts.get(code, 0))})"

    st.multiselect(
        _("Other services chosen"),
        sorted(more, key=lambda c: (names[filters.filter_of(c) or ""], label(c, dictionary, t))),
        state.seed(key, other, tuple(map(other_shown, other))),
        key=key,
        format_func=other_shown,
        placeholder=_("None (find one above)"),
        filter_mode="contains",
        select_all=False,
        on_change=state.chosen(
            key,
            lambda values: state.set_services_of(
                filters, set(names), _codes(values, more, other_shown)
            ),
        ),
    )


def _description(text: str) -> str | None:
    """A service's description in this language; none rather than one in another language."""
    said = _(text) if text else ""
    return said if said and (said != text or translator() is i18n.ENGLISH) else None


def _toggle(code: str, on: bool) -> None:
    services = [c for c in state.search().services if c != code]
    state.update(services=tuple([*services, code] if on else services))


def _clear() -> None:
    state.update(services=(), licence=())
