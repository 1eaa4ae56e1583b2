"""Placing facilities and typed locations on the map, offline by default."""

from clinic_finder.geocode.types import (
    PRECISION_WORDS,
    GeocodeResult,
    LocationNotFound,
    Precision,
)

__all__ = ["PRECISION_WORDS", "GeocodeResult", "LocationNotFound", "Precision"]
