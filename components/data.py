"""Every Streamlit cache lives here: the settings, the table, its index, the place index and the
resolvers.

The geocoding modules (address parsing, the place index) are imported on first use: the first
page needs only the table, and importing them first would delay the crisis banner and the map.
"""

from __future__ import annotations

import gc
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

import streamlit as st

from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import ClinicIndex
from clinic_finder.settings import Settings
from clinic_finder.table.load import edition, load_clinics, load_dictionary
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import registry
from clinic_finder.text.i18n import N_, Message

if TYPE_CHECKING:
    from clinic_finder.geocode.gazetteer import Gazetteer
    from clinic_finder.geocode.resolver import Resolver
    from clinic_finder.reports.engine import Opener

log = logging.getLogger("clinic_finder.app")

_ONLINE_RESOLVER = "_online_resolver"


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """Read once per server process; each unusable value is one line in the server log."""
    _log_to_stderr()
    found = Settings.from_env()
    for problem in found.problems:
        log.warning(problem.log_line())
    log.info("settings in effect: %s", "; ".join(f"{k}: {v}" for k, v in found.in_effect().items()))
    return found


def _log_to_stderr() -> None:
    """The package's own log lines (start-up facts, bad settings, geocoder failures, slow
    searches) beside Streamlit's in the server's output; they never hold what a person typed."""
    package = logging.getLogger("clinic_finder")
    if not package.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        package.addHandler(handler)
        package.setLevel(logging.INFO)


# What the build on disk and today's date were when each cache below was filled. A cache is
# filled again when either changes: `make data` or `update` swapped the table (two stat calls a
# look), or a new day changed whose licence has expired.
_filled_for: dict[str, tuple[object, ...]] = {}


def _now_built() -> tuple[object, ...]:
    found = settings()
    return (*edition(found.clinics_table, found.build_report), date.today())


def _filled(kind: str) -> tuple[object, ...]:
    _filled_for[kind] = _now_built()
    return _filled_for[kind]


@st.cache_resource(show_spinner=False, validate=lambda _: _filled_for.get("report") == _now_built())
def build_report() -> dict[str, Any]:
    _filled("report")
    return registry.read_report(settings().build_report)


# A spinner's words are fixed once per process, not per session: they say it in both languages.
@st.cache_resource(
    show_spinner="Loading the directory… · Cargando el directorio…",
    validate=lambda _: _filled_for.get("index") == _now_built(),
)
def clinic_index() -> ClinicIndex:
    _filled("index")
    table = load_clinics(settings().clinics_table)
    report = build_report()
    as_of = {key: facts.get("as_of") for key, facts in report.get("sources", {}).items()}
    log.info(
        "directory loaded: %d facilities from %s; sources as of %s",
        len(table),
        settings().clinics_table,
        ", ".join(f"{key} {day}" for key, day in as_of.items()) or "unknown (no build report)",
    )
    return ClinicIndex(table)


@st.cache_resource(
    show_spinner=False, validate=lambda _: _filled_for.get("dictionary") == _now_built()
)
def service_dictionary() -> ServiceDictionary:
    _filled("dictionary")
    return load_dictionary(settings().data_dir)


@st.cache_resource(
    show_spinner=False, validate=lambda _: _filled_for.get("filters") == _now_built()
)
def filter_set() -> FilterSet:
    _filled("filters")
    return FilterSet(service_dictionary(), clinic_index().codes())


@st.cache_resource(show_spinner="Loading the offline place index… · Cargando la lista de lugares…")
def gazetteer() -> Gazetteer:
    from clinic_finder.geocode.gazetteer import Gazetteer

    loaded = Gazetteer.load(settings().cache_dir)
    # Every full collection walked the place index's ~110k objects (and the table's): with
    # Streamlit's collection after each run (runner.postScriptGC, now off in config.toml) that
    # was 0.25 s of a ~0.33 s run. They live as long as the process: collect once, then move
    # everything alive to the permanent generation, which Python's own full passes skip. (The
    # table and index reloaded every few hours hold no reference cycles: refcounting frees them.)
    gc.collect()
    gc.freeze()
    return loaded


def online_unavailable() -> str | None:
    """Why a person cannot opt in to the online lookup on this server (a message id); None when
    they can."""
    problem = settings().problem("online lookup")
    if problem is not None:
        return Message(
            N_("The online geocoder is not set up correctly: {error}"),
            error=f"{problem.variable} {problem.reason}",
        )
    if settings().geocoder.provider == "off":
        return N_("This server has no online geocoder set up.")
    return None


def offline_resolver() -> Resolver:
    """A resolver per call: it holds no person's data, and shares only the read-only gazetteer.

    It never reads the disk cache of online answers (which the CLI's `--online` fills): what
    was looked up before must not show through to the next person.
    """
    from clinic_finder.geocode.resolver import Resolver

    return Resolver(gazetteer())


def resolver(online: bool) -> Resolver:
    """Offline unless this person opted in; the online one is kept per session, so after its
    first failure this session stays offline without waiting again (the rate limit it obeys is
    the whole process's, shared by every session)."""
    if not online:
        return offline_resolver()
    if _ONLINE_RESOLVER not in st.session_state:
        from clinic_finder.geocode.cache import GeocodeCache
        from clinic_finder.geocode.factory import make_geocoder
        from clinic_finder.geocode.resolver import Resolver

        # Its answers are remembered in memory for this session only: a typed address is never
        # written to the shared cache on disk, where another session would find it.
        st.session_state[_ONLINE_RESOLVER] = Resolver(
            gazetteer(), make_geocoder(settings().geocoder), GeocodeCache(":memory:")
        )
    found: Resolver = st.session_state[_ONLINE_RESOLVER]
    return found


def online_failed(online: bool) -> bool:
    resolver = st.session_state.get(_ONLINE_RESOLVER)
    return online and resolver is not None and bool(resolver.online_failure)


@st.cache_resource(show_spinner=False)
def reports_opener() -> Opener:
    """The reports database, opened (and migrated) on first use by one process-wide opener; its
    store's per-client limits are this process's."""
    from clinic_finder.reports.engine import Opener

    return Opener(settings())
