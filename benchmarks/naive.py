"""The naive search the fast one is measured against: geopy's geodesic for every row."""

import pandas as pd
from geopy.distance import geodesic

from clinic_finder.search.index import Query


def geodesic_search(table: pd.DataFrame, query: Query) -> pd.DataFrame:
    """Every row in turn: its geodesic distance, its services as a set; then sort the matches."""
    origin = (query.lat, query.lon)
    found, distances = [], []
    rows = zip(table["lat"], table["lon"], table["services"], strict=True)
    for position, (lat, lon, services) in enumerate(rows):
        miles = geodesic(origin, (lat, lon)).miles
        offered = set(services)
        if miles <= query.radius_mi and all(offered & g for g in query.filters if g):
            found.append(position)
            distances.append(miles)
    matches = table.take(found).assign(distance_mi=distances)
    return matches.sort_values(["distance_mi", "name", "id"], kind="stable")
