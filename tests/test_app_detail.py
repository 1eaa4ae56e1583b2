"""One facility on the page: chosen from the list or the map, described, never run as markup."""

import csv
import html
import io
import json
import re
from collections.abc import Callable

import hsds_strict
import pytest
from apptest import card_names, card_texts, choose, chosen, is_open, run_app, table
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from clinic_finder.search.filters import FilterSet
from clinic_finder.search.index import Query, search
from clinic_finder.show import listing
from clinic_finder.table.load import load_dictionary
from clinic_finder.text.markdown import escape as md
from components import data, facility_detail, map_panel

HOSTILE = "<img src=x onerror=alert(1)>"


def _pick(clinics, status: str):
    """A facility with this licence status, a phone and a published street."""
    rows = clinics[
        (clinics["licence_status"] == status)
        & (clinics["phone"] != "")
        & ~clinics["street_withheld"]
    ]
    return rows.iloc[0].to_dict()


def _texts(at: AppTest) -> list[str]:
    return [
        e.value for kind in ("markdown", "caption", "subheader", "warning") for e in at.get(kind)
    ]


@pytest.mark.parametrize("status", ["expired", "active"])
def test_details_add_to_the_card_and_repeat_only_an_expired_licence(clinics, status):
    """Opened, a card said its OTP listing, its website and its licence twice: once in the card's
    facts and again in its details. Each is said once now; an expired licence is said again as
    a warning, beside the phones."""
    listed = clinics[
        (clinics["licence_status"] == status)
        & clinics["otp_directory"]
        & (clinics["website"] != "")
    ]
    row = (listed if len(listed) else clinics[clinics["licence_status"] == status]).iloc[0]
    at = run_app(near=row["zip"], radius="10", selected=row["id"])
    assert not at.exception and chosen(at) == row["id"]
    said = "\n".join(card_texts(at, row["id"]))
    assert "Address to copy" in said  # the details are read too
    licence = md(listing.licence(row))
    assert said.count(licence) == (2 if status == "expired" else 1)
    otp, site = md(listing.otp_directory(row)), facility_detail.website_link(row)
    for fact in filter(None, [otp, site]):
        assert said.count(fact) == 1, fact
    assert any(filter(None, [otp, site])) or status == "expired"


@pytest.mark.parametrize("status", ["expired", "active", "unknown"])
def test_choosing_a_facility_shows_everything_known_about_it(clinics, status):
    row = _pick(clinics, status)
    at = run_app(near=row["zip"], radius="10", selected=row["id"])
    assert not at.exception
    assert chosen(at) == row["id"] and html.escape(row["name"]) in card_names(at)
    texts = _texts(at)

    # Phones are st.html: markdown would open tel: in a new tab.
    calls = next(h.value for h in at.html if h.value.startswith("<p>Phone: "))
    assert f'<a href="{listing.tel_link(row["phone"])}">' in calls and "target" not in calls
    for intake in row["intake_phones"]:
        assert html.escape(listing.phone(intake)) in calls

    licence = listing.licence(row)
    warnings = [w.value for w in at.warning]
    if status == "expired":
        assert warnings == [md(licence)] and "EXPIRED" in licence
    else:
        assert not warnings
    if status == "active":  # on the card, above the details
        assert licence.endswith(": active") and any(md(licence) in t for t in texts)
    if status == "unknown":
        assert not licence and not any(t.startswith("License") for t in texts)

    links = " ".join(texts)
    for url in listing.directions_links(row).values():
        assert f"]({url})" in links
    grouped = listing.services_by_category(row["services"], load_dictionary())
    assert len(grouped) > 1
    for category, names in grouped.items():
        assert f"*{md(category)}:* " + md(", ".join(names)) in texts


CLICK = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-111.9, 40.7]}}


def _click(at: AppTest, key: str, facility_id: str, count: int) -> AppTest:
    """What streamlit-folium puts under the map's key when a facility is clicked."""
    at.session_state[key] = {
        "last_active_drawing": {**CLICK, "properties": {"id": facility_id}},
        "last_object_clicked_count": count,
    }
    return at.run()


def test_a_click_on_the_map_selects_that_facility_once(offline_resolver, index):
    at = run_app(near="84101", service="KIT")
    point = offline_resolver.resolve("84101")
    key = map_panel.map_key(point.lat, point.lon, 25, ("KIT",), ())
    found = search(index, Query(point.lat, point.lon, 25, (frozenset({"KIT"}),)))
    ids, names = found["id"].tolist(), dict(zip(found["id"], found["name"], strict=True))

    _click(at, key, ids[2], 1)
    assert chosen(at) == ids[2] and is_open(at, ids[2])
    assert html.escape(names[ids[2]]) in card_names(at)

    choose(at, ids[0])  # the old click is not read again
    assert chosen(at) == ids[0]
    _click(at, key, ids[2], 2)  # the same facility clicked again is a new click
    assert chosen(at) == ids[2]

    _click(at, key, "nmhd-not-a-result", 3)  # a stale map's facility changes nothing
    assert chosen(at) == ids[2]
    _click(at, "map_some_earlier_search", ids[1], 4)
    assert chosen(at) == ids[2]
    assert not at.exception


