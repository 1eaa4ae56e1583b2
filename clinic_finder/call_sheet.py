"""The call-ahead sheet: the chosen facilities as a page to print and fill in during the calls.

The directories cannot say whether a clinic takes new patients or a person's plan, how long the
wait is, what an infusion costs or when intake is: the sheet asks those questions, per facility,
for the care chosen, with room to write the answers. Every value from the data is escaped; the
page has no script and loads nothing. Each card is kept whole on one printed page (A4 or Letter).
"""

import html
from collections.abc import Collection, Iterable, Mapping

from clinic_finder import listing
from clinic_finder.export import credits

EVERYONE = (
    "Are you taking new patients?",
    "Do you take my insurance plan? My plan:",
    "How long is the wait for a first appointment?",
    "Can I be seen in my language, or with an interpreter? Language:",
)
HOURS = "Hours are not published: what are your hours?"
KETAMINE_CODES = frozenset({"KIT"})
KETAMINE = (
    "What does one infusion cost, and how many are usual?",
    "Does insurance cover the infusions, or part of them?",
    "Who monitors me during the infusion and afterwards, and for how long?",
)
# No directory has a code for esketamine (Spravato): a facility giving ketamine infusions, TMS or
# ECT (treatments for depression that did not lift) is where it is most likely, so ask there.
ESKETAMINE_CODES = frozenset({"KIT", "TMS", "ECT"})
ESKETAMINE = ("Do you offer esketamine (Spravato), and is this site certified under the REMS?",)
# Medications for opioid use disorder and the programmes that give them (the SU directory's codes).
OPIOID_CODES = frozenset(
    "OTP MM MU METH DM BUM UB BU BWN BWON BERI BSDM DB UN NU NXN VTRL RPN OMB MWS".split()
)
OPIOID = (
    "What are your intake hours? Do I need an appointment?",
    "Can I start medication the same day?",
)
CRISIS = (
    ("988", "Call 988, the Suicide & Crisis Lifeline (press 1 for veterans, 2 for Spanish)"),
    ("Text 988", "Text 988 to reach the Lifeline by text"),
    ("911", "In an emergency, call 911"),
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
    rows: Iterable[Mapping], searched: str, made_on: str, chosen: Collection[str] = ()
) -> str:
    """The sheet for these facilities (each a results row), near `searched`, dated `made_on`."""
    e = html.escape
    rows = list(rows)
    cards = "".join(_card(number, row, chosen) for number, row in enumerate(rows, start=1))
    crisis = "".join(f"<p><strong>{e(k)}</strong> {e(words)}</p>" for k, words in CRISIS)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Call-ahead sheet</title><style>{_STYLE}</style></head><body>"
        "<section class='crisis' aria-label='In crisis'>"
        f"<p><b>In crisis? Help now, any time:</b></p>{crisis}</section>"
        "<h1>Call-ahead sheet: licensed facilities to call</h1>"
        f"<p class='intro'>Near {e(searched)}, made on {e(made_on)}. The directory cannot tell "
        "whether a facility takes new patients or your plan, or how long the wait is: ask, and "
        "write the answers here. This directory is not medical advice.</p>"
        f"{cards}"
        f"<footer>{'<br>'.join(e(line) for line in credits(rows))}</footer>"
        "</body></html>"
    )


def _card(number: int, row: Mapping, chosen: Collection[str]) -> str:
    e = html.escape
    phones = [("Phone", row["phone"])] + [("Intake", p) for p in row["intake_phones"]]
    calls = " · ".join(
        f"{kind}: " + (f'<a href="{e(listing.tel_link(p))}">{e(p)}</a>' if listing.tel_link(p)
                       else e(p))
        for kind, p in phones
        if p
    )  # fmt: skip
    licence = listing.licence(row)
    reported = listing.reported_credentials(row)
    asked = "".join(
        f"<tr><td class='q'>{e(q)}</td><td class='a'></td></tr>"
        for q in questions(chosen, row["services"])
    )
    return (
        "<section class='card'>"
        f"<h2>{number}. {e(row['name'])}</h2>"
        f"<p>{e(listing.address(row))} — {e(listing.distance(row))}</p>"
        f"<p><b>{calls or 'No phone published'}</b></p>"
        f"<p>Key services: {e(listing.key_services(row['services']) or '—')}</p>"
        + (f"<p>State licence record: {e(licence)}</p>" if licence else "")
        + (f"<p>{e(reported)}</p>" if reported else "")
        + f"<table class='ask'><tbody>{asked}</tbody></table>"
        "<p class='notes'><span>Notes, and when I called:</span><span></span></p>"
        f"<p><small>Location: {e(listing.precision(row))}. "
        f"Source: {e(listing.source(row))}.</small></p>"
        "</section>"
    )
