"""Shared, expensive fixtures: the offline gazetteer and the committed built table load once."""

import logging
from pathlib import Path

import pandas as pd
import pytest
from synthetic import synthetic_table

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


@pytest.fixture(scope="session")
def synthetic_clinics(tmp_path_factory) -> pd.DataFrame:
    """Eight made-up facilities (tests/synthetic.py) for behaviour that needs no real data."""
    return synthetic_table(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture
def no_proxies(monkeypatch):
    """geopy reads proxy variables itself; a proxy would swallow requests meant for 127.0.0.1."""
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def debug_logs(caplog):
    """Every log record of every logger at DEBUG, for the privacy checks; Streamlit's loggers
    too, which keep their own level and do not pass records up to the root."""
    caplog.set_level(logging.DEBUG)
    own = [
        logger
        for name, logger in logging.root.manager.loggerDict.items()
        if name.startswith("streamlit") and isinstance(logger, logging.Logger)
    ]
    levels = [logger.level for logger in own]
    for logger in own:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(caplog.handler)
    yield caplog
    for logger, level in zip(own, levels, strict=True):
        logger.setLevel(level)
        logger.removeHandler(caplog.handler)
