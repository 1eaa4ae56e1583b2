"""One facility, one listing: a facility several sources list becomes one listing.

Two records are one facility when their USPS-normalised street line and ZIP agree and their names
agree (`licences.link`: rapidfuzz token-set ratio ≥ 60, best pairs first, one record per source
per listing). Programmes that share a building but not a name stay separate listings.
"""

from collections.abc import Callable
from typing import Any

from clinic_finder.geocode.addresses import address_key
from clinic_finder.table.licences import link, name_agreement
from clinic_finder.table.records import combine


def merge_into(
    listings: list[dict[str, Any]],
    records: list[dict[str, Any]],
    apply: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = combine,
    key_of: Callable[..., str | None] = address_key,
) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """(listings with the records merged in or added, what merged into what, the match stats)."""
    links, stats = link(listings, records, key_of)
    merged_ids: list[dict[str, Any]] = []
    out = []
    for listing in listings:
        other = links.get(listing["id"])
        if other is None:
            out.append(listing)
            continue
        joined = apply(listing, other)
        out.append(joined)
        for absorbed in {listing["id"], other["id"]} - {joined["id"]}:
            merged_ids.append(
                {
                    "id": absorbed,
                    "into": joined["id"],
                    "names": [listing["name"], other["name"]],
                    "name_agreement": round(name_agreement(listing, other)),
                    "address": f"{listing['street']}, {listing['city']} {listing['zip']}",
                }
            )
    taken = {record["id"] for record in links.values()}
    out.extend(r for r in records if r["id"] not in taken)
    return out, merged_ids, stats
