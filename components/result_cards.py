"""The results as cards, phone first: name, distance, key services, call, directions, details."""

import html

import pandas as pd
import streamlit as st

from clinic_finder.show import listing
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.markdown import escape as md
from components import facility_detail, language, report_form, rest_of_page, state
from components.language import _, translator

BADGES = 8  # key services on a card; the details list them all
_TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}  # not a place: not "local"
_NEW_TAB = 'target="_blank" rel="noreferrer"'  # directions open beside the list
_CLOSED = "_card_closed"  # the card whose details were just hidden


def show(
    found: pd.DataFrame, dictionary: ServiceDictionary, selected: str, bring_into_view: int = 0
) -> None:
    """The first cards (more on request); the chosen facility's card opens in place, and comes
    into view when it was chosen away from the list (`bring_into_view`: see `keep_focus`)."""
    ids = found["id"].tolist()
    count = rest_of_page.LEAN_CARDS if rest_of_page.lean() else state.shown()
    if selected in ids:  # a facility chosen on the map is always in the list, open
        count = max(count, ids.index(selected) + 1)
    shown = found.head(count).to_dict("records")
    reported = report_form.open_reports(row["id"] for row in shown)
    for number, row in enumerate(shown, start=1):
        _card(number, row, dictionary, opened=row["id"] == selected, reported=reported)
    if selected in ids:
        keep_focus(selected, show=bring_into_view)
    closed = st.session_state.pop(_CLOSED, None)
    if closed in ids[:count] and closed != selected:  # its button had the focus: it keeps it
        keep_focus(closed)
    left = len(found) - count
    if left > 0 and not rest_of_page.lean():
        st.button(
            _("Show {count} more ({left} not shown yet)").format(
                count=min(left, state.PAGE), left=language.number(left)
            ),
            key="show_more",
            on_click=state.show_more,
        )


def _toggle(facility_id: str, opened: bool, number: int) -> None:
    state.select(None if opened else facility_id)
    if opened:  # closed: it stays listed (one chosen on the map may lie beyond the first page)
        state.show_at_least(number)
        st.session_state[_CLOSED] = facility_id


def _card(
    number: int, row: dict, dictionary: ServiceDictionary, opened: bool, reported: dict
) -> None:
    # Few elements: every element is a message per rerun, twenty cards a run. The name, facts
    # and badges are one markdown element, Call and Directions one more (plain links, styled as
    # buttons by page_style); only Details is a widget. page_style lays them out as before.
    # The links are st.html, not markdown: Streamlit's markdown gives every link
    # target="_blank", and a tel: link in a new tab leaves a blank tab behind the dialer.
    with st.container(border=True, key=f"card_{row['id']}"):
        # Name, distance and Call first: on a phone the first card's Call link is on the first
        # screen after a search (issue 26); the key services and the licence records follow.
        st.markdown(_text(number, row), unsafe_allow_html=True)
        if row["id"] in reported:  # said beside the phone it may be about; never hidden
            report_form.reported(reported[row["id"]])
        st.html(_actions(row))
        # One button that opens and closes, so keyboard focus stays on it (a new button would
        # drop focus to the page top); the details follow it and the card's facts. No tooltip:
        # focused by a shared link, its tooltip covered the service badges (issue 29, defect 10).
        st.button(
            _("Hide details") if opened else _("Details"),
            key=f"details_{row['id']}",
            on_click=_toggle,
            args=(row["id"], opened, number),
            width="stretch",
        )
        facts = _facts(row)
        if facts:
            st.markdown(facts, unsafe_allow_html=True)
        if opened:
            facility_detail.show(row, dictionary)
        report_form.button(row["id"], row["name"])
        if report_form.is_open(row["id"]):
            report_form.form(row["id"])


def _text(number: int, row: dict) -> str:
    """The card's heading (HTML, its anchor link hidden by page_style) and its facts (markdown):
    every value from the data escaped for what reads it."""
    t = translator()
    name = html.escape(f"{number}. {row['name']}")
    heading = f'<h3 class="card-name">{name}</h3>'
    placed = listing.placement(row, t)
    where = f"{md(placed)} · " if placed else ""
    lines = [heading, f"**{listing.distance(row, t)}** · {where}{md(listing.address(row, t))}"]
    return "\n\n".join(lines)


def _facts(row: dict) -> str:
    """Key services and what the licence records and the facility say, under the actions."""
    t = translator()
    lines = []
    labels = listing.key_service_labels(row["services"], t)
    if labels:
        badges = " ".join(f":blue-badge[{md(label)}]" for label in labels[:BADGES])
        if len(labels) > BADGES:
            badges = _("{badges} +{count} more").format(badges=badges, count=len(labels) - BADGES)
        lines.append(badges)
    licence = listing.licence(row, t)
    if licence:  # the state's own record: verified
        lines.append(md(licence))
    otp = listing.otp_directory(row, t)
    if otp:  # SAMHSA's own list of certified programmes, not a self-report
        lines.append(md(otp))
    reported = listing.reported_credentials(row, t)
    if reported:  # what the facility told SAMHSA: worded as a self-report
        lines.append(md(reported))
    site = facility_detail.website_link(row)
    if site:
        lines.append(site)
    return "\n\n".join(lines)


