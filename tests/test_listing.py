"""How one facility is described: call links, directions, licence words."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from clinic_finder.show import listing
from clinic_finder.text import i18n

ROW = {
    "name": "Hope Clinic",
    "street": "1 Main St",
    "street2": "",
    "street_withheld": False,
    "city": "Boise",
    "state": "ID",
    "zip": "83702",
    "lat": 43.6150,
    "lon": -116.2023,
    "precision": "exact",
}


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("510-450-1190", "tel:+1-510-450-1190"),
        ("(510) 923-9600 X250", "tel:+1-510-923-9600;ext=250"),
        ("208.555.0100 ext. 12", "tel:+1-208-555-0100;ext=12"),
        ("2085550100", "tel:+1-208-555-0100"),
        ("1-800-273-8255", "tel:+1-800-273-8255"),
        ("", ""),
        (None, ""),
        ("not published", ""),
        ("988", ""),
        ("555-0100", ""),
        ("913-742HELP", ""),
    ],
)
def test_tel_link(phone, link):
    assert listing.tel_link(phone) == link


@pytest.mark.parametrize(
    ("published", "written"),
    [
        ("787-763-7575 x1523", "787-763-7575 x1523"),  # the Table said 787-763-7575;ext=1523
        ("(510) 923-9600 X250", "510-923-9600 x250"),
        ("208.555.0100 ext. 12", "208-555-0100 x12"),
        ("2085550100", "208-555-0100"),
        ("  913-742HELP ", "913-742HELP"),  # not a number a dialer takes: as published
        ("", ""),
        (None, ""),
    ],
)
def test_a_phone_is_written_one_way_for_every_view(published, written):
    assert listing.phone(published) == written


def _destinations(row) -> tuple[str, str]:
    links = listing.directions_links(row)
    osm = parse_qs(urlsplit(links["OpenStreetMap directions"]).query)["to"][0]
    geo = unquote(links["Open in a maps app"].split("?q=", 1)[1])
    return osm, geo


def test_an_exact_facility_is_sent_by_its_coordinates():
    osm, geo = _destinations(ROW)
    assert osm == "43.615000,-116.202300"
    assert geo == "43.615000,-116.202300(Hope Clinic)"


@pytest.mark.parametrize("withheld", [False, True])
@pytest.mark.parametrize("precision", ["zip", "city", "state"])
def test_an_approximate_facility_never_sends_its_centre_as_the_destination(precision, withheld):
    row = {**ROW, "precision": precision, "street_withheld": withheld}
    for destination in _destinations(row):
        assert "43.615" not in destination and "Boise, ID 83702" in destination
        assert ("1 Main St" in destination) != withheld
        assert "withheld" not in destination  # not a place a map app can find


def test_every_approximate_facility_in_the_table_is_sent_by_its_written_address(clinics):
    rows = clinics[~clinics["precision"].isin(["exact", "street"])].to_dict("records")
    for row in rows:
        for destination in _destinations(row):
            assert f"{row['lat']:.6f}" not in destination and "withheld" not in destination


def test_licence_words():
    record = {
        "licence_number": "010001AN",
        "licence_type": "Licensed and Certified",
        "licence_expires": "2027-10-31",
        "licence_status": "active",
    }
    assert listing.licence(record) == (
        "License 010001AN (Licensed and Certified), expires 2027-10-31: active"
    )
    expired = listing.licence({**record, "licence_status": "expired"})
    assert expired.endswith("EXPIRED — check with the state before relying on it")
    assert listing.licence({**record, "licence_status": "unknown"}).endswith("2027-10-31")
    assert listing.licence({"licence_number": "X1", "licence_type": ""}) == "License X1"
    assert listing.licence({"licence_number": "", "licence_status": "active"}) == ""
    assert listing.licence({}) == ""


def test_address_says_when_the_street_is_withheld():
    assert listing.address(ROW) == "1 Main St, Boise, ID 83702"
    withheld = listing.address({**ROW, "street_withheld": True})
    assert withheld == "street address withheld by the facility, Boise, ID 83702"


@pytest.mark.parametrize(
    ("precision", "miles", "said"),
    [
        ("exact", 0.04, "0.0 mi"),
        ("street", 3.24, "3.2 mi"),
        ("zip", 0.0, "in this ZIP area"),
        ("city", 0.01, "in this city area"),
        ("zip", 0.3, "under 1 mi"),
        ("zip", 3.4, "about 3 mi"),
        ("zip", 0.6, "about 1 mi"),
    ],
)
def test_distances_to_approximate_points_read_as_approximate(precision, miles, said):
    assert listing.distance({"precision": precision, "distance_mi": miles}) == said


@pytest.mark.parametrize(
    ("lang", "miles", "said"),
    [
        ("en", 0.6, "about 1 mi"),
        ("en", 2.2, "about 2 mi"),
        ("es", 0.6, "alrededor de 1 mi"),  # was "unas 1 mi"
        ("es", 1.4, "alrededor de 1 mi"),
        ("es", 2.2, "unas 2 mi"),
    ],
)
def test_an_approximate_distance_takes_the_plural_of_its_number(lang, miles, said):
    row = {"precision": "zip", "distance_mi": miles}
    assert listing.distance(row, i18n.translator(lang)) == said


def test_plurals_and_key_services_from_an_iterator():
    assert listing.plural(1, "{count} facility", "{count} facilities") == "1 facility"
    assert listing.plural(1204, "{count} facility", "{count} facilities") == "1,204 facilities"
    assert listing.key_services(iter(["KIT", "TMS"])) == "Ketamine infusion, TMS"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_reported_credentials_name_each_state_body_once_after_one_phrase(lang):
    t = i18n.translator(lang)
    said = listing.credentials({"STAG", "STMH", "STDH", "HLA", "CARF"}, ["2024", "2023"], t)
    opening = t.gettext("Licensed or certified by {bodies}").split("{")[0]
    assert said.count(opening) == 1
    for body in listing.STATE_AGENCY_WORDS.values():
        assert t.gettext(body) in said
    assert t.gettext(listing.STATE_AUTHORITY_WORDS["HLA"]) in said
    assert said.endswith(
        ("(reported to SAMHSA, 2023 and 2024)", "(informado a SAMHSA, 2023 y 2024)")
    )
    assert listing.credentials({"DEA"}, [], t) == t.gettext(
        "{credentials} (reported to SAMHSA)"
    ).format(credentials=t.gettext("DEA-registered"))
