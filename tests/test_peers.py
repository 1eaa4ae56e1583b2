"""The benchmark's peers answer exactly what the app answers, so a ratio compares like with like."""

import random

import pytest

from clinic_finder.search.answer import answer
from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import search
from clinic_finder.table.load import load_dictionary
from harness.peers import BallTreePeer, VectorisedPeer
from harness.queries import random_queries


@pytest.fixture(scope="module")
def filters(index) -> FilterSet:
    return FilterSet(load_dictionary(), index.codes())


@pytest.mark.parametrize("peer_class", [VectorisedPeer, BallTreePeer])
def test_a_peer_gives_the_same_results_and_counts(index, filters, peer_class):
    peer = peer_class(index.table)
    rng = random.Random(7)
    for query in random_queries(index.table, 6, seed=3):
        codes = [c for group in query.filters for c in group]
        licence = rng.sample(["active", "expired", "unknown"], rng.choice([0, 1]))
        ours = answer(index, filters, (query.lat, query.lon), query.radius_mi, codes, licence)
        results, counts, licence_counts = peer.answer(filters, query, codes, licence)
        want = results[results["licence_status"].isin(licence)] if licence else results
        assert sorted(want["id"]) == sorted(ours.results["id"])
        assert counts == dict(ours.counts)
        assert licence_counts == dict(ours.licence_counts)
        assert peer.search(query)["id"].tolist() == search(index, query)["id"].tolist()
