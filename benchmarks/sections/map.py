"""The maps: build time and what st_folium sends its frontend, vs one folium.Marker per facility.

Payload is what `st_folium` hands its frontend component (the map's script, html and header),
caught by replacing `streamlit_folium._component_func` as tests/test_basemap.py does. Build is
the work of one rerun: making the
folium map and st_folium's own rendering of it, which is most of the time. The naive map is a
`folium.Map` with one `folium.Marker(popup=folium.Popup(name))` per facility, through the same
st_folium; for the overview it is built over a random sample of facilities and scaled to all.
"""

import time
from unittest import mock

import folium
import numpy as np
import streamlit_folium
import zipcodes

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from clinic_finder.search.index import ClinicIndex, Query, search
from clinic_finder.show import map_view
from clinic_finder.table.load import load_clinics

SECTION = "map"
BUILD_TARGET_S = 0.2
PAYLOAD_TARGET_MB = 1.0
RADIUS_MI = 25
# Dense and sparse places; each search is the app's own, with no filters.
SEARCH_ZIPS = ("10001", "90012", "60601", "84101", "59101", "82001")
SEED = 20261122
MB = 1e6


def measure(scale: Scale) -> list[Row]:
    table = load_clinics()
    index = ClinicIndex(table)
    rows = _overview(table, scale)
    return rows + _searches(index, scale)


def _overview(table, scale: Scale) -> list[Row]:
    # The first map a process builds also compiles folium's templates: the app's first page
    # pays this once, every later rerun does not.
    first = _sent(lambda: map_view.overview_map(table))[0]
    _sent(lambda: _naive_map(table.head(10)))
    ours = [_sent(lambda: map_view.overview_map(table)) for _ in range(scale.map_runs)]
    sample = table.sample(min(scale.naive_markers, len(table)), random_state=SEED)
    naive = [_sent(lambda: _naive_map(sample)) for _ in range(scale.naive_map_runs)]
    empty = _sent(lambda: _naive_map(sample.head(0)))[1]
    grow = len(table) / len(sample)  # the naive map's time and bytes grow with its markers
    naive_s = [s * grow for s, _ in naive]
    naive_mb = [(empty + (b - empty) * grow) / MB for _, b in naive]
    label = f"national overview, {len(table):,} facilities"
    return [
        row(SECTION, f"first build in this process, {label}", [first], "s"),
        *_compare(label, ours, naive_s, naive_mb, f"scaled from {len(sample):,} markers", True),
    ]


def _searches(index: ClinicIndex, scale: Scale) -> list[Row]:
    centroids = {z["zip_code"]: (float(z["lat"]), float(z["long"])) for z in zipcodes.list_all()}
    searches = []
    for code in SEARCH_ZIPS:
        point = centroids[code]
        searches.append((code, point, search(index, Query.all_of(*point, RADIUS_MI))))
    ours, naive = [], []
    for _ in range(scale.map_runs):
        for code, point, found in searches:
            ours.append(
                _sent(lambda f=found, p=point, c=code: map_view.results_map(f, p, RADIUS_MI, c))
            )
    for _ in range(scale.naive_map_runs):
        naive += [_sent(lambda f=found: _naive_map(f)) for _, _, found in searches]
    counts = sorted(len(found) for _, _, found in searches)
    label = f"{RADIUS_MI}-mile search, {len(searches)} ZIPs ({counts[0]:,}–{counts[-1]:,} results)"
    return _compare(label, ours, [s for s, _ in naive], [b / MB for _, b in naive], "")


def _compare(label, ours, naive_s, naive_mb, how: str, targets: bool = False) -> list[Row]:
    build_s, payload_mb = [s for s, _ in ours], [b / MB for _, b in ours]
    build_limit, payload_limit = (BUILD_TARGET_S, PAYLOAD_TARGET_MB) if targets else (None, None)
    naive = f"naive (a Marker + Popup each), {label}" + (f" ({how})" if how else "")
    return [
        row(SECTION, f"build, {label}", build_s, "s", build_limit, float(np.median(naive_s))),
        row(
            SECTION,
            f"payload, {label}",
            payload_mb,
            "MB",
            payload_limit,
            float(np.median(naive_mb)),
            "smaller",
        ),
        row(SECTION, f"build, {naive}", naive_s, "s"),
        row(SECTION, f"payload, {naive}", naive_mb, "MB"),
    ]


def _sent(make) -> tuple[float, int]:
    """Seconds to make the map and hand it to st_folium; bytes of what st_folium sends."""
    sent = {}

    def component(**kwargs):
        sent.update(kwargs)
        return kwargs["default"]

    with mock.patch.object(streamlit_folium, "_component_func", component):
        start = time.perf_counter()
        streamlit_folium.st_folium(make(), returned_objects=[])
        elapsed = time.perf_counter() - start
    return elapsed, sum(len(sent[part].encode()) for part in ("script", "html", "header"))


def _naive_map(found) -> folium.Map:
    fmap = folium.Map(location=map_view.US_CENTRE, zoom_start=4)
    for lat, lon, name in zip(found["lat"], found["lon"], found["name"], strict=True):
        folium.Marker((lat, lon), popup=folium.Popup(name)).add_to(fmap)
    return fmap
