"""The one search, checked against plain computations over the table."""

import numpy as np
import pandas as pd
import pytest
from distance import KM_PER_MI, km_between

from clinic_finder.search.answer import nearest_beyond
from clinic_finder.search.index import ClinicIndex, Query, search


def _haversine_mi(lat1, lon1, lat2, lon2):
    return km_between((lat1, lon1), (lat2, lon2)) / KM_PER_MI


@pytest.fixture(scope="module")
def tiny():
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "name": ["Near KIT", "Mid TMS", "Far KIT+TMS", "Tie KIT"],
            "lat": [40.76, 40.90, 41.50, 40.76],
            "lon": [-111.89, -111.89, -111.89, -111.89],
            "services": [["KIT", "MD"], ["TMS"], ["KIT", "TMS"], ["KIT"]],
        }
    )
    return ClinicIndex(table)


def test_distances_match_an_independent_haversine(index):
    rows = index.table.sample(200, random_state=1)
    distances = index.distances_mi(40.7559, -111.8967)[rows.index]
    expected = [_haversine_mi(40.7559, -111.8967, r.lat, r.lon) for r in rows.itertuples()]
    # Earth radii differ in the 6th digit (6371 km vs 3958.7613 mi); formulas would differ far more.
    np.testing.assert_allclose(distances, expected, rtol=1e-5)


def test_radius_and_order_nearest_first_ties_by_name(tiny):
    found = search(tiny, Query(40.76, -111.89, radius_mi=20))
    assert found["id"].tolist() == ["a", "d", "b"]
    assert found["distance_mi"].is_monotonic_increasing


def test_groups_are_and_codes_within_a_group_are_or(tiny):
    everything = 500
    both = search(tiny, Query.all_of(40.76, -111.89, everything, ["KIT", "TMS"]))
    either = search(tiny, Query(40.76, -111.89, everything, (frozenset({"KIT", "TMS"}),)))
    assert both["id"].tolist() == ["c"]
    assert sorted(either["id"]) == ["a", "b", "c", "d"]
    assert search(tiny, Query.all_of(40.76, -111.89, everything, ["NOPE"])).empty


def test_real_table_search_equals_a_filter_computed_here(index):
    lat, lon, radius = 40.7559, -111.8967, 50
    found = search(index, Query.all_of(lat, lon, radius, ["KIT", "PI"]))
    table = index.table
    wanted = [
        row.id
        for row in table.itertuples()
        if {"KIT", "PI"} <= set(row.services)
        and _haversine_mi(lat, lon, row.lat, row.lon) <= radius
    ]
    assert sorted(found["id"]) == sorted(wanted) and len(wanted) > 3


def test_nearest_ignores_the_radius_but_keeps_the_filters(tiny):
    south = Query.all_of(30.0, -111.89, 10, ["TMS"])
    assert search(tiny, south).empty
    fallback = nearest_beyond(tiny, south, count=5)
    assert fallback["id"].tolist() == ["b", "c"]
