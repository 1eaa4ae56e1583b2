"""Folium maps that load nothing from the internet: vendored Leaflet and a state-outline basemap.

Streamlit serves `static/` at /app/static/ (server.enableStaticServing in .streamlit/config.toml);
scripts/vendor_assets.sh fills it. Tiles are drawn only when MapSettings allows them.
"""

from typing import TypeVar

import folium
from folium.elements import MacroElement
from folium.plugins import MarkerCluster
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
# Same names as folium's MarkerCluster uses, so a second cluster on the page replaces, not adds.
CLUSTER_JS = [("markerclusterjs", f"{VENDOR_URL}/leaflet.markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", f"{VENDOR_URL}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{VENDOR_URL}/leaflet.markercluster/MarkerCluster.Default.css"),
]

Cluster = TypeVar("Cluster", bound=MarkerCluster)


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

    def __init__(self, url: str = STATE_OUTLINES_URL, pane: str = "stateOutlines"):
        super().__init__()
        self._name = "StateOutlines"
        self.url = url
        self.pane = pane
        self.style = {
            "color": "#8c8c8c",
            "weight": 0.8,
            "fillColor": "#f5f5f3",
            "fillOpacity": 1,
        }


def new_map(
    center: tuple[float, float],
    zoom: int,
    settings: MapSettings | None = None,
    **map_options,
) -> folium.Map:
    """A folium.Map on vendored Leaflet with the state outlines, and tiles if settings allow."""
    settings = settings if settings is not None else MapSettings.from_env()
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, **map_options)
    # Instance attributes shadow folium's class-level CDN lists for this map only; folium's
    # renderer and streamlit-folium's frontend both read them from the instance.
    m.default_js = list(LEAFLET_JS)
    m.default_css = list(LEAFLET_CSS)
    StateOutlines().add_to(m)
    if settings.tiles:
        folium.TileLayer(settings.tiles, attr=settings.attribution, name="tiles").add_to(m)
    return m


def local_cluster(cluster: Cluster) -> Cluster:
    """Point a MarkerCluster or FastMarkerCluster at the vendored leaflet.markercluster.

    Use: local_cluster(FastMarkerCluster(points)).add_to(m)
    """
    cluster.default_js = list(CLUSTER_JS)
    cluster.default_css = list(CLUSTER_CSS)
    return cluster
