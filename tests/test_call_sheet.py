"""The call-ahead sheet: the right questions for the care chosen, every value escaped, 988 first."""

import pytest

from clinic_finder import paths
from clinic_finder.formats import call_sheet
from clinic_finder.table.sources import registry

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

HOSTILE = "<img src=x onerror=alert(1)> \"quoted\" & 'single'"


@pytest.mark.parametrize(
    ("chosen", "offered", "asks", "never"),
    [
        ((), ("KIT", "MM"), call_sheet.EVERYONE, call_sheet.KETAMINE + call_sheet.OPIOID),
        (("KIT",), ("KIT",), call_sheet.KETAMINE + call_sheet.ESKETAMINE, call_sheet.OPIOID),
        (("TMS",), ("TMS", "KIT"), call_sheet.ESKETAMINE, call_sheet.KETAMINE),
        (("MM",), ("MM", "OTP"), call_sheet.OPIOID, call_sheet.KETAMINE + call_sheet.ESKETAMINE),
        (("BWN", "KIT"), ("BWN",), call_sheet.OPIOID, call_sheet.KETAMINE),  # KIT not offered
        (("NU",), ("OTP",), (), call_sheet.OPIOID),  # chosen, but not offered here
    ],
)
def test_questions_follow_the_care_chosen_and_offered(chosen, offered, asks, never):
    asked = call_sheet.questions(chosen, offered)
    assert asked[: 1 + len(call_sheet.EVERYONE)] == [call_sheet.HOURS, *call_sheet.EVERYONE]
    assert all(q in asked for q in asks)
    assert not any(q in asked for q in never)


@pytest.fixture(scope="module")
def rows(clinics):
    picked = clinics[clinics["services"].map(lambda c: "KIT" in c)].head(3)
    return picked.assign(distance_mi=[1.0, 2.5, 7.25]).to_dict("records")


def test_every_value_from_the_data_is_escaped(rows):
    hostile = [
        {
            **rows[0],
            "name": HOSTILE,
            "street": HOSTILE,
            "phone": HOSTILE,
            "intake_phones": [HOSTILE],
        }
    ]
    page = call_sheet.html_page(hostile, HOSTILE, HOSTILE, ("KIT",), report=REPORT)
    assert "<img" not in page and "<script" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#x27;") >= 4


def test_a_card_per_facility_with_its_phones_and_room_to_write(rows):
    page = call_sheet.html_page(rows, "84101", "2026-11-30", ("KIT",), report=REPORT)
    assert page.count("<section class='card'>") == 3
    for number, row in enumerate(rows, start=1):
        assert f"{number}. " in page and row["phone"] in page
    assert page.count("<td class='a'></td>") == 3 * len(call_sheet.questions(["KIT"], ["KIT"]))
    assert page.count("Hours are not published") == 3
    assert 'href="tel:+1-' in page


def test_the_crisis_card_comes_first(rows):
    page = call_sheet.html_page(rows, "84101", "2026-11-30", report=REPORT)
    crisis = page.index("class='crisis'")
    assert crisis < page.index("class='card'")
    card = page[crisis : page.index("</section>", crisis)]
    for words in ("988", "press 1 for veterans", "2 for Spanish", "Text 988", "911"):
        assert words in card


def test_cards_stay_whole_when_printed(rows):
    page = call_sheet.html_page(rows, "84101", "2026-11-30", report=REPORT)
    assert "break-inside: avoid" in page and "@page" in page and "<script" not in page
    assert "http" not in page.split("<footer>")[0].replace('href="tel:', "")  # loads nothing
