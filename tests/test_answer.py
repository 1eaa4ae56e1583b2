"""One answer per search: results equal the core search, and every count equals choosing it."""

import random

import pytest

from clinic_finder.search.answer import answer, nearest_beyond
from clinic_finder.search.filters import LICENCE_FILTER, FilterSet
from clinic_finder.search.index import Query, search
from clinic_finder.table.load import load_dictionary

PLACES = {"Los Angeles": (34.0522, -118.2437), "Salt Lake City": (40.7608, -111.8910)}


@pytest.fixture(scope="module")
def filters(index) -> FilterSet:
    return FilterSet(load_dictionary(), index.codes())


def _results(index, filters, point, radius, services, licence):
    """What the search gives, by the core search over the whole table."""
    if point is None:
        matching = index.offering(filters.query_filters(services))
        table = index.table[matching]
        return table[table["licence_status"].isin(licence)] if licence else table
    return search(index, Query(*point, radius, filters.query_filters(services)), licence)


def _random_choices(filters: FilterSet, rng: random.Random) -> tuple[list[str], list[str]]:
    picked = rng.sample([f for f in filters if f.codes], 3)
    services = [code for f in picked for code in rng.sample(f.codes, min(2, len(f.codes)))]
    licence = rng.sample(list(LICENCE_FILTER), rng.choice([0, 0, 1, 2]))
    return services, licence


@pytest.mark.parametrize("seed", range(6))
def test_every_count_is_the_number_of_results_with_that_option_also_chosen(index, filters, seed):
    rng = random.Random(seed)
    point = rng.choice([*PLACES.values(), None])
    radius = rng.choice([10, 25, 60])
    services, licence = _random_choices(filters, rng)
    got = answer(index, filters, point, radius, services, licence)

    expected = _results(index, filters, point, radius, services, licence)
    assert sorted(got.results["id"]) == sorted(expected["id"])
    if point is not None:
        assert got.results["id"].tolist() == expected["id"].tolist()  # nearest first, same ties
    for code in rng.sample(sorted(filters.codes()), 25) + services:
        with_it = _results(index, filters, point, radius, [*services, code], licence)
        assert got.counts[code] == len(with_it), code
    for status in LICENCE_FILTER:
        with_it = _results(index, filters, point, radius, services, [*licence, status])
        assert got.licence_counts[status] == len(with_it), status


def test_a_chosen_option_counts_the_results_and_its_neighbours_widen(index, filters):
    got = answer(index, filters, PLACES["Los Angeles"], 30, ["SP"])
    assert got.counts["SP"] == len(got.results) > 0
    spanish_or_asl = answer(index, filters, PLACES["Los Angeles"], 30, ["SP", "AH"])
    assert got.counts["AH"] == len(spanish_or_asl.results) >= len(got.results)


def test_nothing_in_the_radius_gives_the_nearest_beyond_it(index, filters):
    rural = (45.52, -109.44)  # Absarokee, MT
    got = answer(index, filters, rural, 5, ["KIT"])
    assert got.results.empty
    query = Query(*rural, 5, filters.query_filters(["KIT"]))
    assert got.beyond["id"].tolist() == nearest_beyond(index, query)["id"].tolist()
    assert len(got.beyond) == 5 and (got.beyond["distance_mi"] > 5).all()
