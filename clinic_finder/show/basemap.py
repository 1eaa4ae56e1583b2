"""Folium maps that load nothing from the internet: vendored Leaflet and a state-outline basemap.

Streamlit serves `static/` at /app/static/ (server.enableStaticServing in .streamlit/config.toml);
scripts/vendor_assets.sh fills it. Tiles are drawn only when MapSettings allows them.
"""

from typing import Any

import folium
from folium import MacroElement
from folium.template import Template

from clinic_finder.settings import MapSettings

# An absolute path, so it resolves the same from the page and from streamlit-folium's iframe.
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"
STATE_OUTLINES_URL = f"{STATIC_URL}/basemap/us-states.geojson"

# Leaflet alone: the features the app uses (GeoJson with CircleMarker points and GeoJsonTooltip,
# Circle, CircleMarker, Tooltip) need nothing else. folium.Map's own list also pulls jQuery,
# Bootstrap and Font Awesome, which only Popup and Icon use.
LEAFLET_JS = [("leaflet", f"{VENDOR_URL}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{VENDOR_URL}/leaflet/leaflet.css")]
# Leaflet.markercluster's look for grouped pins (clinic_finder/show/point_clusters.py); its
# script is not used.
CLUSTER_CSS = [
    ("markerclustercss", f"{VENDOR_URL}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{VENDOR_URL}/leaflet.markercluster/MarkerCluster.Default.css"),
]

MAX_ZOOM = 18  # street level; OpenStreetMap's standard tiles go to 19


class StateOutlines(MacroElement):
    """US state and territory outlines, fetched from the static server and drawn under all else.

    folium.GeoJson given a URL loads it with jQuery's $.ajax, and embedding the outlines would add
    a quarter megabyte to every map, so this fetches them itself. The pane sits below the tile pane
    (z-index 200): tiles, when on, cover the outlines, which show again if the tiles fail to load.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map) {
                var pane = map.createPane({{ this.pane|tojson }});
                pane.style.zIndex = 150;
                pane.style.pointerEvents = "none";
                var layer = L.geoJSON(null, {
                    pane: {{ this.pane|tojson }},
                    interactive: false,
                    style: {{ this.style|tojson }}
                }).addTo(map);
                fetch({{ this.url|tojson }})
                    .then(function (response) {
                        if (!response.ok) { throw new Error(response.status); }
                        return response.json();
                    })
                    .then(function (data) { layer.addData(data); })
                    .catch(function (error) {
                        console.warn("state outlines not loaded:", error);
                    });
                return layer;
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str = STATE_OUTLINES_URL, pane: str = "stateOutlines") -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "StateOutlines"
        self.url = url
        self.pane = pane
        self.style = {
            "color": "#8c8c8c",
            "weight": 0.8,
            "fillColor": "#f5f5f3",
            "fillOpacity": 1,
        }


class FrameAccessibility(MacroElement):
    """What the map's own frame lacks for assistive technology, set when its script runs.

    folium's page header forbids zooming (maximum-scale=1, user-scalable=no) and has no landmark
    or heading; every interactive SVG point would also be an unnamed Tab stop (885 at 90210).
    The points stay clickable with a mouse or a finger; by keyboard the list beside the map
    holds the same facilities, named, with their call buttons.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
                    meta.setAttribute("content", "width=device-width, initial-scale=1");
                });
                var container = map.getContainer();
                container.setAttribute("role", "region");
                container.setAttribute("aria-label", {{ this.title|tojson }});
                var root = document.getElementById("root") || document.body;
                if (!document.querySelector("h1")) {
                    root.setAttribute("role", "main");
                    root.setAttribute("aria-label", {{ this.title|tojson }});
                    var heading = document.createElement("h1");
                    heading.textContent = {{ this.title|tojson }};
                    heading.style.cssText =
                        "position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden";
                    root.insertBefore(heading, root.firstChild);
                }
                var quiet = function () {
                    container.querySelectorAll(".leaflet-interactive").forEach(function (el) {
                        el.setAttribute("tabindex", "-1");
                        el.setAttribute("focusable", "false");
                        el.setAttribute("aria-hidden", "true");
                    });
                };
                map.on("layeradd zoomend moveend", quiet);
                quiet();
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "FrameAccessibility"
        self.title = title


def new_map(
    center: tuple[float, float],
    zoom: int,
    settings: MapSettings | None = None,
    title: str = "Map of facilities",
    **map_options: Any,
) -> folium.Map:
    """A folium.Map on vendored Leaflet with the state outlines, and tiles if settings allow
    (by default none: the offline outlines only)."""
    settings = settings if settings is not None else MapSettings()
    max_zoom = map_options.pop("max_zoom", MAX_ZOOM)
    # The wheel scrolls the page, not the map (a map in a scrolling page must not trap it);
    # the zoom buttons, a pinch and double-click still zoom.
    map_options.setdefault("scroll_wheel_zoom", False)
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, **map_options)
    # folium hands max_zoom to the tile layer only; with no tiles Leaflet's map has none, and
    # the overview's groups are zoomed no further than it.
    m.options["max_zoom"] = max_zoom
    # Instance attributes shadow folium's class-level CDN lists for this map only; folium's
    # renderer and streamlit-folium's frontend both read them from the instance.
    m.default_js = list(LEAFLET_JS)
    m.default_css = list(LEAFLET_CSS)
    StateOutlines().add_to(m)
    FrameAccessibility(title).add_to(m)
    if settings.tiles:
        tiles = folium.TileLayer(
            settings.tiles, attr=settings.attribution, name="tiles", max_zoom=max_zoom
        )
        tiles.add_to(m)
    return m
