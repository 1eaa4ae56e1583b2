"""SAMHSA's national directories (mental health, substance use): workbook → common records.

Both directories share one 13-column scheme; the SU workbook capitalises its headers, so headers
are matched case-insensitively. Each directory's newest edition is read (see `editions.py`).
"""

import re
from pathlib import Path
from typing import Any

import pandas as pd
import us

from clinic_finder.errors import SourceError
from clinic_finder.table.records import SourceLoad, empty_record, stable_id
from clinic_finder.table.services import DICTIONARY_COLUMNS, ServiceDictionary, parse_codes
from clinic_finder.table.sources.editions import newest_edition
from clinic_finder.table.sources.workbook import (
    find_sheet,
    modified_date,
    read_sheets,
    require_columns,
)
from clinic_finder.text.fields import clean, is_withheld_street, join_name, phone, zip5

SOURCE = "samhsa_nmhd"
SU_SOURCE = "samhsa_nsud"
# The id prefix of each directory's listings ("nmhd-…" ids are today's and must not change).
ID_PREFIX = {SOURCE: "nmhd", SU_SOURCE: "nsud"}
FACILITY_COLUMNS = (
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "phone",
    "intake1",
    "intake2",
    "intake1a",
    "intake2a",
    "service_code_info",
)
PHONE_COLUMNS = ("phone", "intake1", "intake2", "intake1a", "intake2a")
KNOWN_STATES = frozenset(s.abbr for s in us.states.STATES_AND_TERRITORIES) | {"DC"}


def find_workbook(raw_dir: Path, source: str = SOURCE) -> Path:
    """The newest edition's workbook of one SAMHSA directory (a newer release just drops in)."""
    return newest_edition(raw_dir, source, "*.xlsx").path


def read_workbook(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The facilities sheet and the service-code dictionary sheet, validated."""
    sheets = read_sheets(path)
    facilities = _lower_headers(find_sheet(path, sheets, "facilit"))
    dictionary = _lower_headers(find_sheet(path, sheets, "code"))
    facilities = require_columns(path, facilities, FACILITY_COLUMNS, "facilities")
    dictionary = require_columns(path, dictionary, DICTIONARY_COLUMNS, "service codes")
    if facilities.empty:
        raise SourceError(path, "the facilities sheet has no rows")
    return facilities, dictionary


def _lower_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """The SU workbook writes `Name1`, `Service_code_info`: the same columns as the MH one."""
    return frame.rename(columns=lambda c: str(c).strip().casefold())


def as_of(path: Path) -> str | None:
    edition = re.search(r"(20\d\d)", path.name)
    return modified_date(path) or (f"{edition.group(1)}-01-01" if edition else None)


def load(
    path: Path, dictionary: ServiceDictionary, facilities: pd.DataFrame, source: str = SOURCE
) -> SourceLoad:
    """Normalise every row; quarantine what cannot be a facility; merge repeated listings."""
    result = SourceLoad(source, path.name, as_of(path), rows_read=len(facilities))
    unknown: dict[str, int] = {}
    withheld = no_street = invalid_zip = 0
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for number, row in enumerate(facilities.itertuples(index=False), start=2):
        raw = {column: clean(getattr(row, column)) for column in FACILITY_COLUMNS}
        reason = _quarantine_reason(raw)
        if reason:
            result.quarantine(number, reason, join_name(raw["name1"], raw["name2"]))
            continue
        codes = parse_codes(raw["service_code_info"])
        for code in dictionary.unknown(codes):
            unknown[code] = unknown.get(code, 0) + 1
        withheld += is_withheld_street(raw["street1"])
        no_street += not raw["street1"]
        invalid_zip += zip5(raw["zip"]) is None  # kept: its city places it
        # A facility listed once per intake phone differs only in its phones: merge those rows.
        # Letter case does not make another facility (and its ids would clash: they ignore case).
        identity = tuple(raw[c].casefold() for c in FACILITY_COLUMNS if c not in PHONE_COLUMNS)
        phones = [phone(raw[c]) for c in PHONE_COLUMNS if raw[c]]
        if identity in groups:
            group = groups[identity]
            group["rows"].append(number)
            group["phones"].extend(p for p in phones if p not in group["phones"])
        else:
            groups[identity] = {"raw": raw, "codes": codes, "rows": [number], "phones": phones}
    used_ids: set[str] = set()
    for group in groups.values():
        record = _record(group, result.as_of, used_ids, source)
        result.records.append(record)
        if len(group["rows"]) > 1:
            result.merged.append(
                {
                    "id": record["id"],
                    "name": record["name"],
                    "rows": len(group["rows"]),
                    "source_rows": group["rows"],
                }
            )
    result.notes = {
        "withheld_street": withheld,
        "no_street": no_street,
        "invalid_zip": invalid_zip,
        "unknown_codes": dict(sorted(unknown.items())),
    }
    return result


def _quarantine_reason(raw: dict[str, Any]) -> str | None:
    if not (raw["name1"] or raw["name2"]):
        return "no facility name"
    if raw["state"].upper() not in KNOWN_STATES:
        return f"unknown state code {raw['state']!r}"
    if zip5(raw["zip"]) is None and not raw["city"]:
        return f"neither a valid ZIP nor a city (zip {raw['zip']!r})"
    return None


def _record(
    group: dict[str, Any], as_of_date: str | None, used_ids: set[str], source: str
) -> dict[str, Any]:
    raw = group["raw"]
    withheld = is_withheld_street(raw["street1"])
    identity = [raw[c] for c in ("name1", "name2", "street1", "street2", "city", "state", "zip")]
    prefix = ID_PREFIX.get(source, source)
    record_id = stable_id(prefix, *identity)
    # Distinct facilities can share all of these (e.g. several confidential homes of one
    # provider); the main phone, then the service list, tells them apart.
    for extra in (group["phones"][:1], group["codes"]):
        if record_id not in used_ids:
            break
        identity += extra
        record_id = stable_id(prefix, *identity)
    used_ids.add(record_id)
    record = empty_record()
    record.update(
        id=record_id,
        name=join_name(raw["name1"], raw["name2"]),
        name1=raw["name1"],
        name2=raw["name2"],
        street="" if withheld else raw["street1"],
        street2="" if withheld else raw["street2"],
        street_withheld=withheld,
        city=raw["city"],
        state=raw["state"].upper(),
        zip=zip5(raw["zip"]) or "",
        phone=group["phones"][0] if group["phones"] else "",
        intake_phones=group["phones"][1:],
        services=group["codes"],
        source=source,
        source_ref=",".join(str(n) for n in group["rows"]),
        as_of=as_of_date,
        source_rows=len(group["rows"]),
    )
    return record


def read(raw_dir: Path, source: str = SOURCE) -> tuple[SourceLoad, pd.DataFrame]:
    """The newest edition of one directory, loaded, and its service-code dictionary sheet."""
    edition = newest_edition(raw_dir, source, "*.xlsx")
    facilities, reference = read_workbook(edition.path)
    loaded = load(edition.path, ServiceDictionary.from_frames(reference), facilities, source)
    loaded.path = f"{edition.path.parent.name}/{edition.path.name}"
    loaded.notes.update(edition.note())
    return loaded, reference
