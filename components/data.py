"""Every Streamlit cache lives here: the table, its search index and the offline resolver."""

import streamlit as st

from clinic_finder.geocode.factory import make_resolver
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.search import ClinicIndex
from clinic_finder.services import ServiceDictionary
from clinic_finder.table import load_clinics, load_dictionary


@st.cache_resource(show_spinner="Loading the directory…", ttl=6 * 3600)
def clinic_index() -> ClinicIndex:
    # Reloaded every few hours so licence status follows today's date in a long-running server.
    return ClinicIndex(load_clinics())


@st.cache_resource(show_spinner=False)
def service_dictionary() -> ServiceDictionary:
    return load_dictionary()


@st.cache_resource(show_spinner="Loading the offline place index…")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def offline_resolver() -> Resolver:
    """A resolver per call: it holds no person's data, and shares only the read-only gazetteer."""
    return make_resolver(online=False, gazetteer=gazetteer())
