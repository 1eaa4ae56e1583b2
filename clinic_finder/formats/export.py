"""What a patient takes away: the results as CSV (the call-ahead sheet is `call_sheet.py`)."""

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from clinic_finder.show import listing
from clinic_finder.table.records import rows_of
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import registry
from clinic_finder.text.i18n import ENGLISH, N_, Translator

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column keys (stable, for code) and the headers a person reads (message ids, translated).
HEADERS = {
    "facility": N_("Facility"),
    "miles": N_("Miles"),
    "distance": N_("Distance"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "call": N_("Call"),
    "intake_phones": N_("Intake phones"),
    "key_services": N_("Key services"),
    "location": N_("Location"),
    "licence": N_("License"),
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
    """One row per facility, in plain words, by column key: the list's columns and the CSV's.

    Distance and phones are written by `listing` as on the cards; `miles` is the number behind
    the distance, for sorting and spreadsheets, not for reading.
    """
    rows = rows_of(found)
    return pd.DataFrame(
        {
            "facility": found["name"].to_numpy(),
            "distance": [listing.distance(r, t) for r in rows],
            "miles": found["distance_mi"].round(1).to_numpy(),
            "address": [listing.address(r, t) for r in rows],
            "phone": [listing.phone(r["phone"]) for r in rows],
            "call": [listing.tel_link(r["phone"]) for r in rows],
            "intake_phones": [", ".join(map(listing.phone, r["intake_phones"])) for r in rows],
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
    rows: Iterable[Mapping[str, Any]], report: dict[str, Any], t: Translator = ENGLISH
) -> list[str]:
    """Attribution lines for the sources (and point sources) these rows come from."""
    rows = list(rows)
    keys = registry.keys_in((r["source"] for r in rows), (r.get("point_source") for r in rows))
    return registry.credits(keys, report, t)


def results_csv(
    found: pd.DataFrame,
    dictionary: ServiceDictionary,
    t: Translator = ENGLISH,
    *,
    report: dict[str, Any],
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
    table["attribution"] = [" ".join(credits([r], report, t)) for r in rows]
    table = table.rename(columns=headers(t))
    return table.map(neutralise_formula).to_csv(index=False).encode("utf-8-sig")
