"""The source registry: each source declared once, and everything that credits sources reads it."""

import csv
import io

import pandas as pd
import pytest

from clinic_finder import paths
from clinic_finder.formats import call_sheet, export
from clinic_finder.show import listing
from clinic_finder.table.build import read_sources
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.sources import registry

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions


def test_each_source_is_declared_once_with_what_the_app_tells_a_patient():
    keys = [s.key for s in registry.BUNDLED]  # publishers (feeds) are registered at run time
    assert keys == [
        "samhsa_nmhd",
        "samhsa_nsud",
        "ca_dhcs",
        "osm_address_points",
        "samhsa_locator_mh",
        "samhsa_locator_su",
        "samhsa_otp_directory",
        "findtreatment_su",
        "corrections",
    ]
    assert len(set(keys)) == len(keys)
    for source in registry.BUNDLED:
        assert source.kind in (
            "directory", "licence_list", "address_points", "facility_points", "corrections"
        )  # fmt: skip
        assert source.title and source.publisher and source.licence and source.attribution
        assert callable(source.reader)
    assert [s.key for s in registry.of_kind("licence_list")] == ["ca_dhcs"]


def test_coverage_is_declared_not_hard_coded():
    dhcs, mh = registry.BY_KEY["ca_dhcs"], registry.BY_KEY["samhsa_nmhd"]
    assert dhcs.covers("CA") and not dhcs.covers("OR") and not dhcs.national
    assert mh.national and mh.covers("GU")


def test_credits_name_editions_and_openstreetmap():
    report = {"sources": {"samhsa_nsud": {"edition": 2023}, "osm_address_points": {}}}
    lines = registry.credits(["osm_address_points", "samhsa_nsud"], report)
    assert lines[0] == (
        "Source: SAMHSA, National Directory of Substance Use Treatment Facilities 2023."
    )
    assert "© OpenStreetMap contributors" in lines[1] and "ODbL" in lines[1]


def test_keys_in_reads_source_and_point_source_columns():
    keys = registry.keys_in(
        ["samhsa_nmhd+ca_dhcs", "samhsa_nsud"], ["osm_address_points", "zipcodes"]
    )
    assert keys == {"samhsa_nmhd", "ca_dhcs", "samhsa_nsud", "osm_address_points"}


def test_listing_words_come_from_the_registry():
    assert listing.SOURCE_WORDS["samhsa_nsud"] == (
        "SAMHSA National Directory of Substance Use Treatment Facilities"
    )


@pytest.fixture(scope="module")
def reads():
    return read_sources(paths.RAW_DIR)


def test_every_registered_reader_reads_its_bundled_file(reads):
    assert set(reads) == {s.key for s in registry.BUNDLED}
    # Corrections exist once a reviewer accepts a report (none are bundled).
    assert all(read.load.rows_read > 0 for key, read in reads.items() if key != "corrections")
    directories = {s.key for s in registry.of_kind("directory")}
    assert {k for k, r in reads.items() if r.dictionary is not None} == directories


def test_exports_credit_openstreetmap_where_its_points_are_used(clinics):
    osm = clinics[clinics["point_source"] == "osm_address_points"].head(2)
    centre = clinics[clinics["point_source"] == "zipcodes"].head(1)
    found = pd.concat([osm, centre]).assign(distance_mi=1.0)
    text = export.results_csv(found, load_dictionary(), report=REPORT).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert ["© OpenStreetMap contributors" in r["Attribution"] for r in rows] == [True, True, False]
    assert all(r["Attribution"] for r in rows)
    page = call_sheet.html_page(found.to_dict("records"), "x", "2026-01-01", report=REPORT)
    assert "© OpenStreetMap contributors" in page


def test_the_shortlist_keeps_self_reports_apart_from_the_state_record(clinics):
    both = (
        clinics[
            clinics["licence_number"].astype(bool)
            & clinics["services"].map(lambda codes: "STAG" in codes)
        ]
        .head(1)
        .assign(distance_mi=1.0)
    )
    page = call_sheet.html_page(both.to_dict("records"), "x", "2026-01-01", report=REPORT)
    assert "State license record: License " in page
    assert "state substance use agency" in page and "(reported to SAMHSA, 2023" in page
