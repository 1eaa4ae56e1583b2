"""The shared link: what it carries survives a round trip; anything unusable is a quiet notice."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_finder.formats.share import MAX_NEAR_CHARS, MAX_VALUES, SharedSearch, parse_params
from clinic_finder.search.filters import LICENCE_FILTER
from clinic_finder.text import i18n

CODES = ("KIT", "TMS", "MH", "OP", "MD", "SP", "F17")


def _parse(params: dict) -> tuple[SharedSearch, list[str]]:
    return parse_params(params, CODES, LICENCE_FILTER)


def _get_all(params: dict) -> dict[str, list[str]]:
    """What `st.query_params.get_all` gives for each name the app wrote."""
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


# No surrogates: a browser's address bar cannot hold them.
_text = st.characters(blacklist_categories=("Cs",))
searches = st.builds(
    SharedSearch,
    near=st.text(_text, max_size=MAX_NEAR_CHARS).map(str.strip),
    radius=st.integers(1, 500),
    services=st.lists(st.sampled_from(CODES), unique=True).map(tuple),
    licence=st.lists(st.sampled_from(list(LICENCE_FILTER)), unique=True).map(tuple),
    selected=st.text(_text, max_size=64).map(str.strip),
)


@given(searches)
def test_a_search_survives_the_link(search):
    assert _parse(_get_all(search.to_params())) == (search, [])


@given(searches)
def test_a_search_survives_url_encoding(search):
    query = urlencode(search.to_params(), doseq=True)
    assert _parse(parse_qs(query, keep_blank_values=True)) == (search, [])


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("http://127.0.0.1:8501", "http://127.0.0.1:8501/?near=Columbus%2C+OH&service=KIT"),
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501/?near=Columbus%2C+OH&service=KIT"),
        ("https://find.example/care/?near=84101#map",
         "https://find.example/care/?near=Columbus%2C+OH&service=KIT"),
    ],
)  # fmt: skip
def test_the_shared_link_is_the_page_s_address_with_this_search(page, link):
    search = SharedSearch(near="Columbus, OH", services=("KIT",))
    assert search.link(page) == link
    assert _parse(parse_qs(urlsplit(link).query)) == (search, [])


def test_the_default_search_is_an_empty_link():
    assert SharedSearch().to_params() == {}
    assert _parse({}) == (SharedSearch(), [])


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        ("0", 1),
        ("-5", 1),
        ("1e9", 500),
        ("abc", 25),
        ("", 25),
        ("nan", 25),
        ("inf", 25),
        ("1e400", 25),
        ("2.6", 3),
        (" 40 ", 40),
    ],
)
def test_a_bad_radius_is_clamped_with_a_notice(radius, expected):
    shared, notices = _parse({"radius": [radius]})
    assert shared.radius == expected
    assert len(notices) == (radius.strip() != str(expected))


def test_unknown_settings_services_and_licences_are_dropped_with_notices():
    shared, notices = _parse(
        {
            "near": ["84101"],
            "colour": ["red"],
            "service": ["kit", "NOPE,tms", "KIT"],
            "licence": ["ACTIVE", "forged"],
        }
    )
    assert shared == SharedSearch(near="84101", services=("KIT", "TMS"), licence=("active",))
    assert len(notices) == 3
    assert any("colour" in n for n in notices) and any("NOPE" in n for n in notices)
    assert any("forged" in n for n in notices)


def test_an_overlong_place_is_ignored_and_long_lists_are_cut():
    shared, notices = _parse({"near": ["x" * (MAX_NEAR_CHARS + 1)]})
    assert shared.near == "" and notices
    many = ["KIT"] * MAX_VALUES + ["TMS"]
    shared, notices = _parse({"service": many, "near": ["84101"] * MAX_VALUES})
    assert shared.services == ("KIT",) and notices == [
        f"Only the first {MAX_VALUES} of each of service were read."
    ]


@pytest.mark.parametrize(
    ("radius", "said"),
    [
        ("0", "adjusted to 1 mile (1–500)"),
        ("0.4", "adjusted to 1 mile (1–500)"),
        ("900", "adjusted to 500 miles"),
    ],
)
def test_a_clamped_radius_is_said_with_the_plural_of_its_number(radius, said):
    _, notices = _parse({"radius": [radius]})
    assert len(notices) == 1 and said in notices[0]
    assert "1 milla (1–500)" in i18n.say(i18n.translator("es"), notices[0]) or radius == "900"


@pytest.mark.parametrize("radius", ["1", "2"])
def test_a_radius_in_range_is_taken_without_a_notice(radius):
    shared, notices = _parse({"radius": [radius]})
    assert shared.radius == int(radius) and not notices


def test_notices_quote_hostile_values_only_briefly():
    _, notices = _parse({"service": ["<script>" * 50], "x" * 500: ["1"]})
    assert all(len(n) < 150 for n in notices)


def test_a_single_string_is_read_as_one_value():
    assert _parse({"near": "Boise, ID", "service": "KIT"})[0].services == ("KIT",)
