"""The maps: rendered, then searched for the snippet; a click read from st_folium's value."""

import itertools

import branca.element
import pytest
import streamlit_folium

from clinic_finder.show import map_view
from clinic_finder.show.map_stacks import stacked_geojson

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def found(clinics):
    rows = clinics[clinics["zip"].str.startswith("841")].head(4)
    return rows.assign(name=[HOSTILE, "A", "B", "C"], distance_mi=[0.5, 1.0, 2.0, 3.0])


def test_facility_text_is_escaped_in_the_map_html(found):
    fmap = map_view.results_map(found, (40.76, -111.89), 25, HOSTILE)
    map_view.selection_layer(found.iloc[0]).add_to(fmap)
    html = fmap.get_root().render()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html and "&amp;lt;img" not in html  # escaped once, shown as text


def test_the_map_carries_every_result_once_with_its_id(found):
    html = map_view.results_map(found, (40.76, -111.89), 25, "84101").get_root().render()
    drawn = stacked_geojson(found)["features"]
    assert sorted(i for f in drawn for i in f["properties"]["ids"]) == sorted(found["id"])
    assert all(f'"{i}"' in html for i in found["id"])


def test_beyond_the_radius_results_are_inside_the_map_bounds(found):
    far = found.assign(lat=[47.6, 40.7, 40.8, 25.8])
    fmap = map_view.results_map(far, (40.76, -111.89), 1, "84101")
    fit = next(c for c in fmap._children.values() if type(c).__name__ == "FitBounds")
    (south, _), (north, _) = fit.bounds
    assert south <= 25.8 and north >= 47.6


def _sent(monkeypatch, fmap, render: bool, **options) -> dict:
    """What st_folium hands its frontend, element ids numbered from 0 (they are random)."""
    sent: dict = {}
    ids = itertools.count()
    monkeypatch.setattr(branca.element.Element, "_generate_id", lambda *_: f"id{next(ids)}")
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(fmap(), render=render, **options)
    return {key: value for key, value in sent.items() if key != "on_change"}  # a new closure


def test_the_map_alone_renders_what_the_whole_figure_does(monkeypatch, found, clinics):
    """Why components/map_panel.py skips st_folium's figure render: the same map is sent."""
    chosen = map_view.selection_layer(found.iloc[1])
    maps = {
        "results": (
            lambda: map_view.results_map(found, (40.76, -111.89), 25, HOSTILE),
            {"returned_objects": ["last_active_drawing"], "feature_group_to_add": chosen},
        ),
        "overview": (lambda: map_view.overview_map(clinics.head(200)), {"returned_objects": []}),
    }
    for fmap, options in maps.values():
        whole = _sent(monkeypatch, fmap, True, **options)
        assert whole["script"] and whole == _sent(monkeypatch, fmap, False, **options)


CLICK = {
    "last_active_drawing": {
        "type": "Feature",
        "properties": {"id": "samhsa-1", "label": "x"},
        "geometry": {"type": "Point", "coordinates": [-111.9, 40.7]},
    },
    "last_object_clicked_count": 3,
}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (CLICK, ("samhsa-1", 3)),
        ({**CLICK, "last_object_clicked_count": None}, ("samhsa-1", 0)),
        ({**CLICK, "last_object_clicked_count": "3"}, ("samhsa-1", 0)),
        ({"last_active_drawing": CLICK["last_active_drawing"]}, ("samhsa-1", 0)),
        (None, None),
        ({}, None),
        ([], None),
        ("samhsa-1", None),
        ({"last_active_drawing": None, "last_object_clicked_count": 3}, None),
        ({"last_active_drawing": "samhsa-1"}, None),
        ({"last_active_drawing": {"type": "Feature"}}, None),
        ({"last_active_drawing": {"properties": None}}, None),
        ({"last_active_drawing": {"properties": {"id": 7}}}, None),
        ({"last_active_drawing": {"properties": {"id": ""}}}, None),
        ({"last_active_drawing": {"properties": ["samhsa-1"]}}, None),
    ],
)
def test_clicked_facility(state, expected):
    assert map_view.clicked_facility(state) == expected
