"""Facility point lists: published facilities with the publisher's own point, read as rows to
match against listings (by address, phone or name), never listed on their own.

SAMHSA's treatment-locator exports (mental health, substance use; 2021, via OEPS), SAMHSA's OTP
directory (2021, via OEPS) and FindTreatment.gov's 2025 SU export (names and points only, via the
LOUD Study). Every row read is kept or quarantined with its reason.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from clinic_finder.table.records import SourceLoad
from clinic_finder.table.sources.csvfile import read_csv
from clinic_finder.table.sources.samhsa import KNOWN_STATES
from clinic_finder.table.websites import safe_url
from clinic_finder.text.fields import clean, join_name, phone

LOCATOR_MH = "samhsa_locator_mh"
LOCATOR_SU = "samhsa_locator_su"
OTP_DIRECTORY = "samhsa_otp_directory"
FINDTREATMENT_SU = "findtreatment_su"
LOCATOR_FOLDER = "samhsa_locator_2021_points"
FINDTREATMENT_FOLDER = "findtreatment_2025_su_points"
# The shape every reader hands the matcher (one row per published row kept).
POINT_COLUMNS = ("row", "name", "name1", "street", "city", "state", "zip", "phones", "website")
_ZIP_DIGITS = re.compile(r"^(\d{3,5})(?:\.0)?(?:-?\d{4})?$")


@dataclass(frozen=True)
class Layout:
    """Which published column holds each field (missing fields are empty)."""

    file: str
    as_of: str
    name1: str
    name2: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phones: tuple[str, ...] = ()
    website: str = ""
    lat: str = "latitude"
    lon: str = "longitude"
    encoding: str = "utf-8"

    def columns(self) -> list[str]:
        named = (self.name1, self.name2, self.street, self.city, self.state, self.zip, self.website)
        return [c for c in (*named, *self.phones, self.lat, self.lon) if c]


LAYOUTS: dict[str, Layout] = {
    # As-of dates: when OEPS added each file (SOURCE.md); the MH export script is dated 2021-01-09.
    LOCATOR_MH: Layout(
        "MentalHealthProviders_Geocoded.csv",
        "2021-04-01",
        "name1",
        "name2",
        "street1",
        "city",
        "state",
        "zip",
        ("phone", "intake1", "intake2"),
        "website",
    ),
    LOCATOR_SU: Layout(
        "SubstanceUseTreatment_Geocoded.csv",
        "2021-07-28",
        "name1",
        "name2",
        "street1",
        "city",
        "state",
        "zip",
    ),
    OTP_DIRECTORY: Layout(
        "OpioidTreatmentProgram_Geocoded.csv",
        "2021-07-28",
        "ID",
        street="ADDRESS",
        city="CITY",
        state="STATE",
        zip="POSTAL",
        lat="Latitude",
        lon="Longitude",
        encoding="cp1252",  # "Clínica" is one byte 0xED: the file is Windows-1252, not UTF-8
    ),
    FINDTREATMENT_SU: Layout("us-su-points-2025.csv", "2025-08-19", "name1"),
}
FOLDERS = {
    LOCATOR_MH: LOCATOR_FOLDER,
    LOCATOR_SU: LOCATOR_FOLDER,
    OTP_DIRECTORY: LOCATOR_FOLDER,
    FINDTREATMENT_SU: FINDTREATMENT_FOLDER,
}


def read(raw_dir: Path, source: str) -> SourceLoad:
    layout = LAYOUTS[source]
    return load(raw_dir / FOLDERS[source] / layout.file, source, layout)


def load(path: Path, source: str, layout: Layout) -> SourceLoad:
    """Every row kept as a point record, or quarantined with the reason (no name, no point, an
    unknown state, no ZIP where the list has addresses)."""
    frame = read_csv(path, layout.columns(), "facility points", layout.encoding)
    result = SourceLoad(source, f"{path.parent.name}/{path.name}", layout.as_of, len(frame))
    refused_websites = 0
    for number, raw in enumerate(frame.to_dict("records"), start=2):
        record, reason = _record(raw, layout, number)
        if record is None:
            result.quarantine(number, reason, clean(raw.get(layout.name1, "")))
            continue
        if layout.website and clean(raw[layout.website]) and not record["website"]:
            refused_websites += 1
        result.records.append(record)
    result.notes["edition"] = int(layout.as_of[:4])
    if layout.website:
        result.notes["websites_kept"] = sum(bool(r["website"]) for r in result.records)
        result.notes["websites_refused"] = refused_websites
    return result


def _record(raw: dict[Any, str], layout: Layout, number: int) -> tuple[dict[str, Any] | None, str]:
    def get(column: str) -> str:
        return clean(raw[column]) if column else ""

    name1 = get(layout.name1)
    if not name1:
        return None, "no facility name"
    point = _point(raw[layout.lat], raw[layout.lon])
    if point is None:
        return None, f"no usable point ({raw[layout.lat]!r}, {raw[layout.lon]!r})"
    state = get(layout.state).upper()
    if layout.state and state not in KNOWN_STATES:
        return None, f"unknown state code {state!r}"
    zip_code = zip_padded(get(layout.zip))
    if layout.zip and zip_code is None:
        return None, f"no ZIP code ({get(layout.zip)!r})"
    record = {
        "row": number,
        "name": join_name(name1, get(layout.name2)),
        "name1": name1,
        "street": get(layout.street),
        "city": get(layout.city),
        "state": state,
        "zip": zip_code or "",
        "phones": [phone(raw[c]) for c in layout.phones if clean(raw[c])],
        "website": (safe_url(raw[layout.website]) or "") if layout.website else "",
        "lat": point[0],
        "lon": point[1],
    }
    return record, ""


def zip_padded(value: str) -> str | None:
    """'6708' → '06708' (a spreadsheet read the ZIP as a number), '02138-1234' → '02138'."""
    match = _ZIP_DIGITS.match(value.strip())
    return match.group(1).zfill(5) if match else None


def _point(lat: str, lon: str) -> tuple[float, float] | None:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except ValueError:
        return None
    inside = -90 <= lat_f <= 90 and -180 <= lon_f <= 180  # also refuses nan
    if not inside or (lat_f, lon_f) == (0.0, 0.0):
        return None
    return lat_f, lon_f


def frame_of(load: SourceLoad) -> pd.DataFrame:
    """The kept records as a table for the matcher."""
    return pd.DataFrame(load.records, columns=[*POINT_COLUMNS, "lat", "lon"])
