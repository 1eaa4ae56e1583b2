"""How one facility is described to a patient: address, phones, licence, links, services.

Pure functions over a facility record (a mapping with the table's columns). Nothing here
escapes text for one output or another: each output (markdown, HTML, CSV) does that itself.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.services import KEY_SERVICES, ServiceDictionary
from clinic_finder.sources import registry

LICENCE_WORDS = {
    "active": "active",
    "expiring": "expiring within 90 days",
    "expired": "EXPIRED — check with the state before relying on it",
    "unknown": "",
}
SOURCE_WORDS = {source.key: source.named() for source in registry.SOURCES}
# Where a street-level point came from, when it was not the facility's own source.
POINT_SOURCE_WORDS = {
    "osm_address_points": "OpenStreetMap address point, © OpenStreetMap contributors (ODbL)",
}
# The SAMHSA directories' License/Certification/Accreditation codes, as the facility reported
# them to SAMHSA: self-reports, never a verified licence (that is `licence()`, a state record).
STATE_AUTHORITY_WORDS = {
    "STAG": "Licensed or certified by the state substance use agency",
    "STMH": "Licensed or certified by the state mental health department",
    "STDH": "Licensed or certified by the state department of health",
    "HLA": "Licensed by a hospital licensing authority",
}
CERTIFICATION_WORDS = {
    "SOTP": "SAMHSA-certified opioid treatment program",
    "DEA": "DEA-registered",
    "FQHC": "Federally Qualified Health Center",
    "MHC": "Mental health clinic or centre",
}
ACCREDITOR_WORDS = {
    "JC": "the Joint Commission",
    "CARF": "CARF",
    "NCQA": "NCQA",
    "COA": "COA",
    "HFAP": "HFAP",
}
CREDENTIAL_CODES = (
    frozenset(STATE_AUTHORITY_WORDS) | set(CERTIFICATION_WORDS) | set(ACCREDITOR_WORDS)
)
_SAMHSA_DIRECTORIES = frozenset(s.key for s in registry.of_kind("directory"))
_PHONE = re.compile(r"\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})(?:\s*(?:x|ext\.?)\s*(\d+))?", re.I)


def address(row: Mapping[str, Any]) -> str:
    """One line, as it would be written on an envelope; says so when the street is withheld."""
    street = "street address withheld by the facility" if row["street_withheld"] else row["street"]
    return ", ".join(p for p in (street, row.get("street2", ""), _town(row)) if p)


def _town(row: Mapping[str, Any]) -> str:
    return ", ".join(p for p in (row["city"], f"{row['state']} {row['zip']}".strip()) if p)


def tel_link(phone: str) -> str:
    """An RFC 3966 `tel:` link for a US number (extension kept), or '' when it is not one."""
    match = _PHONE.search(phone or "")
    if not match:
        return ""
    area, exchange, line, ext = match.groups()
    return f"tel:+1-{area}-{exchange}-{line}" + (f";ext={ext}" if ext else "")


def key_services(codes: Iterable[str]) -> str:
    return ", ".join(key_service_labels(codes))


def key_service_labels(codes: Iterable[str]) -> list[str]:
    offered = set(codes)  # a set first: an iterator can be read only once
    return [KEY_SERVICES[c] for c in KEY_SERVICES if c in offered]


APPROXIMATE = ("zip", "city", "state")
_AREA_WORDS = {"zip": "in this ZIP area", "city": "in this city area", "state": "in this state"}


def plural(count: int, one: str, many: str) -> str:
    """'1 facility', '2 facilities', '1,204 facilities'."""
    return f"{count:,} {one if count == 1 else many}"


def distance(row: Mapping[str, Any]) -> str:
    """How far, as precisely as the point allows: '3.2 mi', 'about 3 mi', 'in this ZIP area'.

    A point at a ZIP or city centre can be miles from the door: its distance is rounded, and a
    facility placed at the very centre searched is 'in this area', never '0.0 mi'.
    """
    miles = float(row["distance_mi"])
    if row["precision"] not in APPROXIMATE:
        return f"{miles:.1f} mi"
    if miles < 0.5:
        return _AREA_WORDS[row["precision"]]
    return f"about {max(1, round(miles))} mi"


def precision(row: Mapping[str, Any]) -> str:
    """How precise the point is, naming an address point's source (OpenStreetMap: ODbL)."""
    words: str = PRECISION_WORDS.get(row["precision"], row["precision"])
    if row["precision"] == "street" and row.get("point_source") in POINT_SOURCE_WORDS:
        return f"street address: {POINT_SOURCE_WORDS[row['point_source']]}"
    return words


