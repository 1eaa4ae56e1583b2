"""Facilities drawn at one point: which rows share a point, and how many such stacks there are."""

from typing import Any

import numpy as np
import pandas as pd

DECIMALS = 5  # about a metre: points equal to this many decimals are drawn on top of each other


def stack_ids(frame: pd.DataFrame) -> np.ndarray:
    """For each row, a number shared by exactly the rows at the same drawn point."""
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    points = frame[["lat", "lon"]].round(DECIMALS)
    return points.groupby(["lat", "lon"], sort=False).ngroup().to_numpy()


def stack_summary(table: pd.DataFrame) -> dict[str, Any]:
    """How many listings share a point with another, in how many stacks, and the largest one."""
    ids = stack_ids(table)
    sizes = np.bincount(ids) if len(ids) else np.zeros(0, dtype=np.int64)
    shared = sizes[sizes > 1]
    summary: dict[str, Any] = {
        "listings_sharing_a_point": int(shared.sum()),
        "stacks": len(shared),
        "largest": None,
    }
    if len(shared):
        biggest = int(np.argmax(sizes))
        rows = table[ids == biggest]
        summary["largest"] = {
            "size": int(sizes[biggest]),
            "lat": round(float(rows["lat"].iloc[0]), DECIMALS),
            "lon": round(float(rows["lon"].iloc[0]), DECIMALS),
            "precision": sorted(set(rows["precision"])),
            "zip": sorted(set(rows["zip"])),
        }
    return summary
