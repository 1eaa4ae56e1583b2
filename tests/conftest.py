"""Shared, expensive fixtures: the offline gazetteer and the committed built table load once."""

from pathlib import Path

import pytest

from clinic_finder import paths
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.search import ClinicIndex
from clinic_finder.table import load_clinics

SHARED_RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def offline_resolver(gazetteer) -> Resolver:
    return Resolver(gazetteer)


@pytest.fixture(scope="session")
def clinics():
    return load_clinics(paths.CLINICS_TABLE)


@pytest.fixture(scope="session")
def index(clinics) -> ClinicIndex:
    return ClinicIndex(clinics)
