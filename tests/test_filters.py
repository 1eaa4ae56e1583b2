"""The filters: every code in exactly one of them, and counts equal to counting by hand."""

from collections import Counter

import numpy as np
import pytest
from distance import KM_PER_MI, km_between

from clinic_finder.filters import MAIN_FILTERS, FilterSet
from clinic_finder.table import load_dictionary


@pytest.fixture(scope="module")
def filters(index) -> FilterSet:
    return FilterSet(load_dictionary(), index.codes())


def test_every_code_in_the_table_belongs_to_exactly_one_filter(filters, index):
    placed = Counter(code for f in filters for code in f.codes)
    assert set(placed) == index.codes()
    assert set(placed.values()) == {1}
    assert all(filters.filter_of(code) for code in index.codes())


def test_the_main_filters_come_first_and_offer_only_codes_the_table_has(filters, index):
    assert [f.key for f in filters.main()] == [f.key for f in MAIN_FILTERS]
    assert all(f.codes and set(f.codes) <= index.codes() for f in filters)
    assert {"KIT", "TMS", "ECT"} <= set(filters.main()[0].codes)


def test_groups_sort_codes_into_their_filters_and_drop_unknown_ones(filters):
    groups = filters.groups(["KIT", "TMS", "MH", "NOPE"])
    assert groups == {"treatment": {"KIT", "TMS"}, "care": {"MH"}}
    assert sorted(map(sorted, filters.query_filters(["KIT", "TMS", "MH"]))) == [
        ["KIT", "TMS"], ["MH"]
    ]  # fmt: skip


@pytest.mark.parametrize("chosen", [[], ["MH"], ["MH", "SA", "OP"], ["KIT", "PI", "SP"]])
def test_counts_equal_a_count_by_hand(filters, index, chosen):
    table = index.table
    lat, lon, radius = 34.0522, -118.2437, 30  # Los Angeles
    miles = [km_between((lat, lon), (r.lat, r.lon)) / KM_PER_MI for r in table.itertuples()]
    within = np.array(miles) <= radius
    groups = filters.groups(chosen)
    counts = filters.counts(index, within, groups)

    expected: Counter = Counter()
    for inside, services in zip(within, table["services"], strict=True):
        offered = set(services)
        if not inside:
            continue
        for f in filters:
            others_match = all(offered & codes for key, codes in groups.items() if key != f.key)
            if others_match:
                expected.update(offered & set(f.codes))
    assert counts == {code: expected[code] for f in filters for code in f.codes}
    assert sum(counts.values()) > 100
