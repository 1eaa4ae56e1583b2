"""Reading the published sources: every row accounted for; errors that name the file."""

import json

import pandas as pd
import pytest
from source_files import row, tiny_workbook

from clinic_finder import paths
from clinic_finder.errors import SourceError
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.table.sources import dhcs, samhsa


@pytest.fixture(scope="module")
def directory():
    path = samhsa.find_workbook(paths.RAW_DIR)
    facilities, reference = samhsa.read_workbook(path)
    return facilities, samhsa.load(path, ServiceDictionary.from_frames(reference), facilities)


@pytest.fixture(scope="module")
def licences():
    return dhcs.load(dhcs.find_file(paths.RAW_DIR))


def test_every_directory_row_is_accounted_for(directory):
    facilities, load = directory
    summary = load.summary()
    assert summary["rows_read"] == len(facilities) == 8319
    assert summary["kept"] + summary["merged"] + summary["quarantined"] == summary["rows_read"]
    source_rows = sorted(int(n) for r in load.records for n in r["source_ref"].split(","))
    quarantined_rows = [q["row"] for q in load.quarantined]
    assert sorted(source_rows + quarantined_rows) == list(range(2, 8319 + 2))


def test_exact_duplicates_and_per_phone_listings_merge_keeping_every_phone(directory):
    facilities, load = directory
    exact = int(facilities.duplicated().sum())
    phones = list(samhsa.PHONE_COLUMNS)
    same_but_phones = int(facilities.drop(columns=phones).duplicated().sum())
    assert load.merged_rows == same_but_phones and exact == 8 and same_but_phones == 9
    bridges = [r for r in load.records if r["name1"] == "Bridges to Recovery"]
    assert len(bridges) == 1
    assert bridges[0]["phone"] == "310-573-7083"
    assert set(bridges[0]["intake_phones"]) == {"888-907-4794", "866-522-7571"}
    assert bridges[0]["source_rows"] == 2


def test_withheld_streets_are_flagged_and_blanked(directory):
    facilities, load = directory
    withheld = [r for r in load.records if r["street_withheld"]]
    published = facilities.street1.str.strip().isin(["- - -", "---", "----", "--"]).sum()
    assert load.notes["withheld_street"] == published == 489
    assert all(r["street"] == "" and r["zip"] for r in withheld)


def test_zip_codes_keep_their_leading_zeros(directory):
    facilities, load = directory
    assert (facilities.zip.str.startswith("0")).sum() == 784
    zeros = [r for r in load.records if r["zip"].startswith("0")]
    assert len(zeros) >= 780 and all(len(r["zip"]) == 5 for r in load.records)
    ansonia = next(r for r in load.records if r["name2"] == "Ansonia Behavioral Health")
    assert ansonia["zip"] == "06401"


def test_ids_are_unique_and_stable_across_reads(directory):
    _, load = directory
    ids = [r["id"] for r in load.records]
    assert len(set(ids)) == len(ids)
    path = samhsa.find_workbook(paths.RAW_DIR)
    facilities, reference = samhsa.read_workbook(path)
    again = samhsa.load(path, ServiceDictionary.from_frames(reference), facilities)
    assert [r["id"] for r in again.records] == ids


def test_bad_rows_are_quarantined_with_reasons_and_counted(tmp_path):
    path = tiny_workbook(
        tmp_path,
        [
            row(),
            row(name1="", name2=""),
            row(name1="Nowhere", state="XX"),
            row(name1="No place", zip="12", city=""),
            row(name1="Acme \u200b\t<img src=x onerror=alert(1)>\n", service_code_info="KIT ZZZ"),
        ],
    )
    facilities, reference = samhsa.read_workbook(path)
    load = samhsa.load(path, ServiceDictionary.from_frames(reference), facilities)
    reasons = [q["reason"] for q in load.quarantined]
    assert reasons == [
        "no facility name",
        "unknown state code 'XX'",
        "neither a valid ZIP nor a city (zip '12')",
    ]
    assert [q["row"] for q in load.quarantined] == [3, 4, 5]
    assert len(load.records) == 2
    hostile = load.records[1]
    assert hostile["name"] == "Acme <img src=x onerror=alert(1)>"  # kept as text, escaped on output
    assert load.notes["unknown_codes"] == {"ZZZ": 1}
    assert hostile["services"] == ["KIT", "ZZZ"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, "file not found"),
        (lambda p: p.write_bytes(b""), "file is empty"),
        (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "not a readable .xlsx workbook"),
        (lambda p: p.write_text("name1,name2\n"), "not a readable .xlsx workbook"),
    ],
)
def test_unreadable_workbooks_raise_one_error_naming_the_file(tmp_path, make, problem):
    path = tmp_path / "broken.xlsx"
    make(path)
    with pytest.raises(SourceError) as error:
        samhsa.read_workbook(path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_missing_columns_and_wrong_sheets_are_named(tmp_path):
    path = tiny_workbook(tmp_path, [row()])
    frame = pd.read_excel(path, sheet_name=None, engine="calamine")
    frame["Facilities List"] = frame["Facilities List"].drop(columns=["zip"])
    with pd.ExcelWriter(path) as writer:
        for name, sheet in frame.items():
            sheet.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(SourceError, match=r"lacks columns \['zip'\]"):
        samhsa.read_workbook(path)
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(SourceError, match="expected one sheet"):
        samhsa.read_workbook(tiny_workbook(other, [row()], sheet="Sheet1"))


def test_licence_records_read_as_published(licences):
    summary = licences.summary()
    assert summary["rows_read"] == 2266 and summary["quarantined"] == 0
    by_licence = {r["licence_number"]: r for r in licences.records}
    cherry = by_licence["010001DN"]
    assert cherry["licence_expires"] == "2028-01-31"
    assert cherry["licence_type"] == "Licensed"
    assert cherry["services"] == ["SA", "RES", "DTX", "IMS"]
    assert cherry["precision"] == "exact" and cherry["lat"] == pytest.approx(37.710573863103)
    assert cherry["phone"] == "510-346-7833"
    # 0,0 means missing: these two are placed offline, not at the Gulf of Guinea.
    assert by_licence["190808BN"]["lat"] is None and by_licence["190080AP"]["lat"] is None
    assert sum(r["lat"] is not None for r in licences.records) == 2264


def test_duplicate_and_missing_licence_numbers_are_quarantined(tmp_path, licences):
    raw = json.loads(dhcs.find_file(paths.RAW_DIR).read_text())
    first = raw["records"][0]
    raw["records"] = [first, dict(first), {**first, "Application_Number": None}]
    path = tmp_path / "dhcs.json"
    path.write_text(json.dumps(raw))
    load = dhcs.load(path)
    assert len(load.records) == 1
    assert [q["reason"] for q in load.quarantined] == [
        "duplicate licence number '010001DN'",
        "no licence/certification number",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe not utf8", "not a UTF-8 JSON"),
        (b"{}", "no 'records' list"),
        (b'{"records": [{"x": 1}]}', "records lack fields"),
    ],
)
def test_bad_licence_files_raise_one_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "dhcs.json"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=problem) as error:
        dhcs.load(path)
    assert str(path) in str(error.value)
