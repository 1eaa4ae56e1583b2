"""A search's results as Open Referral HSDS 3.0: one full `service_at_location` per facility.

The export is a JSON array of `service_at_location` objects in HSDS's nested ("compiled") form,
each holding its `service` (with its `organization`), its `location` (with its address) and its
`phones`; not the tabular data package. Every identifier is a UUID derived from the listing id
(uuid5 in a fixed namespace), so the same facility keeps its UUIDs from one export to the next.

Provenance goes where HSDS keeps it, in `metadata` records: one per source on each
service_at_location (its dates and licence), one on the location for the point's source (ODbL
for an OpenStreetMap point), one on the service for a state licence record. Text is data, never
markup: it is cleaned of control characters and lone surrogates (`text.clean`) and written as
JSON strings.
"""

import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.show import listing
from clinic_finder.table.hsds_ids import (
    DHCS_TAXONOMY,
    LISTING_ID_TYPE,
    OTP_TAXONOMY,
    SAMHSA_TAXONOMY,
    uid,
)
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import point_lists, registry
from clinic_finder.text.fields import clean

FILE_NAME = "service_at_location.json"
# Codes this project derived from California DHCS columns (data/dhcs_service_codes.csv).
_DERIVED_CATEGORIES = frozenset({"DHCS", "POP"})
SELF_REPORTED = "self-reported to SAMHSA, not verified"
# Point sources that are not published lists (the offline centroids a row falls back to).
_POINT_WORDS = {"zipcodes": "ZIP center from the offline `zipcodes` package (GeoNames points)"}
# An HSDS object as JSON, and a row of the table or of a search's results.
JSON = dict[str, Any]
Row = Mapping[str, Any]
_EXTENSION = re.compile(r"(?:x|ext\.?)\s*(\d{1,9})\s*$", re.I)


def service_at_location(
    row: Row,
    dictionary: ServiceDictionary,
    report: JSON,
    terms: dict[str, JSON] | None = None,
) -> JSON:
    """One facility (a row of the table, or of a search's results) as a full service_at_location.

    `terms` (code → taxonomy term) is shared by the rows of one export: a whole-table export
    holds over a million attributes and only a few hundred distinct terms.
    """
    terms = {} if terms is None else terms
    key = str(row["id"])
    ids = {kind: uid(kind, key) for kind in ("service_at_location", "service", "location")}
    return _drop_empty(
        {
            "id": ids["service_at_location"],
            "service_id": ids["service"],
            "location_id": ids["location"],
            "description": clean(listing.key_services(row["services"])),
            "phones": _phones(row, ids["service_at_location"]),
            "service": _service(row, dictionary, ids["service"], terms),
            "location": _location(row, ids["location"], report),
            "metadata": [
                *_source_metadata(row, ids["service_at_location"], report),
                *_correction_metadata(row, ids["service_at_location"], report),
            ],
        }
    )


def export(rows: Iterable[Row], dictionary: ServiceDictionary, report: JSON) -> Iterator[JSON]:
    """Each row as a service_at_location, one at a time (the whole table does not fit twice);
    `report` is the build's (settings.build_report), read once for every row."""
    terms: dict[str, JSON] = {}
    for row in rows:
        yield service_at_location(row, dictionary, report, terms)


def write_json(objects: Iterable[JSON], stream: BinaryIO) -> int:
    """A UTF-8 JSON array, one object per line (diffable, and readable line by line); the count."""
    count = 0
    stream.write(b"[")
    for obj in objects:
        stream.write(b",\n" if count else b"\n")
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        stream.write(line.encode("utf-8"))
        count += 1
    stream.write(b"\n]\n" if count else b"]\n")
    return count


def to_json(objects: Iterable[JSON]) -> bytes:
    buffer = io.BytesIO()
    write_json(objects, buffer)
    return buffer.getvalue()


