"""What a patient takes away: the results as CSV, and a printable shortlist as HTML."""

import html
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from clinic_finder import listing
from clinic_finder.records import rows_of
from clinic_finder.services import ServiceDictionary
from clinic_finder.sources import registry

CRISIS_LINE = (
    "In crisis? Call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911. "
    "This directory is not medical advice."
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def results_table(found: pd.DataFrame) -> pd.DataFrame:
    """One row per facility, in plain words: the list's columns and the CSV's."""
    rows = rows_of(found)
    return pd.DataFrame(
        {
            "Facility": found["name"].to_numpy(),
            "Miles": found["distance_mi"].round(1).to_numpy(),
            "Address": [listing.address(r) for r in rows],
            "Phone": found["phone"].to_numpy(),
            "Call": [listing.tel_link(r["phone"]) for r in rows],
            "Intake phones": [", ".join(r["intake_phones"]) for r in rows],
            "Key services": [listing.key_services(r["services"]) for r in rows],
            "Location": [listing.precision(r) for r in rows],
            "Licence": [listing.licence(r) for r in rows],
            "Source": [listing.source(r) for r in rows],
            "id": found["id"].to_numpy(),
        }
    )


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def credits(rows: Iterable[Mapping[str, Any]], report: dict[str, Any] | None = None) -> list[str]:
    """Attribution lines for the sources (and point sources) these rows come from."""
    rows = list(rows)
    keys = registry.keys_in((r["source"] for r in rows), (r.get("point_source") for r in rows))
    return registry.credits(keys, report)


def results_csv(
    found: pd.DataFrame, dictionary: ServiceDictionary, report: dict[str, Any] | None = None
) -> bytes:
    """The results, one row each; the last column credits the sources (an OpenStreetMap point's
    row says "© OpenStreetMap contributors", as the ODbL asks)."""
    rows = rows_of(found)
    table = results_table(found).drop(columns=["Call"])
    table["Reported credentials"] = [listing.reported_credentials(r) for r in rows]
    table["All services"] = [
        "; ".join(dictionary.get(code).name for code in codes) for codes in found["services"]
    ]
    table["Latitude"] = found["lat"].round(6).to_numpy()
    table["Longitude"] = found["lon"].round(6).to_numpy()
    report = registry.read_report() if report is None else report  # read once for every row
    table["Attribution"] = [" ".join(credits([r], report)) for r in rows]
    return table.map(neutralise_formula).to_csv(index=False).encode("utf-8-sig")


def shortlist_html(rows: Iterable[Mapping[str, Any]], searched: str, made_on: str) -> str:
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
        licence = listing.licence(row)
        reported = listing.reported_credentials(row)
        items.append(
            "<li>"
            f"<h2>{e(row['name'])}</h2>"
            f"<p>{e(listing.address(row))} — {row['distance_mi']:.1f} miles</p>"
            f"<p>Phone: {calls or 'not published'}</p>"
            f"<p>Key services: {e(listing.key_services(row['services']) or '—')}</p>"
            + (f"<p>State licence record: {e(licence)}</p>" if licence else "")
            + (f"<p>{e(reported)}</p>" if reported else "")
            + f"<p><small>Location: {e(listing.precision(row))}. "
            f"Source: {e(listing.source(row))}.</small></p>"
            "</li>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Shortlist of licensed facilities</title>"
        "<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;line-height:1.4}"
        "li{margin-bottom:1.2rem}h2{font-size:1.15rem;margin:0}p{margin:.2rem 0}</style>"
        "</head><body>"
        f"<p><strong>{e(CRISIS_LINE)}</strong></p>"
        "<h1>My shortlist of licensed facilities</h1>"
        f"<p>Near {e(searched)}, made on {e(made_on)}. Call ahead: services, hours and "
        "insurance change.</p>"
        f"<ol>{''.join(items)}</ol>"
        f"<footer><small>{'<br>'.join(e(line) for line in credits(rows))}</small></footer>"
        "</body></html>"
    )
