"""A whole answer per rerun (results, fallback and every option's count) and the core search,
against a vectorised full scan and a BallTree written as a competent peer would."""

import time

import numpy as np

from benchmarks.measure import Row, row, seconds_each
from benchmarks.scale import Scale
from clinic_finder.search.answer import answer
from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import ClinicIndex, search
from clinic_finder.table.load import load_clinics, load_dictionary
from harness.peers import BallTreePeer, VectorisedPeer
from harness.queries import random_queries
from harness.synthetic import replicate

SECTION = "answer"
TARGET_MS: dict[int | str, float] = {"real": 10.0, 1_000_000: 50.0}
SEED = 20261130
# The peers' one-hot frame of every code for a million rows is ~0.4 GB and minutes to build:
# they are measured up to this size, and the ratio at a million is left out rather than guessed.
PEER_MAX_ROWS = 200_000


def measure(scale: Scale) -> list[Row]:
    real = load_clinics()
    dictionary = load_dictionary()
    rows = []
    sizes: list[int | None] = [None, *scale.synthetic_sizes]  # None: the real table
    for size in sizes:
        table = real if size is None else replicate(real, size, SEED)
        label = f"{len(table):,} rows" + (" (real)" if size is None else "")
        rows += _one_table(table, dictionary, label, TARGET_MS.get(size or "real"), scale)
    return rows


def _one_table(table, dictionary, label, target_ms, scale: Scale) -> list[Row]:
    index = ClinicIndex(table)
    filters = FilterSet(dictionary, index.codes())
    queries = random_queries(index.table, scale.searches, SEED)
    codes = {q: [c for group in q.filters for c in group] for q in queries}

    def ours(q):
        return answer(index, filters, (q.lat, q.lon), q.radius_mi, codes[q])

    ours(queries[0])  # first-call costs are not an answer's
    answer_ms = _ms(ours, queries)
    search_ms = _ms(lambda q: search(index, q), queries)
    out = [
        row(SECTION, f"answer() with every count, {label}", answer_ms, "ms", target_ms),
        row(SECTION, f"core search alone, {label}", search_ms, "ms"),
    ]
    if len(table) > PEER_MAX_ROWS:
        return out
    for name, peer_class in (("vectorised full scan", VectorisedPeer), ("BallTree", BallTreePeer)):
        start = time.perf_counter()
        peer = peer_class(index.table)
        prepared = time.perf_counter() - start
        peer_answer = _ms(lambda q, p=peer: p.answer(filters, q, codes[q]), queries)
        peer_search = _ms(peer.search, queries)
        out += [
            row(SECTION, f"{name}: prepared once, {label}", [prepared], "s"),
            row(SECTION, f"{name}: answer with every count, {label}", peer_answer, "ms"),
            row(SECTION, f"{name}: search, {label}", peer_search, "ms"),
            row(
                SECTION,
                f"answer() vs {name}, {label}",
                answer_ms,
                "ms",
                None,
                float(np.median(peer_answer)),
            ),
            row(
                SECTION,
                f"core search vs {name}, {label}",
                search_ms,
                "ms",
                None,
                float(np.median(peer_search)),
            ),
        ]
    return out


def _ms(run, queries) -> list[float]:
    return [s * 1000 for s in seconds_each(run, queries)]
