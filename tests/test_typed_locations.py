"""What a person types, placed offline: reference points are real-world coordinates, not outputs."""

import pytest
from distance import km_between

from clinic_finder.geocode.resolver import TRY_CITY
from clinic_finder.geocode.types import GeocodeResult, LocationNotFound

# Reference points (lat, lon) from public maps: a downtown, a ZIP's neighbourhood, or a state's
# geographic centre. Tolerances: ~3-4 km for a ZIP centroid, 10-20 km for a city, hundreds of km
# for a state (its centre is a median of ZIP centroids, pulled towards where people live).
NYC = (40.713, -74.006)
AUSTIN = (30.267, -97.743)
ST_LOUIS = (38.627, -90.199)
SALT_LAKE_CITY = (40.760, -111.891)
SAN_JUAN = (18.466, -66.106)
WASHINGTON_DC = (38.895, -77.036)

CASES = [
    # text, precision, reference (lat, lon), tolerance km, label must contain
    ("10001", "zip", (40.750, -73.997), 3, "10001"),  # Chelsea / Penn Station
    ("10001-1234", "zip", (40.750, -73.997), 3, "10001"),  # ZIP+4 keeps the ZIP
    ("02134", "zip", (42.355, -71.132), 3, "02134"),  # Allston, Boston: leading zero kept
    ("00901", "zip", SAN_JUAN, 3, "00901"),  # Old San Juan: two leading zeros
    ("06510", "zip", (41.307, -72.926), 3, "06510"),  # downtown New Haven
    ("  84101  ", "zip", (40.756, -111.896), 3, "84101"),  # downtown Salt Lake City
    ("99501", "zip", (61.218, -149.880), 4, "99501"),  # downtown Anchorage
    ("96813", "zip", (21.307, -157.858), 4, "96813"),  # downtown Honolulu
    ("90210", "zip", (34.090, -118.406), 5, "90210"),  # Beverly Hills
    ("Austin, TX", "city", AUSTIN, 10, "Austin"),
    ("austin tx", "city", AUSTIN, 10, "Austin"),
    ("AUSTIN TX", "city", AUSTIN, 10, "Austin"),
    ("Austin, Texas", "city", AUSTIN, 10, "Austin"),
    ("Austin", "city", AUSTIN, 10, "TX"),  # no state: the most populous Austin
    ("Austin TX 78701", "zip", (30.270, -97.742), 3, "78701"),  # the ZIP is the finer answer
    ("St. Louis, MO", "city", ST_LOUIS, 10, "Louis"),
    ("Saint Louis, MO", "city", ST_LOUIS, 10, "Louis"),
    ("New York", "city", NYC, 15, "New York"),  # the city, not the state
    ("new york ny", "city", NYC, 15, "New York"),
    ("New York, NY", "city", NYC, 15, "New York"),
    ("Washington, DC", "city", WASHINGTON_DC, 10, "Washington"),
    ("Washington DC", "city", WASHINGTON_DC, 10, "Washington"),
    ("Washington, D.C.", "city", WASHINGTON_DC, 10, "Washington"),  # the dotted spelling
    ("ft lauderdale fl", "city", (26.122, -80.137), 10, "Lauderdale"),
    ("Mt. Vernon, NY", "city", (40.913, -73.837), 5, "Vernon"),  # Mount Vernon, Westchester
    ("St. Paul, MN", "city", (44.954, -93.090), 10, "Paul"),
    ("Portland, ME", "city", (43.661, -70.255), 10, "ME"),  # not Portland, Oregon
    ("Portland, OR", "city", (45.515, -122.679), 10, "OR"),
    ("San Juan, PR", "city", SAN_JUAN, 10, "San Juan"),
    ("Honolulu, HI", "city", (21.307, -157.858), 10, "Honolulu"),
    ("Anchorage AK", "city", (61.218, -149.900), 15, "Anchorage"),
    ("Salt Lake City", "city", SALT_LAKE_CITY, 10, "Salt Lake City"),
    ("salt lake city ut", "city", SALT_LAKE_CITY, 10, "Salt Lake City"),
    ("Chicago, IL", "city", (41.878, -87.630), 10, "Chicago"),
    ("Seattle WA", "city", (47.606, -122.332), 10, "Seattle"),
    # Street addresses: offline, the ZIP (or else the city) places them.
    ("100 Congress Ave, Austin, TX 78701", "zip", (30.264, -97.744), 3, "78701"),
    ("501 Chipeta Way, Salt Lake City, UT 84108", "zip", (40.765, -111.835), 5, "84108"),
    ("100 Congress Ave, Austin, TX", "city", AUSTIN, 10, "Austin"),
    # A ZIP written before the city is still a ZIP, not a house number.
    ("84101 Salt Lake City", "zip", (40.756, -111.896), 3, "84101"),
    # A trailing country, as copied from a map application.
    ("Austin, TX, USA", "city", AUSTIN, 10, "Austin"),
    # States and territories typed alone: state precision near the state's middle.
    ("Texas", "state", (31.0, -99.9), 400, "Texas"),  # centre near Brady, TX
    ("TX", "state", (31.0, -99.9), 400, "Texas"),
    ("California", "state", (37.2, -119.4), 400, "California"),  # centre near North Fork
    ("Utah", "state", (39.3, -111.1), 250, "Utah"),
    ("Puerto Rico", "state", (18.22, -66.59), 80, "Puerto Rico"),
    ("District of Columbia", "state", WASHINGTON_DC, 10, "Columbia"),
    ("Kansas", "state", (38.5, -98.4), 250, "Kansas"),  # not Kansas City, Missouri
    ("Oklahoma", "state", (35.6, -97.5), 250, "Oklahoma"),  # the state, not Oklahoma City
]


