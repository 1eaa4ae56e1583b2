"""Facilities that share one point drawn as ONE feature with their count; approximate points drawn
hollow and dashed; a small legend. Only Leaflet is needed (no plugin, no CDN).

A feature's properties: `id` (the nearest facility: what a click selects), `ids` (every facility
at the point, nearest first), `count`, `approximate` and `label` (escaped HTML listing them).
"""

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd
from folium import MacroElement
from folium.template import Template

from clinic_finder.show import listing
from clinic_finder.table.records import rows_of
from clinic_finder.table.stacks import DECIMALS, stack_ids
from clinic_finder.text.i18n import ENGLISH, Translator

APPROXIMATE = frozenset(listing.APPROXIMATE)
COLOUR = "#1f5fa8"
# A stack's tooltip names this many facilities, then says how many more (the list has them all).
LISTED_IN_TOOLTIP = 12
STACK_RADIUS = 15  # a stack is drawn larger than a lone point (radius 12), to hold its number


def stacked_geojson(found: pd.DataFrame, t: Translator = ENGLISH) -> dict[str, Any]:
    """The results as one feature per drawn point, in the order of `found` (nearest first)."""
    features: list[dict[str, Any]] = []
    by_stack: dict[int, dict[str, Any]] = {}
    rows = rows_of(found)
    for row, stack in zip(rows, stack_ids(found), strict=True):
        feature = by_stack.get(int(stack))
        if feature is None:
            feature = by_stack[int(stack)] = _feature(row)
            features.append(feature)
        feature["rows"].append(row)
    for feature in features:
        rows_here = feature.pop("rows")
        feature["properties"].update(
            ids=[r["id"] for r in rows_here],
            count=len(rows_here),
            label=_label(rows_here, feature["properties"]["approximate"], t),
        )
    return {"type": "FeatureCollection", "features": features}


def _feature(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(row["lon"], DECIMALS), round(row["lat"], DECIMALS)],
        },
        "properties": {"id": row["id"], "approximate": row["precision"] in APPROXIMATE},
        "rows": [],
    }


def _label(rows: list[dict[str, Any]], approximate: bool, t: Translator = ENGLISH) -> str:
    e = html.escape
    if len(rows) == 1:
        row = rows[0]
        return e(f"{row['name']} · {listing.distance(row, t)} · {listing.address(row, t)}")
    if approximate:
        heading = t.ngettext(
            "{count} facility at approximate point (area center)",
            "{count} facilities at approximate point (area center)",
            len(rows),
        )
    else:
        heading = t.ngettext(
            "{count} facility at this address", "{count} facilities at this address", len(rows)
        )
    lines = [f"<strong>{e(heading.format(count=len(rows)))}</strong>"]
    lines += [
        e(f"{r['name']} · {listing.distance(r, t)} · {listing.address(r, t)}")
        for r in rows[:LISTED_IN_TOOLTIP]
    ]
    if len(rows) > LISTED_IN_TOOLTIP:
        left = len(rows) - LISTED_IN_TOOLTIP
        more = t.ngettext("… and {count} more in the list", "… and {count} more in the list", left)
        lines.append(e(more.format(count=left)))
    return "<br>".join(lines)


def point_style(feature: dict[str, Any]) -> dict[str, Any]:
    """Filled for street and exact points, hollow and dashed for area centres; stacks larger."""
    props = feature["properties"]
    style = (
        {"color": COLOUR, "weight": 2, "dashArray": "3 3", "fillOpacity": 0.15}
        if props["approximate"]
        else {"color": "#fff", "weight": 1, "dashArray": None, "fillOpacity": 0.9}
    )
    if props.get("count", 1) > 1:
        style["radius"] = STACK_RADIUS
    return style


class StackCounts(MacroElement):
    """The number of facilities drawn on each stack: labels that are not clickable and not Tab
    stops (the stack's own circle under them takes the click and the keyboard)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                .stack-count { color: #fff; background: #1f5fa8; border: 2px solid #fff;
                               border-radius: 50%; box-sizing: border-box;
                               font: bold 11px/18px sans-serif; text-align: center; }
                .stack-count.approximate { color: #0b2f57; background: #fff;
                                           border: 2px dashed #1f5fa8; }
            </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            (function (map) {
                var pane = map.createPane("stackCounts");
                pane.style.zIndex = 450;
                pane.style.pointerEvents = "none";
                {{ this.rows|tojson }}.forEach(function (r) {
                    L.marker([r[0], r[1]], {
                        pane: "stackCounts", interactive: false, keyboard: false,
                        icon: L.divIcon({
                            className: "stack-count" + (r[3] ? " approximate" : ""),
                            html: String(r[2]), iconSize: [22, 22]
                        })
                    }).addTo(map);
                });
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, stacked: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "StackCounts"
        # [lat, lon, count, approximate]: numbers and booleans only, nothing from the data's text.
        self.rows = [
            [
                *reversed(f["geometry"]["coordinates"]),
                int(f["properties"]["count"]),
                bool(f["properties"]["approximate"]),
            ]
            for f in stacked["features"]
            if f["properties"]["count"] > 1
        ]


class Legend(MacroElement):
    """A small key in the map's corner: filled = at the address, hollow = area centre."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                // Top right: bottom left would hide points at the edge of a small radius.
                var legend = L.control({position: "topright"});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "map-legend");
                    div.setAttribute("role", "note");
                    // Never over the zoom buttons (top left): on a phone a long line wraps.
                    div.style.cssText = "background:#fff;padding:4px 6px;font:12px sans-serif;"
                        + "border-radius:4px;box-shadow:0 0 3px rgba(0,0,0,.4);line-height:18px;"
                        + "max-width:calc(100vw - 60px);box-sizing:border-box";
                    div.innerHTML = {{ this.html|tojson }};
                    return div;
                };
                legend.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, t: Translator = ENGLISH, grouped: bool = False) -> None:
        """`grouped`: the overview, whose groups gather nearby facilities and zoom in when
        pressed; otherwise the results map, whose count marks facilities at one point."""
        super().__init__()  # type: ignore[no-untyped-call]  # branca
        self._name = "Legend"
        count = (
            t.gettext("{count} = facilities grouped here (click to zoom in)")
            if grouped
            else t.gettext("{count} = facilities at one point (click to list)")
        )
        dot = (
            '<svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" '
            'stroke="{stroke}" stroke-width="1.5" fill="' + COLOUR + '" fill-opacity="{fill}"'
            ' stroke-dasharray="{dash}"/></svg> '
        )
        self.html = (
            dot.format(stroke="#fff", fill=0.9, dash="none")
            + html.escape(t.gettext("at the street address")) + "<br>"
            + dot.format(stroke=COLOUR, fill=0.15, dash="2 2")
            + html.escape(t.gettext("approximate: ZIP or city center")) + "<br>"
            + html.escape(count).format(count="<b>3</b>")
        )  # fmt: skip


def legend(t: Translator = ENGLISH, grouped: bool = False) -> Legend:
    return Legend(t, grouped)
