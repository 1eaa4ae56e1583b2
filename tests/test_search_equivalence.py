"""The fast search (latitude band, service bitsets) against a brute-force scan written here.

The scan measures every row with unit vectors (chord → angle), a different formula from the
haversine under test, and decides services with Python sets.
"""

import numpy as np
import pandas as pd
import pytest

from clinic_finder.geocode.geometry import EARTH_RADIUS_MI
from clinic_finder.search.index import MAX_RADIUS_MI, ClinicIndex, Query, search
from harness.synthetic import replicate

RADII_MI = (0.01, 0.5, 10, 25, 100, 700, 3000, MAX_RADIUS_MI, 20_000)
# Rows this close to the radius may fall either way between two correct formulas.
EDGE_MI = 1e-6


def _unit_vectors(lat, lon) -> np.ndarray:
    lat, lon = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def _brute_force_mi(table: pd.DataFrame, lat: float, lon: float) -> np.ndarray:
    points = _unit_vectors(table["lat"], table["lon"])
    chord = np.linalg.norm(points - _unit_vectors(lat, lon), axis=1)
    return 2 * EARTH_RADIUS_MI * np.arcsin(np.clip(chord / 2, 0, 1))


def _rows_by_code(table: pd.DataFrame) -> dict[str, set[int]]:
    rows: dict[str, set[int]] = {}
    for row, services in enumerate(table["services"]):
        for code in services:
            rows.setdefault(code, set()).add(row)
    return rows


def _offers(table: pd.DataFrame, filters, rows_by_code=None) -> np.ndarray:
    """Set logic: a row qualifies when every non-empty group shares a code with its services."""
    rows_by_code = rows_by_code if rows_by_code is not None else _rows_by_code(table)
    keep = set(range(len(table)))
    for group in filters:
        if group:
            keep &= set().union(*(rows_by_code.get(code, set()) for code in group))
    mask = np.zeros(len(table), dtype=bool)
    mask[list(keep)] = True
    return mask


def _check(index: ClinicIndex, query: Query, rows_by_code: dict[str, set[int]]) -> None:
    table = index.table
    miles = _brute_force_mi(table, query.lat, query.lon)
    offers = _offers(table, query.filters, rows_by_code)
    sure_in = set(table["id"][offers & (miles <= query.radius_mi - EDGE_MI)])
    maybe_in = set(table["id"][offers & (miles <= query.radius_mi + EDGE_MI)])

    everything = search(index, query)
    assert sure_in <= set(everything["id"]) <= maybe_in, query
    np.testing.assert_allclose(
        everything["distance_mi"], miles[everything.index], rtol=1e-9, atol=1e-6
    )
    order = everything[["distance_mi", "name", "id"]]
    assert order.equals(order.sort_values(["distance_mi", "name", "id"])), query


def _random_filters(rng, codes: list[str]) -> tuple[frozenset[str], ...]:
    groups = []
    for _ in range(rng.integers(0, 4)):
        group = set(rng.choice(codes, rng.integers(1, 4)))
        if rng.random() < 0.1:
            group = {"NO-SUCH-CODE"} if rng.random() < 0.5 else set()
        groups.append(frozenset(group))
    return tuple(groups)


def _random_queries(index: ClinicIndex, count: int, seed: int) -> list[Query]:
    """Near facilities, anywhere on Earth, and exactly on a band edge (a facility due north or
    south of the point at very nearly the radius)."""
    rng = np.random.default_rng(seed)
    table, codes = index.table, sorted(index.codes())
    queries = []
    for i in range(count):
        radius = float(rng.choice(RADII_MI))
        facility = table.iloc[rng.integers(len(table))]
        kind = i % 3
        if kind == 0:
            lat, lon = facility.lat + rng.normal(0, 0.5), facility.lon + rng.normal(0, 0.5)
        elif kind == 1:
            lat, lon = np.degrees(np.arcsin(rng.uniform(-1, 1))), rng.uniform(-180, 180)
        else:
            radius = float(rng.choice(RADII_MI[:5]))
            reach = np.degrees(radius / EARTH_RADIUS_MI) * (1 - 1e-7)
            lat, lon = facility.lat + rng.choice([-reach, reach]), facility.lon
        queries.append(
            Query(float(np.clip(lat, -90, 90)), float(lon), radius, _random_filters(rng, codes))
        )
    return queries


