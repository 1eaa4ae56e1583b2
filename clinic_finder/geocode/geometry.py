"""Great-circle distance: the one haversine the search, the geocoder and the build share."""

import numpy as np
from numpy.typing import ArrayLike

EARTH_RADIUS_KM = 6371.0088
EARTH_RADIUS_MI = 3958.7613


def central_angle(
    lat1_rad: ArrayLike,
    lon1_rad: ArrayLike,
    lat2_rad: ArrayLike,
    lon2_rad: ArrayLike,
    cos_lat2: ArrayLike | None = None,
) -> np.ndarray:
    """The angle in radians between points given in radians (haversine); `cos_lat2` may come
    precomputed, as the search index keeps it for every row."""
    y1, x1, y2, x2 = (np.asarray(v, float) for v in (lat1_rad, lon1_rad, lat2_rad, lon2_rad))
    cos_y2 = np.cos(y2) if cos_lat2 is None else np.asarray(cos_lat2, float)
    h = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * cos_y2 * np.sin((x2 - x1) / 2) ** 2
    angle: np.ndarray = 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return angle


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> np.ndarray:
    """Kilometres between points given in degrees."""
    radians = (np.radians(np.asarray(v, float)) for v in (lat1, lon1, lat2, lon2))
    distance: np.ndarray = EARTH_RADIUS_KM * central_angle(*radians)
    return distance
