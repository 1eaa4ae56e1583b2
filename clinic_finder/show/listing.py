"""How one facility is described to a patient: address, phones, licence, links, services.

Pure functions over a facility record (a mapping with the table's columns). Nothing here
escapes text for one output or another: each output (markdown, HTML, CSV) does that itself.
The words are English message ids; a function that says something takes the person's
translator `t` (English when none is given).
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from clinic_finder.geocode.types import PRECISION_WORDS
from clinic_finder.table.services import KEY_SERVICES, ServiceDictionary
from clinic_finder.table.sources import point_lists, registry
from clinic_finder.table.websites import safe_url, shown_host
from clinic_finder.text.i18n import ENGLISH, N_, Translator

LICENCE_WORDS = {
    "active": N_("active"),
    "expiring": N_("expiring within 90 days"),
    "expired": N_("EXPIRED — check with the state before relying on it"),
    "unknown": "",
}
SOURCE_WORDS = {source.key: source.named() for source in registry.SOURCES}
# Where a street-level point came from, when it was not the facility's own source.
POINT_SOURCE_WORDS = {
    "osm_address_points": N_("OpenStreetMap address point, © OpenStreetMap contributors (ODbL)"),
    point_lists.LOCATOR_MH: N_(
        "SAMHSA's own point for this address (treatment locator, 2021), usually the rooftop "
        "or parcel"
    ),
    point_lists.LOCATOR_SU: N_(
        "SAMHSA's own point for this address (treatment locator, 2021), usually the rooftop "
        "or parcel"
    ),
    point_lists.OTP_DIRECTORY: N_(
        "a point for the address in SAMHSA's OTP directory (2021; the geocoder is not named)"
    ),
    point_lists.FINDTREATMENT_SU: N_(
        "SAMHSA's own point on FindTreatment.gov (2025), found by the facility's name nearby"
    ),
}
OTP_DIRECTORY_FACT = N_("SAMHSA-certified opioid treatment program (OTP directory, 2021)")
# The SAMHSA directories' License/Certification/Accreditation codes, as the facility reported
# them to SAMHSA: self-reports, never a verified licence (that is `licence()`, a state record).
# The state bodies are named once after "Licensed or certified by" (a facility often reports all
# three); each message carries its own preposition in languages that need one ("del", "de la").
STATE_AGENCY_WORDS = {
    "STAG": N_("the state substance use agency"),
    "STMH": N_("the state mental health department"),
    "STDH": N_("the state department of health"),
}
STATE_AUTHORITY_WORDS = {
    **STATE_AGENCY_WORDS,
    "HLA": N_("Licensed by a hospital licensing authority"),
}
CERTIFICATION_WORDS = {
    "SOTP": N_("SAMHSA-certified opioid treatment program"),
    "DEA": N_("DEA-registered"),
    "FQHC": N_("Federally Qualified Health Center"),
    "MHC": N_("Mental health clinic or center"),
}
ACCREDITOR_WORDS = {
    "JC": N_("the Joint Commission"),
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


def address(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """One line, as it would be written on an envelope; says so when the street is withheld."""
    withheld = row["street_withheld"]
    street = t.gettext("street address withheld by the facility") if withheld else row["street"]
    return ", ".join(p for p in (street, row.get("street2", ""), _town(row)) if p)


def _town(row: Mapping[str, Any]) -> str:
    return ", ".join(p for p in (row["city"], f"{row['state']} {row['zip']}".strip()) if p)


def phone(number: str) -> str:
    """A phone number as every view writes it ('801-364-0058', '787-763-7575 x1523'); one that is
    not a US number (a word in it: '913-742HELP') as published."""
    match = _PHONE.search(number or "")
    if not match:
        return (number or "").strip()
    area, exchange, line, ext = match.groups()
    return f"{area}-{exchange}-{line}" + (f" x{ext}" if ext else "")


def tel_link(phone: str) -> str:
    """An RFC 3966 `tel:` link for a US number (extension kept), or '' when it is not one."""
    match = _PHONE.search(phone or "")
    if not match:
        return ""
    area, exchange, line, ext = match.groups()
    return f"tel:+1-{area}-{exchange}-{line}" + (f";ext={ext}" if ext else "")


def key_services(codes: Iterable[str], t: Translator = ENGLISH) -> str:
    return ", ".join(key_service_labels(codes, t))


def key_service_labels(codes: Iterable[str], t: Translator = ENGLISH) -> list[str]:
    offered = set(codes)  # a set first: an iterator can be read only once
    return [t.gettext(KEY_SERVICES[c]) for c in KEY_SERVICES if c in offered]


APPROXIMATE = ("zip", "city", "state")
SAME_CENTRE_MI = 0.05  # the searched centre itself (a ZIP centre to its own ZIP: 0.0)
_AREA_WORDS = {
    "zip": N_("in this ZIP area"),
    "city": N_("in this city area"),
    "state": N_("in this state"),
}


def plural(count: int, one: str, many: str, t: Translator = ENGLISH) -> str:
    """'1 facility', '2 facilities', '1,204 facilities': `one` and `many` are message ids with
    `{count}` ("{count} facility"), so a language with other plural rules can say it."""
    return t.ngettext(one, many, count).format(count=f"{count:,}")


def distance(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """How far, as precisely as the point allows: '3.2 mi', 'about 3 mi', 'in this ZIP area'.

    A point at a ZIP or city centre can be miles from the door: its distance is rounded; a
    facility placed at the very centre searched is 'in this area', never '0.0 mi', and one at a
    neighbouring centre under half a mile away is 'under 1 mi' (another ZIP is not this one).
    """
    miles = float(row["distance_mi"])
    if row["precision"] not in APPROXIMATE:
        return t.gettext("{miles} mi").format(miles=f"{miles:.1f}")
    if miles < SAME_CENTRE_MI:
        return t.gettext(_AREA_WORDS[row["precision"]])
    if miles < 0.5:
        return t.gettext("under 1 mi")
    rounded = max(1, round(miles))
    return t.ngettext("about {count} mi", "about {count} mi", rounded).format(count=rounded)


def placement(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """'at its street address' where the point is the door's; '' for an area's centre."""
    if row["precision"] in ("exact", "street") and not row["street_withheld"]:
        return t.gettext("at its street address")
    return ""


def website(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """(the link, the site's own host to show) for a listing's website, checked again here."""
    url = safe_url(row.get("website") or "")
    return (url, shown_host(url)) if url else None


def otp_directory(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """The OTP directory fact, or '' (absent from the directory is not 'uncertified')."""
    return t.gettext(OTP_DIRECTORY_FACT) if row.get("otp_directory") else ""


def precision(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """How precise the point is, naming an address point's source (OpenStreetMap: ODbL)."""
    words = t.gettext(PRECISION_WORDS.get(row["precision"], row["precision"]))
    if row["precision"] == "street" and row.get("point_source") in POINT_SOURCE_WORDS:
        return t.gettext("street address: {source}").format(
            source=t.gettext(POINT_SOURCE_WORDS[row["point_source"]])
        )
    return words


def credentials(codes: Iterable[str], years: Iterable[str] = (), t: Translator = ENGLISH) -> str:
    """Who licenses, certifies or accredits a facility, in the words the facility reported to
    SAMHSA, e.g. 'Licensed or certified by the state substance use agency; accredited by CARF
    (reported to SAMHSA, 2023)'; '' when it reported none. Not a verified licence."""
    codes = set(codes)
    parts = []
    agencies = [t.gettext(words) for code, words in STATE_AGENCY_WORDS.items() if code in codes]
    if agencies:
        parts.append(
            t.gettext("Licensed or certified by {bodies}").format(bodies=_and(agencies, t))
        )
    if "HLA" in codes:
        parts.append(t.gettext(STATE_AUTHORITY_WORDS["HLA"]))
    parts += [t.gettext(words) for code, words in CERTIFICATION_WORDS.items() if code in codes]
    accreditors = [t.gettext(words) for code, words in ACCREDITOR_WORDS.items() if code in codes]
    if accreditors:
        parts.append(t.gettext("accredited by {names}").format(names=_and(accreditors, t)))
    if not parts:
        return ""
    if years:
        return t.gettext("{credentials} (reported to SAMHSA, {years})").format(
            credentials="; ".join(parts), years=_and(sorted(set(years)), t)
        )
    return t.gettext("{credentials} (reported to SAMHSA)").format(credentials="; ".join(parts))


def reported_credentials(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """`credentials` for a listing, dated by the SAMHSA editions it comes from."""
    sources = str(row["source"]).split("+")
    dates = list(row.get("source_as_of") or [])
    years = [d[:4] for s, d in zip(sources, dates, strict=False) if s in _SAMHSA_DIRECTORIES and d]
    return credentials(row["services"], years, t)


def _and(words: list[str], t: Translator = ENGLISH) -> str:
    if len(words) == 1:
        return words[0]
    return t.gettext("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def licence(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """'Licence 010001AN (Licensed and Certified), expires 2027-10-31: active', or ''.

    The state's own licence record (only where a state list is bundled): the verified fact,
    unlike the self-reported `credentials`."""
    if not row.get("licence_number"):
        return ""
    kind = f" ({row['licence_type']})" if row.get("licence_type") else ""
    status = LICENCE_WORDS.get(row.get("licence_status", ""), "")
    expiry = row.get("licence_expires") or ""
    # One message per shape: a translator sees whole sentences, never fragments to glue.
    if expiry and status:
        text = t.gettext("License {number}{kind}, expires {expiry}: {status}")
    elif expiry:
        text = t.gettext("License {number}{kind}, expires {expiry}")
    elif status:
        text = t.gettext("License {number}{kind}: {status}")
    else:
        text = t.gettext("License {number}{kind}")
    return text.format(
        number=row["licence_number"],
        kind=kind,
        expiry=expiry,
        status=t.gettext(status) if status else "",
    )


def source(row: Mapping[str, Any], t: Translator = ENGLISH) -> str:
    """Every published list the facility comes from, each with its own as-of date."""
    parts = str(row["source"]).split("+")
    dates = list(row.get("source_as_of") or [])
    if len(dates) != len(parts):  # a row from before sources carried their own dates
        dates = [row.get("as_of") or ""] + [row.get("licence_as_of") or ""] * (len(parts) - 1)
    return " + ".join(
        t.gettext("{source} (as of {day})").format(source=_source_name(part, t), day=day)
        if day
        else _source_name(part, t)
        for part, day in zip(parts, dates, strict=True)
    )


def _source_name(key: str, t: Translator) -> str:
    found = registry.BY_KEY.get(key)
    return found.named(t=t) if found else SOURCE_WORDS.get(key, key)


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
    return {N_("OpenStreetMap directions"): osm, N_("Open in a maps app"): geo}


def services_by_category(
    codes: Iterable[str], dictionary: ServiceDictionary, t: Translator = ENGLISH
) -> dict[str, list[str]]:
    """All of a facility's services in plain words, grouped by the dictionary's categories."""
    return {
        t.gettext(category): [t.gettext(s.name) for s in services]
        for category, services in dictionary.decode(codes).items()
    }
