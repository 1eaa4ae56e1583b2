"""The offline geocoder: loading its place index, then placing every facility of the real table."""

import time
from typing import Any

import numpy as np

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.table.load import load_clinics

SECTION = "geocoder"
PLACE_FIELDS = ("street", "street_withheld", "city", "state", "zip")


def measure(scale: Scale) -> list[Row]:
    builds, loads, rates = [], [], []
    # Records as the build sees them before placing: an address, no point.
    records: list[dict[str, Any]] = load_clinics()[list(PLACE_FIELDS)].to_dict("records")  # type: ignore[assignment]
    for _ in range(scale.geocoder_runs):
        start = time.perf_counter()
        Gazetteer.build()
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        resolver = Resolver(Gazetteer.load())  # this machine's cache, written on first use
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        placed = sum(resolver.place_record(record)[0] is not None for record in records)
        rates.append(len(records) / (time.perf_counter() - start))
    if placed < 0.9 * len(records):
        raise RuntimeError(f"only {placed} of {len(records)} facilities placed")
    return [
        row(SECTION, "offline place index built from the packages (Gazetteer.build)", builds, "s"),
        row(SECTION, "offline place index read from this machine's cache", loads, "s"),
        # a rate: its p95 column is the 5th percentile, the slow end like every other p95
        _rate_row(f"facilities placed offline ({len(records):,} per run)", rates),
    ]


def _rate_row(name: str, rates: list[float]) -> Row:
    return Row(
        SECTION, name, float(np.median(rates)), float(np.percentile(rates, 5)), "rows/s", len(rates)
    )