def credentials(codes: Iterable[str], years: Iterable[str] = ()) -> str:
    """Who licenses, certifies or accredits a facility, in the words the facility reported to
    SAMHSA, e.g. 'Licensed or certified by the state substance use agency; accredited by CARF
    (reported to SAMHSA, 2023)'; '' when it reported none. Not a verified licence."""
    codes = set(codes)
    parts = [words for code, words in STATE_AUTHORITY_WORDS.items() if code in codes]
    parts += [words for code, words in CERTIFICATION_WORDS.items() if code in codes]
    accreditors = [words for code, words in ACCREDITOR_WORDS.items() if code in codes]
    if accreditors:
        parts.append("accredited by " + _and(accreditors))
    if not parts:
        return ""
    when = ", " + _and(sorted(set(years))) if years else ""
    return "; ".join(parts) + f" (reported to SAMHSA{when})"


def reported_credentials(row: Mapping[str, Any]) -> str:
    """`credentials` for a listing, dated by the SAMHSA editions it comes from."""
    sources = str(row["source"]).split("+")
    dates = list(row.get("source_as_of") or [])
    years = [d[:4] for s, d in zip(sources, dates, strict=False) if s in _SAMHSA_DIRECTORIES and d]
    return credentials(row["services"], years)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def licence(row: Mapping[str, Any]) -> str:
    """'Licence 010001AN (Licensed and Certified), expires 2027-10-31: active', or ''.

    The state's own licence record (only where a state list is bundled): the verified fact,
    unlike the self-reported `credentials`."""
    if not row.get("licence_number"):
        return ""
    kind = f" ({row['licence_type']})" if row.get("licence_type") else ""
    status = LICENCE_WORDS.get(row.get("licence_status", ""), "")
    expiry = f", expires {row['licence_expires']}" if row.get("licence_expires") else ""
    return f"Licence {row['licence_number']}{kind}{expiry}" + (f": {status}" if status else "")


def source(row: Mapping[str, Any]) -> str:
    """Every published list the facility comes from, each with its own as-of date."""
    parts = str(row["source"]).split("+")
    dates = list(row.get("source_as_of") or [])
    if len(dates) != len(parts):  # a row from before sources carried their own dates
        dates = [row.get("as_of") or ""] + [row.get("licence_as_of") or ""] * (len(parts) - 1)
    return " + ".join(
        SOURCE_WORDS.get(part, part) + (f" (as of {day})" if day else "")
        for part, day in zip(parts, dates, strict=True)
    )


def directions_links(row: Mapping[str, Any]) -> dict[str, str]:
    """OpenStreetMap directions and a `geo:` link; an approximate point is never sent as exact.

    With only a ZIP or city centre, the links carry the written address for the map app to find
    (only the town when the street is withheld: the centre is no more the facility's door).
    """
    exact = row["precision"] in ("exact", "street")
    where = f"{row['lat']:.6f},{row['lon']:.6f}"
    written = _town(row) if row["street_withheld"] else address(row)
    to = where if exact else written
    osm = "https://www.openstreetmap.org/directions?" + urlencode({"to": to})
    geo = f"geo:{where}?q=" + quote(f"{where}({row['name']})" if exact else written)
    return {"OpenStreetMap directions": osm, "Open in a maps app": geo}


def services_by_category(
    codes: Iterable[str], dictionary: ServiceDictionary
) -> dict[str, list[Any]]:
    """All of a facility's services in plain words, grouped by the dictionary's categories."""
    return {
        category: [s.name for s in services]
        for category, services in dictionary.decode(codes).items()
    }
