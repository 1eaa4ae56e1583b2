"""The whole build, offline, into a temporary folder: accounted for, placed, deterministic."""

import json
import math
import shutil

import pandas as pd
import pytest

from clinic_finder import paths
from clinic_finder.errors import BuildError, SourceError
from clinic_finder.geocode.cache import GeocodeCache
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.search.index import MAX_RADIUS_MI, Query, search
from clinic_finder.table.build import (
    EXTRA_CODES_FILE,
    build,
    check_unique_ids,
    online_answer_cache,
    write_atomically,
)
from clinic_finder.table.sources import registry

PRECISIONS = {"exact", "street", "zip", "city", "state"}


@pytest.fixture(scope="module")
def built(tmp_path_factory, offline_resolver):
    data_dir = tmp_path_factory.mktemp("data")
    shutil.copy(paths.DATA_DIR / EXTRA_CODES_FILE, data_dir)
    report = build(offline_resolver, raw_dir=paths.RAW_DIR, data_dir=data_dir, progress=False)
    return data_dir, report, pd.read_parquet(data_dir / "clinics.parquet")


def test_every_source_row_is_kept_merged_into_another_listing_or_quarantined(built):
    _, report, table = built
    for source in report["sources"].values():
        accounted = (
            source["kept"]
            + source["merged"]
            + source["merged_into_other_listings"]
            + source["quarantined"]
        )
        assert accounted == source["rows_read"]
        assert source["quarantined"] == sum(source["quarantine_reasons"].values())
        assert source["merged_into_other_listings"] == len(source["merged_into"])
    sources = report["sources"]
    assert sources["samhsa_nmhd"]["rows_read"] == 8319
    assert sources["samhsa_nsud"]["rows_read"] == 12744
    assert sources["ca_dhcs"]["rows_read"] == 2266
    assert sources["osm_address_points"]["rows_read"] == 9037
    listed = [k for k in sources if registry.BY_KEY[k].lists_facilities]
    kept = sum(sources[k]["kept"] for k in listed)
    assert kept == report["rows_out"] == len(table) == 20318
    assert sum(report["listings_by_sources"].values()) == len(table)


def test_the_report_names_the_editions_read(built):
    _, report, _ = built
    assert report["sources"]["samhsa_nmhd"]["edition"] == 2024
    assert report["sources"]["samhsa_nsud"]["edition"] == 2023
    assert report["sources"]["samhsa_nsud"]["older_editions_not_used"] == []


def test_every_kept_facility_has_a_point_and_a_precision(built):
    _, report, table = built
    assert table["lat"].map(math.isfinite).all() and table["lon"].map(math.isfinite).all()
    assert set(table["precision"]) <= PRECISIONS
    assert sum(report["precision"].values()) == len(table)
    assert table["lat"].between(-15, 72).all() and table["lon"].between(-180, 180).all()
    assert table["id"].is_unique


def test_required_columns_are_present(built):
    _, _, table = built
    required = {
        "id",
        "name",
        "street",
        "city",
        "state",
        "zip",
        "phone",
        "lat",
        "lon",
        "precision",
        "source",
        "services",
        "licence_number",
        "licence_type",
        "licence_expires",
    }
    assert required <= set(table.columns)


def test_licensed_facilities_are_linked_and_not_listed_twice(built):
    _, report, table = built
    linked = table[table["source"].str.contains(r"\+ca_dhcs")]
    assert len(linked) == report["matching"]["ca_dhcs"]["matched"] > 500
    assert linked["licence_number"].notna().all() and (linked["precision"] == "exact").all()
    numbers = table["licence_number"].dropna()
    assert numbers.is_unique
    assert len(numbers) == report["sources"]["ca_dhcs"]["rows_read"]


def test_every_ketamine_infusion_facility_is_findable(built, offline_resolver):
    from clinic_finder.search.index import ClinicIndex
    from clinic_finder.table.sources import samhsa

    facilities, _ = samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR))
    kit_rows = facilities[facilities.service_code_info.str.split().map(lambda c: "KIT" in c)]
    assert len(kit_rows) == 138
    distinct = len(kit_rows.drop_duplicates())  # one KIT facility is listed twice, cell for cell
    _, _, table = built
    point = offline_resolver.resolve("84101")
    found = search(ClinicIndex(table), Query.all_of(point.lat, point.lon, MAX_RADIUS_MI, ["KIT"]))
    assert len(found) == distinct == 137


def test_committed_table_is_what_the_build_makes(built):
    data_dir, _, table = built
    committed = pd.read_parquet(paths.CLINICS_TABLE)
    pd.testing.assert_frame_equal(table, committed)
    assert json.loads((data_dir / "build_report.json").read_text()) == json.loads(
        paths.BUILD_REPORT.read_text()
    )
    assert (data_dir / "service_codes.csv").read_text() == (
        paths.DATA_DIR / "service_codes.csv"
    ).read_text()


def test_a_failed_build_leaves_the_previous_table_untouched(tmp_path, offline_resolver):
    raw = tmp_path / "raw"
    (raw / "samhsa_nmhd_2024").mkdir(parents=True)
    (raw / "samhsa_nmhd_2024" / "directory.xlsx").write_bytes(b"PK\x03\x04 truncated")
    previous = tmp_path / "clinics.parquet"
    previous.write_bytes(b"previous table")
    with pytest.raises(SourceError, match=r"directory\.xlsx"):
        build(offline_resolver, raw_dir=raw, data_dir=tmp_path, progress=False)
    assert previous.read_bytes() == b"previous table"


def test_write_atomically_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "table.parquet"
    target.write_text("old")

    def failing(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(target, failing)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_duplicate_id_is_a_clear_build_error_not_a_bare_assertion():
    table = pd.DataFrame({"id": ["nmhd-a", "nmhd-b", "nmhd-a"]})
    with pytest.raises(BuildError, match=r"1 duplicate facility ids, e\.g\. \['nmhd-a'\]"):
        check_unique_ids(table)
    check_unique_ids(table.iloc[:2])


def test_an_offline_build_says_when_it_read_the_online_answer_cache(built, tmp_path, gazetteer):
    _, report, _ = built
    assert "online_answer_cache" not in report  # the committed build read no such cache
    cache = GeocodeCache(tmp_path / "geocode_cache.sqlite")
    cache.put("nominatim", "1 Main St, Boise, ID", None)
    read = online_answer_cache(Resolver(gazetteer, None, cache))
    assert read == {"path": str(cache.path), "answers": 1, "online": False}


def test_most_listings_are_at_their_door_and_the_report_says_how(built):
    _, report, table = built
    points = report["point_matching"]
    assert table["precision"].isin(["street", "exact"]).mean() >= 0.75
    assert points["after"]["stacks"]["stacks"] < points["before"]["stacks"]["stacks"]
    # Official DHCS points are never moved: every exact point is still DHCS's own.
    exact = table[table["precision"] == "exact"]
    assert (exact["point_source"] == "ca_dhcs").all() and (exact["point_match"] == "official").all()
    for source in ("samhsa_locator_su", "findtreatment_su"):
        measured = points["error_vs_dhcs_by_source"][source]
        assert measured["n"] >= 200 and measured["p50_m"] <= 100
    # A point more than 50 km from its ZIP centre has a line saying why.
    assert all(line["why"] for line in points["far_from_zip_centre"])
    placed = table[table["point_match"].isin(["address", "name"])]
    assert (placed["point_as_of"] != "").all() and (placed["precision"] == "street").all()
    assert not table.loc[table["street_withheld"], "point_match"].isin(["address", "name"]).any()
