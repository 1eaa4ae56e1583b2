"""The patient's search around the core one: the licence filter, the fallback beyond the radius."""

from clinic_finder.search.answer import nearest_beyond
from clinic_finder.search.index import Query, search


def test_find_keeps_the_order_and_only_the_chosen_licence_statuses(index):
    query = Query(34.05, -118.24, 30)
    found = search(index, query, {"active", "expiring"})
    everything = search(index, query)
    assert set(found["licence_status"]) == {"active", "expiring"}
    assert found["id"].tolist() == [
        i
        for i, s in zip(everything["id"], everything["licence_status"], strict=True)
        if s in ("active", "expiring")
    ]


def test_nearest_beyond_is_the_nearest_five_anywhere(index):
    query = Query(45.5154, -109.4692, 1, (frozenset({"KIT"}),))
    fallback = nearest_beyond(index, query)
    assert search(index, query).empty and len(fallback) == 5
    assert fallback["distance_mi"].is_monotonic_increasing
    assert fallback["services"].map(lambda s: "KIT" in s).all()
    rest = search(index, Query(query.lat, query.lon, 12_500, query.filters)).iloc[5:]
    assert rest["distance_mi"].min() >= fallback["distance_mi"].max()
