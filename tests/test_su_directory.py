"""The SAMHSA SU directory read as published; its dictionary merged with the MH one; editions."""

import pandas as pd
import pytest
from source_files import KIT_REFERENCE, row, tiny_workbook

from clinic_finder import paths
from clinic_finder.errors import ClinicFinderError, DictionaryConflict, SourceError
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import samhsa
from clinic_finder.table.sources.editions import newest_edition


@pytest.fixture(scope="module")
def su():
    return samhsa.read(paths.RAW_DIR, samhsa.SU_SOURCE)


def test_every_su_row_is_kept_merged_or_quarantined(su):
    load, reference = su
    summary = load.summary()
    assert summary["rows_read"] == 12744
    assert summary["kept"] + summary["merged"] + summary["quarantined"] == 12744
    assert len(reference) == 224 and summary["edition"] == 2023
    assert summary["unknown_codes"] == {}
    assert all(r["id"].startswith("nsud-") and r["source"] == "samhsa_nsud" for r in load.records)


def test_capitalised_headers_are_read_like_the_mh_ones(tmp_path):
    path = tiny_workbook(tmp_path, [row()], folder="samhsa_nsud_2099", capitalised=True)
    assert "Name1" in pd.read_excel(path, sheet_name=0, engine="calamine").columns
    facilities, _ = samhsa.read_workbook(path)
    assert list(facilities.columns) == list(samhsa.FACILITY_COLUMNS)


def test_the_real_dictionaries_merge_and_shared_codes_mean_the_same():
    _, mh = samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR))
    _, su = samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR, samhsa.SU_SOURCE))
    merged = ServiceDictionary.merged([("mh", mh), ("su", su)])
    shared = set(mh.service_code.str.strip()) & set(su.service_code.str.strip())
    assert len(shared) == 86 and len(merged) == 176 + 224 - 86
    assert merged.get("OTP").name == "Federally-certified Opioid Treatment Program"
    assert merged.get("KIT").name == "Ketamine Infusion Therapy"


def test_a_code_with_two_meanings_stops_the_merge_naming_it():
    other = KIT_REFERENCE.assign(service_name="Kids in Treatment")
    with pytest.raises(DictionaryConflict, match=r"'KIT'.*Ketamine Infusion Therapy.*Kids") as e:
        ServiceDictionary.merged([("mh.xlsx", KIT_REFERENCE), ("su.xlsx", other)])
    assert isinstance(e.value, ClinicFinderError) and isinstance(e.value, ValueError)
    assert e.value.code == "KIT"
    # Case and spacing are not a different meaning.
    loud = KIT_REFERENCE.assign(service_name="  KETAMINE infusion therapy ")
    assert len(ServiceDictionary.merged([("a", KIT_REFERENCE), ("b", loud)])) == 1


def test_the_newest_edition_is_read_and_the_older_one_named(tmp_path):
    tiny_workbook(tmp_path, [row(name1="Old Clinic")], folder="samhsa_nsud_2023")
    tiny_workbook(tmp_path, [row(name1="New Clinic")], folder="samhsa_nsud_2025")
    tiny_workbook(tmp_path, [row(name1="Not an edition")], folder="samhsa_nsud_2030_extra")
    load, _ = samhsa.read(tmp_path, samhsa.SU_SOURCE)
    assert [r["name"] for r in load.records] == ["New Clinic"]
    assert load.notes["edition"] == 2025
    assert load.notes["older_editions_not_used"] == ["samhsa_nsud_2023/directory.xlsx"]


def test_no_edition_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="samhsa_nsud_<year>"):
        newest_edition(tmp_path, "samhsa_nsud", "*.xlsx")
