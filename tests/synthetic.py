"""A small made-up directory for behaviour tests that do not need the real data.

Rows go through the same `load_clinics` the app uses (licence status against a fixed day), so they
have every column, type and default the real table has. Tests about the real data use `clinics`.
"""

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from clinic_finder.table.load import load_clinics
from clinic_finder.table.records import empty_record, to_frame

TODAY = date(2026, 1, 1)
LOS_ANGELES = (34.05, -118.24)

# id, name, lat, lon, precision, services, licence expiry ("" for none), phone
_ROWS: list[tuple[str, str, float, float, str, list[str], str, str]] = [
    (
        "nmhd-la-active",
        "Echo Park Clinic",
        34.078,
        -118.26,
        "exact",
        ["MH", "KIT", "MD"],
        "2027-06-01",
        "213-555-0101",
    ),
    (
        "nmhd-la-expiring",
        "Silver Lake Centre",
        34.087,
        -118.27,
        "street",
        ["MH", "TMS"],
        "2026-02-15",
        "(213) 555-0102 x12",
    ),
    (
        "dhcs-la-expired",
        "Boyle Heights Recovery",
        34.034,
        -118.21,
        "exact",
        ["SA", "KIT"],
        "2025-06-01",
        "323-555-0103",
    ),
    (
        "nmhd-la-unknown",
        "Downtown Counselling",
        34.05,
        -118.24,
        "zip",
        ["MH", "KIT", "TELE"],
        "",
        "213-555-0104",
    ),
    (
        "nmhd-la-twin",
        "Downtown Counselling Annex",
        34.05,
        -118.24,
        "zip",
        ["MH"],
        "",
        "213-555-0105",
    ),
    (
        "nmhd-pasadena",
        "Pasadena Mind",
        34.147,
        -118.14,
        "city",
        ["MH", "ECT"],
        "2027-01-01",
        "626-555-0106",
    ),
    ("nmhd-slc", "Salt Lake Wellness", 40.76, -111.89, "exact", ["MH", "KIT"], "", "801-555-0107"),
    (
        "dhcs-sd-expired",
        "San Diego Harbor",
        32.72,
        -117.16,
        "exact",
        ["SA"],
        "2024-01-01",
        "619-555-0108",
    ),
]


def listing_record(id_: str, name: str, **fields: Any) -> dict[str, Any]:
    """One source row as the build makes it: a facility's name, its id, and what the test sets."""
    record = empty_record()
    record.update(id=id_, name=name, name1=name, name2="", street_withheld=False, source_ref=id_)
    record.update(fields)
    return record


def synthetic_records() -> list[dict[str, Any]]:
    records = []
    for id_, name, lat, lon, precision, services, expires, phone in _ROWS:
        state = "UT" if id_ == "nmhd-slc" else "CA"
        source = "ca_dhcs" if id_.startswith("dhcs") else "samhsa_nmhd"
        record = listing_record(
            id_,
            name,
            street="1 Main Street",
            street2="",
            city="Somewhere",
            state=state,
            zip="90012",
            phone=phone,
            services=services,
            lat=lat,
            lon=lon,
            precision=precision,
            point_source=source,
            source=source,
            as_of="2024-07-03",
            source_as_of=["2024-07-03"],
            licence_number="190000AA" if expires else None,
            licence_expires=expires or None,
            source_rows=1,
        )
        records.append(record)
    return records


def synthetic_table(folder: Path) -> pd.DataFrame:
    """The made-up rows, written and read back as the built table is."""
    path = folder / "clinics.parquet"
    frame = to_frame(synthetic_records())
    frame["capacity"] = frame["capacity"].astype("Int64")  # as the build writes it
    frame.to_parquet(path, index=False)
    return load_clinics(path, today=TODAY)
