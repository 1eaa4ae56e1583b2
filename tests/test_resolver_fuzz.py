"""What a person might type, generated (10,000 inputs in CI): a point or a helpful message each.

Offline resolver only (the online layer has its own tests); derandomized and without an example
database, so every run, here and in CI, tries the same inputs.
"""

import math
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_finder.geocode.types import GeocodeResult, LocationNotFound, PlaceChoice

# A search box answers while the person waits; generous for a busy 2-core CI machine.
PER_INPUT_S = 0.5
# Four strategies; 400 inputs in all by default (make test), 10,000 in CI (about 40 s of CPU):
# CLINIC_FINDER_FUZZ_INPUTS sets it.
INPUTS_PER_STRATEGY = int(os.environ.get("CLINIC_FINDER_FUZZ_INPUTS", "400")) // 4

FUZZ = settings(
    max_examples=INPUTS_PER_STRATEGY,
    derandomize=True,
    database=None,
    deadline=None,  # the bound is asserted below, on the resolver's own time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CITIES = (
    "Austin",
    "Salt Lake City",
    "St. Louis",
    "Saint Louis",
    "New York",
    "Kansas City",
    "Washington",
    "D.C.",
    "Boise",
    "Anchorage",
    "Honolulu",
    "San Juan",
    "Autsin",
    "",
)
STATES = ("TX", "ut", "Missouri", "new york", "D.C.", "District of Columbia", "PR", "ZZ", "")
HOSTILE = (
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "\u202e",
    "\ud800",
    "%00",
    "../../etc/passwd",
    "${jndi:ldap://x}",
    "\n\r\t",
    "８４１０１",
    "😀",
    "ñ",
    "-",
    ",",
)

separators = st.sampled_from([", ", " ", ",", "  ,  ", "\t", "\n", " - "])
zip_like = st.from_regex(r"\s*[0-9]{1,6}(-?[0-9]{0,5})?\s*", fullmatch=True)
place_like = st.builds(
    lambda city, sep, state, zip_code, case: case(f"{city}{sep}{state} {zip_code}"),
    st.sampled_from(CITIES),
    separators,
    st.sampled_from(STATES),
    st.one_of(st.just(""), zip_like),
    st.sampled_from([str, str.upper, str.lower, str.title]),
)
address_like = st.builds(
    lambda number, street, sep, place: f"{number} {street}{sep}{place}",
    st.integers(0, 10**7),
    st.text(max_size=30),
    separators,
    place_like,
)
hostile = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.sampled_from(CITIES), st.text(max_size=10)),
    max_size=8,
).map("".join)


def check(resolver, text: str) -> None:
    # CPU time, not wall time: other work on a shared machine (a CI neighbour) must not count.
    started = time.process_time()
    found = resolver.resolve(text)
    took = time.process_time() - started
    assert took <= PER_INPUT_S, f"{took:.2f} s for {text[:60]!r}"
    if isinstance(found, GeocodeResult):
        assert math.isfinite(found.lat) and -90 <= found.lat <= 90
        assert math.isfinite(found.lon) and -180 <= found.lon <= 180
        assert found.precision in ("zip", "city", "state") and found.label.strip()
    elif isinstance(found, PlaceChoice):
        assert 2 <= len(found.choices) <= 5 and all(c.strip() for c in found.choices)
    else:
        assert isinstance(found, LocationNotFound)
        assert found.message.strip() and len(found.message) < 500
        assert all(s.strip() for s in found.suggestions)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text(offline_resolver, text):
    check(offline_resolver, text)


@FUZZ
@given(text=st.one_of(zip_like, place_like))
def test_zips_cities_and_states(offline_resolver, text):
    check(offline_resolver, text)


@FUZZ
@given(text=address_like)
def test_street_addresses(offline_resolver, text):
    check(offline_resolver, text)


@FUZZ
@given(text=hostile)
def test_hostile_fragments(offline_resolver, text):
    check(offline_resolver, text)
