"""The call-ahead sheet: the chosen facilities as a page to print and fill in during the calls.

The directories cannot say whether a clinic takes new patients or a person's plan, how long the
wait is, what an infusion costs or when intake is: the sheet asks those questions, per facility,
for the care chosen, with room to write the answers. Every value from the data is escaped; the
page has no script and loads nothing. Each card is kept whole on one printed page (A4 or Letter).
"""

import html
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from clinic_finder.formats.export import credits
from clinic_finder.show import listing
from clinic_finder.text.i18n import DEFAULT, ENGLISH, N_, Translator

# Every sentence is a message id (N_), translated where the sheet is written.
EVERYONE = (
    N_("Are you taking new patients?"),
    N_("Do you take my insurance plan? My plan:"),
    N_("How long is the wait for a first appointment?"),
    N_("Can I be seen in my language, or with an interpreter? Language:"),
)
HOURS = N_("Hours are not published: what are your hours?")
KETAMINE_CODES = frozenset({"KIT"})
KETAMINE = (
    N_("What does one infusion cost, and how many are usual?"),
    N_("Does insurance cover the infusions, or part of them?"),
    N_("Who monitors me during the infusion and afterwards, and for how long?"),
)
# No directory has a code for esketamine (Spravato): a facility giving ketamine infusions, TMS or
# ECT (treatments for depression that did not lift) is where it is most likely, so ask there.
ESKETAMINE_CODES = frozenset({"KIT", "TMS", "ECT"})
ESKETAMINE = (N_("Do you offer esketamine (Spravato), and is this site certified under the REMS?"),)
# Medications for opioid use disorder and the programmes that give them (the SU directory's codes).
OPIOID_CODES = frozenset(
    "OTP MM MU METH DM BUM UB BU BWN BWON BERI BSDM DB UN NU NXN VTRL RPN OMB MWS".split()
)
OPIOID = (
    N_("What are your intake hours? Do I need an appointment?"),
    N_("Can I start medication the same day?"),
)
# The number to dial or text, and what it is for.
CRISIS = (
    ("988", N_("Call 988, the Suicide & Crisis Lifeline (press 1 for veterans, 2 for Spanish)")),
    ("988", N_("Text 988 to reach the Lifeline by text")),
    ("911", N_("In an emergency, call 911")),
)

_STYLE = """
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.3 system-ui, sans-serif; color: #000; max-width: 48rem; margin: 1.5rem auto;
       padding: 0 1rem; overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
h1 { font-size: 13pt; margin: 0 0 .1rem; }
.crisis { border: 2px solid #000; padding: .3rem .6rem; margin: 0 0 .4rem; }
.crisis strong { display: inline-block; min-width: 4.2rem; }
.crisis p, .intro { margin: .05rem 0; }
.intro { margin-bottom: .4rem; }
.card { border: 1px solid #555; padding: .35rem .6rem; margin: 0 0 .4rem;
        break-inside: avoid; page-break-inside: avoid; }
.card h2 { font-size: 11pt; margin: 0; }
.card p { margin: 0; }
.ask { width: 100%; border-collapse: collapse; margin-top: .15rem; }
.ask td { padding: .28rem 0 0; vertical-align: bottom; }
.ask td.q { width: 64%; padding-right: .5rem; }
.ask td.a { border-bottom: 1px solid #000; }
.notes { display: flex; gap: .5rem; margin-top: .3rem; }
.notes span:last-child { flex: 1; border-bottom: 1px solid #000; }
.card small { font-size: 7.5pt; }
footer { font-size: 7.5pt; margin-top: .4rem; }
a { color: inherit; }
"""


def questions(chosen: Collection[str], offered: Collection[str]) -> list[str]:
    """What to ask this facility: for everyone, then for the care chosen that it offers."""
    care = set(chosen) & set(offered)
    asked = [HOURS, *EVERYONE]
    if care & KETAMINE_CODES:
        asked += KETAMINE
    if care & ESKETAMINE_CODES:
        asked += ESKETAMINE
    if care & OPIOID_CODES:
        asked += OPIOID
    return asked


