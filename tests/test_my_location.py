"""A person's own position: read safely from whatever the browser sends, searched from, kept out
of the link (unless shared, rounded), the logs and the downloads; a place typed replaces it."""

from dataclasses import replace

import pytest
from apptest import notices, run_app, shared_link
from nominatim_stub import assert_never_quoted

from clinic_finder.formats.share import SharedSearch, parse_params
from clinic_finder.geocode.here import FAILURES, Here, from_browser, parse_coordinates
from clinic_finder.search.index import Query, search

HERE = Here(40.7612345, -111.8912345, 32.4)  # beside the Salt Lake City library


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"lat": 40.5, "lon": -111.9, "accuracy": 12}, Here(40.5, -111.9, 12.0)),
        ({"error": "denied"}, FAILURES["denied"]),
        ({"error": "unavailable"}, FAILURES["unavailable"]),
        ({"error": "timeout"}, FAILURES["timeout"]),
        ({"error": "<b>odd</b>"}, FAILURES["unavailable"]),
        ({"lat": 91, "lon": 0, "accuracy": 5}, FAILURES["unavailable"]),
        ({"lat": "NaN", "lon": 0, "accuracy": 5}, FAILURES["unavailable"]),
        ({"lat": 40, "lon": -111, "accuracy": -1}, FAILURES["unavailable"]),
        ({"lat": 40, "lon": -111}, FAILURES["unavailable"]),
        ({"lat": [1], "lon": {}, "accuracy": 5}, FAILURES["unavailable"]),
        (None, FAILURES["unavailable"]),
        ("40,-111", FAILURES["unavailable"]),
    ],
)
def test_whatever_the_browser_sends_is_a_position_or_a_one_line_notice(payload, expected):
    found = from_browser(payload)
    assert found == expected
    assert isinstance(found, Here) or "\n" not in found


@pytest.mark.parametrize(
    ("accuracy", "words"),
    [
        (4, "±10 ft"),
        (30, "±100 ft"),
        (32.4, "±110 ft"),
        (300, "±980 ft"),
        (304, "±0.2 mi"),  # 997 ft: miles from 1,000 ft, as the radius and the distances are
        (2460, "±1.5 mi"),
        (20_000, "±12 mi"),  # a computer placed by its network
        (2_000_000, "±1,243 mi"),
    ],
)
def test_the_label_says_how_sure_never_where(accuracy, words):
    label = Here(40.7612345, -111.8912345, accuracy).label()
    assert label == f"your location (about {words})" and "40.7" not in label


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("40.761,-111.891", (40.761, -111.891)),
        (" 40.761 , -111.891 ", (40.761, -111.891)),
        ("-33.9,151.2", (-33.9, 151.2)),
        ("1,2", None),  # more likely a slip than a place at sea
        ("91.0,0.0", None),
        ("40.7,-181.0", None),
        ("84101", None),
        ("40.761,-111.891,3", None),
    ],
)
def test_coordinates_in_text(text, point):
    assert parse_coordinates(text) == point


def test_the_link_leaves_the_position_out_unless_shared_then_rounded():
    searched = SharedSearch(near="", here=HERE, services=("KIT",))
    assert "near" not in searched.to_params()
    assert replace(searched, share_here=True).to_params()["near"] == "40.761,-111.891"
    assert SharedSearch(near="84101").to_params()["near"] == "84101"
    shared, said = parse_params({"near": ["40.761,-111.891"]}, [], [])
    assert shared.near == "40.761,-111.891" and shared.here is None and said == []


def test_a_shared_place_opens_the_same_search(index):
    at = run_app(near="40.761,-111.891", service="KIT")
    found = search(index, Query.all_of(40.761, -111.891, 25, ["KIT"]))
    assert any(f"{len(found)} facilities within 25 miles" in m.value for m in at.markdown)
    assert any("40.761, -111.891" in m.value for m in at.markdown)


def _from_here(at, share: bool = False):
    """What the button's callback writes when the browser answers (AppTest cannot press it:
    tests/e2e/test_my_location.py presses it in Chromium)."""
    at.session_state["_search"] = replace(
        at.session_state["_search"], here=HERE, near="", share_here=share
    )
    return at.run()


def _secret_parts() -> list[str]:
    # The position beyond the shared link's 3 decimals, however it might be written out.
    return ["40.7612", "111.8912", "40.76123", "111.89123"]


def test_searching_from_here_keeps_the_place_private(index, debug_logs):
    at = _from_here(run_app(service="KIT"))
    assert not at.exception
    found = search(index, Query.all_of(HERE.lat, HERE.lon, 25, ["KIT"]))
    summary = f"{len(found)} facilities within 25 miles** of your location \\(about ±110 ft\\)"
    assert any(summary in m.value for m in at.markdown)
    assert "near" not in at.query_params
    shared = shared_link(at)
    assert "near" not in shared and "service=KIT" in shared
    assert any(c.value.endswith("not your location.") for c in at.caption)
    texts = [debug_logs.text, *(r.getMessage() for r in debug_logs.records)]
    texts += [e.value for e in at.main if hasattr(e, "value") and isinstance(e.value, str)]
    assert not any(part in text for part in _secret_parts() for text in texts)
    assert_never_quoted(debug_logs)


def test_sharing_puts_the_rounded_place_in_the_link():
    at = _from_here(run_app())
    at.checkbox(key="share_here").check().run()
    assert at.query_params["near"] in (["40.761,-111.891"], "40.761,-111.891")
    assert at.session_state["_search"].here == HERE
    at.checkbox(key="share_here").uncheck().run()
    assert "near" not in at.query_params


def test_typing_a_place_replaces_the_position():
    at = _from_here(run_app())
    at.text_input(key="near").input("84101").run()
    search = at.session_state["_search"]
    assert search.here is None and not search.share_here and search.near == "84101"
    assert at.query_params["near"] in ("84101", ["84101"])
    assert not any("your location" in m.value for m in at.markdown)


def test_a_failed_request_keeps_the_box_and_says_one_line():
    """The callback's notice, as the button's failure leaves it (pressing is in the e2e test)."""
    at = run_app(near="84101")
    at.session_state["_notices"] = [FAILURES["denied"]]
    at.run()
    assert notices(at) == [FAILURES["denied"]]
    assert at.text_input(key="near").value == "84101"
