"""Hostile and broken source rows through the real loaders and build: every row counted, no crash.

Text keeps its HTML as text (the app escapes on output) but loses control characters.
"""

import json

import pandas as pd
import pytest
from source_files import dhcs_records, row, tiny_raw_dir, tiny_workbook

from clinic_finder.table.build import build
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import samhsa

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
# Every text cell of a facilities row, each carrying markup and the control characters a workbook
# can hold (XML forbids most C0 controls and lone surrogates; the JSON source below has those).
HOSTILE_CELLS = {
    column: f"\t{SCRIPT}\u202e\x85 {column}\u2066\n {IMAGE}\u200b"
    for column in ("name1", "name2", "street2", "city")
}

SAMHSA_ROWS = [
    row(),  # kept
    row(name1="ACME CLINIC", phone="617-555-0199"),  # the first again, in capitals: merged
    row(name1="Bad ZIP", zip="2134"),  # kept, placed by its city; counted
    row(name1="Nowhere", zip="ABCDE", city=""),  # quarantined: neither ZIP nor city
    row(name1="Confidential", street1="- - -"),  # kept, street withheld; counted
    row(name1="No street", street1=""),  # kept; counted
    row(name1="New codes", service_code_info=f"KIT * ZZZ {SCRIPT}"),  # kept; unknown codes counted
    row(**HOSTILE_CELLS, phone=f"617-555-0142\x9b{SCRIPT}"),  # kept as text, controls removed
]


def licences() -> list[dict]:
    first, second = dhcs_records(2)
    return [
        {**first, "Facility_Name": f"{SCRIPT}\x1b\ud800 Clinic", "Total_Capacity": "1e999"},
        {**second, "Total_Capacity": "1e30", "Facility_Zip": "9457", "Facility_Address1": ""},
        dict(second),  # the same licence number again: quarantined
        {**first, "Application_Number": "NEW1", "Total_Capacity": "-5"},
    ]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, offline_resolver):
    raw, data = tiny_raw_dir(tmp_path_factory.mktemp("hostile"), SAMHSA_ROWS, licences())
    report = build(offline_resolver, raw_dir=raw, data_dir=data, progress=False)
    return report, pd.read_parquet(data / "clinics.parquet"), data


def test_every_hostile_row_is_counted_in_the_build_report(hostile_build):
    report, table, _ = hostile_build
    directory, state = report["sources"]["samhsa_nmhd"], report["sources"]["ca_dhcs"]
    assert directory["rows_read"] == len(SAMHSA_ROWS)
    assert (directory["kept"], directory["merged"], directory["quarantined"]) == (6, 1, 1)
    assert directory["quarantine_reasons"] == {"neither a valid ZIP nor a city (zip 'ABCDE')": 1}
    assert directory["withheld_street"] == 1 and directory["no_street"] == 1
    assert directory["invalid_zip"] == 1
    assert directory["unknown_codes"] == {"<SCRIPT>ALERT('X')</SCRIPT>": 1, "ZZZ": 1}
    assert (state["rows_read"], state["kept"], state["quarantined"]) == (4, 3, 1)
    assert state["invalid_zip"] == 1 and state["no_street"] == 1
    su = report["sources"]["samhsa_nsud"]
    assert (su["rows_read"], su["kept"], su["quarantined"]) == (1, 1, 0)
    assert report["rows_out"] == len(table) == 10 and table["id"].is_unique
    bangor = table[table["state"] == "ME"].iloc[0]  # the SU row takes its address point
    assert (bangor["precision"], bangor["point_source"]) == ("street", "osm_address_points")


def test_case_only_repeats_merge_keeping_both_phones(hostile_build):
    _, table, _ = hostile_build
    acme = table[table["name"].str.casefold() == "acme clinic"]
    assert len(acme) == 1 and acme["source_rows"].iloc[0] == 2
    assert list(acme["intake_phones"].iloc[0]) == ["617-555-0199"]


def test_markup_is_kept_as_text_and_control_characters_are_gone(hostile_build):
    _, table, data = hostile_build
    hostile = table[table["phone"].str.startswith("617-555-0142")].iloc[0]
    for column in ("name1", "name2", "street2", "city"):
        assert hostile[column] == f"{SCRIPT} {column} {IMAGE}"
    assert hostile["phone"] == "617-555-0142"  # a phone is its digits, written one way
    licence = table[table["source"] == "ca_dhcs"]
    assert any(name.startswith(SCRIPT) for name in licence["name"])
    text = table[
        ["name", "name1", "name2", "street", "street2", "city", "state", "county", "phone"]
    ].fillna("")
    assert all(value.isprintable() for value in text.stack()), "a control character survived"
    json.loads((data / "build_report.json").read_text(encoding="utf-8"))


def test_impossible_capacities_are_empty_not_a_crash(hostile_build):
    _, table, _ = hostile_build
    capacities = table.loc[table["source"] == "ca_dhcs", "capacity"]
    assert capacities.isna().all()


def test_samhsa_repeats_differing_only_in_case_merge(tmp_path):

    spellings = ["Acme Clinic", "ACME CLINIC", "acme clinic", "Acme clinic", "aCME cLINIC"]
    path = tiny_workbook(tmp_path, [row(name1=name) for name in spellings])
    facilities, reference = samhsa.read_workbook(path)
    load = samhsa.load(path, ServiceDictionary.from_frames(reference), facilities)
    assert len(load.records) == 1 and load.merged_rows == 4
