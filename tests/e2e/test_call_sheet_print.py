"""The call-ahead sheet printed by Chromium on A4 and Letter: few pages, no card cut in two.

Printed with `page.pdf` (Chromium's own print path) and read back page by page with pypdf.
A card is whole when its first question and its notes line are on the page that shows its
heading: every page holds as many headings as first questions and notes lines.
"""

import io
import re

import pytest
from pypdf import PdfReader

from clinic_finder import paths
from clinic_finder.formats import call_sheet
from clinic_finder.search.index import Query, search
from clinic_finder.table.sources import registry

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

pytestmark = pytest.mark.e2e

PAPERS = {"A4": 210, "Letter": 215.9}  # width in mm
FIRST_QUESTION = call_sheet.HOURS.split(":")[0]  # "Hours are not published"
NOTES = "Notes, and when I called"


def _rows(index, resolver, near, radius, services, count):
    point = resolver.resolve(near)
    found = search(index, Query.all_of(point.lat, point.lon, radius, services))
    assert len(found) >= count
    return found.head(count).to_dict("records")


def _pages(browser, page_html: str, paper: str, tmp_path, name: str) -> list[str]:
    context = browser.new_context()
    page = context.new_page()
    page.set_content(page_html)
    pdf = page.pdf(format=paper, print_background=True)
    (tmp_path / f"{name}-{paper}.pdf").write_bytes(pdf)
    context.close()
    return [_plain(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _check_whole_cards(pages: list[str], rows) -> None:
    for number, text in enumerate(pages, start=1):
        cards = text.count(FIRST_QUESTION)
        assert cards == text.count(NOTES), f"page {number} holds part of a card"
    for number, row in enumerate(rows, start=1):
        heading = _plain(f"{number}. {row['name']}")
        on = [p for p, text in enumerate(pages) if heading in text]
        assert len(on) == 1, f"card {number} heading on pages {on}"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(
    ("near", "radius", "services"),
    [("84101", 25, ["KIT"]), ("10001", 10, ["MM"]), ("90012", 25, ["TMS"])],
)
def test_three_facilities_print_on_one_or_two_pages(
    browser, index, offline_resolver, tmp_path, paper, near, radius, services
):
    rows = _rows(index, offline_resolver, near, radius, services, 3)
    sheet = call_sheet.html_page(rows, near, "2026-11-30", services, report=REPORT)
    pages = _pages(browser, sheet, paper, tmp_path, near)
    assert 1 <= len(pages) <= 2, f"{len(pages)} pages on {paper}"
    _check_whole_cards(pages, rows)
    assert "988" in pages[0] and "911" in pages[0]
    assert all(text.count(FIRST_QUESTION) for text in pages)  # no page of leftovers only


@pytest.mark.parametrize("paper", PAPERS)
def test_twenty_facilities_never_cut_a_card(browser, index, offline_resolver, tmp_path, paper):
    rows = _rows(index, offline_resolver, "10001", 10, ["MM"], 20)
    page_html = call_sheet.html_page(rows, "10001", "2026-11-30", ["MM", "BU"], report=REPORT)
    pages = _pages(browser, page_html, paper, tmp_path, "twenty")
    _check_whole_cards(pages, rows)
    assert sum(text.count(FIRST_QUESTION) for text in pages) == 20


@pytest.mark.parametrize("paper", PAPERS)
def test_nothing_is_wider_than_the_paper(browser, index, offline_resolver, paper):
    """Laid out for print at the paper's width less its margins, nothing overflows sideways."""
    rows = _rows(index, offline_resolver, "84101", 25, ["KIT"], 3)
    long = {**rows[0], "name": "Ketamine" * 30, "street": "x" * 300}  # one unbroken word
    context = browser.new_context()
    page = context.new_page()
    width_px = round((PAPERS[paper] - 2 * 12) / 25.4 * 96)
    page.set_viewport_size({"width": width_px, "height": 1000})
    page.emulate_media(media="print")
    page.set_content(
        call_sheet.html_page([long, *rows[1:]], "84101", "2026-11-30", ["KIT"], report=REPORT)
    )
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0, f"{overflow} px wider than {paper}"
