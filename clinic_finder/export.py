"""What a patient takes away: the results as CSV, and a printable shortlist as HTML."""

import html
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from clinic_finder import listing
from clinic_finder.i18n import DEFAULT, ENGLISH, N_, Translator
from clinic_finder.records import rows_of
from clinic_finder.services import ServiceDictionary
from clinic_finder.sources import registry

CRISIS_LINE = N_(
    "In crisis? Call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911. "
    "This directory is not medical advice."
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column keys (stable, for code) and the headers a person reads (message ids, translated).
HEADERS = {
    "facility": N_("Facility"),
    "miles": N_("Miles"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "call": N_("Call"),
    "intake_phones": N_("Intake phones"),
    "key_services": N_("Key services"),
    "location": N_("Location"),
    "licence": N_("Licence"),
    "source": N_("Source"),
    "reported_credentials": N_("Reported credentials"),
    "all_services": N_("All services"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "attribution": N_("Attribution"),
}


def headers(t: Translator = ENGLISH) -> dict[str, str]:
    """Column key → the header in the translator's language."""
    return {key: t.gettext(header) for key, header in HEADERS.items()}


def results_table(found: pd.DataFrame, t: Translator = ENGLISH) -> pd.DataFrame:
    """One row per facility, in plain words, by column key: the list's columns and the CSV's."""
    rows = rows_of(found)
    return pd.DataFrame(
        {
            "facility": found["name"].to_numpy(),
            "miles": found["distance_mi"].round(1).to_numpy(),
            "address": [listing.address(r, t) for r in rows],
            "phone": found["phone"].to_numpy(),
            "call": [listing.tel_link(r["phone"]) for r in rows],
            "intake_phones": [", ".join(r["intake_phones"]) for r in rows],
            "key_services": [listing.key_services(r["services"], t) for r in rows],
            "location": [listing.precision(r, t) for r in rows],
            "licence": [listing.licence(r, t) for r in rows],
            "source": [listing.source(r, t) for r in rows],
            "id": found["id"].to_numpy(),
        }
    )


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def credits(
    rows: Iterable[Mapping[str, Any]], report: dict[str, Any] | None = None, t: Translator = ENGLISH
) -> list[str]:
    """Attribution lines for the sources (and point sources) these rows come from."""
    rows = list(rows)
    keys = registry.keys_in((r["source"] for r in rows), (r.get("point_source") for r in rows))
    return registry.credits(keys, report, t)


def results_csv(
    found: pd.DataFrame, dictionary: ServiceDictionary, t: Translator = ENGLISH
) -> bytes:
    """The results, one row each; the last column credits the sources (an OpenStreetMap point's
    row says "© OpenStreetMap contributors", as the ODbL asks)."""
    rows = rows_of(found)
    table = results_table(found, t).drop(columns=["call"])
    table["reported_credentials"] = [listing.reported_credentials(r, t) for r in rows]
    table["all_services"] = [
        "; ".join(t.gettext(dictionary.get(code).name) for code in codes)
        for codes in found["services"]
    ]
    table["latitude"] = found["lat"].round(6).to_numpy()
    table["longitude"] = found["lon"].round(6).to_numpy()
    report = registry.read_report()  # the editions built, read once for every row
    table["attribution"] = [" ".join(credits([r], report, t)) for r in rows]
    table = table.rename(columns=headers(t))
    return table.map(neutralise_formula).to_csv(index=False).encode("utf-8-sig")


def shortlist_html(
    rows: Iterable[Mapping[str, Any]],
    searched: str,
    made_on: str,
    t: Translator = ENGLISH,
    lang: str = DEFAULT,
) -> str:
    """A page to print or keep: every value escaped, no script, no external resource."""
    e = html.escape
    rows = list(rows)
    items = []
    for row in rows:
        phones = [row["phone"], *row["intake_phones"]]
        calls = " · ".join(
            f'<a href="{e(listing.tel_link(p))}">{e(p)}</a>' if listing.tel_link(p) else e(p)
            for p in phones
            if p
        )
        licence = listing.licence(row, t)
        reported = listing.reported_credentials(row, t)
        # Each template is escaped, then filled with escaped values.
        items.append(
            "<li>"
            f"<h2>{e(row['name'])}</h2>"
            + "<p>{}</p>".format(
                e(t.gettext("{address} — {miles} miles")).format(
                    address=e(listing.address(row, t)), miles=f"{row['distance_mi']:.1f}"
                )
            )
            + "<p>{}</p>".format(
                e(t.gettext("Phone: {numbers}")).format(numbers=calls)
                if calls
                else e(t.gettext("Phone: not published"))
            )
            + "<p>{}</p>".format(
                e(t.gettext("Key services: {services}")).format(
                    services=e(listing.key_services(row["services"], t) or "—")
                )
            )
            + (
                "<p>{}</p>".format(
                    e(t.gettext("State licence record: {licence}")).format(licence=e(licence))
                )
                if licence
                else ""
            )
            + (f"<p>{e(reported)}</p>" if reported else "")
            + "<p><small>{}</small></p>".format(
                e(t.gettext("Location: {location}. Source: {source}.")).format(
                    location=e(listing.precision(row, t)), source=e(listing.source(row, t))
                )
            )
            + "</li>"
        )
    intro = e(
        t.gettext("Near {place}, made on {day}. Call ahead: services, hours and insurance change.")
    ).format(place=e(searched), day=e(made_on))
    footer = "<br>".join(e(line) for line in credits(rows, None, t))
    title = e(t.gettext("Shortlist of licensed facilities"))
    heading = e(t.gettext("My shortlist of licensed facilities"))
    crisis = e(t.gettext(CRISIS_LINE))
    return (
        f"<!doctype html><html lang='{e(lang)}'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;line-height:1.4}"
        "li{margin-bottom:1.2rem}h2{font-size:1.15rem;margin:0}p{margin:.2rem 0}</style>"
        "</head><body>"
        f"<p><strong>{crisis}</strong></p>"
        f"<h1>{heading}</h1>"
        f"<p>{intro}</p>"
        f"<ol>{''.join(items)}</ol>"
        f"<footer><small>{footer}</small></footer></body></html>"
    )
