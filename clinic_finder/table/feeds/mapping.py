"""One HSDS object → the build's records (clinic_finder/table/records.py), or a quarantine reason.

What maps where is stated once, here, and shown in About the data (`FIELD_MAP`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.table import hsds_ids as hsds
from clinic_finder.table.feeds.schema import kind_of, problem
from clinic_finder.table.records import empty_record, stable_id
from clinic_finder.table.websites import safe_url
from clinic_finder.text.fields import clean

FIELD_MAP = {
    "name": "service.name",
    "name1 (organisation)": "service.organization.name",
    "name2 (alternate name)": "service.alternate_name",
    "street, street2, city, state, zip": "location.addresses[physical] (address_1, address_2, "
    "city, state_province, postal_code)",
    "phone, intake_phones": "phones (service_at_location, service, location), with extensions",
    "lat, lon": "location.latitude/longitude: the publisher's point (precision `street`)",
    "services": "attributes[].taxonomy_term: SAMHSA codes (or this project's exported term ids) "
    "as those codes; any other term as the publisher's own category",
    "licence": "service.licenses (this project's form parsed to number, type and expiry)",
    "accreditations": "service.accreditations (kept in the report)",
    "as_of": "service.last_modified, else the newest metadata.last_action_date",
    "not listed": "service.status inactive or defunct (counted)",
    "website": "service.url (http(s) only)",
}
# Our own export's taxonomies (clinic_finder/formats/hsds.py): their terms are service codes.
OWN_TAXONOMIES = frozenset({hsds.SAMHSA_TAXONOMY, hsds.DHCS_TAXONOMY, hsds.OTP_TAXONOMY})
LISTING_ID_TYPE = hsds.LISTING_ID_TYPE  # location.external_identifier_type in our export
NOT_LISTED = frozenset({"inactive", "defunct"})
_LICENCE = re.compile(
    r"^Licen[cs]e (?P<number>[^\s:,(]+)(?: \((?P<type>[^)]*)\))?"
    r"(?:, expires (?P<expires>\d{4}-\d{2}-\d{2}))?"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_MARKUP = re.compile(r"<\s*/?\s*[a-z!]", re.I)


@dataclass
class Category:
    """A publisher's own term, kept as a code of its own under the publisher's name."""

    code: str
    name: str
    description: str


@dataclass
class Mapped:
    records: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)  # (n, reason, name)
    not_listed: list[tuple[int, str, str]] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)
    with_markup: int = 0
    licences_text: dict[str, str] = field(default_factory=dict)
    accreditations: dict[str, str] = field(default_factory=dict)


def map_objects(objects: Any, key: str, as_of: str, max_text: int) -> Mapped:
    out = Mapped()
    for n, obj in enumerate(objects, 1):
        kind = kind_of(obj)
        reason = problem(obj, kind) or _too_long(obj, max_text)
        name = clean(_name_of(obj))[:120]
        if reason:
            out.quarantined.append((n, reason, name))
            continue
        if _has_markup(obj):
            out.with_markup += 1  # kept as text; every place that shows it escapes it
        for service, location, phones in _units(obj, str(kind)):
            status = str(service.get("status", "")).lower()
            if status in NOT_LISTED:
                out.not_listed.append((n, f"status {status}: not listed", clean(service["name"])))
                continue
            out.records.append(_record(service, location, phones, key, as_of, out, n))
    return out


def _name_of(obj: Any) -> str:
    if not isinstance(obj, dict):
        return ""
    return str(obj.get("name") or (obj.get("service") or {}).get("name") or "")


def _too_long(obj: Any, limit: int) -> str | None:
    for value in _strings(obj):
        if len(value) > limit:
            return f"a text longer than {limit:,} characters"
    return None


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)


def _has_markup(obj: Any) -> bool:
    return any(_MARKUP.search(s) for s in _strings(obj))


Unit = tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]


def _units(obj: dict[str, Any], kind: str) -> Iterator[Unit]:
    """(service, location, phones) for each service at each location the object holds."""
    if kind == "organization":
        org = {k: v for k, v in obj.items() if k != "services"}
        for service in obj.get("services") or []:
            yield from _units({**service, "organization": org}, "service")
    elif kind == "service":
        sals = obj.get("service_at_locations") or []
        for sal in sals:
            yield obj, sal.get("location") or {}, [*(sal.get("phones") or []), *_phones(obj)]
        if not sals:
            yield obj, {}, _phones(obj)
    else:
        service = obj.get("service") or {}
        location = obj.get("location") or {}
        phones = [*(obj.get("phones") or []), *_phones(service), *(location.get("phones") or [])]
        yield {**service, "_sal": obj}, location, phones


def _phones(service: dict[str, Any]) -> list[dict[str, Any]]:
    return list(service.get("phones") or [])


def _record(
    service: dict[str, Any],
    location: dict[str, Any],
    phones: list[dict[str, Any]],
    key: str,
    feed_as_of: str,
    out: Mapped,
    n: int,
) -> dict[str, Any]:
    sal = service.pop("_sal", {})
    record = empty_record()
    address = _address(location)
    ref = str(sal.get("id") or f"{service.get('id', '')}@{location.get('id', '')}")
    own_id = location.get("external_identifier_type") == LISTING_ID_TYPE
    record["id"] = clean(location["external_identifier"]) if own_id else stable_id("hsds", key, ref)
    organization = service.get("organization") or {}
    street = clean(address.get("address_1"))
    numbers = list(dict.fromkeys(n for n in (_number(p) for p in phones) if n))
    record.update(
        name=clean(service.get("name")),
        name1=clean(organization.get("name")) or clean(service.get("name")),
        name2=clean(service.get("alternate_name")),
        street=street,
        street2=clean(address.get("address_2")),
        street_withheld=not street,
        city=clean(address.get("city")),
        state=clean(address.get("state_province")).upper()[:2],
        zip=clean(address.get("postal_code"))[:5],
        county=clean(address.get("region")),
        phone=numbers[0] if numbers else "",
        intake_phones=numbers[1:],
        services=_codes(service, sal, out, key),
        source=key,
        source_ref=ref,
        source_rows=1,
        target_population="",
    )
    as_of = _as_of(service, sal, location) or feed_as_of
    record["as_of"] = as_of
    record["source_as_of"] = [as_of]
    if isinstance(location.get("latitude"), (int, float)) and isinstance(
        location.get("longitude"), (int, float)
    ):
        record.update(
            lat=float(location["latitude"]),
            lon=float(location["longitude"]),
            precision=_precision(location),
            point_source=key,
            point_as_of=as_of,
            point_match="publisher",
        )
    _licence(record, clean(service.get("licenses")), out)
    if service.get("accreditations"):
        out.accreditations[record["id"]] = clean(service["accreditations"])
    site = safe_url(service.get("url"))
    if site:
        record.update(website=site, website_source=key)
    record["_row"] = n
    return record


def _address(location: dict[str, Any]) -> dict[str, Any]:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type") in ("physical", None)]
    return (physical or addresses or [{}])[0]


def _number(phone: dict[str, Any]) -> str:
    number = clean(phone.get("number"))
    extension = phone.get("extension")
    if (
        number
        and extension not in (None, "")
        and not re.search(r"(x|ext\.?)\s*\d+\s*$", number, re.I)
    ):
        number = f"{number} x{extension}"
    return number


def _codes(service: dict[str, Any], sal: dict[str, Any], out: Mapped, key: str) -> list[str]:
    codes: dict[str, None] = {}
    for attribute in [*(service.get("attributes") or []), *(sal.get("attributes") or [])]:
        term = attribute.get("taxonomy_term") or {}
        code = clean(term.get("code")).upper()
        own = code and (
            term.get("id") == hsds.uid("taxonomy_term", code)
            or term.get("taxonomy") in OWN_TAXONOMIES
            or "SAMHSA" in str(term.get("taxonomy", "")).upper()
        )
        if own:
            codes[code] = None
            continue
        label = clean(term.get("name") or term.get("code") or attribute.get("value"))
        if not label:
            continue
        digest = hashlib.sha1(f"{key}|{label.casefold()}".encode()).hexdigest()[:7].upper()
        category = out.categories.setdefault(
            digest, Category(f"P{digest}", label, clean(term.get("description")))
        )
        codes[category.code] = None
    return list(codes)


def _as_of(service: dict[str, Any], sal: dict[str, Any], location: dict[str, Any]) -> str:
    modified = clean(service.get("last_modified"))
    if _DATE.match(modified):
        return modified[:10]
    days = [
        clean(m.get("last_action_date"))[:10]
        for owner in (sal, service, location)
        for m in owner.get("metadata") or []
        if isinstance(m, dict) and _DATE.match(clean(m.get("last_action_date")))
    ]
    return max(days) if days else ""


def _precision(location: dict[str, Any]) -> str:
    """This project's own export says how precise its point is; any other point is the
    publisher's own (`street`)."""
    text = clean(location.get("description"))
    if text.startswith("Point: "):
        said = text[len("Point: ") :]
        for key in ("exact", "zip", "city", "state"):
            if said.startswith(PRECISION_WORDS[key]):
                return key
    return "street"


def _licence(record: dict[str, Any], text: str, out: Mapped) -> None:
    if not text:
        return
    found = _LICENCE.match(text)
    if found:
        record.update(
            licence_number=found["number"],
            licence_type=found["type"] or "",
            licence_expires=found["expires"] or "",
        )
    else:
        out.licences_text[record["id"]] = text
        record["licence_program"] = text[:300]
