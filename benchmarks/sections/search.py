"""Search latency through the app's own search, on the real table and on synthetic big ones."""

import time

import numpy as np

from benchmarks.measure import Row, row, seconds_each
from benchmarks.naive import geodesic_search
from benchmarks.scale import Scale
from clinic_finder.search.index import ClinicIndex, search
from clinic_finder.table.load import load_clinics
from harness.queries import random_queries
from harness.synthetic import replicate

SECTION = "search"
TARGET_MS = {"real": 50.0, 1_000_000: 100.0}
SEED = 20261122


def measure(scale: Scale) -> list[Row]:
    real = load_clinics()
    rows = []
    sizes: list[int | None] = [None, *scale.synthetic_sizes]  # None: the real table
    for size in sizes:
        table = real if size is None else replicate(real, size, SEED)
        label = f"{len(table):,} rows" + (" (real)" if size is None else "")
        rows += _one_table(table, label, TARGET_MS.get(size or "real"), scale)
    return rows


def _one_table(table, label: str, target_ms: float | None, scale: Scale) -> list[Row]:
    start = time.perf_counter()
    index = ClinicIndex(table)
    build = time.perf_counter() - start
    queries = random_queries(index.table, scale.searches, SEED)
    search(index, queries[0])  # first-call costs (imports, allocator) are not a search's
    fast_ms = [s * 1000 for s in seconds_each(lambda q: search(index, q), queries)]
    naive_ms = _naive_ms(index.table, queries[: scale.naive_searches], scale.naive_rows)
    return [
        row(SECTION, f"index build, {label}", [build], "s"),
        row(SECTION, f"search, {label}", fast_ms, "ms", target_ms, float(np.median(naive_ms))),
        row(SECTION, f"naive geodesic scan, {label}", naive_ms, "ms"),
    ]


def _naive_ms(table, queries, sample_rows: int) -> list[float]:
    """The naive scan timed over a random sample of rows, scaled up to the whole table."""
    sample = table.sample(min(sample_rows, len(table)), random_state=SEED)
    per_row = [s / len(sample) for s in seconds_each(lambda q: geodesic_search(sample, q), queries)]
    return [s * len(table) * 1000 for s in per_row]