def _service(
    row: Row, dictionary: ServiceDictionary, service_id: str, terms: dict[str, JSON]
) -> JSON:
    name = clean(row["name"])
    licence = listing.licence(row)
    reported = listing.reported_credentials(row)
    organization_id = uid("organization", str(row["id"]))
    alert = "The state license record shows this license as expired: check with the state."
    site = listing.website(row)
    return _drop_empty(
        {
            "id": service_id,
            "organization_id": organization_id,
            "name": name,
            "description": clean(
                f"Listed in: {listing.source(row)}. Hours, intake and insurance are not published: "
                "call ahead."
            ),
            # HSDS has no "unknown": a listing in a published directory is taken as active.
            "status": "active",
            "url": site[0] if site else "",
            "licenses": clean(f"{licence} (state license record)") if licence else "",
            "accreditations": _accreditations(row, reported),
            "alert": alert if row.get("licence_status") == "expired" else "",
            "organization": {
                "id": organization_id,
                # A state licence list names the licensee; a directory only the facility.
                "name": clean(row.get("name1") or row["name"]),
                "description": clean(f"Operates {name}."),
            },
            "attributes": [
                _attribute(code, service_id, dictionary, terms) for code in row["services"]
            ],
            "metadata": [
                *(_licence_metadata(row, service_id) if licence else []),
                *_fact_metadata(row, service_id, bool(site)),
            ],
        }
    )


def _accreditations(row: Row, reported: str) -> str:
    """The OTP directory fact (named with its source) and the self-reported credentials."""
    parts = []
    otp = listing.otp_directory(row)
    if otp:
        parts.append(f"{otp} (source: {registry.BY_KEY[point_lists.OTP_DIRECTORY].named(2021)})")
    if reported:
        parts.append(f"{reported} — {SELF_REPORTED}")
    return clean("; ".join(parts))


def _fact_metadata(row: Row, service_id: str, has_site: bool) -> list[JSON]:
    """Where the website and the OTP fact come from (a point list, not the listing's source)."""
    found = []
    facts = [("url", row.get("website_source"), has_site)]
    facts.append(("accreditations", point_lists.OTP_DIRECTORY, bool(row.get("otp_directory"))))
    for field, key, present in facts:
        source = registry.BY_KEY.get(str(key or ""))
        if present and source is not None:
            day = point_lists.LAYOUTS[source.key].as_of
            year = day[:4]
            by = f"{source.named(year)}; licence: {source.licence}. {source.credit(year)}"
            found.append(_metadata(service_id, "service", day, field, by))
    return found


def _attribute(
    code: str, service_id: str, dictionary: ServiceDictionary, terms: dict[str, JSON]
) -> JSON:
    """A service offered, as a term of its dictionary (nested, so the link is implied)."""
    if code not in terms:
        terms[code] = _term(code, dictionary)
    attribute: JSON = {"id": uid("attribute", service_id, code), "taxonomy_term": terms[code]}
    if code in listing.CREDENTIAL_CODES:
        attribute["value"] = SELF_REPORTED
    return attribute


def _term(code: str, dictionary: ServiceDictionary) -> JSON:
    service = dictionary.get(code)
    derived = service.category_code in _DERIVED_CATEGORIES
    return {
        "id": uid("taxonomy_term", code),
        "code": clean(code),
        "name": clean(service.name),
        "description": clean(service.category_name),
        "taxonomy": OTP_TAXONOMY
        if service.category_code == "OTPDIR"
        else DHCS_TAXONOMY
        if derived
        else SAMHSA_TAXONOMY,
    }


def _location(row: Row, location_id: str, report: JSON) -> JSON:
    withheld = bool(row["street_withheld"])
    point = listing.precision(row)
    note = f"Point: {point}."
    if row["precision"] in listing.APPROXIMATE:
        note += " The facility is somewhere in this area, not at this point."
    if withheld:
        note += " The facility withholds its street address."
    address: JSON = {
        "id": uid("address", str(row["id"])),
        "location_id": location_id,
        "address_1": "" if withheld else clean(row["street"]),  # required, even when withheld
        "city": clean(row["city"]),
        "state_province": clean(row["state"]),
        "postal_code": clean(row["zip"]),
        "country": "US",
        "address_type": "physical",
    }
    if clean(row.get("street2", "")):
        address["address_2"] = clean(row["street2"])
    # JSON has no NaN: a row that could not be placed has no coordinates at all.
    located = row["precision"] != "none" and math.isfinite(row["lat"]) and math.isfinite(row["lon"])
    return _drop_empty(
        {
            "id": location_id,
            "location_type": "physical",
            "name": clean(row["name"]),
            "description": note,
            "latitude": round(float(row["lat"]), 6) if located else None,
            "longitude": round(float(row["lon"]), 6) if located else None,
            # The listing's own id, so a build of this export gives the same listings back.
            "external_identifier": str(row["id"]),
            "external_identifier_type": LISTING_ID_TYPE,
            "addresses": [address],
            "metadata": _point_metadata(row, location_id, report),
        }
    )


