"""The filters: every code in exactly one of them, and codes grouped into their filters."""

from collections import Counter

import pytest

from clinic_finder.search.filters import MAIN_FILTERS, FilterSet
from clinic_finder.table.load import load_dictionary


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
        ["KIT", "TMS"],
        ["MH"],
    ]
