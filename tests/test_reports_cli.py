"""`python -m clinic_finder reports …`: the same store from a terminal, on SQLite and PostgreSQL."""

import csv
import io
import json

import pytest

from clinic_finder.__main__ import main
from clinic_finder.reports.accounts import Accounts
from clinic_finder.reports.rules import NewReport
from clinic_finder.reports.store import ReportStore


@pytest.fixture
def store(engine, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_FINDER_DATABASE_URL", database_url)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("CLINIC_FINDER_DATA_DIR", str(tmp_path / "data"))
    found = ReportStore(engine)
    found.submit(NewReport("nmhd-1", "phone", note="=cmd|' /C calc'!A0"), "v1")
    found.submit(NewReport("nmhd-2", "closed", note="gone\nboarded up"), "v1")
    found.submit(NewReport("nmhd-3", "services", services=("KIT",)), "v2")
    return found


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_prints_every_report(store, capsys):
    code, out, _ = run(capsys, "reports", "list", "--format", "json")
    assert code == 0
    assert [r["listing_id"] for r in json.loads(out)] == ["nmhd-1", "nmhd-2", "nmhd-3"]


def test_accept_and_reject_are_audited_and_write_the_corrections_source(store, capsys, tmp_path):
    code, out, err = run(capsys, "reports", "accept", "2", "--why", "closed per the state",
                         "--by", "ann")  # fmt: skip
    assert code == 0 and json.loads(out)["reviewer"] == "ann"
    written = tmp_path / "data" / "raw" / "corrections" / "corrections.json"
    assert json.loads(written.read_text())["corrections"][0]["kind"] == "closed"
    assert run(capsys, "reports", "reject", "3", "--why", "website lists it", "--by", "bo")[0] == 0
    code, _, err = run(capsys, "reports", "reject", "2", "--why", "again")
    assert code == 2 and "already accepted" in err
    shown = json.loads(run(capsys, "reports", "show", "2")[1])
    assert shown["status"] == "accepted" and shown["decisions"][0]["why"] == "closed per the state"
    assert json.loads(run(capsys, "reports", "list", "--status", "open", "--format", "json")[1])[
        0]["id"] == 1  # fmt: skip


def test_export_writes_csv_and_json_with_formulas_defused(store, capsys, tmp_path):
    run(capsys, "reports", "accept", "1", "--why", "rang", "--phone", "801-555-0100")
    assert run(capsys, "reports", "export", "--out", str(tmp_path / "out"))[0] == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "reports.csv").read_text())))
    assert rows[0]["note"].startswith("'=") and rows[0]["action"] == "accept"
    assert rows[1]["note"] == "gone\nboarded up"
    assert json.loads((tmp_path / "out" / "reports.json").read_text())[0]["note"].startswith("=")


def test_a_reviewer_is_added_with_a_hashed_password(store, capsys, monkeypatch, engine):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert run(capsys, "reports", "reviewer-add", "ann", "--password-stdin")[0] == 0
    assert Accounts(engine).log_in("ann", "a long enough password") is not None
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = run(capsys, "reports", "reviewer-add", "bo", "--password-stdin")
    assert code == 2 and "at least" in err
    with engine.connect() as db:
        stored = db.exec_driver_sql("select password_hash from reviewers").scalar_one()
    assert stored.startswith("$argon2id$")


@pytest.mark.parametrize(
    "url,said",
    [
        ("mysql://ann:secret@db/x", "CLINIC_FINDER_DATABASE_URL='mysql://ann:***@db/x': must be"),
        (
            "postgresql+psycopg://ann:secret@127.0.0.1:1/x",
            "cannot open postgresql+psycopg://ann:***@",
        ),
    ],
)
def test_an_unusable_database_is_one_line_without_its_password(capsys, monkeypatch, url, said):
    monkeypatch.setenv("CLINIC_FINDER_DATABASE_URL", url)
    code, _, err = run(capsys, "reports", "list")
    assert code == 1 and said in err and "secret" not in err
