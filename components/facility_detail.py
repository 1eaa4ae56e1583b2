"""Everything known about one facility, in plain words, with ways to call and get there."""

import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from clinic_finder.show import listing
from clinic_finder.table.feeds import shown
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.markdown import escape as md
from components.data import build_report
from components.language import _, translator


def show(row: Mapping, dictionary: ServiceDictionary) -> None:
    """The details under a chosen card (its name, distance and main call button are above)."""
    t = translator()
    if row.get("name1") and row["name1"] != row["name"]:
        st.caption(_("Operated by {name}").format(name=md(row["name1"])))
    st.caption(
        _("Location on the map: {precision}").format(precision=md(listing.precision(row, t)))
    )
    phones = [("Phone", row["phone"])] + [("Intake", p) for p in row["intake_phones"]]
    calls = [_call(kind, number) for kind, number in phones if number]
    # HTML, not markdown: Streamlit's markdown opens every link, tel: too, in a new tab.
    st.html("<p>{}</p>".format(" · ".join(calls) or html.escape(_("No phone published."))))
    # The card above already says the licence, the OTP directory's listing and the website:
    # details add to it and repeat only an expired licence, as a warning beside the phones.
    licence = listing.licence(row, t)
    if licence and row.get("licence_status") == "expired":
        st.warning(md(licence), icon="⚠️")
    if listing.otp_directory(row, t):
        st.caption(
            _(
                "OTP directory: certified or provisionally certified when SAMHSA's directory was "
                "copied (2021); a program missing from it is not thereby uncertified."
            )
        )
    facts = _licence_facts(row)
    if facts:
        st.caption(md(_("License record: {facts}").format(facts=", ".join(facts))))
    links = listing.directions_links(row)
    # Markdown: st.html's sanitizer drops a geo: link's href (markdown keeps it, in a new tab).
    st.markdown(" · ".join(f"[{_(name)}]({url})" for name, url in links.items()))
    st.caption(_("Address to copy"))
    st.code(listing.address(row, t), language=None, wrap_lines=True)
    st.caption(_("Source: {source}").format(source=md(listing.source(row, t))))
    for line in shown.disagreements(str(row["id"]), build_report(), t):  # an HSDS publisher's
        st.caption(md(line))
    st.markdown(_("**Services**"))
    for category, names in listing.services_by_category(row["services"], dictionary, t).items():
        st.markdown(f"*{md(category)}:* " + md(", ".join(names)))


def _call(kind: str, number: str) -> str:
    """'Phone: 801-364-0058' as HTML, the number a tel: link with no target (dialled in place)."""
    e = html.escape
    link = listing.tel_link(number)
    written = e(listing.phone(number))
    shown = f'<a href="{e(link)}">{written}</a>' if link else written
    if kind == "Intake":
        return e(_("Intake: {number}")).format(number=shown)
    return e(_("Phone: {number}")).format(number=shown)


def _licence_facts(row: Mapping) -> list[str]:
    facts = []
    if row.get("licence_program"):
        facts.append(_("program {name}").format(name=row["licence_program"]))
    if pd.notna(row.get("capacity")):
        facts.append(_("capacity {count}").format(count=row["capacity"]))
    if row.get("target_population"):
        # As the state publishes it (English): data, like a facility's name.
        facts.append(_("serves {people}").format(people=row["target_population"].lower()))
    return facts


def website_link(row: Mapping) -> str:
    """'Website: pcc4me.com' as an HTML link (its own tab, no opener, no referrer), or ''."""
    site = listing.website(row)
    if site is None:
        return ""
    url, host = (html.escape(part) for part in site)
    link = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{host}</a>'
    return _("Website: {link}").format(link=link)
