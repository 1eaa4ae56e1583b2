"""The maps: a clustered national overview, and search results as ONE GeoJSON layer.

Never one folium object per facility: thousands of objects make the page heavy and slow. Text
from the data is HTML-escaped here, because Leaflet tooltips are HTML.
"""

import html
import math
from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd
from folium import MacroElement
from folium.template import Template

from clinic_finder.settings import MapSettings
from clinic_finder.show.basemap import new_map
from clinic_finder.show.map_stacks import (
    StackCounts,
    legend,
    point_style,
    stacked_geojson,
)
from clinic_finder.show.point_clusters import PointClusters
from clinic_finder.text.i18n import ENGLISH, Translator

METRES_PER_MILE = 1609.344
US_CENTRE = (39.8, -98.6)
RESULT_COLOUR = "#1f5fa8"
SELECTED_COLOUR = "#d1495b"
POINT_RADIUS = 12
# Up to this many results every point is an SVG element (focusable, crisp); beyond it, canvas.
SVG_POINT_LIMIT = 1500


def overview_map(
    table: pd.DataFrame, tiles: MapSettings | None = None, t: Translator = ENGLISH
) -> folium.Map:
    """Every facility, clustered: the first thing a patient sees, before typing a place."""
    title = t.gettext("Map of every facility matching the filters")
    fmap = new_map(US_CENTRE, 4, tiles, title=title)
    PointClusters(table, RESULT_COLOUR).add_to(fmap)
    legend(t, grouped=True).add_to(fmap)
    return fmap


def results_map(
    found: pd.DataFrame,
    center: tuple[float, float],
    radius_mi: float,
    place: str,
    tiles: MapSettings | None = None,
    t: Translator = ENGLISH,
) -> folium.Map:
    """The searched point, the radius and the results as one GeoJSON layer with tooltips."""
    many = len(found) > SVG_POINT_LIMIT
    fmap = new_map(
        center,
        10,
        tiles,
        prefer_canvas=many,
        title=t.gettext("Map of results near {place}").format(place=place),
    )
    radius = folium.Circle(
        center,
        radius=radius_mi * METRES_PER_MILE,
        color="#555",
        weight=1,
        fill=False,
        interactive=False,
    )
    radius.add_to(fmap)
    folium.CircleMarker(
        center,
        radius=5,
        color="#222",
        fill=True,
        fill_opacity=1,
        tooltip=html.escape(t.gettext("Searched: {place}").format(place=place)),
    ).add_to(fmap)
    if not found.empty:
        stacked = stacked_geojson(found, t)
        folium.GeoJson(
            stacked,
            name="Facilities",
            marker=folium.CircleMarker(
                # 24 px across at least: a target a finger can hit (WCAG 2.5.8).
                radius=POINT_RADIUS,
                color="#fff",
                weight=2,
                fill=True,
                fill_color=RESULT_COLOUR,
                class_name="facility-point",  # lets a browser test find the drawn points
                fill_opacity=0.9,
            ),
            style_function=point_style,
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
            highlight_function=lambda _: {"fillColor": SELECTED_COLOUR},
        ).add_to(fmap)
        StackCounts(stacked).add_to(fmap)
        legend(t).add_to(fmap)
    QuietFirstView().add_to(fmap)
    bounds = _bounds(found, center, radius_mi)
    fmap.fit_bounds(bounds)
    return fmap


class QuietFirstView(MacroElement):
    """The map tells the app of clicks only, never that it has been drawn.

    streamlit-folium reports a new map's first state at once when it differs from the default
    Python gave it, and for `last_object_clicked_count` it always does (0 against None): one more
    run after every search, sent before the sidebar's new values had reached the browser. That
    run carried the sidebar's old values back, and a filter removed by its chip came back
    (measured: 2 of 11 presses with both cores busy). Starting the count at None makes the first
    report equal the default, so none is sent; the first click still counts 1 (None + 1 in JS).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.last_object_clicked_count = null; }
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "QuietFirstView"


def selection_layer(row: Mapping[str, Any]) -> folium.FeatureGroup:
    """The chosen facility drawn on top, added without redrawing the map."""
    group = folium.FeatureGroup(name="Selected")
    folium.CircleMarker(
        (row["lat"], row["lon"]),
        radius=POINT_RADIUS + 4,
        color=SELECTED_COLOUR,
        weight=3,
        fill=True,
        fill_color=SELECTED_COLOUR,
        fill_opacity=0.5,
        tooltip=html.escape(row["name"]),
    ).add_to(group)
    return group


def clicked_facility(map_state: Mapping[str, Any] | None) -> tuple[str, int] | None:
    """(facility id, click count) from st_folium's return value, or None if no facility was hit.

    The count makes a second click on the same facility a new event.
    """
    if not isinstance(map_state, Mapping):
        return None
    feature = map_state.get("last_active_drawing")
    if not isinstance(feature, Mapping):
        return None
    properties = feature.get("properties")
    facility_id = properties.get("id") if isinstance(properties, Mapping) else None
    if not isinstance(facility_id, str) or not facility_id:
        return None
    count = map_state.get("last_object_clicked_count")
    return facility_id, count if isinstance(count, int) else 0


def _bounds(found: pd.DataFrame, center: tuple[float, float], radius_mi: float) -> list[Any]:
    """The radius circle's box, grown to include fallback results beyond it."""
    dlat = radius_mi / 69.0
    lats = [center[0] - dlat, center[0] + dlat, *found["lat"].tolist()]
    dlon = dlat / max(0.2, math.cos(math.radians(center[0])))
    lons = [center[1] - dlon, center[1] + dlon, *found["lon"].tolist()]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def clicked_stack(map_state: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Every facility id at the clicked point, nearest first (one id for a lone facility);
    () when no facility was hit. Pair it with `clicked_facility` for the click count."""
    if map_state is None or clicked_facility(map_state) is None:
        return ()
    properties = map_state["last_active_drawing"]["properties"]
    ids = properties.get("ids")
    if isinstance(ids, list) and ids and all(isinstance(i, str) and i for i in ids):
        return tuple(ids)
    return (properties["id"],)
