from datetime import date, timedelta

import pytest
from synthetic import listing_record

from clinic_finder.table.licences import apply, licence_status, link

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("days_left", "status"),
    [
        (-365, "expired"),
        (-1, "expired"),
        (0, "expiring"),
        (1, "expiring"),
        (90, "expiring"),
        (91, "active"),
        (800, "active"),
    ],
)
def test_licence_status_boundaries(days_left, status):
    assert licence_status(TODAY + timedelta(days=days_left), TODAY) == status


def test_unknown_expiry_is_unknown():
    assert licence_status(None, TODAY) == "unknown"


def test_status_follows_the_day_it_is_asked_not_the_build():
    expires = date(2027, 1, 31)
    assert licence_status(expires, date(2026, 8, 21)) == "active"
    assert licence_status(expires, TODAY) == "expiring"
    assert licence_status(expires, date(2027, 2, 1)) == "expired"


def _listing(id_, name, street, zip_code="94578", **extra):
    return listing_record(
        id_, name, street=street, city="San Leandro", state="CA", zip=zip_code, services=["MH"],
        source="samhsa_nmhd", source_ref="2", **extra,
    )  # fmt: skip


def _licence(id_, name, street, zip_code="94578"):
    record = _listing(id_, name, street, zip_code)
    record.update(
        licence_number=id_.upper(),
        licence_type="Licensed",
        licence_expires="2028-01-31",
        lat=37.71,
        lon=-122.12,
        precision="exact",
        services=["SA", "DTX"],
        source="ca_dhcs",
        source_ref=id_.upper(),
        as_of="2026-08-21",
    )
    return record


def test_link_needs_the_same_address_and_agreeing_names():
    listings = [
        _listing("a", "Cherry Hill Detoxification Services", "2035 Fairmont Drive"),
        _listing("b", "Totally Different Clinic", "2035 Fairmont Dr"),
        _listing("c", "Cherry Hill Detox", "99 Other Street"),
        _listing("d", "Cherry Hill Detox", "2035 Fairmont Drive", street_withheld=True),
    ]
    licences = [
        _licence("010001dn", "CHERRY HILL DETOXIFICATION SERVICES PROGRAM", "2035 FAIRMONT DRIVE")
    ]
    links, stats = link(listings, licences)
    assert list(links) == ["a"]
    assert stats["matched"] == 1 and stats["same_address_other_name"] == 1


def test_one_licence_links_to_one_listing_best_name_first():
    listings = [
        _listing("x", "Horizon Services", "2035 Fairmont Drive"),
        _listing("y", "Cherry Hill Detoxification Services Program", "2035 Fairmont Drive"),
    ]
    licences = [_licence("l1", "CHERRY HILL DETOXIFICATION SERVICES PROGRAM", "2035 FAIRMONT DR")]
    links, _ = link(listings, licences)
    assert list(links) == ["y"]


def test_applied_licence_brings_its_facts_and_official_point():
    listing = _listing(
        "a", "Cherry Hill", "2035 Fairmont Drive", lat=37.70, lon=-122.1, precision="zip"
    )
    linked = apply(listing, _licence("l1", "CHERRY HILL", "2035 FAIRMONT DR"))
    assert linked["licence_number"] == "L1" and linked["licence_expires"] == "2028-01-31"
    assert (linked["lat"], linked["precision"]) == (37.71, "exact")
    assert linked["services"] == ["MH", "SA", "DTX"]
    assert linked["source"] == "samhsa_nmhd+ca_dhcs" and linked["licence_as_of"] == "2026-08-21"
    assert listing["precision"] == "zip"  # the input is not changed
