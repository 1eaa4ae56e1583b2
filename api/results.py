"""Which facilities a list request means, in order: the page's own answer(), then the filters only
the API has (search text, organization, taxonomy, modified_after), which keep answer()'s order.

Service codes (taxonomy_term_id) and the place go through answer(), so the API, the page and the
command line cannot disagree about who offers what within how far (STYLE 13).
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from api.directory import Directory
from api.params import ParameterError, Place
from clinic_finder.search.answer import answer
from clinic_finder.search.index import MAX_RADIUS_MI

_CACHED = 64  # recent answers: paging through one search re-asks the same question
_lock = threading.Lock()
_answers: OrderedDict[tuple[object, ...], np.ndarray] = OrderedDict()


@dataclass(frozen=True)
class Wanted:
    place: Place | None = None
    codes: tuple[str, ...] = ()
    search: str | None = None
    organization_row: int | None = None
    taxonomy: str | None = None  # taxonomy name
    modified_after: datetime | None = None


def codes_of(d: Directory, value: str | None) -> tuple[str, ...]:
    """taxonomy_term_id: a term's id (or its code, e.g. KIT); several comma-separated mean what
    several choices mean on the page (any of within a filter, all of across filters)."""
    if value is None:
        return ()
    codes = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        code = d.term_codes.get(part) or (part.upper() if part.upper() in d.terms else None)
        if code is None:
            raise ParameterError(
                "taxonomy_term_id", f"no taxonomy term {part[:40]!r}", 400, kind="unknown_id"
            )
        codes.append(code)
    if not codes:
        # An empty string is a valid string by the spec, so it cannot be answered (400), not 422
        raise ParameterError("taxonomy_term_id", "a term id is needed", 400, kind="missing")
    return tuple(dict.fromkeys(codes))


def rows(d: Directory, wanted: Wanted) -> np.ndarray:
    """Table rows, nearest first when there is a place (else by name, as the page lists them)."""
    found = _answer(d, wanted.place, wanted.codes)
    keep = np.ones(len(found), dtype=bool)
    if wanted.search:
        words = wanted.search.lower().split()
        keep &= np.fromiter(
            (all(w in d.haystack[r] for w in words) for r in found), bool, count=len(found)
        )
    if wanted.organization_row is not None:
        keep &= found == wanted.organization_row
    if wanted.taxonomy is not None:
        codes = [c for c, term in d.terms.items() if term["taxonomy"] == wanted.taxonomy]
        offers = d.index.offering([frozenset(codes)]) if codes else np.zeros(len(d.table), bool)
        keep &= offers[found]
    if wanted.modified_after is not None:
        # A source's date is read as the start of its day (UTC).
        since = np.datetime64(wanted.modified_after.replace(tzinfo=None), "s")
        keep &= d.modified[found].astype("datetime64[s]") >= since
    kept: np.ndarray = found[keep]
    return kept


def _answer(d: Directory, place: Place | None, codes: tuple[str, ...]) -> np.ndarray:
    key = (d.tag, place, codes)
    with _lock:
        if key in _answers:
            _answers.move_to_end(key)
            return _answers[key]
    offered = [c for c in codes if d.filters.filter_of(c)]
    if codes and not offered:  # codes no facility offers: nobody, not everybody
        found = np.zeros(0, dtype=np.int64)
    else:
        point = None if place is None else (place.lat, place.lon)
        radius = MAX_RADIUS_MI if place is None or place.radius_mi is None else place.radius_mi
        results = answer(d.index, d.filters, point, radius, offered).results
        found = results.index.to_numpy(dtype=np.int64)
    with _lock:
        _answers[key] = found
        while len(_answers) > _CACHED:
            _answers.popitem(last=False)
    return found