def _worldwide_table(rows: int, seed: int) -> pd.DataFrame:
    """Points over the whole sphere, poles and the antimeridian included, with stacked duplicates
    (equal distances) and a few rows without services."""
    rng = np.random.default_rng(seed)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, rows)))
    lat[:20] = rng.choice([-90.0, -89.99, 89.99, 90.0], 20)
    lon = rng.uniform(-180, 180, rows)
    lon[20:40] = rng.choice([-180.0, 179.999, 180.0], 20)
    lat[40:60], lon[40:60] = lat[60:80], lon[60:80]
    codes = ["KIT", "TMS", "ECT", "TELE", "MD", "SA", "OP"]
    return pd.DataFrame(
        {
            "id": [f"w{i:05d}" for i in range(rows)],
            "name": rng.choice(["Alpha", "Beta", "Gamma"], rows),
            "lat": lat,
            "lon": lon,
            "services": [
                list(rng.choice(codes, rng.integers(0, 5), replace=False)) for _ in range(rows)
            ],
        }
    )


@pytest.fixture(scope="module")
def replicated(clinics) -> ClinicIndex:
    return ClinicIndex(replicate(clinics, 20_000, seed=7))


def test_real_table_equals_brute_force(index):
    rows_by_code = _rows_by_code(index.table)
    for query in _random_queries(index, 90, seed=1):
        _check(index, query, rows_by_code)


def test_replicated_table_equals_brute_force(replicated):
    rows_by_code = _rows_by_code(replicated.table)
    for query in _random_queries(replicated, 45, seed=2):
        _check(replicated, query, rows_by_code)


def test_worldwide_points_near_poles_and_antimeridian_equal_brute_force():
    index = ClinicIndex(_worldwide_table(3_000, seed=3))
    rows_by_code = _rows_by_code(index.table)
    for query in _random_queries(index, 120, seed=4):
        _check(index, query, rows_by_code)
    for lat in (-90.0, -89.9, 89.9, 90.0):
        for lon in (-180.0, 0.0, 179.95):
            _check(index, Query(lat, lon, 300.0, ()), rows_by_code)


@pytest.mark.parametrize("radius", [0.2, 10, 100, 2000])
@pytest.mark.parametrize("side", [-1, 1])
def test_a_facility_due_north_or_south_just_inside_the_radius_is_found(index, radius, side):
    facility = index.table.iloc[1234]
    reach = np.degrees(radius / EARTH_RADIUS_MI)
    inside = Query(facility.lat - side * reach * (1 - 1e-7), facility.lon, radius)
    outside = Query(facility.lat - side * reach * (1 + 1e-7), facility.lon, radius)
    assert facility.id in set(search(index, inside)["id"])
    assert facility.id not in set(search(index, outside)["id"])


def test_offering_equals_set_logic(index):
    rng = np.random.default_rng(5)
    codes, rows_by_code = sorted(index.codes()), _rows_by_code(index.table)
    for _ in range(40):
        filters = _random_filters(rng, codes)
        expected = _offers(index.table, filters, rows_by_code)
        np.testing.assert_array_equal(index.offering(filters), expected)


def test_distances_and_masks_stay_in_table_order(index):
    miles = index.distances_mi(40.7559, -111.8967)
    np.testing.assert_allclose(miles, _brute_force_mi(index.table, 40.7559, -111.8967), atol=1e-6)
    kit = index.offering((frozenset({"KIT"}),))
    assert kit.sum() == sum("KIT" in s for s in index.table["services"])
    assert index.table.index.equals(pd.RangeIndex(len(index)))
