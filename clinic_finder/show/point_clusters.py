"""The national overview's grouped pins, clustered by supercluster for the view shown.

Leaflet.markercluster made a marker for each of the 20,000 facilities before it drew its first
group: 0.62 s of the browser's main thread in the map's frame, on every first visit (issue 26).
supercluster indexes the same points once and hands Leaflet only the groups and lone points in
view, redrawn when the map moves. The groups look as markercluster drew them (its own CSS), count
every facility in them, and a click zooms in until they part. Points that share a spot (a ZIP or
city centre) stay one group with their count, at every zoom.
"""

import json
from itertools import chain

import pandas as pd
from folium import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from clinic_finder.show.basemap import CLUSTER_CSS, MAX_ZOOM, VENDOR_URL
from clinic_finder.show.map_stacks import APPROXIMATE
from clinic_finder.table.stacks import DECIMALS

SUPERCLUSTER_JS = [("supercluster", f"{VENDOR_URL}/supercluster/supercluster.min.js")]
RADIUS_PX = 60  # how near, in screen pixels, points are grouped (markercluster's default: 80)


def flat_points(table: pd.DataFrame) -> list[float | int]:
    """lat, lon, 1 if approximate else 0, for each facility in turn: one flat list, the
    smallest JSON for the map's frame (a list per facility added a fifth)."""
    lats = table["lat"].round(DECIMALS).tolist()
    lons = table["lon"].round(DECIMALS).tolist()
    approximate = table["precision"].isin(APPROXIMATE).astype(int).tolist()
    return list(chain.from_iterable(zip(lats, lons, approximate, strict=True)))


class PointClusters(JSCSSMixin, MacroElement):
    """Every point of `table`, grouped for the zoom shown; add it to a folium.Map."""

    default_js = SUPERCLUSTER_JS
    default_css = CLUSTER_CSS
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map) {
                var rows = {{ this.rows_json }};
                var points = [];
                for (var i = 0; i < rows.length; i += 3) {
                    points.push({type: "Feature", properties: {approximate: rows[i + 2] === 1},
                                 geometry: {type: "Point", coordinates: [rows[i + 1], rows[i]]}});
                }
                // extent 256: radius in Leaflet's pixels (supercluster's tiles are 512 wide).
                var index = new Supercluster({
                    radius: {{ this.radius }}, extent: 256, maxZoom: {{ this.max_zoom }}
                }).load(points);
                var layer = L.layerGroup().addTo(map);
                function group(count) {
                    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
                    return L.divIcon({
                        html: "<div><span>" + count + "</span></div>",
                        className: "marker-cluster marker-cluster-" + size,
                        iconSize: L.point(40, 40)
                    });
                }
                function point(latlng, approximate) {
                    // Approximate points (a ZIP, city or state centre): hollow and dashed.
                    return L.circleMarker(latlng, {
                        radius: 5, color: approximate ? "{{ this.colour }}" : "#fff",
                        weight: approximate ? 1.5 : 1, dashArray: approximate ? "2 2" : null,
                        fillColor: "{{ this.colour }}", fillOpacity: approximate ? 0.15 : 0.9
                    });
                }
                function draw() {
                    // Half a view more each side: a short pan finds its groups drawn.
                    var view = map.getBounds().pad(0.5);
                    var shown = index.getClusters(
                        [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()],
                        Math.round(map.getZoom()));
                    layer.clearLayers();
                    shown.forEach(function (feature) {
                        var at = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
                        var found = feature.properties;
                        if (!found.cluster) {
                            layer.addLayer(point(at, found.approximate));
                            return;
                        }
                        var marker = L.marker(at, {icon: group(found.point_count)});
                        marker.on("click", function () {
                            var zoom = index.getClusterExpansionZoom(found.cluster_id);
                            map.setView(at, Math.min(zoom, map.getMaxZoom()));
                        });
                        layer.addLayer(marker);
                    });
                }
                map.on("moveend resize", draw);
                draw();
                return layer;
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, table: pd.DataFrame, colour: str, max_zoom: int = MAX_ZOOM) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "PointClusters"
        # Numbers only, so the JSON is safe inside the frame's script as it is.
        self.rows_json = json.dumps(flat_points(table), separators=(",", ":"))
        self.radius = RADIUS_PX
        self.max_zoom = max_zoom
        self.colour = colour
