"""The results as a plain list: readable with a keyboard or a screen reader, no map needed."""

import pandas as pd
import streamlit as st

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.services import KEY_SERVICES

COLUMNS = {
    "name": "Facility",
    "distance_mi": "Miles",
    "address": "Address",
    "phone": "Phone",
    "key_services": "Key services",
    "location": "Location",
    "licence": "Licence",
}


def show(found: pd.DataFrame) -> None:
    if found.empty:
        st.info("No facility matches within this radius. Try a larger radius or fewer services.")
        return
    rows = pd.DataFrame(
        {
            "name": found["name"],
            "distance_mi": found["distance_mi"].round(1),
            "address": [_address(r) for r in found.itertuples()],
            "phone": found["phone"],
            "key_services": found["services"].map(
                lambda codes: ", ".join(KEY_SERVICES[c] for c in codes if c in KEY_SERVICES)
            ),
            "location": found["precision"].map(PRECISION_WORDS),
            "licence": [_licence(r) for r in found.itertuples()],
        }
    ).rename(columns=COLUMNS)
    # st.dataframe renders cell text as text, never as HTML.
    st.dataframe(rows, hide_index=True, width="stretch")


def _address(row) -> str:
    street = "Address withheld by the facility" if row.street_withheld else row.street
    return ", ".join(part for part in (street, row.city, f"{row.state} {row.zip}") if part)


def _licence(row) -> str:
    if not row.licence_number:
        return ""
    expiry = f"expires {row.licence_expires}: {row.licence_status}"
    return f"{row.licence_number} ({row.licence_type}, {expiry})"
