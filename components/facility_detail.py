"""Everything known about one facility, in plain words, with ways to call and get there."""

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from clinic_finder import listing
from clinic_finder.markdown import escape as md
from clinic_finder.services import ServiceDictionary


def show(row: Mapping, dictionary: ServiceDictionary) -> None:
    """The details under a chosen card (its name, distance and main call button are above)."""
    if row.get("name1") and row["name1"] != row["name"]:
        st.caption(f"Operated by {md(row['name1'])}")
    st.caption(f"Location on the map: {md(listing.precision(row))}")
    phones = [("Phone", row["phone"])] + [("Intake", p) for p in row["intake_phones"]]
    calls = [_call(kind, number) for kind, number in phones if number]
    st.markdown(" · ".join(calls) or "No phone published.")
    licence = listing.licence(row)
    if licence and row.get("licence_status") == "expired":
        st.warning(md(licence), icon="⚠️")
    elif licence:
        st.markdown(md(licence))
    facts = _licence_facts(row)
    if facts:
        st.caption(md("Licence record: " + ", ".join(facts)))
    links = listing.directions_links(row)
    st.markdown(" · ".join(f"[{name}]({url})" for name, url in links.items()))
    st.caption("Address to copy")
    st.code(listing.address(row), language=None, wrap_lines=True)
    st.caption(f"Source: {md(listing.source(row))}")
    st.markdown("**Services**")
    for category, names in listing.services_by_category(row["services"], dictionary).items():
        st.markdown(f"*{md(category)}:* " + md(", ".join(names)))


def _call(kind: str, number: str) -> str:
    link = listing.tel_link(number)
    return f"{kind}: [{md(number)}]({link})" if link else f"{kind}: {md(number)}"


def _licence_facts(row: Mapping) -> list[str]:
    facts = []
    if row.get("licence_program"):
        facts.append(f"programme {row['licence_program']}")
    if pd.notna(row.get("capacity")):
        facts.append(f"capacity {row['capacity']}")
    if row.get("target_population"):
        facts.append(f"serves {row['target_population'].lower()}")
    return facts
