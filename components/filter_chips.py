"""Every active filter named above the results, each removable in one tap, and "Clear all".

Wherever a filter was chosen (beside the box, in the sidebar, a shared link), it shows here, so a
phone whose drawer is closed still says what narrows the list (issue 29, defect 3).
"""

import streamlit as st

from clinic_finder.search.filters import LICENCE_FILTER, FilterSet, label
from clinic_finder.table.services import ServiceDictionary
from components import medicines, state
from components.language import _, translator

KEY = "chips"


def show(filters: FilterSet, dictionary: ServiceDictionary) -> None:
    search = state.search()
    if not search.services and not search.licence:
        return
    t = translator()
    whole, others = medicines.as_chosen(filters, search.services)
    with st.container(horizontal=True, gap="small", key=KEY, vertical_alignment="center"):
        st.markdown(_("**Filters:**"), width="content")
        for medicine in whole:
            words = _(medicines.MEDICINES[medicine][0])
            _chip(f"chip_{medicine}", words, _without, medicines.codes(filters, medicine))
        for code in others:
            words = label(code, dictionary, t)
            _chip(f"chip_{code}", words, _without_service, code)
        for status in search.licence:
            words = _(LICENCE_FILTER[status])
            _chip(f"chip_licence_{status}", words, _without_licence, status)
        st.button(_("Clear all"), key="chips_clear", on_click=_clear_all, type="tertiary")


def _chip(key: str, words: str, remove, value) -> None:
    st.button(
        words,
        key=key,
        icon=":material/close:",
        on_click=remove,
        args=(value,),
    )


def _without_service(code: str) -> None:
    _without((code,))


def _without(codes: tuple[str, ...]) -> None:
    state.update(services=tuple(c for c in state.search().services if c not in codes))


def _without_licence(status: str) -> None:
    state.update(licence=tuple(s for s in state.search().licence if s != status))


def _clear_all() -> None:
    state.update(services=(), licence=())
