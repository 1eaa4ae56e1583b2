"""The command line as a person runs it."""

import json
import os
import subprocess
import sys

from clinic_finder import paths


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "clinic_finder", *args],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_DIR,
        timeout=120,
    )


def test_geocode_prints_json_point():
    result = _run("geocode", "Austin, TX")
    assert result.returncode == 0, result.stderr
    point = json.loads(result.stdout)
    assert set(point) == {"lat", "lon", "precision", "label"}
    assert abs(point["lat"] - 30.27) < 0.1 and abs(point["lon"] + 97.74) < 0.1
    assert point["precision"] == "city"


def test_geocode_not_found_is_a_message_not_a_traceback():
    result = _run("geocode", "Autsin, TX")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "did you mean: Austin, TX" in result.stderr


def test_search_json_nearest_first_with_all_services(clinics):
    result = _run(
        "search", "--near", "84101", "--radius", "25", "--service", "KIT", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    rows = payload["results"]
    assert payload["count"] == len(rows) > 3
    assert [r["distance_mi"] for r in rows] == sorted(r["distance_mi"] for r in rows)
    needed = {"id", "name", "distance_mi", "lat", "lon", "precision", "phone", "services"}
    assert all(needed <= set(r) and "KIT" in r["services"] and r["distance_mi"] <= 25 for r in rows)
    assert {r["state"] for r in rows} == {"UT"}
    ids = set(clinics["id"])
    assert all(r["id"] in ids for r in rows)


def test_search_table_and_bad_radius():
    table = _run("search", "--near", "Salt Lake City, UT", "--service", "KIT", "--service", "TMS")
    assert table.returncode == 0 and "facilities within 25 mi of Salt Lake City, UT" in table.stdout
    bad = _run("search", "--near", "84101", "--radius", "-3")
    assert bad.returncode == 2 and "radius must be between" in bad.stderr


def test_a_bad_setting_is_one_clear_line_not_a_traceback(tmp_path):
    env = {**os.environ, "CLINIC_FINDER_DATA_DIR": str(tmp_path / "missing")}
    result = subprocess.run(
        [sys.executable, "-m", "clinic_finder", "geocode", "84101"],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"CLINIC_FINDER_DATA_DIR={str(tmp_path / 'missing')!r} ignored" in result.stderr
    assert "error: CLINIC_FINDER_DATA_DIR is not a folder" in result.stderr


def test_repeated_services_mean_what_they_mean_on_the_page(index, offline_resolver):
    """Any of the codes within one filter (KIT or TMS: both treatments), all of the filters
    (KIT and Medicaid): the page's answer() for the same choices, facility for facility."""
    from clinic_finder.search.answer import answer
    from clinic_finder.search.filters import FilterSet
    from clinic_finder.table.load import load_dictionary

    filters = FilterSet(load_dictionary(), index.codes())
    point = offline_resolver.resolve("84101")
    for services in (["KIT", "TMS"], ["KIT", "MD"]):
        args = [arg for code in services for arg in ("--service", code)]
        result = _run("search", "--near", "84101", "--radius", "50", *args, "--format", "json")
        assert result.returncode == 0, result.stderr
        page = answer(index, filters, (point.lat, point.lon), 50, services).results
        assert [r["id"] for r in json.loads(result.stdout)["results"]] == page["id"].tolist()
    either = json.loads(_run("search", "--near", "84101", "--radius", "50", "--service", "KIT",
                             "--service", "TMS", "--format", "json").stdout)["count"]  # fmt: skip
    both = json.loads(_run("search", "--near", "84101", "--radius", "50", "--service", "KIT",
                           "--service", "MD", "--format", "json").stdout)["count"]  # fmt: skip
    assert either > both > 0  # widening within a filter, narrowing across filters


def test_usage_errors_are_one_message_and_exit_2(tmp_path):
    for args, words in [
        (("search", "--near", "Autsin, TX"), "did you mean: Austin, TX"),
        (("search", "--near", "Springfield"), "several places are called Springfield"),
        (("export", "--near", "84101", "--radius", "0", "--out", str(tmp_path)), "radius must"),
        (("search", "--near", "84101", "--licence", "valid"), "invalid choice: 'valid'"),
    ]:
        result = _run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr
