"""The values the geocoders return."""

from dataclasses import dataclass, field
from typing import Any, Literal

from clinic_finder.text.i18n import N_

Precision = Literal["exact", "point", "street", "zip", "city", "state", "none"]

# How each precision is said to a patient, most precise first (message ids: the UI translates).
PRECISION_WORDS: dict[str, str] = {
    "exact": N_("exact: official coordinates"),
    "point": N_("a point: your browser's location, or coordinates typed or shared"),
    "street": N_(
        "street address: the publisher's own point, an OpenStreetMap address point or the "
        "online geocoder"
    ),
    "zip": N_("approximate: ZIP center"),
    "city": N_("approximate: city center"),
    "state": N_("approximate: state center"),
    "none": N_("not placed"),
}


@dataclass(frozen=True)
class GeocodeResult:
    lat: float
    lon: float
    precision: Precision
    label: str
    source: str = ""
    # Smaller places of the same name elsewhere ("Austin, MN" for Austin): offered, not guessed.
    alternatives: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "precision": self.precision,
            "label": self.label,
        }


@dataclass(frozen=True)
class LocationNotFound:
    """A typed location that could not be placed: what to tell the person, and what to try.

    `suggestions` are places (labels the resolver finds), offered as searches; `hint` is advice
    (a message id), only ever said, never searched for.
    """

    message: str
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    hint: str = ""


@dataclass(frozen=True)
class PlaceChoice:
    """A place name that several sizeable places share: ask which one, never guess."""

    name: str
    choices: tuple[str, ...]  # labels such as "Springfield, MO", most populous first
