"""California DHCS licensed/certified SUD facilities (ArcGIS API response) → common records."""

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from clinic_finder.errors import SourceError
from clinic_finder.table.records import SourceLoad, empty_record
from clinic_finder.text.fields import clean, phone, title_case, zip5

SOURCE = "ca_dhcs"
REQUIRED_FIELDS = (
    "Application_Number",
    "Type_of_Application",
    "Lic_Expiration_Date",
    "Program_Code",
    "Facility_Name",
    "Facility_Address1",
    "Facility_City",
    "Facility_State",
    "Facility_Zip",
    "Latitude",
    "Longitude",
)
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_CAPACITY = 100_000  # beds or places; the largest published is in the hundreds

# Program_Code prefixes as read in SOURCE.md: RES residential, NON non-residential (outpatient);
# DSS/DPH facilities are licensed by other departments, so no setting is claimed for them.
_SETTING = {"RES": "RES", "NON": "OP"}
# Target_Population labels → service codes (SAMHSA's where one fits, else the DHCS ones in
# data/dhcs_service_codes.csv). "CHILD(REN)" beside an adult group means adults with their children.
POPULATION_CODES = {
    "CO-ED": (),
    "MEN ONLY": ("MEN",),
    "WOMEN ONLY": ("WMN",),
    "YOUTH/ADOLESCENT": ("CHLD",),
    "CO-ED/YOUTH": ("CHLD",),
    "MEN/YOUTH": ("MEN", "CHLD"),
    "WOMEN/YOUTH": ("WMN", "CHLD"),
    "WOMEN/CHILDREN": ("WMN", "WCH"),
    "WOMEN/CHILD/DUAL": ("WMN", "WCH", "CO"),
    "CO-ED/CHILDREN": ("FAM",),
    "CO-ED/CHILD/DUAL": ("FAM", "CO"),
    "FAMILIES": ("FAM",),
    "DUAL DIAGNOSIS": ("CO",),
}


def find_file(raw_dir: Path) -> Path:
    candidates = sorted(raw_dir.glob("ca_dhcs_sud_facilities/*.json"))
    if not candidates:
        raise SourceError(raw_dir / "ca_dhcs_sud_facilities/", "no DHCS API response (.json) found")
    return candidates[-1]


def read_response(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The records and retrieval date of a saved ArcGIS query response."""
    if not path.is_file():
        raise SourceError(path, "file not found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SourceError(path, f"file is larger than the {MAX_FILE_BYTES:,} bytes allowed")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:  # deep nesting
        raise SourceError(path, f"not a UTF-8 JSON API response ({error})") from error
    records = payload.get("records") if isinstance(payload, dict) else None
    if not isinstance(records, list) or not records:
        raise SourceError(path, "no 'records' list in the response")
    missing = [
        f for f in REQUIRED_FIELDS if not isinstance(records[0], dict) or f not in records[0]
    ]
    if missing:
        raise SourceError(path, f"records lack fields {missing}")
    retrieved = clean(payload.get("retrieved_at"))[:10] or None
    return records, retrieved


def load(path: Path) -> SourceLoad:
    records, retrieved = read_response(path)
    result = SourceLoad(SOURCE, path.name, retrieved, rows_read=len(records))
    seen: set[str] = set()
    bad_dates = no_street = invalid_zip = 0
    state_corrected = 0
    unknown_populations: dict[str, int] = {}
    for number, item in enumerate(records, start=1):
        if not isinstance(item, dict):
            result.quarantine(number, "record is not an object")
            continue
        field = {key: clean(value) for key, value in item.items()}
        licence = field.get("Application_Number", "").upper()
        name = title_case(field.get("Facility_Name", ""))
        if not licence:
            result.quarantine(number, "no licence/certification number", name)
            continue
        if licence in seen:
            result.quarantine(number, f"duplicate licence number {licence!r}", name)
            continue
        if not name:
            result.quarantine(number, "no facility name", licence)
            continue
        seen.add(licence)
        record = _record(field, licence, name, retrieved)
        bad_dates += bool(field.get("Lic_Expiration_Date")) and record["licence_expires"] is None
        state_corrected += field.get("Facility_State", "").upper() != "CA"
        no_street += not record["street"]
        invalid_zip += not record["zip"]
        result.records.append(record)
        population = record["target_population"].upper()
        if population and population not in POPULATION_CODES:
            unknown_populations[population] = unknown_populations.get(population, 0) + 1
    result.notes = {
        "unreadable_expiry_dates": bad_dates,
        "state_corrected_to_ca": state_corrected,
        "no_street": no_street,
        "invalid_zip": invalid_zip,
        "unknown_target_populations": dict(sorted(unknown_populations.items())),
    }
    return result


def _record(field: dict[str, Any], licence: str, name: str, as_of: str | None) -> dict[str, Any]:
    record = empty_record()
    lat, lon = _official_point(field.get("Latitude"), field.get("Longitude"))
    program = field.get("Program_Code", "").upper()
    population = field.get("Target_Population", "").partition("---")[2].strip()
    city = title_case(field.get("Facility_City", "").rstrip(", "))
    record.update(
        id=f"dhcs-{licence.lower()}",
        name=name,
        name1=title_case(field.get("Legal_Entity_Name", "")),
        name2="",
        street=title_case(field.get("Facility_Address1", "")),
        street2=title_case(field.get("Facility_Address2", "")),
        street_withheld=False,
        city=city,
        state="CA",  # a California register: one record's "C" is a typo, not another state
        zip=zip5(field.get("Facility_Zip")) or "",
        county=field.get("CountyName", ""),
        phone=phone(field.get("Facility_Phone", "")),
        services=_services(field, program, population),
        lat=lat,
        lon=lon,
        precision="exact" if lat is not None else None,
        source=SOURCE,
        source_ref=licence,
        as_of=as_of,
        licence_number=licence,
        licence_type=field.get("Type_of_Application", ""),
        licence_expires=_date(field.get("Lic_Expiration_Date", "")),
        licence_program=program,
        capacity=_int(field.get("Total_Capacity")),
        target_population=population,
        source_rows=1,
        licence_as_of=as_of,
    )
    return record


def _services(field: dict[str, Any], program: str, population: str) -> list[str]:
    codes = ["SA"]
    setting = _SETTING.get(program.split("-")[0])
    if setting:
        codes.append(setting)
    if program.endswith("-DETOX"):
        codes.append("DTX")
    if field.get("Incident_Medical_Services", "").lower() == "yes":
        codes.append("IMS")
    if field.get("Adolescent_Waiver", "").lower() == "yes":
        codes.append("AWV")
    codes.extend(POPULATION_CODES.get(population, ()))
    return codes


def _official_point(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    """DHCS writes a missing point as 0,0; anything outside lat/lon ranges is missing too."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None, None
    if (lat, lon) == (0.0, 0.0) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _date(text: str) -> str | None:
    try:
        return datetime.strptime(text, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def _int(text: Any) -> int | None:
    """A capacity; None for blanks, words, and numbers no facility has ("1e999", "-5", "nan")."""
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    return int(number) if 0 <= number < MAX_CAPACITY else None