def _phones(row: Row, owner_id: str) -> list[JSON]:
    phones: list[JSON] = []
    numbers = [(row["phone"], "main")] + [(p, "intake") for p in row["intake_phones"]]
    for published, role in numbers:
        number = clean(published)
        if not number:
            continue
        extension = _EXTENSION.search(number)
        phone: JSON = {
            "id": uid("phone", owner_id, role, number),
            "service_at_location_id": owner_id,
            "number": number,
            "type": "voice",
            "description": "Intake" if role == "intake" else "Main number",
        }
        if extension:
            phone["extension"] = int(extension[1])
        phones.append(phone)
    return phones


def _source_metadata(row: Row, resource_id: str, report: JSON) -> list[JSON]:
    """One record per source the listing comes from: who published it, as of when, licence."""
    built = registry.editions(report)
    parts = str(row["source"]).split("+")
    dates = list(row.get("source_as_of") or [])
    dates += [""] * (len(parts) - len(dates))
    records = []
    for key, day in zip(parts, dates, strict=True):
        source = registry.BY_KEY.get(key)
        if source is None:
            continue
        records.append(
            _metadata(
                resource_id, "service_at_location", day, "*",
                f"{source.named(built.get(key))}, {source.publisher}; licence: {source.licence}. "
                f"{source.credit(built.get(key))}",
            )
        )  # fmt: skip
    return records


def _correction_metadata(row: Row, resource_id: str, report: JSON) -> list[JSON]:
    """Each reviewer's correction of this listing (clinic_finder/reports), with what it replaced."""
    found = []
    for fix in report.get("corrections", []):
        if fix.get("listing_id") != row["id"]:
            continue
        field, before, after = {
            "phone": ("phones", fix.get("before", ""), fix.get("phone", "")),
            "services_removed": ("services", " ".join(fix.get("removed", [])), ""),
        }.get(fix.get("kind"), ("", "", ""))
        if not field:
            continue
        by = f"corrections: report {fix.get('report_id')} checked by a reviewer"
        entry = _metadata(resource_id, "service_at_location", fix.get("decided", ""), field, by)
        entry.update(last_action_type="corrected from a person's report, checked by a reviewer",
                     previous_value=clean(before), replacement_value=clean(after))  # fmt: skip
        found.append(entry)
    return found


def _point_metadata(row: Row, location_id: str, report: JSON) -> list[JSON]:
    key = str(row.get("point_source") or "")
    source = registry.BY_KEY.get(key)
    day = row.get("point_as_of") or report.get("sources", {}).get(key, {}).get("as_of") or ""
    words = PRECISION_WORDS.get(row["precision"], row["precision"])
    if source is not None:
        edition = registry.editions(report).get(key)
        by = f"{source.named(edition)}; licence: {source.licence}. {source.credit(edition)}"
    else:
        by = f"{_POINT_WORDS.get(key, key or 'unknown')} ({words})"
    return [_metadata(location_id, "location", day, "latitude,longitude", by)]


def _licence_metadata(row: Row, service_id: str) -> list[JSON]:
    sources = [s for s in registry.of_kind("licence_list") if s.covers(row["state"])]
    by = "; ".join(f"{s.named()}, {s.publisher}; licence: {s.licence}" for s in sources)
    return [_metadata(service_id, "service", row.get("licence_as_of") or "", "licenses", by)]


def _metadata(resource_id: str, kind: str, day: str, field: str, by: str) -> JSON:
    return {
        "id": uid("metadata", resource_id, field, by),
        "resource_id": resource_id,
        "resource_type": kind,
        "last_action_date": clean(day),
        "last_action_type": "imported from the published source",
        "field_name": field,
        "previous_value": "",
        "replacement_value": "",
        "updated_by": clean(by),
    }


def _drop_empty(obj: JSON) -> JSON:
    """Optional fields with nothing to say are left out rather than sent as "" or null."""
    return {k: v for k, v in obj.items() if v not in ("", None, [])}


def term(code: str, dictionary: ServiceDictionary) -> JSON:
    """One service code as the taxonomy term every export writes for it (the API lists them)."""
    return _term(code, dictionary)
