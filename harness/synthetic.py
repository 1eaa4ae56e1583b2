"""Bigger tables for the search benchmark: the real rows over and over, each copy moved a little."""

import numpy as np
import pandas as pd

# About 3.5 miles: copies spread around their facility instead of stacking on one point.
JITTER_DEGREES = 0.05


def replicate(table: pd.DataFrame, size: int, seed: int = 0) -> pd.DataFrame:
    """`size` rows copied from `table` in turn, with jittered points and fresh, unique ids."""
    rng = np.random.default_rng(seed)
    source = np.resize(np.arange(len(table)), size)
    copy = np.arange(size) // len(table)
    rows = table.take(source).reset_index(drop=True)
    rows["id"] = pd.Series(copy, dtype=str).radd("syn").str.cat(rows["id"], sep="-")
    lat = rows["lat"].to_numpy() + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES, size)
    lon = rows["lon"].to_numpy() + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES, size)
    rows["lat"] = np.clip(lat, -90, 90)
    rows["lon"] = (lon + 180) % 360 - 180
    return rows
