"""A feed's record merged into a listing another source made (the DHCS merge rules find the
pair, `merge.merge_into`): the listing's text wins as for any merge, every phone is kept, the
publisher's point is taken when the listing has none yet, and where the two disagree (phone,
street) both are kept and the disagreement is noted with which source is newer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clinic_finder.table.records import combine
from clinic_finder.text.fields import clean


def joiner(
    disagreements: list[dict[str, Any]],
) -> Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]:
    def join(listing: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
        merged = combine(listing, other)
        if merged.get("lat") is None and other.get("lat") is not None:
            for column in ("lat", "lon", "precision", "point_source", "point_as_of", "point_match"):
                merged[column] = other[column]
        if not merged.get("website") and other.get("website"):
            merged["website"], merged["website_source"] = other["website"], other["website_source"]
        if not merged.get("licence_program") and other.get("licence_program"):
            merged["licence_program"] = other["licence_program"]
        disagreements.extend(_disagreements(listing, other, merged["id"]))
        return merged

    return join


def _newer(listing: dict[str, Any], other: dict[str, Any]) -> str:
    mine = str(max(listing.get("source_as_of") or [listing.get("as_of") or ""]))
    theirs = str(other.get("as_of") or "")
    if mine == theirs:
        return "same date"
    return str(other["source"] if theirs > mine else listing["source"])


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[:10]


def _disagreements(
    listing: dict[str, Any], other: dict[str, Any], into: str
) -> list[dict[str, Any]]:
    found = []
    if (
        listing.get("phone")
        and other.get("phone")
        and _digits(listing["phone"]) != _digits(other["phone"])
    ):
        found.append({"field": "phone", "values": [listing["phone"], other["phone"]]})
    street = (clean(listing.get("street")), clean(other.get("street")))
    if street[0].casefold() != street[1].casefold() and all(street):
        found.append({"field": "street", "values": list(street)})
    for item in found:
        item.update(
            id=into,
            sources=[listing["source"], other["source"]],
            as_of=[max(listing.get("source_as_of") or [""]), other.get("as_of") or ""],
            newer=_newer(listing, other),
        )
    return found
