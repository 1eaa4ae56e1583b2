"""'Report a problem with this listing': the button on each card, its short form, and what a
listing's open reports say (the store is clinic_finder/reports; nothing here decides)."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterable, Mapping

import streamlit as st
from babel.dates import format_date

from clinic_finder.reports.errors import ReportsUnavailable
from clinic_finder.reports.rules import NOTE_MAX, REASONS, NewReport, visit_key
from clinic_finder.reports.store import OpenReason, ReportStore
from clinic_finder.search.filters import FilterSet, label
from clinic_finder.text.i18n import N_
from components import data, language, medicines, state
from components.language import _, ngettext

OPEN = "_report_open"  # the listing whose form is open ("" none)
SENT = "_reports_sent"  # listing id → what the person was told after sending
JUST_SENT = "_report_just_sent"  # the listing whose report was sent in this run's callback
VISIT = "_report_visit"  # a random token for this visit: the same report is kept once
PAYMENT_FILTERS = ("payment", "assistance")

REASON_WORDS = {
    "phone": N_("The phone number doesn't work"),
    "closed": N_("It has closed or moved"),
    "services": N_("It doesn't offer the care I chose"),
    "payment": N_("It doesn't take the payment I chose"),
    "address": N_("The address is wrong"),
    "other": N_("Something else"),
}
# "2 people reported the phone didn't work since 3 Nov (not yet checked)"
REPORTED_WHAT = {
    "phone": N_("the phone didn't work"),
    "closed": N_("it had closed or moved"),
    "services": N_("it didn't offer a service they chose"),
    "payment": N_("it didn't take a payment they chose"),
    "address": N_("the address was wrong"),
    "other": N_("another problem"),
}
OUTCOME_WORDS = {
    "saved": N_("Thank you. Your report is saved. A reviewer will check this listing against "
                "its source and correct it if it is wrong; until then it stays listed, with a "
                "note that a problem was reported."),
    "duplicate": N_("Thank you. You already sent this report for this listing; it is saved "
                    "once."),
    "visit_limit": N_("Not saved: this visit has sent many reports in the last hour. Please "
                      "try again later."),
    "client_limit": N_("Not saved: many reports came from your network in the last hour. "
                       "Please try again later."),
    "invalid": N_("Not saved: the report could not be read. Please shorten the note."),
    "not_saved": N_("Not saved: reports cannot be stored on this server right now. Nothing "
                    "was kept; please try again later."),
}  # fmt: skip


def store() -> ReportStore | None:
    return data.reports_opener().store()


def open_reports(listing_ids: Iterable[str]) -> dict[str, list[OpenReason]]:
    """The shown listings' open reports; nothing when the database cannot say (never an error)."""
    found = store()
    if found is None:
        return {}
    try:
        return found.open_summary(listing_ids)
    except ReportsUnavailable:
        return {}


def reported(reasons: list[OpenReason]) -> None:
    """What people reported about this listing, where the person is looking (never hiding it)."""
    lines = []
    for reason in reasons:
        day = format_date(reason.since.date(), "d MMM", locale=language.current())
        said = ngettext(
            "{count} person reported {what} on {day} (not yet checked)",
            "{count} people reported {what} since {day} (not yet checked)",
            reason.people,
        )
        what = _(REPORTED_WHAT[reason.reason])
        lines.append(said.format(count=language.number(reason.people), what=what, day=day))
    st.caption("⚠️ " + " · ".join(lines))


def button(listing_id: str, name: str) -> None:
    """The card's 'Report a problem with this listing' (it opens and closes the form)."""
    opened = st.session_state.get(OPEN) == listing_id
    st.button(
        _("Close the report form") if opened else _("Report a problem with this listing"),
        key=f"report_{listing_id}",
        on_click=_toggle,
        args=(listing_id,),
        type="tertiary",
        help=_("Report a problem with {name}").format(name=name),
    )


def is_open(listing_id: str) -> bool:
    return st.session_state.get(OPEN) == listing_id


def _toggle(listing_id: str) -> None:
    st.session_state[OPEN] = "" if is_open(listing_id) else listing_id


