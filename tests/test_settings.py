"""One Settings, read once: documented in the README's one table, and never an exception."""

import logging
import math
import re
from pathlib import Path

import pytest
from apptest import card_names, notices, run_app
from nominatim_stub import USER_AGENT

from clinic_finder import paths
from clinic_finder.settings import NOTICES, VARIABLES, Settings
from components import data

CODE = [
    *(paths.PROJECT_DIR / "clinic_finder").rglob("*.py"),
    *(paths.PROJECT_DIR / "components").rglob("*.py"),
    paths.PROJECT_DIR / "app.py",
]
README = paths.PROJECT_DIR / "README.md"


def _read_in_code() -> set[str]:
    return {
        name for path in CODE for name in re.findall(r"CLINIC_FINDER_[A-Z_]+", path.read_text())
    }


def _in_readme_table() -> set[str]:
    return set(re.findall(r"^\| `(CLINIC_FINDER_[A-Z_]+)` \|", README.read_text(), re.M))


def test_every_variable_the_code_names_is_in_the_readme_table_and_back():
    assert _read_in_code() == set(VARIABLES) == _in_readme_table()


def test_only_the_settings_module_reads_the_environment():
    readers = {
        path.relative_to(paths.PROJECT_DIR).as_posix()
        for path in CODE
        if re.search(r"os\.environ|getenv\(", path.read_text())
    }
    assert readers == {"clinic_finder/settings.py"}


def test_nothing_set_means_everything_local_and_no_problem():
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.data_dir == paths.DATA_DIR and settings.problems == ()
    assert settings.geocoder.provider == "off" and settings.map.tiles is None


def test_data_dir_moves_the_table_the_report_and_the_online_cache(tmp_path):
    settings = Settings.from_env({"CLINIC_FINDER_DATA_DIR": str(tmp_path)})
    assert settings.clinics_table == tmp_path / "clinics.parquet"
    assert settings.build_report == tmp_path / "build_report.json"
    assert settings.raw_dir == tmp_path / "raw"
    assert settings.geocode_cache == tmp_path / "geocode_cache.sqlite"


@pytest.mark.parametrize("value", ["nan", "-1", "0", "inf", "soon", "61"])
def test_an_unusable_timeout_turns_the_online_lookup_off(value):
    settings = Settings.from_env(
        {"CLINIC_FINDER_GEOCODER": "arcgis", "CLINIC_FINDER_GEOCODE_TIMEOUT": value}
    )
    assert settings.geocoder.provider == "off"
    assert math.isfinite(settings.geocoder.timeout_s)
    (problem,) = settings.problems
    assert problem.variable == "CLINIC_FINDER_GEOCODE_TIMEOUT" and problem.value == value
    assert repr(value) in problem.log_line()


def _bad_settings(tmp_path: Path) -> dict[str, dict[str, str]]:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    nominatim = {"CLINIC_FINDER_GEOCODER": "nominatim", "CLINIC_FINDER_USER_AGENT": USER_AGENT}
    return {
        "tiles": {"CLINIC_FINDER_TILES": "tiles.example.org"},
        "geocoder": {"CLINIC_FINDER_GEOCODER": "nominatm"},
        "timeout-nan": {"CLINIC_FINDER_GEOCODER": "arcgis", "CLINIC_FINDER_GEOCODE_TIMEOUT": "nan"},
        "timeout-negative": {**nominatim, "CLINIC_FINDER_GEOCODE_TIMEOUT": "-1"},
        "nominatim-url": {**nominatim, "CLINIC_FINDER_NOMINATIM_URL": "nominatim.local"},
        "user-agent": {**nominatim, "CLINIC_FINDER_USER_AGENT": "geopy/2.5"},
        "data-dir": {"CLINIC_FINDER_DATA_DIR": str(tmp_path / "missing")},
        "cache-dir": {"CLINIC_FINDER_CACHE_DIR": str(a_file)},
        "geocode-cache": {"CLINIC_FINDER_GEOCODE_CACHE": str(tmp_path)},
    }


BAD = [
    "tiles",
    "geocoder",
    "timeout-nan",
    "timeout-negative",
    "nominatim-url",
    "user-agent",
    "data-dir",
    "cache-dir",
    "geocode-cache",
]


@pytest.mark.parametrize("case", BAD)
def test_a_bad_setting_gives_a_page_a_quiet_notice_and_one_log_line(
    case, tmp_path, monkeypatch, caplog
):
    environ = _bad_settings(tmp_path)[case]
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.INFO, logger="clinic_finder")
    data.settings.clear()
    try:
        at = run_app(near="84101")
        (problem,) = data.settings().problems
    finally:
        data.settings.clear()
    assert not at.exception and card_names(at)  # the page still answers
    assert problem.variable in environ
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [line for line in logged if problem.variable in line] == [problem.log_line()]
    assert repr(environ[problem.variable]) in problem.log_line()
    if NOTICES[problem.feature]:
        assert NOTICES[problem.feature] in notices(at)
    else:  # the place index or the command line's cache: nothing a patient would notice
        assert not notices(at)
    if problem.feature == "online lookup":
        assert at.toggle(key="online").disabled
    assert any("settings in effect" in r.getMessage() for r in caplog.records)


def test_a_bad_tile_setting_leaves_the_map_offline(monkeypatch):
    monkeypatch.setenv("CLINIC_FINDER_TILES", "tiles.example.org")
    settings = Settings.from_env()
    assert settings.map.tiles is None and settings.problem("map tiles") is not None
