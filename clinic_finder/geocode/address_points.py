"""The resolver's known-address-points layer: normalised street line + ZIP → a street-level point.

Built from a bundled table (today: the OpenStreetMap geocode of SAMHSA addresses), screened
against each ZIP's centroid, so a street matched in another town is not drawn as a street point.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clinic_finder.geocode.addresses import address_key
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.geometry import haversine_km
from clinic_finder.geocode.types import GeocodeResult

# Why 25 km: 99 % of California's official DHCS points lie within 22 km of their ZIP's centroid,
# and so do 99.5 % of these points; beyond that the tail runs on to 100-1,274 km (streets matched
# in another state). A rejected point falls back to the ZIP centre, labelled approximate, so a
# true point lost costs less than a wrong one kept and labelled "street".
ZIP_SCREEN_KM = 25.0


@dataclass
class AddressPoints:
    """Address key → (lat, lon); `source` names where the points come from."""

    points: dict[str, tuple[float, float]]
    source: str
    rejected: list[dict[str, Any]] = field(default_factory=list)
    # `address_key`, or a copy cached for one build (the build keys the same addresses again).
    key_of: Callable[..., str | None] = address_key

    @classmethod
    def screened(
        cls,
        records: Iterable[dict[str, Any]],
        gazetteer: Gazetteer,
        source: str,
        max_km: float = ZIP_SCREEN_KM,
    ) -> "AddressPoints":
        """Points from {key, lat, lon} records, keeping those within max_km of their ZIP centre.

        A point whose ZIP has no centroid cannot be screened and is rejected too.
        """
        records = list(records)
        centres = [gazetteer.zip(r["key"].rsplit("|", 1)[1]) for r in records]
        known = np.array([c is not None for c in centres])
        lat = np.array([r["lat"] for r in records], dtype=float)
        lon = np.array([r["lon"] for r in records], dtype=float)
        c_lat = np.array([c.lat if c else np.nan for c in centres])
        c_lon = np.array([c.lon if c else np.nan for c in centres])
        distance = np.where(known, haversine_km(lat, lon, c_lat, c_lon), np.inf)
        points, rejected = {}, []  # rejected: {address, reason}
        for record, km in zip(records, distance, strict=True):
            if km <= max_km:
                points[record["key"]] = (record["lat"], record["lon"])
            else:
                far = "no ZIP centroid" if np.isinf(km) else f"{km:.0f} km from its ZIP centre"
                rejected.append({"address": record["key"], "reason": far})
        return cls(points, source, rejected)

    def __len__(self) -> int:
        return len(self.points)

    def find(self, street: str, city: str, state: str, zip_code: str) -> GeocodeResult | None:
        key = self.key_of(street, city, state, zip_code)
        point = self.points.get(key) if key else None
        if point is None:
            return None
        return GeocodeResult(point[0], point[1], "street", key or "", self.source)
