"""Known address points: parsing `whole_adress` from the right, the ZIP screen, the resolver
layer, and how close the points are to California's official ones."""

import math

import pytest
from distance import km_between

from clinic_finder import paths
from clinic_finder.geocode.address_points import ZIP_SCREEN_KM, AddressPoints
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.table.records import empty_record
from clinic_finder.table.sources import address_points, dhcs

CITIES = {
    "36310": ["ABBEVILLE"],
    "04401": ["BANGOR"],
    "45651": ["MC ARTHUR"],
    "94578": ["SAN LEANDRO"],
}


@pytest.mark.parametrize(
    ("whole", "key"),
    [
        ("219 Dothan Road Abbeville AL 36310", "219 DOTHAN RD|36310"),
        ("1242 US Highway 431 South Abbeville AL 36310", "1242 US HWY 431 S|36310"),
        ("2035 Fairmont Drive San Leandro CA 94578", "2035 FAIRMONT DR|94578"),
        ("31891 State Route 93 North McArthur OH 45651", "31891 STATE RTE 93 N|45651"),
        ("5 Spruce Avenue Lee MA 02138", None),  # the ZIP is Cambridge's, not Lee's
        ("Abbeville AL 36310", None),
        ("NA", None),
    ],
)
def test_whole_address_is_read_from_the_right(whole, key):
    assert address_points.split_address(whole, CITIES)[0] == key


@pytest.fixture(scope="module")
def table():
    return address_points.load(address_points.find_file(paths.RAW_DIR))


def test_every_point_row_is_kept_merged_or_quarantined(table):
    summary = table.summary()
    assert summary["rows_read"] == 9037
    assert summary["kept"] + summary["merged"] + summary["quarantined"] == 9037
    assert summary["quarantine_reasons"]["no point (the geocoder found nothing)"] == 1542


def test_points_far_from_their_zip_are_rejected(gazetteer):
    bangor = gazetteer.zip("04401")
    records = [
        {"key": "9 PINE ST|04401", "lat": bangor.lat + 0.01, "lon": bangor.lon},
        {"key": "1 MAIN ST|04401", "lat": 40.7, "lon": -74.0},  # New York: a wrong match
        {"key": "1 MAIN ST|00000", "lat": 40.7, "lon": -74.0},  # no centroid to screen by
    ]
    points = AddressPoints.screened(records, gazetteer, "test")
    assert list(points.points) == ["9 PINE ST|04401"]
    assert [r["address"] for r in points.rejected] == ["1 MAIN ST|04401", "1 MAIN ST|00000"]
    assert "km from its ZIP centre" in points.rejected[0]["reason"]


def test_the_real_screen_rejects_a_few_dozen(table, gazetteer):
    points = AddressPoints.screened(table.records, gazetteer, "osm")
    assert 0 < len(points.rejected) < 0.01 * len(table.records)
    assert ZIP_SCREEN_KM == 25


def _facility(street, zip_code="04401", **extra):
    record = empty_record()
    record.update(
        name="X", street=street, street_withheld=False, city="Bangor", state="ME", zip=zip_code
    )
    record.update(extra)
    return record


def test_the_layer_sits_between_the_cache_and_the_zip_centre(gazetteer):
    points = AddressPoints({"9 PINE ST|04401": (44.8, -68.77)}, "osm_address_points")
    resolver = Resolver(gazetteer, address_points=points)
    found, _ = resolver.place_record(_facility("9 Pine Street"))
    assert found == GeocodeResult(44.8, -68.77, "street", "9 PINE ST|04401", "osm_address_points")
    found, _ = resolver.place_record(_facility("10 Pine Street"))
    assert found.precision == "zip"
    withheld, _ = resolver.place_record(_facility("9 Pine Street", street_withheld=True))
    assert withheld.precision == "zip"
    official = _facility("9 Pine Street", lat=44.0, lon=-68.0, precision="exact")
    assert resolver.place_record(official)[0].precision == "exact"

    class Cache:
        def get(self, query):
            return GeocodeResult(44.81, -68.78, "street", query, "nominatim")

    cached = Resolver(gazetteer, cache=Cache(), address_points=points)
    assert cached.place_record(_facility("9 Pine Street"))[0].source == "nominatim"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def test_points_are_close_to_dhcs_official_points(table, gazetteer):
    points = AddressPoints.screened(table.records, gazetteer, "osm")
    errors = []
    for record in dhcs.load(dhcs.find_file(paths.RAW_DIR)).records:
        if record["lat"] is None:
            continue
        found = points.find(record["street"], record["city"], "CA", record["zip"])
        if found:
            errors.append(km_between((record["lat"], record["lon"]), (found.lat, found.lon)))
    p50, p90 = percentile(errors, 0.5), percentile(errors, 0.9)
    print(
        f"\nOSM address points vs DHCS official: n={len(errors)} p50={p50 * 1000:.0f} m "
        f"p90={p90 * 1000:.0f} m"
    )
    assert len(errors) >= 80
    assert p50 < 0.15 and p90 < 1.0


def test_thousands_of_listings_take_a_street_point(clinics):
    street = clinics[clinics["precision"] == "street"]
    # The OpenStreetMap points stay where no newer publisher's point agrees or a better one
    # disagrees (point_facts); the SAMHSA locator and FindTreatment points place the rest.
    assert 3000 <= (street["point_source"] == "osm_address_points").sum() <= 4500
    assert clinics["precision"].isin(["street", "exact"]).mean() >= 0.75
