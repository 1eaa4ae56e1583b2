"""What a competent peer writes for the same search and the same answer, to measure against.

Two peers, both prepared once per table as a peer would (the work a search repeats is all that
is timed): a vectorised full scan (numpy haversine over every row, services as a boolean
one-hot frame) and scikit-learn's BallTree (haversine metric) for the radius, then the same
one-hot filtering. The answer peer counts every option the way `clinic_finder.search.answer` defines
it, with the same vectorised pieces.
"""

from collections.abc import Collection

import numpy as np
import pandas as pd
from sklearn.neighbors import BallTree  # type: ignore[import-untyped]
from sklearn.preprocessing import MultiLabelBinarizer  # type: ignore[import-untyped]

from clinic_finder.geocode.geometry import EARTH_RADIUS_MI
from clinic_finder.search.filters import LICENCE_FILTER, FilterSet
from clinic_finder.search.index import Query


class VectorisedPeer:
    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        self.lat = np.radians(self.table["lat"].to_numpy(float))
        self.lon = np.radians(self.table["lon"].to_numpy(float))
        binarizer = MultiLabelBinarizer()
        matrix = binarizer.fit_transform(self.table["services"].map(lambda c: list(c or ())))
        self.offers = pd.DataFrame(matrix.astype(bool), columns=binarizer.classes_)
        self.licence = self.table["licence_status"].to_numpy()

    def within(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Row positions inside the radius and their distances: numpy over the whole table."""
        lat0, lon0 = np.radians(query.lat), np.radians(query.lon)
        a = (np.sin((self.lat - lat0) / 2) ** 2
             + np.cos(lat0) * np.cos(self.lat) * np.sin((self.lon - lon0) / 2) ** 2)  # fmt: skip
        miles = 2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        inside = np.flatnonzero(miles <= query.radius_mi)
        return inside, miles[inside]

    def any_of(self, rows: np.ndarray, codes: Collection[str]) -> np.ndarray:
        known = [c for c in codes if c in self.offers.columns]
        if not known:
            return np.zeros(len(rows), dtype=bool)
        return np.asarray(self.offers.iloc[rows][known].to_numpy().any(axis=1))

    def search(self, query: Query) -> pd.DataFrame:
        rows, miles = self.within(query)
        keep = np.ones(len(rows), dtype=bool)
        for group in query.filters:
            keep &= self.any_of(rows, group)
        found = self.table.iloc[rows[keep]].assign(distance_mi=miles[keep])
        return found.sort_values(["distance_mi", "name", "id"], kind="stable")

    def answer(
        self, filters: FilterSet, query: Query, services: Collection[str], licence=()
    ) -> tuple[pd.DataFrame, dict[str, int], dict[str, int]]:
        """Results and every option's count (results with that option also chosen)."""
        rows, _ = self.within(query)
        groups = filters.groups(services)
        chosen = {key: self.any_of(rows, codes) for key, codes in groups.items()}
        status = self.licence[rows]
        licensed = np.isin(status, list(licence)) if licence else np.ones(len(rows), bool)
        every_group = np.logical_and.reduce([np.ones(len(rows), bool), *chosen.values()])
        offers = self.offers.iloc[rows]
        counts: dict[str, int] = {}
        for f in filters:
            others = np.logical_and.reduce(
                [licensed, *[m for k, m in chosen.items() if k != f.key]]
            )
            own = chosen.get(f.key, np.zeros(len(rows), dtype=bool))
            codes = [c for c in f.codes if c in offers.columns]
            extra = offers[others & ~own][codes].sum()
            already = int((others & own).sum())
            counts.update({c: already + int(extra.get(c, 0)) for c in f.codes})
        own = licensed if licence else np.zeros(len(rows), dtype=bool)
        licence_counts: dict[str, int] = {
            s: int((every_group & own).sum() + (every_group & ~own & (status == s)).sum())
            for s in LICENCE_FILTER
        }
        return self.search(query), counts, licence_counts


class BallTreePeer(VectorisedPeer):
    """The same, with the radius answered by a BallTree instead of a scan."""

    def __init__(self, table: pd.DataFrame):
        super().__init__(table)
        self.tree = BallTree(np.column_stack([self.lat, self.lon]), metric="haversine")

    def within(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        point = np.radians([[query.lat, query.lon]])
        rows, radians = self.tree.query_radius(
            point, r=query.radius_mi / EARTH_RADIUS_MI, return_distance=True
        )
        return rows[0], radians[0] * EARTH_RADIUS_MI
