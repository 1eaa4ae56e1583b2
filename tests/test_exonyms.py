"""Places typed the way a Spanish speaker writes them are found like their English names."""

import pytest

from clinic_finder.formats.share import parse_params
from clinic_finder.geocode.exonyms import index_words
from clinic_finder.geocode.types import GeocodeResult


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Nueva York", "New York, NY"),
        ("nueva york, NY", "New York, NY"),
        ("San Juan, Puerto Rico", "San Juan, PR"),
        ("Bayamón, PR", "Bayamon, PR"),
        ("Mayagüez, Puerto Rico", "Mayaguez, PR"),
        ("Carolina, PR", "Carolina, PR"),
        ("Filadelfia, Pensilvania", "Philadelphia, PA"),
        ("Los Ángeles, CA", "Los Angeles, CA"),
    ],
)
def test_spanish_place_names(offline_resolver, typed, label):
    found = offline_resolver.resolve(typed)
    assert isinstance(found, GeocodeResult) and found.label == label


def test_only_whole_phrases_are_renamed():
    assert index_words("Carolina del Norte") == "North Carolina"
    assert index_words("1 Calle Nueva Yorkina") == "1 Calle Nueva Yorkina"


def test_the_language_is_part_of_the_link():
    shared, notices = parse_params({"lang": ["es"]}, [], [])
    assert shared.lang == "es" and not notices and shared.to_params() == {"lang": "es"}
    shared, notices = parse_params({}, [], [], default_lang="es")
    assert shared.lang == "es"  # the browser's choice when the link names none
    shared, notices = parse_params({"lang": ["<b>xx"]}, [], [], default_lang="es")
    assert shared.lang == "es" and notices == ["Ignored an unknown language in the link: <b>xx."]
    assert "lang" not in parse_params({"lang": ["en"]}, [], [])[0].to_params()
