"""State licence facts: linking listings to licence records, and a licence's status today."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz, utils

from clinic_finder.geocode.addresses import address_key
from clinic_finder.table.records import LicenceStatus, combine

EXPIRING_WITHIN = timedelta(days=90)
# Same address is not enough (one building can house several programmes): the names must agree
# this much too (rapidfuzz token_set_ratio, 0–100), compared without the words every provider
# uses: with them, "Spurwink Services" agreed with "Tri County Mental Health Services" (60) and
# "Christian Counseling Services" with "Citrus Counseling Services" (80).
NAME_AGREEMENT = 60
GENERIC_WORDS = frozenset(
    "inc llc corp co dba the of and for at a an services service servs svcs health hlth "
    "healthcare center centers ctr centre behavioral behavioural bh mental mh counseling clinic "
    "clinics medical med community comm care systems system department dept main office".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def distinctive(name: str) -> str:
    """A name without the words every provider uses; the whole name if nothing else is left."""
    words = _WORD.findall(name.casefold())
    kept = [w for w in words if w not in GENERIC_WORDS]
    return " ".join(kept or words)


LICENCE_FIELDS = (
    "licence_number",
    "licence_type",
    "licence_expires",
    "licence_program",
    "capacity",
    "target_population",
    "county",
)


def licence_status(expires: date | None, today: date) -> LicenceStatus:
    """'active', 'expiring' (≤ 90 days), 'expired' or 'unknown'; valid through its expiry day."""
    if expires is None:
        return "unknown"
    if expires < today:
        return "expired"
    if expires - today <= EXPIRING_WITHIN:
        return "expiring"
    return "active"


def name_agreement(listing: dict[str, Any], licence: dict[str, Any]) -> float:
    """How well a listing's names agree with a licence record's facility or operator name."""
    pairs = (
        (listing["name"], licence["name"]),
        (listing["name1"], licence["name"]),
        (listing["name1"], licence["name1"]),
    )
    return max(
        fuzz.token_set_ratio(distinctive(a), distinctive(b), processor=utils.default_process)
        for a, b in pairs
        if a and b
    )


def link(
    listings: list[dict[str, Any]],
    licences: list[dict[str, Any]],
    key_of: Callable[..., str | None] = address_key,
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Listing id → the licence record it is (by address and name), and what the linking saw.

    `key_of` is `address_key`, or a cached copy of it that the build keeps for one run."""
    by_address: dict[str, list[dict[str, Any]]] = {}
    for licence in licences:
        key = key_of(licence["street"], licence["city"], licence["state"], licence["zip"])
        if key:
            by_address.setdefault(key, []).append(licence)
    candidates = []
    same_address_other_name = []
    for listing in listings:
        if listing["street_withheld"]:
            continue
        key = key_of(listing["street"], listing["city"], listing["state"], listing["zip"])
        for licence in by_address.get(key, ()) if key else ():
            score = name_agreement(listing, licence)
            if score >= NAME_AGREEMENT:
                candidates.append((-score, listing["id"], licence["id"], licence))
            else:
                same_address_other_name.append(
                    {"listing": listing["name"], "licence": licence["name"], "score": round(score)}
                )
    links: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for _, listing_id, licence_id, licence in sorted(candidates, key=lambda c: c[:3]):
        if listing_id not in links and licence_id not in used:
            links[listing_id] = licence
            used.add(licence_id)
    stats = {
        "listings_considered": len(listings),
        "licence_records": len(licences),
        "matched": len(links),
        "same_address_other_name": len(same_address_other_name),
        "same_address_other_name_examples": same_address_other_name[:10],
    }
    return links, stats


def apply(listing: dict[str, Any], licence: dict[str, Any]) -> dict[str, Any]:
    """The listing with the licence's facts (where the licence has them) and its official point;
    the listing's name, address and phone stay, the licence's phones and services are added."""
    linked = combine(listing, licence)
    for field in LICENCE_FIELDS:
        linked[field] = licence[field] if licence[field] not in (None, "") else listing[field]
    if licence["lat"] is not None:
        linked.update(lat=licence["lat"], lon=licence["lon"], precision="exact")
        linked["point_source"] = licence["source"]
    linked["licence_as_of"] = licence["as_of"]
    return linked