def html_page(
    rows: Iterable[Mapping[str, Any]],
    searched: str,
    made_on: str,
    chosen: Collection[str] = (),
    t: Translator = ENGLISH,
    lang: str = DEFAULT,
    *,
    report: dict[str, Any],
) -> str:
    """The sheet for these facilities (each a results row), near `searched`, dated `made_on`,
    in the translator's language (`lang` is the page's language tag); `report` is the build's
    (settings.build_report), whose editions the footer credits."""
    e = html.escape
    rows = list(rows)
    cards = "".join(_card(number, row, chosen, t) for number, row in enumerate(rows, start=1))
    crisis = "".join(
        f"<p><strong>{e(number)}</strong> {e(t.gettext(words))}</p>" for number, words in CRISIS
    )
    # Translated words are looked up outside f-strings (the extractor cannot see into those);
    # each template is escaped, then filled with escaped values.
    title = e(t.gettext("Call-ahead sheet"))
    in_crisis = e(t.gettext("In crisis"))
    help_now = e(t.gettext("In crisis? Help now, any time:"))
    heading = e(t.gettext("Call-ahead sheet: licensed facilities to call"))
    intro = e(
        t.gettext(
            "Near {place}, made on {day}. The directory cannot tell whether a facility takes new "
            "patients or your plan, or how long the wait is: ask, and write the answers here. "
            "This directory is not medical advice."
        )
    ).format(place=e(searched), day=e(made_on))
    footer = "<br>".join(e(line) for line in credits(rows, report, t))
    return (
        f"<!doctype html><html lang='{e(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"<section class='crisis' aria-label='{in_crisis}'>"
        f"<p><b>{help_now}</b></p>{crisis}</section>"
        f"<h1>{heading}</h1><p class='intro'>{intro}</p>{cards}"
        f"<footer>{footer}</footer></body></html>"
    )


def _card(number: int, row: Mapping[str, Any], chosen: Collection[str], t: Translator) -> str:
    e = html.escape
    phones = [(t.gettext("Phone"), row["phone"])]
    phones += [(t.gettext("Intake"), p) for p in row["intake_phones"]]
    calls = " · ".join(
        f"{e(kind)}: " + (f'<a href="{e(listing.tel_link(p))}">{e(listing.phone(p))}</a>'
                          if listing.tel_link(p) else e(listing.phone(p)))
        for kind, p in phones
        if p
    )  # fmt: skip
    licence = listing.licence(row, t)
    reported = listing.reported_credentials(row, t)
    asked = "".join(
        f"<tr><td class='q'>{e(t.gettext(q))}</td><td class='a'></td></tr>"
        for q in questions(chosen, row["services"])
    )
    services = e(t.gettext("Key services: {services}")).format(
        services=e(listing.key_services(row["services"], t) or "—")
    )
    record = e(t.gettext("State license record: {licence}")).format(licence=e(licence))
    notes = e(t.gettext("Notes, and when I called:"))
    unpublished = e(t.gettext("No phone published"))
    where = e(t.gettext("Location: {location}. Source: {source}.")).format(
        location=e(listing.precision(row, t)), source=e(listing.source(row, t))
    )
    return (
        "<section class='card'>"
        f"<h2>{number}. {e(row['name'])}</h2>"
        f"<p>{e(listing.address(row, t))} — {e(listing.distance(row, t))}</p>"
        f"<p><b>{calls or unpublished}</b></p>"
        f"<p>{services}</p>"
        + (f"<p>{record}</p>" if licence else "")
        + (f"<p>{e(reported)}</p>" if reported else "")
        + f"<table class='ask'><tbody>{asked}</tbody></table>"
        f"<p class='notes'><span>{notes}</span><span></span></p>"
        f"<p><small>{where}</small></p></section>"
    )