def _actions(row: dict) -> str:
    """Call (the 44 px tel: link) and Directions, as links: a link needs no rerun to work."""
    e = html.escape
    link = listing.tel_link(row["phone"])
    if link:
        phone = listing.phone(row["phone"])
        words = _("Call {phone}").format(phone=phone)
        # No target: a phone hands tel: to its dialer in place.
        call = _link(link, words, row["name"], "call", 'class="card-call"', phone)
    else:
        call = '<p class="card-no-phone">{}</p>'.format(e(_("No phone published.")))
    route = listing.directions_links(row)["OpenStreetMap directions"]
    directions = _link(route, _("Directions"), row["name"], "directions", _NEW_TAB)
    intake = ""
    local = _other_intake(row)
    if local:
        phone = listing.phone(local)
        words = _("Intake line {phone}").format(phone=phone)
        intake = _link(
            listing.tel_link(local), words, row["name"], "call", 'class="card-intake"', phone
        )
    return f'<div class="card-actions">{call}{directions}{intake}</div>'


def _link(href: str, words: str, name: str, icon: str, attributes: str, phone: str = "") -> str:
    """A card's link, named for its facility: in a screen reader's list of links, twenty
    "Directions" said nothing of where each leads (WCAG 2.4.4). The name starts with the words
    shown, so a person who says them to voice control still reaches it (WCAG 2.5.3). A phone
    number in the words is kept on one line: "Llamar al 801-" above "364-0058" misread."""
    e = html.escape
    said, shown = e(f"{words}, {name}"), e(words)
    if phone:  # the words one flex item beside the icon, the number unbroken inside them
        shown = shown.replace(e(phone), f'<span class="card-phone">{e(phone)}</span>', 1)
    opening = f'<a href="{e(href)}" {attributes} aria-label="{said}">'
    return f"{opening}{_icon(icon)}<span>{shown}</span></a>"


def _other_intake(row: dict) -> str:
    """An intake number in another area code than the main one, not toll-free (a head office's
    number on the card, the local intake line only in the details, issue 29): on the card too."""
    main = listing.phone(row["phone"])[:3]
    for number in row.get("intake_phones") or ():
        area = listing.phone(number)[:3]
        if listing.tel_link(number) and area != main and area not in _TOLL_FREE:
            return number
    return ""


def _icon(name: str) -> str:
    return f'<span class="card-icon" aria-hidden="true" translate="no">{name}</span>'


# One text for every card, so the page's Content-Security-Policy allows it by its hash
# (serve/headers.py): the card's id travels in the marker element before it, not in the script.
# The report form (report_form.py) runs it too, after a report is sent.
KEEP_FOCUS_SCRIPT = """
(function () {
    var marker = document.currentScript.previousElementSibling.dataset;
    var id = marker.focusCard;
    var tries = 0;
    var timer = setInterval(function () {
        var button = Array.prototype.find.call(
            document.querySelectorAll(".st-key-details_" + id + " button"),
            function (b) { return b.offsetParent !== null; }
        );
        var lost = !document.activeElement || document.activeElement === document.body;
        var was = (window.__clinicFinderFocusCard || {in: ""}).in.split(" ");
        lost = lost && was.indexOf("st-key-card_" + id) >= 0;  // it was in this card
        if (button && marker.showCard) {
            // Chosen on the map: the card comes to the person, top first, focus on its button.
            button.closest("[class*='st-key-card_']").scrollIntoView({block: "start"});
            button.focus({preventScroll: true});
        } else if (button && lost) { button.focus(); }
        if (button || ++tries > 40) { clearInterval(timer); }
    }, 50);
})();
"""


def keep_focus(facility_id: str, show: int = 0) -> None:
    """After a card opens, a keyboard user's focus is on its button, not back at the page top.

    Streamlit sometimes redraws the button and the browser drops focus to the page; only then
    (focus on the page itself) is it put back, so a mouse or a screen reader elsewhere is
    never moved, and only when the focus was last in this card (components/assets/words.js
    keeps track): a chip tapped at the page's top had scrolled a phone to an open card far
    below. The id is in the element, so it runs once per newly opened card. `show` (not
    0): the card was chosen on the map (or in a point's list under it), away from the list, so
    the page scrolls to the card and its button takes the focus: it opened 1,600 px below a
    desktop's screen, and a phone was left in the middle of its services. A new number each time,
    so the same point chosen again brings its card again.
    """
    shown = f' data-show-card="{show}"' if show else ""
    st.html(
        f'<span hidden data-focus-card="{html.escape(facility_id)}"{shown}></span>'
        f"<script>{KEEP_FOCUS_SCRIPT}</script>",
        unsafe_allow_javascript=True,
        width="content",
    )
