"""The new listing facts in words and links: at its door, the OTP directory, the website."""

from clinic_finder.show import listing
from clinic_finder.text.i18n import translator
from components.facility_detail import website_link

ROW = {"precision": "street", "street_withheld": False, "otp_directory": True,
       "website": "http://www.pcc4me.com/about"}  # fmt: skip


def test_a_street_point_says_at_its_street_address_and_a_centre_says_nothing():
    assert listing.placement(ROW) == "at its street address"
    assert listing.placement({**ROW, "precision": "zip"}) == ""
    assert listing.placement({**ROW, "street_withheld": True}) == ""


def test_the_otp_fact_is_worded_and_its_absence_is_not_uncertified():
    assert listing.otp_directory(ROW) == (
        "SAMHSA-certified opioid treatment program (OTP directory, 2021)"
    )
    assert listing.otp_directory({**ROW, "otp_directory": False}) == ""
    spanish = listing.otp_directory(ROW, translator("es"))
    assert spanish.startswith("Programa de tratamiento de opioides certificado por SAMHSA")


def test_the_website_link_is_escaped_safe_and_shows_the_site_s_own_host():
    link = website_link(ROW)
    assert 'href="http://www.pcc4me.com/about"' in link
    assert 'rel="noopener noreferrer"' in link and 'target="_blank"' in link
    assert ">pcc4me.com</a>" in link
    assert website_link({**ROW, "website": "javascript:alert(1)"}) == ""
    assert website_link({**ROW, "website": ""}) == ""
    # Anything that reached the table unchecked is checked again, and escaped.
    assert website_link({**ROW, "website": 'http://x.org/"><script>'}) == ""
