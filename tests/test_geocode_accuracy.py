"""How far the offline resolver lands from California DHCS's official facility coordinates."""

import math
import statistics

import pytest
from distance import km_between

from clinic_finder import paths
from clinic_finder.table.sources import dhcs

# NOTES measured p50 ≈ 1.75 km and p90 ≈ 4.8 km; a median past 2.5 km means the ZIP layer broke.
MAX_MEDIAN_KM = 2.5
OFFLINE_PRECISIONS = ("zip", "city", "state")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def without_official_point(record: dict) -> dict:
    """A copy of the record as if DHCS had published no coordinates."""
    return {**record, "lat": None, "lon": None, "precision": None}


@pytest.fixture(scope="module")
def placements(offline_resolver) -> list[tuple[dict, object, str]]:
    """Every DHCS record with an official point, re-placed offline: (record, result, reason)."""
    records = dhcs.load(dhcs.find_file(paths.RAW_DIR)).records
    official = [r for r in records if r["lat"] is not None]
    return [(r, *offline_resolver.place_record(without_official_point(r))) for r in official]


def test_offline_placement_is_close_to_official_points(placements):
    """The median error stays under 2.5 km over more than 2000 facilities."""
    errors = [
        km_between((record["lat"], record["lon"]), (found.lat, found.lon))
        for record, found, _ in placements
        if found is not None
    ]
    p50, p90, p99 = (percentile(errors, share) for share in (0.5, 0.9, 0.99))
    print(
        f"\nDHCS offline geocoding: n={len(errors)} p50={p50:.2f} km p90={p90:.2f} km "
        f"p99={p99:.2f} km mean={statistics.fmean(errors):.2f} km"
    )
    assert len(errors) > 2000
    assert p50 <= MAX_MEDIAN_KM, f"median error {p50:.2f} km"


def test_every_record_gets_an_offline_precision(placements):
    """Without online geocoding every California facility is placed by ZIP, city or state."""
    unplaced = [
        (r["name"], r["city"], r["state"], r["zip"], reason)
        for r, found, reason in placements
        if found is None
    ]
    assert not unplaced, unplaced[:5]
    wrong = [
        (r["name"], found.precision)
        for r, found, _ in placements
        if found is not None and found.precision not in OFFLINE_PRECISIONS
    ]
    assert not wrong, wrong[:5]


def test_most_records_are_placed_by_zip(placements):
    """DHCS ZIPs are almost all valid California ZIPs, so the ZIP layer does nearly all the work."""
    by_zip = sum(found is not None and found.precision == "zip" for _, found, _ in placements)
    assert by_zip / len(placements) > 0.95
