"""Issue 25 end to end in Chromium: a person reports a listing by keyboard; the server is killed
with SIGKILL right after the thanks, started again, and the report is there; a reviewer logs in
at /review and accepts it; the corrections source is written for the next build."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_finder import paths
from clinic_finder.reports.accounts import Accounts
from clinic_finder.reports.engine import make_engine, migrate
from clinic_finder.reports.store import ReportStore
from harness.live_app import OFFLINE_ENV
from serve import apps
from tests.e2e.settle import TIMEOUT_MS, settled, watched_page

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough password"
SHOTS = Path(os.environ.get("CLINIC_FINDER_SHOTS", "/tmp/clinic-finder-shots"))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """The served files, read where they are; a raw/ of its own for the corrections source."""
    served = tmp_path / "data"
    (served / "raw").mkdir(parents=True)
    for name in ("clinics.parquet", "service_codes.csv", "build_report.json"):
        (served / name).symlink_to(paths.DATA_DIR / name)
    return served


def start(port: int, env: dict, log: Path) -> subprocess.Popen:
    process = apps.start(port, log, env=env)
    try:
        apps.wait_ready(port, process)
    except apps.AppFailed as error:
        process.kill()
        raise AssertionError(f"{error}: {log.read_text()[-2000:]}") from error
    return process


def reports_json(env: dict) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "clinic_finder", "reports", "list", "--format",
                          "json"], env={**os.environ, **env}, cwd=apps.PROJECT_DIR,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout)


def tab_to(page, label: str, presses: int = 30) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.innerText?.trim() ?? ''") == label:
            return
    raise AssertionError(f"no {label!r} within {presses} Tab presses")


@pytest.mark.parametrize("width,lang", [(1366, "en"), (390, "es")])
def test_report_kill_restart_review(browser, tmp_path, data_dir, width, lang):
    url = f"sqlite:///{tmp_path / 'reports.sqlite'}"
    env = {**OFFLINE_ENV, "CLINIC_FINDER_DATABASE_URL": url,
           "CLINIC_FINDER_DATA_DIR": str(data_dir)}  # fmt: skip
    engine = make_engine(url)
    migrate(engine)
    Accounts(engine).add("ann", PASSWORD)
    port = apps.free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(port, env, tmp_path / "first.log")
    words = {
        "en": ("Report a problem with this listing", "What is wrong?", "Send report", "Thank you",
               "Details"),
        "es": ("Informar de un problema con este centro", "¿Qué está mal?", "Enviar informe",
               "Gracias", "Detalles"),
    }  # fmt: skip
    report_label, question, send_label, thanks, details = words[lang]
    viewport = {"width": width, "height": 768 if width > 800 else 844}
    context, page = watched_page(browser, viewport=viewport)
    try:
        page.goto(f"{base}/?near=84101&radius=25&lang={lang}")
        page.locator("a.card-call").first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        # From the first card's Details button, by keyboard only.
        page.locator("[class*='st-key-details_'] button:visible").first.focus()
        tab_to(page, report_label, 3)
        page.keyboard.press("Enter")
        page.get_by_text(question).wait_for(timeout=TIMEOUT_MS)
        settled(page)
        page.keyboard.press("Tab")  # the first reason: the phone
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.type("Rang twice; <b>no answer</b>")
        tab_to(page, send_label, 5)
        page.screenshot(path=str(SHOTS / f"report-form-{width}.png"), full_page=False)
        page.keyboard.press("Enter")
        page.get_by_text(thanks, exact=False).first.wait_for(timeout=TIMEOUT_MS)
        settled(page)
        # The form is gone: focus is back on the card's own Details button, not the page top.
        page.wait_for_function(
            "(label) => document.activeElement?.innerText?.trim() === label", arg=details,
            timeout=TIMEOUT_MS,
        )  # fmt: skip
        assert "near=84101" in page.url  # the search is as it was
        page.screenshot(path=str(SHOTS / f"report-thanks-{width}.png"), full_page=False)
        os.kill(process.pid, signal.SIGKILL)  # right after the thanks
        process.wait(timeout=30)
        process = start(port, env, tmp_path / "second.log")
        stored = reports_json(env)
        assert [(r["reason"], r["note"], r["status"]) for r in stored] == [
            ("phone", "Rang twice; <b>no answer</b>", "open")]  # fmt: skip
        # The reviewer, by keyboard too.
        page.goto(f"{base}/review/")
        page.get_by_label("Name").wait_for(timeout=TIMEOUT_MS)
        page.keyboard.press("Tab")
        page.keyboard.type("ann")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.get_by_text("Rang twice; <b>no answer</b>").wait_for(timeout=TIMEOUT_MS)
        page.get_by_role("link", name=str(stored[0]["id"]), exact=True).click()
        page.get_by_label("What you checked").fill("Rang it: the number is disconnected.")
        page.get_by_label("The right phone number").fill("801-555-0100")
        page.screenshot(path=str(SHOTS / f"review-{width}.png"), full_page=True)
        page.get_by_role("button", name="Accept: correct the listing").click()
        page.get_by_text("accepted by ann").wait_for(timeout=TIMEOUT_MS)
        decided = ReportStore(engine).get(stored[0]["id"])
        assert decided.status == "accepted" and decided.decisions[0]["via"] == "review"
        written = json.loads((data_dir / "raw" / "corrections" / "corrections.json").read_text())
        assert written["corrections"][0]["phone"] == "801-555-0100"
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=30)