def form(listing_id: str) -> None:
    """The form for one listing, or what the person was told after sending it."""
    told = st.session_state.get(SENT, {}).get(listing_id)
    if told is not None:
        (st.success if told in ("saved", "duplicate") else st.warning)(_(OUTCOME_WORDS[told]))
        if st.session_state.pop(JUST_SENT, "") == listing_id:
            _focus_back(listing_id)
        return
    filters = data.filter_set()
    services, payment = _chosen(filters)
    words = {reason: _(text) for reason, text in REASON_WORDS.items()}
    if services:
        whole, others = medicines.as_chosen(filters, tuple(services))
        names = [_(medicines.MEDICINES[m][0]) for m in whole] + [_label(c) for c in others]
        words["services"] = _("It doesn't offer the care I chose ({names})").format(
            names=", ".join(names))  # fmt: skip
    if payment:
        words["payment"] = _("It doesn't take the payment I chose ({names})").format(
            names=", ".join(_label(c) for c in payment))  # fmt: skip
    if st.session_state.get(f"report_unsent_{listing_id}"):
        st.warning(_("Please choose what is wrong, then send the report."))
    with st.form(key=f"report_form_{listing_id}", border=True):
        st.radio(_("What is wrong?"), REASONS, index=None, format_func=words.__getitem__,
                 key=f"report_reason_{listing_id}")  # fmt: skip
        st.text_area(_("Anything to add (optional)"), max_chars=NOTE_MAX,
                     key=f"report_note_{listing_id}")  # fmt: skip
        st.caption(_("Please do not include health details or anyone's name. We do not ask "
                     "who you are, and we do not keep your address."))  # fmt: skip
        # Sent in the callback, before the next run draws: that run shows the outcome.
        st.form_submit_button(_("Send report"), type="primary", on_click=_submit,
                              args=(listing_id, tuple(services), tuple(payment)))  # fmt: skip


def _submit(listing_id: str, services: tuple[str, ...], payment: tuple[str, ...]) -> None:
    reason = st.session_state.get(f"report_reason_{listing_id}")
    # None, or the words the browser kept for a choice whose words have changed since (a
    # language switch, a new filter in "the care I chose"): the form shows none chosen, and
    # Send said the note was too long.
    if reason not in REASONS:
        st.session_state[f"report_unsent_{listing_id}"] = True
        return
    st.session_state[f"report_unsent_{listing_id}"] = False
    note = st.session_state.get(f"report_note_{listing_id}") or ""
    report = NewReport(listing_id, reason, services, payment, note)
    st.session_state.setdefault(SENT, {})[listing_id] = _send(report)
    st.session_state[JUST_SENT] = listing_id


def _focus_back(listing_id: str) -> None:
    """The form is gone once sent: a keyboard user's focus goes back to the card's Details
    button (above the thanks) instead of the page's top. The card's own script (its hash is in
    the page's Content-Security-Policy), run once, right after sending."""
    from components.result_cards import keep_focus

    keep_focus(listing_id)


def _send(report: NewReport) -> str:
    found = store()
    if found is None:
        return "not_saved"
    return found.submit(report, _visit(), _client()).outcome


def _visit() -> str:
    if VISIT not in st.session_state:
        st.session_state[VISIT] = secrets.token_urlsafe(24)
    return visit_key(st.session_state[VISIT])


def _client() -> str | None:
    """This person's address for the per-client limit (hashed, in memory only): behind our own
    nginx (a loopback peer) the last address it added to X-Forwarded-For."""
    peer = st.context.ip_address
    if not isinstance(peer, str) or not peer:
        return None
    forwarded = _headers().get("X-Forwarded-For", "")
    try:
        behind_proxy = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        behind_proxy = False
    if behind_proxy and forwarded:
        return forwarded.split(",")[-1].strip() or peer
    return peer


def _headers() -> Mapping[str, str]:
    headers = st.context.headers
    return headers if isinstance(headers, Mapping) else {}


def _chosen(filters: FilterSet) -> tuple[list[str], list[str]]:
    codes = list(state.search().services)
    payment = [c for c in codes if filters.filter_of(c) in PAYMENT_FILTERS]
    return [c for c in codes if c not in payment], payment


def _label(code: str) -> str:
    return label(code, data.service_dictionary(), language.translator())
