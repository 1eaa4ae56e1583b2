import pytest

from clinic_finder.text.fields import clean, is_withheld_street, join_name, phone, title_case, zip5


@pytest.mark.parametrize("street", ["- - -", "---", "----", "--", " --- "])
def test_every_published_spelling_of_a_withheld_street_is_recognised(street):
    assert is_withheld_street(street)


@pytest.mark.parametrize("street", ["", "1 Main St", "-", "Suite - 4"])
def test_real_or_empty_streets_are_not_withheld(street):
    assert not is_withheld_street(street)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06401", "06401"),
        ("00501", "00501"),
        ("84101-1234", "84101"),
        (" 02134 ", "02134"),
        ("841011234", "84101"),
        ("6401", None),
        ("ABCDE", None),
        ("", None),
        (None, None),
    ],
)
def test_zip5_keeps_leading_zeros_and_rejects_non_zips(raw, expected):
    assert zip5(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(510) 346-7833", "510-346-7833"),
        ("800-951-4357", "800-951-4357"),
        ("1 (800) 951 4357", "800-951-4357"),
        ("513-649-8008 x23", "513-649-8008 x23"),
        ("call us", "call us"),
    ],
)
def test_phone_numbers_are_written_one_way(raw, expected):
    assert phone(raw) == expected


def test_clean_removes_control_characters_and_folds_space():
    assert clean("Acme\x00 \x1b Clinic\u200b\n\tInc ") == "Acme Clinic Inc"


@pytest.mark.parametrize(
    ("name1", "name2", "expected"),
    [
        (
            "SpectraCare Health Systems",
            "Henry County Clinic",
            "SpectraCare Health Systems – Henry County Clinic",
        ),
        ("Center for Children and", "Families", "Center for Children and Families"),
        ("Bridges to Recovery", "", "Bridges to Recovery"),
        ("Acme", "Acme", "Acme"),
        ("", "Program Only", "Program Only"),
    ],
)
def test_join_name_mends_names_samhsa_cut_in_two(name1, name2, expected):
    assert join_name(name1, name2) == expected


def test_title_case_keeps_acronyms_and_small_words():
    assert title_case("HORIZON SERVICES, INCORPORATED") == "Horizon Services, Incorporated"
    assert title_case("BHRS OUTPATIENT OAKLAND") == "BHRS Outpatient Oakland"
    assert title_case("HOUSE OF THE LLC") == "House of the LLC"
    assert title_case("Already Mixed Case") == "Already Mixed Case"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme\u202e Clinic", "Acme Clinic"),
        ("\u2066Acme\u2069", "Acme"),
        ("Acme\ud800Clinic", "Acme Clinic"),
        ("Acme\u2060\u2061", "Acme"),
    ],
    ids=["right-to-left-override", "isolates", "lone-surrogate", "invisible"],
)
def test_clean_removes_text_direction_tricks_and_unencodable_surrogates(raw, expected):
    # A bidi override can make a name read as another; a lone surrogate cannot be written as UTF-8
    # (it crashed state lookups and would crash the parquet and report writers).
    assert clean(raw) == expected
    clean(raw).encode("utf-8")


def test_clean_leaves_only_printable_text():
    # Arabic letter mark (a bidi control), a language tag, an unassigned code point.
    assert clean("Acme\u061c Clinic\U000e0041\U00018d09") == "Acme Clinic"
