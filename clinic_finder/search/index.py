"""The one search: facilities within a radius of a point that offer the chosen services and
hold a chosen licence status. Every face reaches it through answer(); `search()` is the same path
without the counts.

Filters are groups: any code within a group may match, and every group must match.

Fast at a million rows: the index keeps its points sorted by latitude, so a search measures only
the rows inside the latitude band its radius can reach, and reads services as bitsets for that band.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from clinic_finder.geocode.geometry import EARTH_RADIUS_MI, central_angle
from clinic_finder.search.service_bits import ServiceBits

MAX_RADIUS_MI = 12_500.0  # about half the Earth's circumference: everywhere
# Widens the band by ~4 µmi so rounding in radians and haversine can never drop a row at the edge.
_BAND_MARGIN_RAD = 1e-9


@dataclass(frozen=True)
class Query:
    lat: float
    lon: float
    radius_mi: float = 25.0
    filters: tuple[frozenset[str], ...] = ()

    @classmethod
    def all_of(cls, lat: float, lon: float, radius_mi: float, codes: Iterable[str] = ()) -> "Query":
        """A query for facilities offering every one of `codes` (the CLI's repeated --service)."""
        return cls(lat, lon, radius_mi, tuple(frozenset([c.upper()]) for c in codes))


class ClinicIndex:
    """The table with what every search needs precomputed, in latitude order: radians, the
    name-then-id rank that breaks distance ties, and the services as bitsets."""

    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        lat = self.table["lat"].to_numpy(dtype=float)
        # Position k of every array below is table row self._order[k].
        self._order = np.argsort(lat, kind="stable")
        self._lat = np.radians(lat[self._order])
        self._lon = np.radians(self.table["lon"].to_numpy(dtype=float)[self._order])
        self._cos_lat = np.cos(self._lat)
        by_name = self.table.sort_values(["name", "id"], kind="stable").index.to_numpy()
        rank = np.empty(len(self.table), dtype=np.int64)
        rank[by_name] = np.arange(len(self.table))
        self._tie_rank = rank[self._order]
        self._services = ServiceBits(self.table["services"].take(self._order))
        status = self.table.get("licence_status", pd.Series("unknown", index=self.table.index))
        self._licence = status.to_numpy(dtype=object)[self._order]

    def __len__(self) -> int:
        return len(self.table)

    def codes(self) -> set[str]:
        return self._services.codes()

    def offering(self, filters: Sequence[frozenset[str]]) -> np.ndarray:
        """Rows matching every filter group (any code within a group)."""
        keep = self._services.offering(filters, 0, len(self))
        return self._to_table_order(np.ones(len(self), dtype=bool) if keep is None else keep)

    def distances_mi(self, lat: float, lon: float) -> np.ndarray:
        """Great-circle (haversine) distance from the point to every row."""
        return self._to_table_order(_haversine_mi(lat, lon, self._lat, self._lon, self._cos_lat))

    def around(self, lat: float, lon: float, radius_mi: float) -> "Area":
        """Every row within the radius, whatever it offers: what a search and its counts share."""
        band = self._band(lat, radius_mi)
        distance = _haversine_mi(lat, lon, self._lat[band], self._lon[band], self._cos_lat[band])
        inside = np.flatnonzero(distance <= radius_mi)
        return Area(self, band.start + inside, distance[inside])

    def everywhere(self) -> "Area":
        """Every row, with no distance: the national overview before a place is typed."""
        return Area(self, np.arange(len(self)), np.full(len(self), np.nan))

    def rows(self, area: "Area", keep: np.ndarray) -> pd.DataFrame:
        """The kept rows of an area as table rows, nearest first (ties by name, then id)."""
        positions, distance = area.positions[keep], area.distance[keep]
        order = np.lexsort((self._tie_rank[positions], distance))
        return self.table.take(self._order[positions[order]]).assign(distance_mi=distance[order])

    def columns(self, codes: Iterable[str]) -> list[int]:
        return self._services.columns(codes)

    def _band(self, lat: float, radius_mi: float) -> slice:
        """Sorted positions a point within the radius can occupy: a great-circle distance is never
        less than the latitude difference, so |Δlat| ≤ radius / Earth radius (poles included)."""
        if radius_mi >= MAX_RADIUS_MI:
            return slice(0, len(self))
        reach = radius_mi / EARTH_RADIUS_MI + _BAND_MARGIN_RAD
        lat0 = np.radians(lat)
        start = int(np.searchsorted(self._lat, lat0 - reach, side="left"))
        stop = int(np.searchsorted(self._lat, lat0 + reach, side="right"))
        return slice(start, max(start, stop))

    def _to_table_order(self, values: np.ndarray) -> np.ndarray:
        out = np.empty_like(values)
        out[self._order] = values
        return out


@dataclass(frozen=True)
class Area:
    """The rows a search looks at (positions in the index's order) and their distances; for
    counting, which distinct list of services each offers (`service_set` indexes the lines of
    `offers`, one column per code), and each row's licence status."""

    index: ClinicIndex
    positions: np.ndarray
    distance: np.ndarray

    @cached_property
    def _distinct(self) -> tuple[np.ndarray, np.ndarray]:
        services = self.index._services
        sets, row_of = np.unique(services.row_set[self.positions], return_inverse=True)
        return row_of, services.has[sets]

    @property
    def service_set(self) -> np.ndarray:
        return self._distinct[0]

    @property
    def offers(self) -> np.ndarray:
        return self._distinct[1]

    @cached_property
    def licence(self) -> np.ndarray:
        licence: np.ndarray = self.index._licence[self.positions]
        return licence

    def licensed(self, statuses: Collection[str]) -> np.ndarray:
        """Rows holding one of the licence statuses (none chosen: every row)."""
        if not statuses:
            return np.ones(len(self.positions), dtype=bool)
        return np.isin(self.licence, list(statuses))

    def offering_all(self, filters: Sequence[frozenset[str]]) -> np.ndarray:
        """Rows matching every filter group (any code within a group), read from the bitsets
        of the span the area covers: no distinct lists needed."""
        if not len(self.positions):
            return np.zeros(0, dtype=bool)
        start, stop = int(self.positions.min()), int(self.positions.max()) + 1
        keep = self.index._services.offering(filters, start, stop)
        if keep is None:
            return np.ones(len(self.positions), dtype=bool)
        rows: np.ndarray = keep[self.positions - start]
        return rows

    def offering_any(self, codes: Iterable[str]) -> np.ndarray:
        """Rows offering at least one of the codes (no codes: none)."""
        columns = self.index.columns(codes)
        rows: np.ndarray = np.asarray(self.offers[:, columns].any(axis=1))[self.service_set]
        return rows

    def code_counts(self, keep: np.ndarray, codes: Collection[str]) -> np.ndarray:
        """For each code, how many kept rows offer it (through the distinct lists: cheap)."""
        weights = np.bincount(self.service_set[keep], minlength=len(self.offers))
        placed = [
            (i, column) for i, code in enumerate(codes) for column in self.index.columns([code])
        ]
        counts = np.zeros(len(codes), dtype=np.int64)
        if placed:
            at, columns = zip(*placed, strict=True)
            # A float product runs on BLAS; every count is far below 2**53, so it stays exact.
            totals = weights.astype(float) @ self.offers[:, list(columns)].astype(float)
            counts[list(at)] = np.rint(totals).astype(np.int64)
        return counts


def _haversine_mi(
    lat: float, lon: float, lat_rad: np.ndarray, lon_rad: np.ndarray, cos_lat: np.ndarray
) -> np.ndarray:
    angle = central_angle(np.radians(lat), np.radians(lon), lat_rad, lon_rad, cos_lat)
    distance: np.ndarray = EARTH_RADIUS_MI * angle
    return distance


def search(index: ClinicIndex, query: Query, licence: Collection[str] = ()) -> pd.DataFrame:
    """Matching facilities within the radius holding one of the licence statuses (none chosen:
    any), nearest first (ties by name, then id): answer()'s own path, without the counts."""
    area = index.around(query.lat, query.lon, query.radius_mi)
    return index.rows(area, area.offering_all(query.filters) & area.licensed(licence))