@pytest.mark.parametrize(
    ("text", "precision", "reference", "tolerance_km", "label"),
    CASES,
    ids=[case[0].strip() for case in CASES],
)
def test_typed_location_is_placed(
    offline_resolver, text, precision, reference, tolerance_km, label
):
    """A typed place lands at the expected precision, near its real-world point."""
    found = offline_resolver.resolve(text)
    assert isinstance(found, GeocodeResult), f"{text!r} gave {found}"
    assert found.precision == precision, f"{text!r} gave {found}"
    distance = km_between((found.lat, found.lon), reference)
    assert distance <= tolerance_km, f"{text!r} is {distance:.1f} km off: {found}"
    assert label in found.label


@pytest.mark.parametrize(
    "spellings",
    [
        ("St. Louis, MO", "Saint Louis, MO", "st louis mo", "ST. LOUIS MO"),
        ("Ft. Worth, TX", "Fort Worth, TX", "ft worth tx"),
        ("Mt. Vernon, NY", "Mount Vernon, NY"),
    ],
)
def test_abbreviated_and_spelled_out_names_meet(offline_resolver, spellings):
    """'St.' and 'Saint' (and 'Ft.'/'Fort', 'Mt.'/'Mount') are the same place."""
    points = {(r.lat, r.lon) for r in map(offline_resolver.resolve, spellings)}
    assert len(points) == 1, points


def test_zip_plus_four_is_the_same_point_as_its_zip(offline_resolver):
    """The +4 suffix changes nothing offline."""
    plain, plus_four = offline_resolver.resolve("10001"), offline_resolver.resolve("10001-1234")
    assert (plain.lat, plain.lon) == (plus_four.lat, plus_four.lon)


NOT_FOUND = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\t\n", id="tab-newline"),
    pytest.param("xyzzy", id="xyzzy"),
    pytest.param("00000", id="zip-00000"),
    pytest.param("99999", id="zip-99999"),
    pytest.param("Autsin, TX", id="typo"),
    pytest.param("x" * 10_000, id="10k-letters"),
    pytest.param("9" * 10_000, id="10k-digits"),
    pytest.param("<script>alert(1)</script>", id="script-tag"),
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_unplaceable_text_is_a_message_not_an_exception(offline_resolver, text):
    """Nonsense, blanks, unknown ZIPs and huge inputs give LocationNotFound with a message."""
    found = offline_resolver.resolve(text)
    assert isinstance(found, LocationNotFound), f"{text[:40]!r} gave {found}"
    assert found.message.strip()
    # The message is shown to a person: it must not echo a 10,000-character paste back.
    assert len(found.message) < 500


def test_misspelt_city_suggests_the_right_one(offline_resolver):
    """'Autsin, TX' is not guessed silently, but 'Austin, TX' is offered."""
    found = offline_resolver.resolve("Autsin, TX")
    assert isinstance(found, LocationNotFound)
    assert "Austin, TX" in found.suggestions


def test_unknown_zip_message_names_the_zip(offline_resolver):
    """A ZIP the offline list lacks is said to be unknown, with advice: a hint, not a place."""
    found = offline_resolver.resolve("00000")
    assert isinstance(found, LocationNotFound)
    assert "00000" in found.message
    assert found.hint == TRY_CITY and TRY_CITY not in found.suggestions


@pytest.mark.parametrize("text", ["00000", "Autsin, TX", "Qwxzv Hollow", "99999"])
def test_every_suggestion_is_a_place_the_resolver_finds(offline_resolver, text):
    """A suggestion becomes a search when pressed: advice among them was searched for as a place."""
    found = offline_resolver.resolve(text)
    assert isinstance(found, LocationNotFound)
    for suggestion in found.suggestions:
        assert not isinstance(offline_resolver.resolve(suggestion), LocationNotFound), suggestion


@pytest.mark.parametrize(
    ("typed", "first", "also"),
    [
        ("Springfield", "Springfield, MO", "Springfield, MA"),
        ("Kansas City", "Kansas City, MO", "Kansas City, KS"),
        ("Portland", "Portland, OR", "Portland, ME"),
    ],
)
def test_a_name_several_sizeable_places_share_asks_which(offline_resolver, typed, first, also):
    from clinic_finder.geocode.types import PlaceChoice

    found = offline_resolver.resolve(typed)
    assert isinstance(found, PlaceChoice)
    assert found.choices[0] == first and also in found.choices and len(found.choices) <= 5
    chosen = offline_resolver.resolve(also)  # a choice resolves as typed
    assert chosen.label == also and chosen.precision == "city"


def test_a_much_smaller_namesake_is_offered_beside_the_answer(offline_resolver):
    found = offline_resolver.resolve("Austin")
    assert found.label == "Austin, TX"
    assert "Austin, MN" in found.alternatives
