"""A patient's search: the one core search, plus the licence-status filter and the fallback."""

from collections.abc import Collection

import numpy as np
import pandas as pd

from clinic_finder.search import MAX_RADIUS_MI, ClinicIndex, Query, search

FALLBACK_COUNT = 5


def licence_mask(index: ClinicIndex, licence: Collection[str]) -> np.ndarray:
    """Rows whose licence status is one of `licence` (all rows when none is chosen)."""
    if not licence:
        return np.ones(len(index), dtype=bool)
    # A copy: pandas' copy-on-write hands out a read-only view, and callers narrow this in place.
    return index.table["licence_status"].isin(list(licence)).to_numpy(copy=True)


def find(index: ClinicIndex, query: Query, licence: Collection[str] = ()) -> pd.DataFrame:
    found = search(index, query)
    return found[found["licence_status"].isin(list(licence))] if licence else found


def nearest_beyond(
    index: ClinicIndex, query: Query, licence: Collection[str] = (), count: int = FALLBACK_COUNT
) -> pd.DataFrame:
    """The nearest matching facilities at any distance: what to show when the radius is empty."""
    anywhere = Query(query.lat, query.lon, MAX_RADIUS_MI, query.filters)
    return find(index, anywhere, licence).head(count)
