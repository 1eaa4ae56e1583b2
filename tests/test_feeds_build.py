"""A publisher in the build, end to end: a deployer's copy of the data folder with a
publishers.toml, built by the command line; one facility SAMHSA also lists becomes one listing
naming both (its point from the publisher, both phones, the disagreement with the newer source);
a new facility is found at its point; a schema-breaking object is quarantined with its reason;
a feed failing midway leaves the previous table; and an export built alone gives the same
listings back (ids, points, services, licences)."""

import json
import os
import shutil

import pytest

from clinic_finder import paths
from clinic_finder.__main__ import main
from clinic_finder.formats import hsds
from clinic_finder.geocode.factory import make_resolver
from clinic_finder.settings import Settings
from clinic_finder.table.build import build
from clinic_finder.table.feeds.http import FeedError, Fetcher, Limits
from clinic_finder.table.feeds.publishers import Feed
from clinic_finder.table.load import load_clinics, load_dictionary
from clinic_finder.table.records import rows_of
from clinic_finder.table.sources import registry
from tests.feed_objects import broken, deployer_copy, sal
from tests.feeds_server import serving

SAMHSA_ID = "nmhd-0f158a2f603d"  # Psychiatric and Behavioral Solutions, 1459 East 3900 South


def same_place_as_samhsa() -> dict:
    obj = sal(900, name="Psychiatric and Behavioral Solutions", alternate_name="PBS")
    obj["location"]["addresses"][0].update(address_1="1459 East 3900 South", postal_code="84124")
    obj["location"].update(latitude=40.6866, longitude=-111.8553)
    obj["phones"][0].update(number="801-467-9999")
    del obj["phones"][0]["extension"]
    return obj


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = deployer_copy(tmp_path_factory.mktemp("deploy") / "data")
    feed = data / "feeds" / "county.ndjson"
    feed.parent.mkdir()
    objects = [sal(1), same_place_as_samhsa(), broken(2), sal(3, status="defunct")]
    feed.write_text("".join(json.dumps(o) + "\n" for o in objects))
    (data / "publishers.toml").write_text(
        '[[publisher]]\nkey = "county"\nsource = "feeds/county.ndjson"\n'
        'title = "Example County behavioral health directory"\npublisher = "Example County"\n'
        'licence = "CC BY 4.0"\nattribution = "Example County (CC BY 4.0)."\n'
    )
    os.environ["CLINIC_FINDER_DATA_DIR"] = str(data)
    try:
        assert main(["build"]) == 0
    finally:
        del os.environ["CLINIC_FINDER_DATA_DIR"]
    report = json.loads((data / "build_report.json").read_text())
    return data, load_clinics(data / "clinics.parquet"), report


def test_counts_per_source_add_up_with_reasons(built):
    _data, _table, report = built
    county = report["sources"]["county"]
    assert county["rows_read"] == 4
    assert county["kept"] + county["merged_into_other_listings"] + county["quarantined"] == 4
    assert county["merged_into_other_listings"] == 1
    assert set(county["quarantine_reasons"]) == {
        "breaks the HSDS service_at_location schema at service/status: enum "
        "['active', 'inactive', 'defunct', 'temporarily closed']",
        "status defunct: not listed",
    }
    assert report["feeds"]["county"]["publisher"] == "Example County"


def test_one_facility_one_listing_with_both_phones_and_the_newer_named(built):
    _data, table, report = built
    row = table.set_index("id").loc[SAMHSA_ID]
    assert row["source"] == "samhsa_nmhd+county"
    assert "801-467-9999" in [row["phone"], *row["intake_phones"]]
    assert (row["precision"], row["point_source"]) == ("street", "county")
    assert (row["lat"], row["lon"]) == (40.6866, -111.8553)
    (disagreement,) = [d for d in report["feed_disagreements"] if d["id"] == SAMHSA_ID]
    assert disagreement["field"] == "phone" and disagreement["newer"] == "county"


def test_a_new_facility_is_found_at_the_publisher_s_point_with_its_publisher_named(built):
    data, table, _report = built
    (row,) = rows_of(table[table["source"] == "county"])
    assert (row["lat"], row["lon"], row["precision"]) == (40.7501, -111.89, "street")
    credits = registry.credits(["county"], json.loads((data / "build_report.json").read_text()))
    assert credits == ["Example County (CC BY 4.0)."]
    dictionary = load_dictionary(data)
    peer = [c for c in row["services"] if c.startswith("P")]
    assert dictionary.get(peer[0]).name == "Peer support groups"
    assert "Example County behavioral health directory" in dictionary.get(peer[0]).category_name


def test_a_feed_failing_midway_keeps_the_previous_table(built, tmp_path):
    data, _table, _report = built
    before = (data / "clinics.parquet").read_bytes(), (data / "build_report.json").read_bytes()
    with serving() as (base, pub):
        pub.api("/service_at_locations", [sal(i) for i in range(300)], loop_after=2)
        feed = Feed("looping", base)
        with pytest.raises(FeedError, match="page loop"):
            build(
                make_resolver(False, Settings(data_dir=data)),
                data / "raw",
                data,
                progress=False,
                feeds=[feed],
                fetcher=Fetcher(Limits(min_interval=0)),
            )
    after = (data / "clinics.parquet").read_bytes(), (data / "build_report.json").read_bytes()
    assert before == after


@pytest.mark.parametrize("near", [("84101", 25), ("94578", 10)])
def test_an_export_built_alone_gives_the_same_listings(tmp_path, near):
    """Utah (street and ZIP-centre points) and California (DHCS licences, official points)."""
    out = tmp_path / "export"
    assert main(["export", "--near", near[0], "--radius", str(near[1]), "--out", str(out)]) == 0
    data = tmp_path / "data"
    data.mkdir()
    for name in ("service_codes.csv", "dhcs_service_codes.csv"):
        shutil.copy2(paths.DATA_DIR / name, data / name)
    build(
        make_resolver(False, Settings(data_dir=data)),
        data / "raw",
        data,
        progress=False,
        feeds=[Feed("mine", str(out / hsds.FILE_NAME))],
        bundled=False,
    )
    exported = [
        json.loads(line.rstrip(",\n"))
        for line in (out / hsds.FILE_NAME).open()
        if line.startswith("{")
    ]
    ids = [o["location"]["external_identifier"] for o in exported]
    original = load_clinics(paths.CLINICS_TABLE).set_index("id").loc[sorted(ids)]
    again = load_clinics(data / "clinics.parquet").set_index("id").sort_index()
    assert list(again.index) == sorted(ids)
    assert (original["lat"] - again["lat"]).abs().max() <= 1.01e-6  # the export's 6 decimals
    assert (original["lon"] - again["lon"]).abs().max() <= 1.01e-6
    assert (original["services"].map(sorted) == again["services"].map(sorted)).all()
    for column in ("licence_number", "licence_type", "licence_expires", "precision", "name"):
        assert original[column].tolist() == again[column].tolist(), column
