"""Shared, expensive fixtures: the offline gazetteer and the committed built table load once."""

import logging
import os
from pathlib import Path

import pandas as pd
import pytest
from synthetic import synthetic_table

from clinic_finder import paths
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.search.index import ClinicIndex
from clinic_finder.table.load import load_clinics

SHARED_RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
# The reports database for tests (SQLite and a PostgreSQL started for the session); the quick
# profile's one screen per browser test (tests/screens.py).
pytest_plugins = ["reports_db", "screens"]


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


def _not_run(config) -> list:
    """Reports of tests that were skipped (xdist sends every worker's to this process)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The last lines say, in words, how many tests did not run and why (a summary line's
    "3 skipped" is easy to miss); on CI (CI=1) any of them fails the run."""
    skipped = _not_run(config)
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    terminalreporter.write_sep("=", f"{len(skipped)} test(s) did not run", red=True, bold=True)
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} did not run: {reason}")
    if os.environ.get("CI"):
        terminalreporter.write_line("CI=1: a test that did not run fails the run", red=True)


def pytest_sessionfinish(session, exitstatus) -> None:
    if os.environ.get("CI") and exitstatus == pytest.ExitCode.OK and _not_run(session.config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
