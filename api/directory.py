"""The directory the API answers from: the table, its index, the dictionary and the ZIP points,
loaded once per process on the first request (not on import) and again when a new build is on
disk or the day changes, since licence status is computed against today (as the page does).

The same loaders as the page and the command line (clinic_finder.table.load, Gazetteer); no
Streamlit cache: the API does not import streamlit.
"""

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from clinic_finder.formats import hsds
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import ClinicIndex
from clinic_finder.settings import Settings
from clinic_finder.table import hsds_ids
from clinic_finder.table.load import edition, load_clinics, load_dictionary
from clinic_finder.table.records import rows_of
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import registry

JSON = dict[str, Any]
# The taxonomies the export's terms name (clinic_finder.formats.hsds): one object each.
TAXONOMIES = {
    hsds_ids.SAMHSA_TAXONOMY: "SAMHSA's service codes of the National Substance Use and Mental "
    "Health Services Survey directories (data/service_codes.csv).",
    hsds_ids.DHCS_TAXONOMY: "Codes this project derived from California DHCS's facility list "
    "(data/dhcs_service_codes.csv).",
}


@dataclass
class Directory:
    """Everything a request reads; built once, then only read (safe across threads)."""

    table: pd.DataFrame
    index: ClinicIndex
    filters: FilterSet
    dictionary: ServiceDictionary
    report: JSON
    gazetteer: Gazetteer
    tag: str  # the build's hash and the day: ETag of every answer
    day: date
    ids: dict[str, dict[str, int]]  # kind → uuid → table row
    modified: np.ndarray  # each row's latest source date (datetime64[D]; NaT when none)
    haystack: list[str]  # each row's searchable words, lower case
    terms: dict[str, JSON]  # code → taxonomy term, as the export writes it
    term_codes: dict[str, str]  # term id → code
    taxonomies: dict[str, JSON]  # taxonomy id → taxonomy
    records: list[Any]  # each row as the export reads it (made once: per row it costs ~1 ms)
    term_cache: dict[str, JSON] = field(default_factory=dict)  # shared by every export call
    built: tuple[object, ...] = ()  # the build on disk and the day it was loaded for

    def taxonomy_id(self, term: JSON) -> str:
        return hsds_ids.uid("taxonomy", str(term["taxonomy"]))


_lock = threading.Lock()
_loaded: Directory | None = None
_settings: list[Settings] = []  # read once per process


def get(settings: Settings | None = None) -> Directory:
    """The directory of this process: loaded on first use, and again when the build on disk
    changes (`make data`, `update`: two stat calls a request) or the day does."""
    global _loaded
    if settings is None:
        if not _settings:
            _settings.append(Settings.from_env())
        settings = _settings[0]
    today = date.today()
    now = (*edition(settings.clinics_table, settings.build_report), today)
    found = _loaded
    if found is not None and found.built == now:
        return found
    with _lock:  # one thread loads; the others wait for it rather than load it again
        if _loaded is None or _loaded.built != now:
            _loaded = load(settings, today)
            _loaded.built = now
        return _loaded


def load(settings: Settings, today: date) -> Directory:
    table = load_clinics(settings.clinics_table, today).reset_index(drop=True)
    index = ClinicIndex(table)
    dictionary = load_dictionary(settings.data_dir)
    report = registry.read_report(settings.build_report)
    keys = table["id"].astype(str).tolist()
    ids = {
        kind: {hsds_ids.uid(kind, key): row for row, key in enumerate(keys)}
        for kind in ("service_at_location", "service", "organization")
    }
    terms = {s.code: hsds.term(s.code, dictionary) for s in dictionary}
    taxonomies = {
        hsds_ids.uid("taxonomy", name): {
            "id": hsds_ids.uid("taxonomy", name),
            "name": name,
            "description": words,
        }
        for name, words in TAXONOMIES.items()
    }
    return Directory(
        table=table,
        index=index,
        filters=FilterSet(dictionary, index.codes()),
        dictionary=dictionary,
        report=report,
        gazetteer=Gazetteer.load(settings.cache_dir),
        tag=_tag(settings, today),
        day=today,
        ids=ids,
        modified=_modified(table),
        haystack=_haystack(table),
        terms=terms,
        term_codes={term["id"]: code for code, term in terms.items()},
        taxonomies=taxonomies,
        records=list(rows_of(table)),
        term_cache=dict(terms),
    )


def _tag(settings: Settings, today: date) -> str:
    """The build's fingerprint (its report and table, hashed) and the day licence status uses."""
    digest = hashlib.sha256()
    for path in (settings.build_report, settings.clinics_table):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return f"{digest.hexdigest()[:20]}-{today.isoformat()}"


def _modified(table: pd.DataFrame) -> np.ndarray:
    latest = [max((d for d in days if d), default="") for days in table["source_as_of"]]
    values: np.ndarray = pd.to_datetime(pd.Series(latest), errors="coerce").to_numpy(
        dtype="datetime64[D]"
    )
    return values


def _haystack(table: pd.DataFrame) -> list[str]:
    """What `search` looks in: the names, the address and the ZIP (not the service names:
    taxonomy_term_id is the way to choose services, as on the page)."""
    columns = [
        c
        for c in ("name", "name1", "street", "street2", "city", "state", "zip")
        if c in table.columns
    ]
    text = table[columns].astype(str).agg(" ".join, axis=1).str.lower()
    return text.tolist()
