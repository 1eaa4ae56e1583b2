"""Matching publishers' points to listings: the keys, the order, the disagreement rule."""

import pandas as pd
import pytest

from clinic_finder.geocode.point_match import name_keys, street_keys
from clinic_finder.table.point_facts import add_point_facts
from clinic_finder.table.records import SourceLoad, empty_record, to_frame
from clinic_finder.table.sources.point_lists import (
    FINDTREATMENT_SU,
    LOCATOR_MH,
    LOCATOR_SU,
    OTP_DIRECTORY,
)

CENTRE = (44.8000, -68.7700)  # a ZIP centre; the doors below are 1-3 km from it
DOOR = (44.8100, -68.7800)
CENTRES = {"04401": CENTRE}


def listing(lid, name, street, **values):
    record = empty_record()
    record.update(
        id=lid,
        name=name,
        name1=name,
        name2="",
        street=street,
        street2="",
        street_withheld=False,
        city="Bangor",
        state="ME",
        zip="04401",
        phone="",
        intake_phones=[],
        services=[],
        lat=CENTRE[0],
        lon=CENTRE[1],
        precision="zip",
        point_source="zipcodes",
        source="samhsa_nsud",
        licence_as_of=None,
    )
    record.update(values)
    return record


def point(row, name, street="", at=DOOR, phones=(), website=""):
    return {
        "row": row,
        "name": name,
        "name1": name,
        "street": street,
        "city": "Bangor",
        "state": "ME",
        "zip": "04401" if street else "",
        "phones": list(phones),
        "website": website,
        "lat": at[0],
        "lon": at[1],
    }


def loads(**rows):
    as_of = {
        LOCATOR_MH: "2021-04-01",
        LOCATOR_SU: "2021-07-28",
        OTP_DIRECTORY: "2021-07-28",
        FINDTREATMENT_SU: "2025-08-19",
    }
    out = {}
    for key in (LOCATOR_MH, LOCATOR_SU, OTP_DIRECTORY, FINDTREATMENT_SU):
        load = SourceLoad(key, "x.csv", as_of[key], 0)
        load.records = rows.get(key, [])
        out[key] = load
    return out


def run(listings, **rows):
    table, report = add_point_facts(to_frame(listings), loads(**rows), CENTRES, "2022")
    return table.set_index("id"), report


def test_street_key_ignores_suffix_spelling_and_directions():
    streets = pd.Series(["60 Westwood Avenue", "60 WESTWOOD AVE.", "60 N Westwood Ave", "Westwood"])
    keys = street_keys(streets, pd.Series(["06708"] * 4))
    assert keys.tolist()[:3] == ["06708|60|WESTWOOD"] * 3
    assert pd.isna(keys.iloc[3])
    assert street_keys(pd.Series(["12 First St"]), pd.Series(["1"])).isna().all()  # no ZIP
    assert name_keys(pd.Series(["Hope & Recovery, Inc."])).tolist() == ["hope and recovery inc"]


def test_an_address_match_puts_a_zip_centre_listing_at_its_door():
    table, report = run(
        [listing("a", "Hope House", "9 Pine Street")],
        **{LOCATOR_SU: [point(2, "Hope House Inc", "9 Pine St")]},
    )
    row = table.loc["a"]
    assert (row.lat, row.lon) == DOOR
    assert (row.precision, row.point_source, row.point_match) == ("street", LOCATOR_SU, "address")
    assert row.point_as_of == "2021-07-28"
    assert report["before"]["precision"] == {"zip": 1}
    assert report["after"]["precision"] == {"street": 1}


def test_the_newest_point_that_agrees_is_kept():
    near = (DOOR[0] + 0.001, DOOR[1])  # ~110 m away: they agree
    table, report = run(
        [listing("a", "Hope House", "9 Pine Street")],
        **{
            LOCATOR_SU: [point(2, "Hope House", "9 Pine St")],
            FINDTREATMENT_SU: [point(5, "Hope House", at=near)],
        },
    )
    assert table.loc["a"].point_source == FINDTREATMENT_SU
    assert table.loc["a"].point_as_of == "2025-08-19"
    assert report["disagreements_over_250_m"]["count"] == 0


