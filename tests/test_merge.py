"""One facility, one listing: real merges from the data, programmes kept apart, ids kept."""

import json

import pytest
from synthetic import listing_record

from clinic_finder import paths
from clinic_finder.table.licences import apply, distinctive, name_agreement
from clinic_finder.table.merge import merge_into


@pytest.fixture(scope="module")
def report():
    return json.loads(paths.BUILD_REPORT.read_text(encoding="utf-8"))


def _listing(
    id_,
    name,
    street="205 Academy Drive",
    zip_code="36420",
    source="samhsa_nmhd",
    phone="334-222-2525",
    services=("MH",),
    as_of="2024-07-03",
    **extra,
):
    return listing_record(
        id_, name, street=street, city="Andalusia", state="AL", zip=zip_code, phone=phone,
        services=list(services), source=source, as_of=as_of, source_rows=1, **extra,
    )  # fmt: skip


def test_a_facility_in_three_sources_is_one_listing(clinics):
    """Tarzana Treatment Centers in Reseda: MH 2024, SU 2023 and DHCS licence 190085KN."""
    rows = clinics[clinics["licence_number"] == "190085KN"]
    assert len(rows) == 1
    tarzana = rows.iloc[0]
    assert tarzana["id"].startswith("nmhd-") and tarzana["street"] == "7101 Baird Avenue"
    assert tarzana["source"] == "samhsa_nmhd+samhsa_nsud+ca_dhcs"
    assert list(tarzana["source_as_of"]) == ["2024-07-03", "2023-06-29", "2026-08-21"]
    assert len({tarzana["phone"], *tarzana["intake_phones"]}) >= 4  # every source's phones
    assert {"MH", "SA", "OTP"} & set(tarzana["services"]) >= {"MH", "SA"}
    assert tarzana["precision"] == "exact" and tarzana["point_source"] == "ca_dhcs"


def test_the_same_name_at_the_same_address_merges(clinics, report):
    merged = {m["id"]: m for m in report["sources"]["samhsa_nsud"]["merged_into"]}
    montezuma = merged["nsud-b384b2e1afb7"]
    assert montezuma["into"] == "nmhd-b384b2e1afb7" and montezuma["name_agreement"] == 100
    row = clinics[clinics["id"] == "nmhd-b384b2e1afb7"].iloc[0]
    assert row["name"] == "South Central Alabama MHC – Montezuma Complex"
    assert row["source"] == "samhsa_nmhd+samhsa_nsud"


def test_programmes_sharing_an_address_but_not_a_name_stay_apart(clinics):
    """2580 Highway 95, Bullhead City: two providers' programmes, two listings."""
    here = clinics[(clinics["street"] == "2580 Highway 95") & (clinics["zip"] == "86442")]
    names = set(here["name"])
    assert "Southwest Behavioral Health Services – Bullhead City Outpatient Clinic" in names
    assert "Mohave Mental Health Clinic Inc – Child and Family Service Center" in names
    assert here["id"].is_unique and len(here) >= 2


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Spurwink Services", "Tri County Mental Health Services", False),
        ("Christian Counseling Services", "Citrus Counseling Services", False),
        (
            "Beacon Mental Health – Main Office",
            "Tri County Mental Health Services – Main Office",
            False,
        ),
        ("OhioGuidestone", "Ohio Guidestone", True),
        ("Pierce County Dept of Human Services", "Pierce Cnty Dept of Human Servs", True),
        ("Saint Vincent Kokomo", "St Vincent Kokomo", True),
    ],
)
def test_name_agreement_ignores_the_words_every_provider_uses(a, b, same):
    score = name_agreement(_listing("a", a), _listing("b", b))
    assert (score >= 60) is same, (distinctive(a), distinctive(b), score)


def test_merging_unites_services_and_phones_and_keeps_the_older_id():
    mh = [_listing("nmhd-1", "Acme Recovery", services=("MH",))]
    su = [
        _listing(
            "nsud-1",
            "ACME RECOVERY",
            street="205 Academy Dr",
            source="samhsa_nsud",
            phone="334-222-9999",
            services=("SA", "OTP"),
            as_of="2023-06-29",
        ),
        _listing("nsud-2", "Other Programme Entirely", source="samhsa_nsud"),
    ]
    listings, merged, stats = merge_into(mh, su)
    assert [r["id"] for r in listings] == ["nmhd-1", "nsud-2"]
    one = listings[0]
    assert one["services"] == ["MH", "SA", "OTP"] and one["intake_phones"] == ["334-222-9999"]
    assert one["source"] == "samhsa_nmhd+samhsa_nsud"
    assert one["source_as_of"] == ["2024-07-03", "2023-06-29"] and one["source_rows"] == 2
    assert merged == [
        {
            "id": "nsud-1",
            "into": "nmhd-1",
            "names": ["Acme Recovery", "ACME RECOVERY"],
            "name_agreement": 100,
            "address": "205 Academy Drive, Andalusia 36420",
        }
    ]
    assert stats["matched"] == 1 and stats["same_address_other_name"] == 1


def test_a_licence_merged_into_an_su_only_listing_keeps_todays_dhcs_id():
    su = _listing("nsud-1", "Acme Recovery", source="samhsa_nsud", as_of="2023-06-29")
    licence = _listing(
        "dhcs-x1",
        "ACME RECOVERY",
        source="ca_dhcs",
        as_of="2026-08-21",
        licence_number="X1",
        licence_type="Licensed",
        licence_expires="2027-01-01",
        lat=31.3,
        lon=-86.5,
        precision="exact",
    )
    (listing,), merged, _ = merge_into([su], [licence], apply)
    assert listing["id"] == "dhcs-x1" and listing["licence_number"] == "X1"
    assert listing["precision"] == "exact" and listing["point_source"] == "ca_dhcs"
    assert merged[0]["id"] == "nsud-1" and merged[0]["into"] == "dhcs-x1"


def test_todays_ids_survive_or_the_report_says_where_they_went(clinics, report):
    """dhcs-190863jp was its own listing before the SU directory; its SU twin now links it to
    the MH listing it is, and the report says so."""
    into = {m["id"]: m["into"] for s in report["sources"].values() for m in s["merged_into"]}
    assert into["dhcs-190863jp"] == "nmhd-8485a46a4f27"
    ids = set(clinics["id"])  # once: building it per target took two minutes
    assert "dhcs-190863jp" not in ids and "nmhd-8485a46a4f27" in ids
    assert all(target in ids for target in into.values())
