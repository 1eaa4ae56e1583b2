"""What a patient takes away: the CSV never runs as a formula, the shortlist never runs a script."""

import csv
import io

import pytest

from clinic_finder import paths
from clinic_finder.formats import call_sheet, export
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.sources import registry

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def found(synthetic_clinics):
    rows = synthetic_clinics[synthetic_clinics["state"] == "CA"].head(6)
    rows = rows.assign(distance_mi=[1.0, 2, 3, 4, 5, 6])
    names = [HOSTILE, '=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "Plain Clinic"]
    return rows.assign(name=names)


def test_csv_cells_never_start_a_formula(found):
    text = export.results_csv(found, load_dictionary(), report=REPORT).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Facility"] for r in rows] == [
        HOSTILE,
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "Plain Clinic",
    ]
    text_cells = [v for r in rows for v in r.values() if not _is_number(v)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in text_cells)
    assert rows[0]["id"] == found["id"].iloc[0]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_shortlist_escapes_every_value_and_keeps_the_crisis_line(found):
    page = call_sheet.html_page(found.to_dict("records"), HOSTILE, "2026-01-01", report=REPORT)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page and "988" in page and "911" in page
    assert 'href="tel:+1-' in page