def test_on_disagreement_the_address_match_wins_over_the_name_and_is_reported():
    far = (DOOR[0] + 0.01, DOOR[1])  # ~1.1 km
    table, report = run(
        [listing("a", "Hope House", "9 Pine Street")],
        **{
            LOCATOR_SU: [point(2, "Hope House", "9 Pine St")],
            FINDTREATMENT_SU: [point(5, "Hope House", at=far)],
        },
    )
    assert (table.loc["a"].lat, table.loc["a"].point_source) == (DOOR[0], LOCATOR_SU)
    disagreed = report["disagreements_over_250_m"]
    assert disagreed["count"] == 1
    assert disagreed["by_pair"] == {f"{LOCATOR_SU} kept over {FINDTREATMENT_SU}": 1}
    assert disagreed["lines"][0]["km"] == pytest.approx(1.11, abs=0.02)


def test_an_official_dhcs_point_is_never_moved():
    official = (44.7900, -68.7600)
    dhcs = listing(
        "d",
        "Hope House",
        "9 Pine Street",
        lat=official[0],
        lon=official[1],
        precision="exact",
        point_source="ca_dhcs",
        licence_as_of="2026-08-21",
    )
    table, report = run(
        [dhcs],
        **{
            LOCATOR_SU: [point(2, "Hope House", "9 Pine St")],
            FINDTREATMENT_SU: [point(5, "Hope House", at=(DOOR[0], DOOR[1] + 0.0001))],
        },
    )
    row = table.loc["d"]
    assert (row.lat, row.lon, row.precision, row.point_source) == (*official, "exact", "ca_dhcs")
    assert report["disagreements_over_250_m"]["official_point_kept"] == 2
    assert report["error_vs_dhcs_by_source"][LOCATOR_SU]["n"] == 1


def test_a_phone_finds_a_website_but_never_moves_a_point():
    table, _ = run(
        [listing("a", "Hope House", "1 Elm Street", phone="207-555-0100")],
        **{
            LOCATOR_MH: [
                point(
                    2,
                    "Hope House",
                    "400 Main St",
                    phones=["207-555-0100"],
                    website="http://hope.example.org",
                )
            ]
        },
    )
    assert table.loc["a"].precision == "zip"
    assert table.loc["a"].website == "http://hope.example.org"
    assert table.loc["a"].website_source == LOCATOR_MH


def test_a_website_needs_the_names_to_agree():
    table, _ = run(
        [listing("a", "Spurwink Services", "9 Pine Street")],
        **{
            LOCATOR_MH: [
                point(2, "Tri County Mental Health", "9 Pine St", website="http://tcmh.example.org")
            ]
        },
    )
    assert table.loc["a"].precision == "street"  # the building is the same
    assert table.loc["a"].website == ""  # the website is another programme's


def test_a_name_two_listings_share_at_two_addresses_places_neither():
    table, _ = run(
        [
            listing("a", "Acadia Recovery", "1 Elm Street"),
            listing("b", "Acadia Recovery", "7 Oak Street"),
        ],
        **{FINDTREATMENT_SU: [point(5, "Acadia Recovery")]},
    )
    assert set(table.precision) == {"zip"}


def test_withheld_streets_and_far_points_are_never_matched():
    far = (CENTRE[0] + 0.5, CENTRE[1])  # ~55 km from the ZIP centre
    table, _ = run(
        [
            listing("w", "Safe Home", "", street_withheld=True),
            listing("f", "Far Place", "3 Birch Street"),
        ],
        **{
            FINDTREATMENT_SU: [point(5, "Safe Home")],
            LOCATOR_SU: [point(2, "Far Place", "3 Birch St", at=far)],
        },
    )
    assert set(table.precision) == {"zip"}


def test_the_otp_fact_needs_the_directory_s_address_and_the_programme():
    otp = listing("o", "Metro Treatment", "9 Pine Street", services=["OTP", "MM"])
    other = listing("m", "Pine Counseling", "9 Pine Street", services=["MH"])
    table, report = run(
        [otp, other], **{OTP_DIRECTORY: [point(2, "BayMark Health Services", "9 Pine St")]}
    )
    assert bool(table.loc["o"].otp_directory) is True
    assert bool(table.loc["m"].otp_directory) is False
    assert report["otp_directory_listings"] == 1