def test_a_card_chosen_on_the_map_beyond_the_first_page_stays_listed_once_closed(
    offline_resolver, index
):
    """Its card is added to the list while open; closed, it stayed out of a list of 20, and
    the keyboard focus that was on its button had nowhere to go."""
    at = run_app(near="84101")
    point = offline_resolver.resolve("84101")
    key = map_panel.map_key(point.lat, point.lon, 25, (), ())
    ids = search(index, Query(point.lat, point.lon, 25, ()))["id"].tolist()
    far = ids[24]  # the 25th: beyond the first page of 20
    assert len(card_names(at)) == 20
    _click(at, key, far, 1)
    assert is_open(at, far) and len(card_names(at)) == 25
    choose(at, far)  # "Hide details"
    assert not is_open(at, far) and chosen(at) == ""
    assert len(card_names(at)) == 25 and any(b.key == f"details_{far}" for b in at.button)
    assert not at.exception


FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def hostile_table(clinics, monkeypatch, index):
    """The app's directory with the nearest ketamine clinic to 84101 renamed to markup, and the
    next one to a spreadsheet formula."""
    table = clinics.copy()
    row = table.index[table["id"] == "nmhd-a1e5662a2d88"][0]
    table.loc[row, "name"] = HOSTILE
    table.loc[row, "name1"] = f"{HOSTILE} Inc"
    point = (table.loc[row, "lat"], table.loc[row, "lon"])
    second = search(index, Query(*point, 25, (frozenset({"KIT"}),)))["id"].iloc[1]
    table.loc[table["id"] == second, "name"] = FORMULA
    monkeypatch.setattr(data, "load_clinics", lambda path=None: table.copy())
    data.clinic_index.clear()
    data.filter_set.clear()
    yield table.loc[row, "id"]
    data.clinic_index.clear()
    data.filter_set.clear()


def test_a_hostile_facility_name_is_shown_as_text(hostile_table):
    at = run_app(near="84101", service="KIT", selected=hostile_table)
    assert card_names(at)[0] == html.escape(HOSTILE) and chosen(at) == hostile_table
    assert not any(re.search(r"(?<!\\)<img", text) for text in _texts(at))  # only as \<img
    assert any(md(HOSTILE) in text for text in _texts(at) if text.startswith("Operated by"))
    map_html = next(e for e in at.main if e.type == "component_instance").proto.json_args
    assert "&lt;img src=x onerror=alert(1)&gt;" in map_html and "<img" not in map_html
    assert table(at)["Facility"].iloc[0] == HOSTILE  # a grid cell: text, never HTML


def test_the_hostile_table_is_gone_after_the_test(index):
    at = run_app(near="84101", service="KIT")
    assert HOSTILE not in table(at)["Facility"].tolist()
    assert len(FilterSet(load_dictionary(), index.codes()).main()) == 13  # + OTP directory


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Callable[[], bytes | str]]:
    """What makes each download button's file, by its file id: the app hands Streamlit a
    function, run when the button is pressed (AppTest cannot press one; the test calls it)."""
    made: dict[str, Callable[[], bytes | str]] = {}
    add = MediaFileManager.add_deferred

    def keep(manager, data_callable, *args, **kwargs):
        file_id = add(manager, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return made


def test_what_a_person_downloads_never_runs(hostile_table, downloads):
    at = run_app(near="84101", service="KIT")
    at.multiselect(key="shortlist").set_value([hostile_table]).run()
    made = {b.label: downloads[b.proto.deferred_file_id]() for b in at.get("download_button")}
    files = {label: d.encode() if isinstance(d, str) else d for label, d in made.items()}
    rows = list(
        csv.DictReader(io.StringIO(files["Download these results (CSV)"].decode("utf-8-sig")))
    )
    names = [r["Facility"] for r in rows]
    assert HOSTILE in names and "'" + FORMULA in names and FORMULA not in names
    page = files["Download call-ahead sheet to print (HTML)"].decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "cost" in page and "REMS" in page  # the ketamine questions: KIT was chosen
    objects = json.loads(files["Download as open data (HSDS 3.0 JSON)"])
    assert [o["service"]["name"] for o in objects] == [r["Facility"].lstrip("'") for r in rows]
    assert all(hsds_strict.errors(o) == [] for o in objects)


def test_a_card_says_who_licenses_it_as_reported_and_the_state_record_apart(clinics):
    both = clinics[
        clinics["licence_number"].ne("") & clinics["services"].map(lambda c: "STAG" in c)
    ].iloc[0]
    at = run_app(near=both["zip"], radius="5", selected=both["id"])
    card = next(m.value for m in at.markdown if both["licence_number"] in m.value)
    assert "License " in card  # the state's record, and beside it what was reported
    reported = [p for p in card.split("\n\n") if "reported to SAMHSA" in p]
    assert any("state substance use agency" in c for c in reported)
