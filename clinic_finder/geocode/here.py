"""A person's own position, as their browser reported it: used for one search, kept in memory only.

It never reaches the disk or the logs, and the shared link carries it only when the person asks,
rounded to 3 decimals (about 100 m). Coordinates typed or linked as "lat,lon" are read here too.
"""

import math
import re
from dataclasses import dataclass

from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.text.i18n import ENGLISH, N_, Translator

SHARED_DECIMALS = 3  # ~110 m of latitude: enough to search from, too coarse to find a door
METRES_PER_FOOT, FEET_PER_MILE = 0.3048, 5280
# What the browser's geolocation error codes mean to a person (1, 2, 3 in the W3C API).
FAILURES = {
    "denied": N_(
        "Your browser did not share its location. Type a ZIP code, city or address instead."
    ),
    "unavailable": N_(
        "Your browser could not find its location just now. Type a ZIP code, city or address "
        "instead."
    ),
    "timeout": N_("Finding your location took too long. Type a ZIP code, city or address instead."),
}
# Both with decimals: "1,2" is more likely a slip than a place in the Gulf of Guinea.
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}\.\d{1,8})\s*,\s*(-?\d{1,3}\.\d{1,8})\s*$")


@dataclass(frozen=True)
class Here:
    lat: float
    lon: float
    accuracy_m: float

    def label(self, t: Translator = ENGLISH) -> str:
        """'your location (about ±100 ft)': how sure the browser is, never the coordinates; in
        feet, or in miles from 1,000 ft (a computer placed by its network: miles off), as the
        radius and the distances are."""
        feet = self.accuracy_m / METRES_PER_FOOT
        if feet < 995:  # rounds below 1,000: no thousands separator to write per language
            shown = f"{max(10, round(feet / 10) * 10)}"
            return t.gettext("your location (about ±{feet} ft)").format(feet=shown)
        miles = feet / FEET_PER_MILE
        shown = f"{miles:.1f}" if miles < 9.95 else f"{round(miles):,}"
        return t.gettext("your location (about ±{miles} mi)").format(miles=shown)

    def as_place(self, t: Translator = ENGLISH) -> GeocodeResult:
        """The position as a search's place, labelled in the translator's language."""
        return GeocodeResult(self.lat, self.lon, "point", self.label(t), "browser")

    def shared(self) -> str:
        """The link's `near` when the person chose to share their place: 'lat,lon', rounded."""
        return f"{self.lat:.{SHARED_DECIMALS}f},{self.lon:.{SHARED_DECIMALS}f}"


def from_browser(payload: object) -> Here | str:
    """The position the location button sent, or the one-line notice to show instead."""
    if not isinstance(payload, dict):
        return FAILURES["unavailable"]
    if "error" in payload:
        return FAILURES.get(str(payload["error"]), FAILURES["unavailable"])
    try:
        lat, lon = float(payload["lat"]), float(payload["lon"])
        accuracy = float(payload.get("accuracy") or math.nan)
    except (KeyError, TypeError, ValueError):
        return FAILURES["unavailable"]
    if not _on_earth(lat, lon) or not (math.isfinite(accuracy) and accuracy >= 0):
        return FAILURES["unavailable"]
    return Here(lat, lon, accuracy)


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """'40.761,-111.891' (a shared place, or typed) → (lat, lon); None when it is not that."""
    match = _COORDINATES.match(text or "")
    if not match:
        return None
    lat, lon = float(match[1]), float(match[2])
    return (lat, lon) if _on_earth(lat, lon) else None


def _on_earth(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
