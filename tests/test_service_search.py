"""Finding a service as people type it: names first, then descriptions, drug and brand names."""

import pytest

from clinic_finder.search.service_search import ESKETAMINE_NOTE, find_services
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.services import Service, ServiceDictionary

# A few real codes of both SAMHSA dictionaries, so the synonyms have something to find.
SMALL = ServiceDictionary(
    [
        Service("BU", "Buprenorphine used in Treatment", "OM", "Opioid medications"),
        Service("BWN", "Buprenorphine with naloxone", "PHR", "Pharmacotherapies"),
        Service("MM", "Methadone maintenance", "OT", "Opioid treatment"),
        Service("OTP", "Federally-certified Opioid Treatment Program", "OT", "Opioid treatment"),
        Service("VTRL", "Naltrexone (extended-release, injectable)", "PHR", "Pharmacotherapies"),
        Service("VAHC", "U.S. Department of Veterans Affairs medical center", "FT", "Facility"),
        Service("EMDR", "Eye Movement Desensitization and Reprocessing therapy", "TAP", "Tx"),
        Service("SP", "Spanish", "SL", "Language services"),
        Service("FX", "Other languages (excluding Spanish)", "SL", "Language services"),
        Service("KIT", "Ketamine Infusion Therapy", "TAP", "Treatment approaches"),
    ]
)
EVERY = {s.code for s in SMALL}


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("methadone", "MM"),
        ("Suboxone", "BWN"),
        ("bupre", "BU"),
        ("Vivitrol", "VTRL"),
        ("naltrexone", "VTRL"),
        ("ketamine", "KIT"),
        ("spanish", "SP"),
    ],
)
def test_drug_and_brand_names_find_their_services_best_first(typed, first):
    found = find_services(typed, SMALL, EVERY)
    assert found.codes[0] == first
    assert "VAHC" not in found.codes and "EMDR" not in found.codes


def test_a_code_the_table_lacks_is_never_offered():
    found = find_services("methadone", SMALL, EVERY - {"OTP"})
    assert "OTP" not in found.codes and found.codes[0] == "MM" and "MM" in found.codes


@pytest.mark.parametrize("typed", ["esketamine", "Spravato", "sprava"])
def test_esketamine_says_the_directory_has_no_code_for_it(typed):
    found = find_services(typed, SMALL, EVERY)
    assert found.note == ESKETAMINE_NOTE and "About ketamine care" in found.note


def test_words_that_match_nothing_find_nothing():
    assert find_services("xyzzy", SMALL, EVERY).codes == ()
    assert find_services("  ", SMALL, EVERY).codes == ()


def test_the_real_dictionary_finds_clozapine_and_peer_support():
    dictionary = load_dictionary()
    every = {s.code for s in dictionary}
    assert find_services("clozapine", dictionary, every).codes[0] == "CLOZA"
    assert find_services("peer support", dictionary, every).codes[0] == "PEER"
