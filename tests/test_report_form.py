"""The report form on the page (AppTest): sent, thanked, said on the card, the search kept."""

import pytest
from apptest import run_app

from clinic_finder.reports.engine import make_engine
from clinic_finder.reports.store import ReportStore
from components import data, medicines


def report_buttons(at) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith("report_")]


def send(at, listing_id: str, reason: str | None, note: str = "") -> None:
    at.button(key=f"report_{listing_id}").click().run()
    if reason is not None:
        at.radio(key=f"report_reason_{listing_id}").set_value(reason)
    at.text_area(key=f"report_note_{listing_id}").input(note)
    submit = [
        b for b in at.button if (b.key or "").startswith(f"FormSubmitter:report_form_{listing_id}")
    ]
    submit[0].click().run()


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test's database setting read afresh (the page keeps its settings per process)."""
    for cached in (data.settings, data.reports_opener):
        cached.clear()
    yield
    for cached in (data.settings, data.reports_opener):
        cached.clear()


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'reports.sqlite'}"
    monkeypatch.setenv("CLINIC_FINDER_DATABASE_URL", url)
    return url


def test_a_medicine_chosen_as_one_choice_is_named_as_one_in_the_form(database):
    """One tap on "Buprenorphine" chooses its eight codes: the form read "It doesn't offer the
    care I chose (Buprenorphine maintenance, Prescribes buprenorphine, ...)", eight names for
    one choice. A code chosen on its own is still named."""
    whole = medicines.codes(data.filter_set(), "buprenorphine")
    assert len(whole) > 1
    at = run_app(near="84101", radius="25", service=[*whole, "KIT"])
    listing_id = report_buttons(at)[0].removeprefix("report_")
    at.button(key=f"report_{listing_id}").click().run()
    options = at.radio(key=f"report_reason_{listing_id}").options
    assert "It doesn't offer the care I chose (Buprenorphine, Ketamine infusion)" in options


def test_a_report_is_stored_thanked_and_said_on_the_card(database):
    at = run_app(near="84101", radius="25", service=["KIT", "MD"])
    listing_id = report_buttons(at)[0].removeprefix("report_")
    reasons = at.button(key=f"report_{listing_id}")
    assert reasons.label == "Report a problem with this listing"
    at.button(key=f"report_{listing_id}").click().run()
    options = at.radio(key=f"report_reason_{listing_id}").options
    assert "It doesn't offer the care I chose (Ketamine infusion)" in options
    assert "It doesn't take the payment I chose (Medicaid)" in options
    at.button(key=f"report_{listing_id}").click().run()  # closed again
    send(at, listing_id, "phone", "rang twice <b>no answer</b>")
    assert not at.exception
    assert at.success[0].value.startswith("Thank you")
    said = [c.value for c in at.caption if "reported" in c.value]
    assert said and "1 person reported the phone didn't work on" in said[0]
    assert "(not yet checked)" in said[0]
    search = at.session_state["_search"]
    assert (search.near, search.services) == ("84101", ("KIT", "MD"))
    stored = ReportStore(make_engine(database)).find()
    assert [(r.listing_id, r.reason, r.note) for r in stored] == [
        (listing_id, "phone", "rang twice <b>no answer</b>")]  # fmt: skip


def test_no_reason_chosen_sends_nothing(database):
    at = run_app(near="84101", radius="25")
    listing_id = report_buttons(at)[0].removeprefix("report_")
    send(at, listing_id, None)
    assert "Please choose what is wrong" in at.warning[0].value
    assert ReportStore(make_engine(database)).find() == []


def test_spanish_form(database):
    at = run_app(near="84101", radius="25", lang="es")
    listing_id = report_buttons(at)[0].removeprefix("report_")
    assert at.button(key=f"report_{listing_id}").label == "Informar de un problema con este centro"
    send(at, listing_id, "closed")
    assert at.success[0].value.startswith("Gracias")
    assert any("aún sin comprobar" in c.value for c in at.caption)


def test_a_database_that_cannot_be_written_says_not_saved_and_the_page_works(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the database's folder should be
    monkeypatch.setenv("CLINIC_FINDER_DATABASE_URL", f"sqlite:///{blocked}/reports.sqlite")
    at = run_app(near="84101", radius="25")
    listing_id = report_buttons(at)[0].removeprefix("report_")
    send(at, listing_id, "phone")
    assert not at.exception
    assert at.warning[0].value.startswith("Not saved: reports cannot be stored")
    assert len(report_buttons(at)) >= 10  # the cards are all still there
