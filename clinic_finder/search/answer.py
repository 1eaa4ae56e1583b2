"""The answer to one search, computed once per rerun: results, the fallback and every count.

This is the one seam between the page and the data: the UI draws an `Answer` and never reaches
into the index. Counts mean one thing everywhere: beside an option, how many results the search
would give with that option also chosen, everything else staying as chosen (so within a filter
that already has a choice, it is the "any of" widening).
"""

import logging
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clinic_finder.search.filters import LICENCE_FILTER, FilterSet
from clinic_finder.search.index import MAX_RADIUS_MI, ClinicIndex, Query, search

log = logging.getLogger(__name__)
# A search answers while a person waits; slower than this is worth an operator's look.
SLOW_SEARCH_S = 0.5
FALLBACK_COUNT = 5


@dataclass(frozen=True)
class Answer:
    results: pd.DataFrame  # within the radius (everywhere before a place is known), nearest first
    beyond: pd.DataFrame  # when nothing is within the radius: the nearest matches past it
    counts: Mapping[str, int] = field(default_factory=dict)  # service code → results if added
    licence_counts: Mapping[str, int] = field(default_factory=dict)  # status → results if added


def answer(
    index: ClinicIndex,
    filters: FilterSet,
    point: tuple[float, float] | None,
    radius_mi: float,
    services: Collection[str] = (),
    licence: Collection[str] = (),
) -> Answer:
    """Everything the page shows for a search; `point` None means no place yet (the nation)."""
    started = time.perf_counter()
    found = _answer(index, filters, point, radius_mi, services, licence)
    took = time.perf_counter() - started
    if took > SLOW_SEARCH_S:
        # The shape of the search only: never the place, its point or what was typed.
        log.warning(
            "slow search: %.2f s, radius %g mi, %d service and %d licence choices, %d results",
            took,
            radius_mi,
            len(services),
            len(licence),
            len(found.results),
        )
    return found


def _answer(
    index: ClinicIndex,
    filters: FilterSet,
    point: tuple[float, float] | None,
    radius_mi: float,
    services: Collection[str],
    licence: Collection[str],
) -> Answer:
    area = index.everywhere() if point is None else index.around(*point, radius_mi)
    groups = filters.groups(services)
    chosen = {key: area.offering_any(codes) for key, codes in groups.items()}
    licensed = area.licensed(licence)
    every_group = _all(chosen.values(), len(area.positions))
    results = index.rows(area, licensed & every_group)

    counts: dict[str, int] = {}
    for f in filters:
        others = licensed & _all([m for k, m in chosen.items() if k != f.key], len(area.positions))
        own = chosen.get(f.key, np.zeros(len(area.positions), dtype=bool))
        already = int(np.count_nonzero(others & own))
        more = area.code_counts(others & ~own, f.codes)
        counts.update(zip(f.codes, (already + more).tolist(), strict=True))

    own = licensed if licence else np.zeros(len(area.positions), dtype=bool)
    already = int(np.count_nonzero(every_group & own))
    licence_counts: dict[str, int] = {
        status: already + int(np.count_nonzero(every_group & ~own & (area.licence == status)))
        for status in LICENCE_FILTER
    }

    beyond = results.iloc[:0]
    if point is not None and results.empty:
        query = Query(*point, radius_mi, filters.query_filters(services))
        beyond = nearest_beyond(index, query, licence)
    return Answer(results, beyond, counts, licence_counts)


def nearest_beyond(
    index: ClinicIndex, query: Query, licence: Collection[str] = (), count: int = FALLBACK_COUNT
) -> pd.DataFrame:
    """The nearest matching facilities at any distance: what to show when the radius is empty."""
    anywhere = Query(query.lat, query.lon, MAX_RADIUS_MI, query.filters)
    return search(index, anywhere, licence).head(count)


def _all(masks: Iterable[np.ndarray], size: int) -> np.ndarray:
    keep = np.ones(size, dtype=bool)
    for mask in masks:
        keep &= mask
    return keep
