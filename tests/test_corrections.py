"""Accepted reports become the "corrections" source: applied last at build, with provenance."""

import pandas as pd
import pytest

from clinic_finder import paths
from clinic_finder.formats import hsds
from clinic_finder.reports import corrections
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.sources import registry

FOUND = [
    {"kind": "phone", "phone": "8015550100", "listing_id": "a", "report_id": 1,
     "decided": "2026-11-04", "reviewer": "ann", "why": "rang it"},
    {"kind": "closed", "listing_id": "b", "report_id": 2, "decided": "2026-11-05",
     "reviewer": "ann", "why": "the state's list says closed"},
    {"kind": "services_removed", "codes": ["KIT", "MD"], "listing_id": "c", "report_id": 3,
     "decided": "2026-11-06", "reviewer": "bo", "why": "no longer offered"},
    {"kind": "phone", "phone": "1", "listing_id": "gone", "report_id": 4, "decided": "2026-11-06",
     "reviewer": "bo", "why": "listing since removed"},
]  # fmt: skip


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["a", "b", "c"], "name": ["A", "B", "C"], "phone": ["8015550000", "1", "2"],
        "services": [["MH"], ["MH"], ["MH", "KIT", "MD"]],
    })  # fmt: skip


def test_a_phone_fixed_a_closed_site_removed_a_service_removed():
    fixed, applied = corrections.apply(table(), FOUND)
    assert fixed["id"].tolist() == ["a", "c"]
    assert fixed.loc[0, "phone"] == "8015550100" and fixed.loc[1, "services"] == ["MH"]
    assert [(c["listing_id"], c["kind"]) for c in applied] == [
        ("a", "phone"), ("b", "closed"), ("c", "services_removed")]  # fmt: skip
    assert applied[0]["before"] == "8015550000" and applied[2]["removed"] == ["KIT", "MD"]
    assert applied[1]["name"] == "B" and applied[1]["why"]


def test_the_source_file_round_trips_and_is_registered(tmp_path):
    corrections.write(FOUND, tmp_path)
    assert corrections.read(tmp_path) == FOUND
    read = registry.BY_KEY["corrections"].reader(tmp_path)
    assert read.load.rows_read == 4 and read.load.as_of == "2026-11-06"
    assert registry.BY_KEY["corrections"].reader(tmp_path / "none").load.records == []


def test_the_hsds_export_carries_each_correction_as_metadata(clinics):
    row = clinics.iloc[0].to_dict()
    fix = {**FOUND[0], "listing_id": row["id"], "before": "8015550000"}
    report = {**registry.read_report(paths.BUILD_REPORT), "corrections": [fix]}
    obj = hsds.service_at_location(row, load_dictionary(), report, {})
    found = [m for m in obj["metadata"] if m["field_name"] == "phones"]
    assert found and found[0]["previous_value"] == "8015550000"
    assert found[0]["replacement_value"] == "8015550100"
    assert "report 1" in found[0]["updated_by"]


@pytest.mark.parametrize(
    "typed,kept",
    [("(801) 555-0100", "801-555-0100"), ("+1 801 555 0100", "801-555-0100"), ("", ""),
     ("911", "911")],
)  # fmt: skip
def test_a_reviewer_s_phone_is_written_as_the_sources_write_it(typed, kept):
    assert corrections.written(typed) == kept
