"""Properties of the normalisers every source row goes through: codes, text, ZIPs, addresses."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_finder.geocode.addresses import address_key
from clinic_finder.table.services import UNKNOWN_CATEGORY, Service, ServiceDictionary, parse_codes
from clinic_finder.text.fields import clean, zip5

PROPERTIES = settings(max_examples=300, derandomize=True, database=None, deadline=None)
DICTIONARY = ServiceDictionary(
    [
        Service("KIT", "Ketamine", "TAP", "Treatment approaches"),
        Service("TMS", "TMS", "TAP", "Treatment approaches"),
        Service("MH", "Mental health", "TC", "Type of care"),
    ]
)
codes = st.sampled_from(["KIT", "kit", "TMS", "MH", "ZZZ", "*", "<b>", "ES"])
code_info = st.lists(st.one_of(codes, st.text(max_size=6)), max_size=12).map(" * ".join)


@PROPERTIES
@given(code_info)
def test_codes_decode_to_each_code_once_whatever_the_grouping(info):
    parsed = parse_codes(info)
    assert len(parsed) == len(set(parsed)) and "*" not in parsed
    assert all(code == code.upper() and code.strip() and " " not in code for code in parsed)
    assert parse_codes(" ".join(parsed)) == parsed  # decoding is stable
    grouped = DICTIONARY.decode(parsed)
    decoded = [s.code for services in grouped.values() for s in services]
    assert sorted(decoded) == sorted(parsed)  # no code dropped, none invented
    unknown = {s.code for s in grouped.get(UNKNOWN_CATEGORY, [])}
    assert unknown == set(DICTIONARY.unknown(parsed))


@PROPERTIES
@given(st.text())
def test_clean_text_is_printable_trimmed_single_spaced_and_stable(text):
    cleaned = clean(text)
    assert cleaned == clean(cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert all(c.isprintable() or c == " " for c in cleaned), repr(cleaned)
    cleaned.encode("utf-8")


@PROPERTIES
@given(st.one_of(st.text(max_size=12), st.from_regex(r"\s*\d{5}(-?\d{4})?\s*", fullmatch=True)))
def test_zip5_is_five_digits_or_none(text):
    found = zip5(text)
    assert found is None or (re.fullmatch(r"\d{5}", found) and found in text)


streets = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{} {} {}".format,
        st.integers(1, 99999),
        st.sampled_from(["Main", "N Oak", "Martin Luther King Jr", "Calle Ñandú"]),
        st.sampled_from(["St", "Street", "Ave", "avenue", "Blvd", "Rd #4", "Suite 100"]),
    ),
)


@PROPERTIES
@given(
    street=streets, zip_code=st.one_of(st.from_regex(r"\d{5}", fullmatch=True), st.text(max_size=6))
)
def test_address_key_is_comparable_text_or_none_never_an_error(street, zip_code):
    key = address_key(street, "Oakland", "CA", zip_code)
    if not clean(street) or zip5(zip_code) is None:
        assert key is None
    elif key is not None:
        assert re.fullmatch(r"[A-Z0-9]+( [A-Z0-9]+)*\|\d{5}", key), key
        assert key.endswith(zip5(zip_code))
        assert address_key(f"  {street.upper()} ", "Oakland", "CA", zip_code) == key
