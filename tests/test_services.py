"""Decoding real directory rows, checked by hand against the published dictionary."""

import pytest
from source_files import KIT_REFERENCE

from clinic_finder import paths
from clinic_finder.table.services import UNKNOWN_CATEGORY, ServiceDictionary, parse_codes
from clinic_finder.table.sources import samhsa


@pytest.fixture(scope="module")
def workbook():
    return samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR))


@pytest.fixture(scope="module")
def dictionary(workbook):
    return ServiceDictionary.from_frames(workbook[1])


def _row(workbook, name1, street1):
    facilities = workbook[0]
    match = facilities[(facilities.name1 == name1) & (facilities.street1 == street1)]
    assert len(match) == 1
    return match.iloc[0]


def test_dictionary_has_all_176_codes_in_21_categories(dictionary):
    assert len(dictionary) == 176
    assert len(dictionary.categories()) == 21
    assert dictionary.get("KIT").name == "Ketamine Infusion Therapy"
    assert dictionary.get("ES").name == "Education services"  # not esketamine
    assert dictionary.get("MH").name == "Mental health treatment"  # trailing spaces stripped


def test_uab_row_decodes_by_lookup(workbook, dictionary):
    # Hand-checked against the Service Code Reference sheet.
    row = _row(workbook, "UAB Hospital", "619 19th Street South")
    decoded = dictionary.decode(parse_codes(row.service_code_info))
    names = {category: [s.code for s in services] for category, services in decoded.items()}
    assert names["Type of Care"] == ["SA", "MH", "SUMH"]
    assert names["Service Setting (e.g., Outpatient, Residential, Inpatient, etc.)"] == ["HI", "OP"]
    assert names["Facility Type"] == ["PSY"]
    assert {"ECT", "KIT", "TMS", "TELE"} <= set(names["Treatment Approaches"])
    assert names["Emergency Mental Health Services"] == ["CIT", "PEON", "WI"]
    assert names["Language Services"] == ["SP", "AH"]  # dictionary order, not the row's "AH SP"
    assert "License/Certification/Accreditation" not in names


def test_row_with_omitted_categories_is_not_decoded_by_position(workbook, dictionary):
    # Lifeline (Chandler, AZ) has no LCA, PYAS, SCR or RSS group: the 8th group is payment.
    row = _row(workbook, "Lifeline Professional Counseling Servs", "335 North Alma School Road")
    decoded = dictionary.decode(parse_codes(row.service_code_info))
    payment = [s.code for s in decoded["Payment/Insurance/Funding Accepted"]]
    assert payment[:3] == ["CLF", "ITU", "MC"]
    assert "Payment Assistance Available" not in decoded
    assert [s.code for s in decoded["Emergency Mental Health Services"]] == ["CIT"]
    setting = "Service Setting (e.g., Outpatient, Residential, Inpatient, etc.)"
    assert [s.code for s in decoded[setting]] == ["OP", "PHDT"]


def test_every_code_in_the_directory_is_in_the_dictionary(workbook, dictionary):
    codes = {c for info in workbook[0].service_code_info for c in parse_codes(info)}
    assert dictionary.unknown(sorted(codes)) == []


def test_unknown_code_is_kept_and_labelled():
    dictionary = ServiceDictionary.from_frames(KIT_REFERENCE.assign(service_description=""))
    decoded = dictionary.decode(["KIT", "ZZZ"])
    assert [s.code for s in decoded[UNKNOWN_CATEGORY]] == ["ZZZ"]
    assert dictionary.unknown(["KIT", "ZZZ"]) == ["ZZZ"]


def test_parse_codes_ignores_group_marks_and_repeats():
    assert parse_codes("SA MH * OP * * KIT kit") == ["SA", "MH", "OP", "KIT"]
