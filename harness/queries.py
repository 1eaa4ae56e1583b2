"""Random searches as people would make them: ZIPs where facilities are, realistic filters."""

import numpy as np
import pandas as pd
import zipcodes

from clinic_finder.search.index import Query
from clinic_finder.table.records import rows_of

RADII_MI = (10, 25, 100)
MAX_FILTERS = 3


def random_queries(table: pd.DataFrame, count: int, seed: int = 0) -> list[Query]:
    """ZIPs weighted by facility density (the ZIP of a random facility, at its offline centroid);
    0–3 service filters taken from that facility's own services, so most searches find something.
    """
    rng = np.random.default_rng(seed)
    centroids = {
        z["zip_code"]: (float(z["lat"]), float(z["long"]))
        for z in zipcodes.list_all()
        if (z["lat"], z["long"]) != ("0", "0")
    }
    picks = table.iloc[rng.integers(0, len(table), count)]
    queries = []
    for facility in rows_of(picks):
        lat, lon = centroids.get(facility["zip"], (facility["lat"], facility["lon"]))
        services = list(facility["services"])
        how_many = min(len(services), int(rng.integers(0, MAX_FILTERS + 1)))
        wanted = rng.choice(services, how_many, replace=False)
        queries.append(Query.all_of(lat, lon, float(rng.choice(RADII_MI)), wanted))
    return queries
