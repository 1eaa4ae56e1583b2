"""One Settings, read once: documented in the README's one reference, and never an exception."""

import logging
import math
import re
from pathlib import Path

import pytest
from apptest import card_names, notices, run_app
from nominatim_stub import USER_AGENT

from clinic_finder import paths
from clinic_finder.settings import (
    BY_NAME,
    NOTICES,
    SETTINGS,
    VARIABLES,
    ServeSettings,
    Settings,
    reference,
)
from components import data

CODE = [
    *(paths.PROJECT_DIR / "clinic_finder").rglob("*.py"),
    *(paths.PROJECT_DIR / "components").rglob("*.py"),
    paths.PROJECT_DIR / "app.py",
]
SERVING = [*(paths.PROJECT_DIR / "serve").rglob("*.py"), paths.PROJECT_DIR / "asgi.py"]
README = paths.PROJECT_DIR / "README.md"
MAKEFILE = paths.PROJECT_DIR / "Makefile"
# For tests and the benchmark only; the README's "Tests" section names them.
TEST_ONLY = {"CLINIC_FINDER_E2E_SEEDS", "CLINIC_FINDER_FUZZ_INPUTS", "CLINIC_FINDER_BENCH_SCALE",
             "CLINIC_FINDER_CHROMIUM", "CLINIC_FINDER_HSDS_SAMPLE",
             "CLINIC_FINDER_E2E_SCREENS", "CLINIC_FINDER_E2E_STEPS"}  # fmt: skip
# Makefile variables for people building or testing the project, not for a deployer.
MAKE_ONLY = {"PYTHON", "VENV", "PY", "BENCH_SCALE", "INSTALL", "LOCK", "PROFILE", "WORKERS",
             "ROUNDS"}  # fmt: skip


def _read_in_code(files: list[Path]) -> set[str]:
    return {
        name for path in files for name in re.findall(r"CLINIC_FINDER_[A-Z_]+", path.read_text())
    }


def test_every_variable_the_code_names_is_in_the_one_table():
    named = _read_in_code(CODE + SERVING) - TEST_ONLY
    assert named == {name for name in BY_NAME if name.startswith("CLINIC_FINDER_")}
    assert set(VARIABLES) == {s.name for s in SETTINGS if s.scope == "app"} < named
    assert {"CLINIC_FINDER_NGINX", "STREAMLIT_SERVER_COOKIE_SECRET", "ADDRESS"} <= set(BY_NAME)


def test_every_makefile_setting_is_in_the_table():
    """What a deployer sets on make's command line (make serve's variables the Makefile names,
    make run's PORT and ADDRESS) is in the table; the rest is for building and testing."""
    text = MAKEFILE.read_text()
    assigned = set(re.findall(r"^(?:export )?([A-Z_]+) [?:]?=", text, re.M))
    named = set(re.findall(r"\b(SERVE_[A-Z_]+)\b", text))
    assert (assigned | named) - MAKE_ONLY - TEST_ONLY <= set(BY_NAME)
    assert {"PORT", "ADDRESS", "SERVE_PROCESSES", "SERVE_LOG_DIR"} <= assigned | named


def test_the_readme_holds_the_reference_made_from_the_table():
    """`make settings` writes it; a setting added to the code and not there fails here."""
    text = README.read_text()
    assert reference() in text, "README's settings table is stale: run `make settings`"
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", text, re.M))
    assert {s.name for s in SETTINGS} <= documented
    for name in ("dhcs_service_codes.csv", "service_codes.csv", "build_report.json"):
        assert name in BY_NAME["CLINIC_FINDER_DATA_DIR"].help


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
    assert not at.exception
    if problem.feature == "data":  # never another directory in its place: the page says so
        assert not card_names(at) and NOTICES["data"] in [e.value for e in at.error]
    else:
        assert card_names(at)  # the page still answers
    assert problem.variable in environ
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [line for line in logged if problem.variable in line] == [problem.log_line()]
    assert repr(environ[problem.variable]) in problem.log_line()
    if problem.feature == "data":
        pass
    elif NOTICES[problem.feature]:
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


def test_every_bad_value_is_reported_at_once(tmp_path):
    """Not only the first: a deployer fixes them all in one go (issue 31, case 5)."""
    environ = {
        "CLINIC_FINDER_GEOCODER": "nominatim",
        "CLINIC_FINDER_USER_AGENT": "clinic-finder (it@example.org)",
        "CLINIC_FINDER_GEOCODE_TIMEOUT": "soon",
        "CLINIC_FINDER_NOMINATIM_URL": "nominatim.local",
        "CLINIC_FINDER_TILES": "tiles.example.org",
        "CLINIC_FINDER_DATA_DIR": str(tmp_path / "missing"),
        "SERVE_PROCESSES": "0",
        "SERVE_LISTEN": "127.0.0.1:8O80",
        "SERVE_TLS_CERT": str(tmp_path / "cert.pem"),
    }
    app = Settings.from_env(environ)
    assert {p.variable for p in app.problems} == {
        "CLINIC_FINDER_USER_AGENT", "CLINIC_FINDER_GEOCODE_TIMEOUT", "CLINIC_FINDER_NOMINATIM_URL",
        "CLINIC_FINDER_TILES", "CLINIC_FINDER_DATA_DIR",
    }  # fmt: skip
    (agent,) = [p for p in app.problems if p.variable == "CLINIC_FINDER_USER_AGENT"]
    assert "'example'" in str(agent)  # the rule is said, not only applied
    _, problems = ServeSettings.read(environ)
    assert {p.variable for p in problems} == {
        "SERVE_PROCESSES", "SERVE_LISTEN", "SERVE_TLS_CERT", "SERVE_TLS_KEY",
    }  # fmt: skip


def test_a_data_folder_set_but_unusable_is_never_replaced_by_the_bundled_one(tmp_path):
    missing = Settings.from_env({"CLINIC_FINDER_DATA_DIR": str(tmp_path / "missing")})
    assert missing.data_dir == tmp_path / "missing" and missing.problem("data")
    empty = Settings.from_env({"CLINIC_FINDER_DATA_DIR": str(tmp_path)})
    assert not empty.problems  # make data may build into it
    (why,) = empty.serving_problems()  # but nothing can be served from it
    assert "clinics.parquet" in why.reason and "service_codes.csv" in why.reason
    assert not Settings.from_env({}).serving_problems()
