"""Placing addresses and typed places on the map, offline by default. May import text and below."""

from clinic_finder.geocode.types import (
    PRECISION_WORDS,
    GeocodeResult,
    LocationNotFound,
    Precision,
)

__all__ = ["PRECISION_WORDS", "GeocodeResult", "LocationNotFound", "Precision"]
