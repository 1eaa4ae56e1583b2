"""What a patient takes away: the results as CSV (the call-ahead sheet is `call_sheet.py`)."""

from collections.abc import Iterable, Mapping

import pandas as pd

from clinic_finder import listing
from clinic_finder.services import ServiceDictionary
from clinic_finder.sources import registry

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def results_table(found: pd.DataFrame) -> pd.DataFrame:
    """One row per facility, in plain words: the list's columns and the CSV's."""
    rows = found.to_dict("records")
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


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the rest is kept."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def credits(rows: Iterable[Mapping], report: dict | None = None) -> list[str]:
    """Attribution lines for the sources (and point sources) these rows come from."""
    rows = list(rows)
    keys = registry.keys_in((r["source"] for r in rows), (r.get("point_source") for r in rows))
    return registry.credits(keys, report)


def results_csv(found: pd.DataFrame, dictionary: ServiceDictionary) -> bytes:
    """The results, one row each; the last column credits the sources (an OpenStreetMap point's
    row says "© OpenStreetMap contributors", as the ODbL asks)."""
    rows = found.to_dict("records")
    table = results_table(found).drop(columns=["Call"])
    table["Reported credentials"] = [listing.reported_credentials(r) for r in rows]
    table["All services"] = [
        "; ".join(dictionary.get(code).name for code in codes) for codes in found["services"]
    ]
    table["Latitude"] = found["lat"].round(6).to_numpy()
    table["Longitude"] = found["lon"].round(6).to_numpy()
    report = registry.read_report()  # the editions built, read once for every row
    table["Attribution"] = [" ".join(credits([r], report)) for r in rows]
    return table.map(neutralise_formula).to_csv(index=False).encode("utf-8-sig")
