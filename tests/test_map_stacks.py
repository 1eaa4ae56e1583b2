"""Stacks on the map: rendered, then searched for the snippet; clicks as st_folium returns them."""

import pytest

from clinic_finder.search.index import Query, search
from clinic_finder.show import map_view
from clinic_finder.show.map_stacks import (
    LISTED_IN_TOOLTIP,
    STACK_RADIUS,
    StackCounts,
    point_style,
    stacked_geojson,
)

HOSTILE = "<img src=x onerror=alert(1)>"
BANGOR = (44.8242, -68.7918)


@pytest.fixture(scope="module")
def bangor(index):
    """What `?near=04401&radius=1` finds: many facilities on the ZIP centre, one at its street."""
    return search(index, Query(*BANGOR, 1))


def test_facilities_at_one_point_are_one_feature_with_their_ids_nearest_first(bangor):
    features = stacked_geojson(bangor)["features"]
    assert len(features) < len(bangor)
    ids = [i for f in features for i in f["properties"]["ids"]]
    assert sorted(ids) == sorted(bangor["id"]) and len(ids) == len(set(ids))  # none unreachable
    stack = max(features, key=lambda f: f["properties"]["count"])
    props = stack["properties"]
    # Publishers' own points took most Bangor listings off the ZIP centre: 20 there before, 10 now.
    assert props["count"] == len(props["ids"]) >= 5 and props["id"] == props["ids"][0]
    order = bangor.set_index("id")["distance_mi"]
    assert list(order[props["ids"]]) == sorted(order[props["ids"]])
    assert props["approximate"] is True
    assert props["label"].startswith(f"<strong>{props['count']} facilities at approximate")


def test_a_lone_facility_keeps_its_one_line_label(bangor):
    lone = [f for f in stacked_geojson(bangor)["features"] if f["properties"]["count"] == 1]
    assert lone and all(f["properties"]["ids"] == [f["properties"]["id"]] for f in lone)
    assert all("<strong>" not in f["properties"]["label"] for f in lone)


def test_the_stack_map_shows_counts_a_legend_and_hollow_approximate_points(bangor):
    page = map_view.results_map(bangor, BANGOR, 1, "04401").get_root().render()
    count = max(f["properties"]["count"] for f in stacked_geojson(bangor)["features"])
    assert "stack-count" in page and f", {count}, true]" in page  # [lat, lon, count, approx]
    assert "map-legend" in page and "approximate: ZIP or city center" in page
    assert '"dashArray": "3 3"' in page
    assert "keyboard: false" in page and "interactive: false" in page  # labels: no Tab stops
    assert "cdn" not in page.lower() and "unpkg" not in page


def test_stack_text_is_escaped_once(bangor):
    hostile = bangor.assign(name=[HOSTILE] * len(bangor))
    page = map_view.results_map(hostile, BANGOR, 1, "04401").get_root().render()
    # The GeoJSON is embedded as JSON with <, > and & as \u escapes; decoded, the tooltip HTML
    # holds "&lt;img …&gt;": text, once escaped. Only the stack's own <strong>/<br> are markup.
    assert "<img src=x" not in page and "\\u003cimg" not in page
    largest = max(f["properties"]["count"] for f in stacked_geojson(hostile)["features"])
    named = min(largest, LISTED_IN_TOOLTIP)
    assert page.count("\\u0026lt;img src=x onerror=alert(1)\\u0026gt;") >= named
    assert "\\u0026amp;lt;img" not in page


def test_approximate_distances_read_as_approximate(bangor):
    features = stacked_geojson(bangor)["features"]
    approx = next(f for f in features if f["properties"]["approximate"])
    exact = next(f for f in features if not f["properties"]["approximate"])
    assert "in this ZIP area" in approx["properties"]["label"]  # the centre of 04401 itself
    assert " mi · " in exact["properties"]["label"] and "about" not in exact["properties"]["label"]


@pytest.mark.parametrize(
    ("approximate", "count", "expected"),
    [
        (True, 1, {"dashArray": "3 3", "fillOpacity": 0.15}),
        (False, 1, {"fillOpacity": 0.9}),
        (True, 5, {"radius": STACK_RADIUS}),
    ],
)
def test_point_style(approximate, count, expected):
    style = point_style({"properties": {"approximate": approximate, "count": count}})
    assert expected.items() <= style.items()
    assert ("radius" in style) is (count > 1)


def test_count_labels_carry_numbers_only(bangor):
    rows = StackCounts(stacked_geojson(bangor)).rows
    assert rows and all(isinstance(v, float | int | bool) for r in rows for v in r)


STACK_CLICK = {
    "last_active_drawing": {
        "type": "Feature",
        "properties": {"id": "nmhd-1", "ids": ["nmhd-1", "nsud-2"], "count": 2, "label": "x"},
        "geometry": {"type": "Point", "coordinates": [-68.79, 44.82]},
    },
    "last_object_clicked_count": 4,
}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (STACK_CLICK, ("nmhd-1", "nsud-2")),
        ({"last_active_drawing": {"properties": {"id": "nmhd-1"}}}, ("nmhd-1",)),
        ({"last_active_drawing": {"properties": {"id": "nmhd-1", "ids": "nmhd-1"}}}, ("nmhd-1",)),
        ({"last_active_drawing": {"properties": {"id": "nmhd-1", "ids": [3]}}}, ("nmhd-1",)),
        ({"last_active_drawing": {"properties": {"ids": ["nmhd-1"]}}}, ()),
        (None, ()),
        ({}, ()),
    ],
)
def test_clicked_stack(state, expected):
    assert map_view.clicked_stack(state) == expected
    if expected:
        assert map_view.clicked_facility(state)[0] == expected[0]
