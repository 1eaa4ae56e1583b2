"""The core search with the licence-status filter, and the nearest matches beyond the radius
(the fallback `answer()` gives when the radius holds none)."""

from collections.abc import Collection

import pandas as pd

from clinic_finder.search.index import MAX_RADIUS_MI, ClinicIndex, Query, search

FALLBACK_COUNT = 5


def find(index: ClinicIndex, query: Query, licence: Collection[str] = ()) -> pd.DataFrame:
    found = search(index, query)
    return found[found["licence_status"].isin(list(licence))] if licence else found


def nearest_beyond(
    index: ClinicIndex, query: Query, licence: Collection[str] = (), count: int = FALLBACK_COUNT
) -> pd.DataFrame:
    """The nearest matching facilities at any distance: what to show when the radius is empty."""
    anywhere = Query(query.lat, query.lon, MAX_RADIUS_MI, query.filters)
    return find(index, anywhere, licence).head(count)
