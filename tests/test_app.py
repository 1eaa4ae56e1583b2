"""The minimal page, driven as Streamlit drives it."""

from streamlit.testing.v1 import AppTest

from clinic_finder import paths
from clinic_finder.search import Query, search

APP = str(paths.PROJECT_DIR / "app.py")


def _app():
    return AppTest.from_file(APP, default_timeout=60)


def test_crisis_help_is_shown_before_any_search():
    at = _app().run()
    assert not at.exception
    assert "988" in at.error[0].value and "911" in at.error[0].value


def test_zip_search_lists_the_same_facilities_as_the_core_search(index, offline_resolver):
    at = _app().run()
    at.text_input(key="near").set_value("84101")
    at.multiselect(key="service").set_value(["KIT"])
    at.button[0].click().run()
    assert not at.exception
    point = offline_resolver.resolve("84101")
    expected = search(index, Query.all_of(point.lat, point.lon, 25, ["KIT"]))
    shown = at.dataframe[0].value
    assert shown["Facility"].tolist() == expected["name"].tolist()
    assert "988" in at.error[0].value


def test_unknown_place_gets_a_message_and_suggestions():
    at = _app().run()
    at.text_input(key="near").set_value("Autsin, TX")
    at.button[0].click().run()
    assert not at.exception
    assert "could not find" in at.warning[0].value
