"""One choice per medicine for opioid use disorder, up front: methadone, buprenorphine, naltrexone.

Each stands for the SAMHSA codes that mean it (the detailed codes stay in the substance use list
and the sidebar). Choosing one chooses its codes in the substance use filter, where several
choices mean any of them, so the link and the counts say exactly what the page shows.
"""

import streamlit as st

from clinic_finder.search.filters import FilterSet
from clinic_finder.text.i18n import N_
from components import state
from components.language import _

# The SU directory's codes for each medicine (clinic_finder/search/filters.py labels them).
MEDICINES = {
    "methadone": (N_("Methadone"), ("MM", "MU", "METH", "DM")),
    "buprenorphine": (
        N_("Buprenorphine"),
        ("BUM", "UB", "BU", "BWN", "BWON", "BERI", "BSDM", "DB"),
    ),
    "naltrexone": (N_("Naltrexone"), ("UN", "NU", "NXN", "VTRL", "RPN")),
}
KEY = "medicines"


def codes(filters: FilterSet, medicine: str) -> tuple[str, ...]:
    """The medicine's codes that this directory publishes."""
    known = set(filters.codes())
    return tuple(c for c in MEDICINES[medicine][1] if c in known)


def chosen(filters: FilterSet, services: tuple[str, ...]) -> list[str]:
    """The medicines whose every code is chosen."""
    return [m for m in MEDICINES if codes(filters, m) and set(codes(filters, m)) <= set(services)]


def as_chosen(filters: FilterSet, services: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(the medicines wholly chosen, the other codes): a medicine chosen as one choice is
    named as one, as it was chosen, not as its eight codes."""
    whole = chosen(filters, services)
    grouped = {code for medicine in whole for code in codes(filters, medicine)}
    return whole, [c for c in services if c not in grouped]


def show(filters: FilterSet) -> None:
    picked = chosen(filters, state.search().services)
    st.pills(
        _("Medicines for opioid use"),
        list(MEDICINES),
        selection_mode="multi",
        default=state.seed(KEY, picked),
        key=KEY,
        format_func=lambda m: _(MEDICINES[m][0]),
        on_change=state.chosen(KEY, lambda now: _choose(filters, picked, now or [])),
    )


def _choose(filters: FilterSet, before: list[str], now: list[str]) -> None:
    services = list(state.search().services)
    for medicine in MEDICINES:
        mine = codes(filters, medicine)
        if medicine in now and medicine not in before:
            services += [c for c in mine if c not in services]
        elif medicine in before and medicine not in now:
            services = [c for c in services if c not in mine]
    state.update(services=tuple(services))
