"""The one search: facilities within a radius of a point that offer the chosen services.

Filters are groups: any code within a group may match, and every group must match.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

EARTH_RADIUS_MI = 3958.7613
MAX_RADIUS_MI = 12_500.0  # about half the Earth's circumference: everywhere


@dataclass(frozen=True)
class Query:
    lat: float
    lon: float
    radius_mi: float = 25.0
    filters: tuple[frozenset[str], ...] = ()
    limit: int | None = None

    @classmethod
    def all_of(cls, lat: float, lon: float, radius_mi: float, codes: Iterable[str] = ()):
        """A query for facilities offering every one of `codes` (the CLI's repeated --service)."""
        return cls(lat, lon, radius_mi, tuple(frozenset([c.upper()]) for c in codes))


class ClinicIndex:
    """The table with what every search needs precomputed: radians and one mask per service code."""

    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        self._lat = np.radians(self.table["lat"].to_numpy(dtype=float))
        self._lon = np.radians(self.table["lon"].to_numpy(dtype=float))
        self._cos_lat = np.cos(self._lat)
        codes = self.table["services"].explode().dropna()
        self._masks: dict[str, np.ndarray] = {}
        for code, rows in codes.groupby(codes).groups.items():
            mask = np.zeros(len(self.table), dtype=bool)
            mask[np.asarray(rows, dtype=int)] = True
            self._masks[code] = mask

    def __len__(self) -> int:
        return len(self.table)

    def codes(self) -> set[str]:
        return set(self._masks)

    def offering(self, filters: Sequence[frozenset[str]]) -> np.ndarray:
        """Rows matching every filter group (any code within a group)."""
        keep = np.ones(len(self.table), dtype=bool)
        empty = np.zeros(len(self.table), dtype=bool)
        for group in filters:
            if group:
                keep &= np.logical_or.reduce([self._masks.get(c, empty) for c in group])
        return keep

    def distances_mi(self, lat: float, lon: float) -> np.ndarray:
        """Great-circle (haversine) distance from the point to every row."""
        lat0, lon0 = np.radians(lat), np.radians(lon)
        a = (
            np.sin((self._lat - lat0) / 2) ** 2
            + np.cos(lat0) * self._cos_lat * np.sin((self._lon - lon0) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def search(index: ClinicIndex, query: Query) -> pd.DataFrame:
    """Matching facilities within the radius, nearest first (ties by name, then id)."""
    distance = index.distances_mi(query.lat, query.lon)
    keep = index.offering(query.filters) & (distance <= query.radius_mi)
    found = index.table[keep].assign(distance_mi=distance[keep])
    found = found.sort_values(["distance_mi", "name", "id"], kind="stable")
    return found.head(query.limit) if query.limit is not None else found


def nearest(index: ClinicIndex, query: Query, count: int = 5) -> pd.DataFrame:
    """The `count` nearest matching facilities at any distance (for 'nothing within the radius')."""
    anywhere = Query(query.lat, query.lon, MAX_RADIUS_MI, query.filters, count)
    return search(index, anywhere)
