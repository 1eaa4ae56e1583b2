"""Maps from clinic_finder.show.basemap load everything from the local static server."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import folium
import pandas as pd
import pytest
import streamlit_folium
from folium.plugins import MarkerCluster

from clinic_finder import paths
from clinic_finder.settings import MapSettings
from clinic_finder.show.basemap import (
    STATE_OUTLINES_URL,
    STATIC_URL,
    new_map,
)
from clinic_finder.show.point_clusters import PointClusters

STATIC_DIR = paths.PROJECT_DIR / "static"
OFFLINE = MapSettings()
OSM = MapSettings.from_env({"CLINIC_FINDER_TILES": "osm"})
URL = re.compile(r"https?://[^\s\"'<>()\\]+")
POINTS = [(40.76, -111.89), (30.27, -97.74), (18.47, -66.11)]


class _Assets(HTMLParser):
    """Collects <script src> and <link href> values and the text inside <script> and <link>."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.tag_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            if attrs.get("src"):
                self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
            self.tag_text.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.tag_text.append(data)


def assets(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


def clinics_geojson() -> dict:
    features = [
        {
            "type": "Feature",
            "properties": {"name": f"Clinic {i}"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for i, (lat, lon) in enumerate(POINTS)
    ]
    return {"type": "FeatureCollection", "features": features}


def synthetic_points() -> pd.DataFrame:
    precision = ["address", "zip", "city"]
    return pd.DataFrame(
        {"lat": [p[0] for p in POINTS], "lon": [p[1] for p in POINTS], "precision": precision}
    )


def app_like_map(settings: MapSettings) -> folium.Map:
    """The map features the app uses, built the way the app builds them."""
    m = new_map((39.8, -98.6), 4, settings)
    folium.GeoJson(
        clinics_geojson(),
        marker=folium.CircleMarker(radius=5, fill=True),
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
    ).add_to(m)
    folium.Circle(POINTS[0], radius=40_000, tooltip="Search radius").add_to(m)
    folium.CircleMarker(POINTS[0], radius=6, tooltip=folium.Tooltip("You typed 84101")).add_to(m)
    PointClusters(synthetic_points(), "#1f5fa8").add_to(m)
    return m


def local_file(url: str):
    assert url.startswith(STATIC_URL + "/"), url
    return STATIC_DIR / url.removeprefix(STATIC_URL + "/")


def test_default_map_html_names_no_external_url_at_all():
    html = app_like_map(OFFLINE).get_root().render()
    found = assets(html)
    assert found.urls, "the parser found no asset links: the test would pass vacuously"
    assert [url for url in found.urls if not url.startswith(STATIC_URL + "/")] == []
    assert [url for text in found.tag_text for url in URL.findall(text)] == []
    assert URL.findall(html) == []


def test_the_check_catches_folium_defaults():
    """Control: a plain folium map with a plain cluster is full of CDN links."""
    m = folium.Map((39.8, -98.6), zoom_start=4, tiles=None)
    MarkerCluster().add_to(m)
    urls = assets(m.get_root().render()).urls
    assert any("cdn.jsdelivr.net/npm/leaflet" in url for url in urls)
    assert any("leaflet.markercluster" in url and url.startswith("https://") for url in urls)


def test_every_local_asset_the_map_names_exists_under_static():
    html = app_like_map(OFFLINE).get_root().render()
    urls = [*assets(html).urls, STATE_OUTLINES_URL]
    assert {"leaflet.js", "leaflet.css", "supercluster.min.js", "MarkerCluster.css"} <= {
        url.rsplit("/", 1)[1] for url in urls
    }
    assert STATE_OUTLINES_URL in html
    for url in urls:
        assert local_file(url).is_file(), url


def test_images_named_by_vendored_css_exist():
    for css in STATIC_DIR.glob("vendor/**/*.css"):
        base = "/" + css.relative_to(STATIC_DIR).as_posix()
        for ref in re.findall(r"url\(([^)#]+)\)", css.read_text()):
            assert (STATIC_DIR / urljoin(base, ref.strip("'\"")).lstrip("/")).is_file(), ref


def test_streamlit_folium_is_sent_only_local_links(monkeypatch):
    """What st_folium hands its frontend: it loads js_links/css_links itself, in order."""
    sent = {}

    def component(**kwargs):
        sent.update(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    streamlit_folium.st_folium(app_like_map(OFFLINE), returned_objects=[])
    assert sent["js_links"] == [
        f"{STATIC_URL}/vendor/leaflet/leaflet.js",
        f"{STATIC_URL}/vendor/supercluster/supercluster.min.js",
    ]
    assert all(local_file(url).is_file() for url in sent["css_links"])
    for part in ("header", "script", "html"):
        assert URL.findall(sent[part]) == [], part
    assert "createPane" in sent["script"] and STATE_OUTLINES_URL in sent["script"]


def test_outlines_are_fetched_not_embedded():
    """The basemap travels once from the static server, not inside every map's HTML."""
    html = new_map((39.8, -98.6), 4, OFFLINE).get_root().render()
    assert len(html) < 20_000
    assert "Wyoming" not in html


def test_no_tiles_by_default_and_no_plugin_left_unvendored():
    html = app_like_map(OFFLINE).get_root().render()
    assert "L.tileLayer" not in html
    assert "$(" not in html and "$.ajax" not in html  # jQuery
    assert "AwesomeMarkers" not in html  # FastMarkerCluster's default callback
    assert "new Supercluster(" in html


def test_map_has_a_max_zoom_without_tiles():
    """The overview's groups zoom no further than the map's own limit, which no tile layer sets."""
    assert '"maxZoom": 18' in new_map((39.8, -98.6), 4, OFFLINE).get_root().render()
    m = new_map((39.8, -98.6), 4, OSM, max_zoom=12)
    assert m.options["max_zoom"] == 12
    tiles = next(c for c in m._children.values() if isinstance(c, folium.TileLayer))
    assert tiles.options["max_zoom"] == 12


def test_new_map_leaves_folium_classes_alone():
    before = (list(folium.Map.default_js), list(MarkerCluster.default_js))
    app_like_map(OFFLINE)
    assert (folium.Map.default_js, MarkerCluster.default_js) == before
    assert folium.Map.default_js[0][1].startswith("https://")


def test_osm_mode_adds_tiles_above_the_outlines_with_the_credit():
    html = app_like_map(OSM).get_root().render()
    assert '"https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    attribution = json.loads(re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', html).group(1))
    assert attribution.startswith("© ")
    assert 'href="https://www.openstreetmap.org/copyright"' in attribution
    assert "OpenStreetMap contributors" in attribution
    assert html.index("createPane") < html.index("L.tileLayer")
    # Scripts and styles stay local even when tiles come from the internet.
    assert all(url.startswith(STATIC_URL + "/") for url in assets(html).urls)


def test_custom_template_is_used():
    template = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings = MapSettings.from_env(
        {"CLINIC_FINDER_TILES": template, "CLINIC_FINDER_TILES_ATTRIBUTION": "Example"}
    )
    html = new_map((39.8, -98.6), 4, settings).get_root().render()
    assert json.dumps(template) in html and '"attribution": "Example"' in html


def test_new_map_never_reads_the_environment_itself(monkeypatch):
    """Settings are read once at start-up and passed in; without them a map is offline."""
    monkeypatch.setenv("CLINIC_FINDER_TILES", "osm")
    assert "L.tileLayer" not in new_map((0, 0), 3).get_root().render()
    assert "tile.openstreetmap.org" in new_map((0, 0), 3, OSM).get_root().render()


def test_map_options_pass_through():
    m = new_map((39.8, -98.6), 4, OFFLINE, prefer_canvas=True, control_scale=True)
    assert m.options["prefer_canvas"] is True and m.control_scale is True


@pytest.fixture(scope="module")
def outlines() -> dict:
    return json.loads(local_file(STATE_OUTLINES_URL).read_text())


def test_basemap_has_every_state_dc_and_the_territories(outlines):
    names = [feature["properties"]["name"] for feature in outlines["features"]]
    assert outlines["type"] == "FeatureCollection"
    assert len(names) >= 51 and all(names) and len(set(names)) == len(names)
    assert {"Utah", "Alaska", "Hawaii", "District of Columbia", "Puerto Rico", "Guam"} <= set(names)
    assert {f["geometry"]["type"] for f in outlines["features"]} <= {"Polygon", "MultiPolygon"}


def test_basemap_coordinates_are_lon_lat_and_rounded(outlines):
    utah = next(f for f in outlines["features"] if f["properties"]["name"] == "Utah")
    ring = utah["geometry"]["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert -114.1 < min(lons) < max(lons) < -108.9 and 36.9 < min(lats) < max(lats) < 42.1
    assert all(round(x, 3) == x for x in lons + lats)
    assert local_file(STATE_OUTLINES_URL).stat().st_size < 400_000
