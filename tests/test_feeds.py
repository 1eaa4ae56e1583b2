"""HSDS publishers in: an API's pages, files and tabular folders read against a publisher on
127.0.0.1; bad feeds refused as a whole (page loop, cap, trickle, HTML) or object by object
(schema, huge text), each with its reason; the mapping of names, phones, points and terms."""

import csv
import json
from pathlib import Path

import pytest

from clinic_finder.table import hsds_ids
from clinic_finder.table.feeds import api, files, publishers
from clinic_finder.table.feeds.http import FeedError, Fetcher, Limits
from clinic_finder.table.feeds.mapping import map_objects
from tests.feed_objects import broken, many, sal, uid
from tests.feeds_server import serving

FAST = Limits(min_interval=0, retries=1, backoff=0.01, total_timeout=5, read_timeout=5)
EXAMPLE = Path(__file__).parent / "hsds" / "example_service_at_location_full.json"


def test_an_api_is_walked_page_by_page_following_total_pages():
    with serving() as (base, pub):
        pub.api("/service_at_locations", many(250))
        fetcher = Fetcher(FAST)
        got = list(api.walk(base, fetcher))
    assert [o["id"] for o in got] == [o["id"] for o in many(250)]
    assert fetcher.requests_made == 1 + 3  # which endpoint, then 3 pages of 100


def test_services_are_walked_where_service_at_locations_are_not_served():
    services = [
        {**o["service"], "service_at_locations": [{"id": o["id"], "location": o["location"]}]}
        for o in many(3)
    ]
    with serving() as (base, pub):
        pub.api("/services", services)
        got = list(api.walk(base, Fetcher(FAST)))
    mapped = map_objects(got, "county", "2026-12-01", 10_000)
    assert len(mapped.records) == 3 and mapped.records[0]["lat"] == pytest.approx(40.75)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda p: p.api("/service_at_locations", many(300), loop_after=2), "page loop"),
        (
            lambda p: p.file(
                "/service_at_locations", b"<!DOCTYPE html><p>Maintenance</p>", "text/html"
            ),
            "HTML where JSON",
        ),
        (
            lambda p: p.file(
                "/service_at_locations",
                json.dumps(
                    {
                        "total_items": 10**6,
                        "total_pages": 10**4,
                        "page_number": 1,
                        "contents": [sal(1)],
                    }
                ).encode(),
            ),
            "over the cap",
        ),
        (lambda p: p.file("/service_at_locations", b"{not json"), "not JSON"),
        (
            lambda p: (
                p.file("/service_at_locations", b"oops", "application/json")
                or p.routes.update({"/service_at_locations": lambda q: (500, "text/plain", b"x")})
            ),
            "HTTP 500",
        ),
    ],
)
def test_a_bad_feed_is_refused_with_its_reason(setup, reason):
    with serving() as (base, pub):
        setup(pub)
        with pytest.raises(FeedError, match=reason):
            list(api.walk(base + "/service_at_locations", Fetcher(FAST)))


def test_a_trickling_server_meets_the_total_deadline():
    limits = Limits(min_interval=0, retries=0, total_timeout=1.0, read_timeout=5)
    with serving() as (base, pub):
        pub.file("/service_at_locations", json.dumps({"contents": many(5)}).encode())
        pub.trickle["/service_at_locations"] = 0.01
        with pytest.raises(FeedError, match="trickling"):
            list(api.walk(base + "/service_at_locations", Fetcher(limits)))


def test_a_server_that_never_answers_meets_the_read_timeout():
    limits = Limits(min_interval=0, retries=0, read_timeout=0.5, total_timeout=5)
    with serving() as (base, pub):
        pub.file("/service_at_locations", b"{}")
        pub.trickle["/service_at_locations"] = 2.0  # silence longer than the read timeout
        with pytest.raises(FeedError, match="no usable answer"):
            list(api.walk(base + "/service_at_locations", Fetcher(limits)))


def test_errors_are_retried_with_back_off_then_read():
    calls = []

    def flaky(query):
        calls.append(1)
        if len(calls) < 3:
            return 503, "text/plain", b"busy"
        return (
            200,
            "application/json",
            json.dumps({"total_pages": 1, "page_number": 1, "contents": many(2)}).encode(),
        )

    limits = Limits(min_interval=0, retries=3, backoff=0.01)
    with serving() as (base, pub):
        pub.routes["/service_at_locations"] = flaky
        got = list(api.walk(base + "/service_at_locations", Fetcher(limits)))
    assert len(got) == 2 and len(calls) == 3


def test_the_polite_pause_uses_the_injected_clock():
    slept = []
    now = [0.0]
    fetcher = Fetcher(Limits(min_interval=0.5), clock=lambda: now[0], sleep=slept.append)
    fetcher._pause()
    now[0] = 0.1
    fetcher._pause()
    assert slept == [pytest.approx(0.4)]


def test_objects_breaking_the_schema_are_quarantined_with_reasons():
    huge = sal(3, description="x" * 20_000)
    inactive = sal(4, status="inactive")
    defunct = sal(5, status="defunct")
    script = sal(6, name="<script>alert(1)</script> Clinic")
    mapped = map_objects([sal(1), broken(2), huge, inactive, defunct, script, [1]], "c", "", 10_000)
    reasons = [r for _, r, _ in mapped.quarantined]
    assert reasons[0].startswith("breaks the HSDS service_at_location schema at service/status")
    assert "a text longer than 10,000 characters" in reasons
    assert "not a JSON object" in reasons
    assert [r for _, r, _ in mapped.not_listed] == [
        "status inactive: not listed",
        "status defunct: not listed",
    ]
    assert [r["name"] for r in mapped.records] == [
        "County Wellness Center 1",
        "<script>alert(1)</script> Clinic",
    ]
    assert mapped.with_markup == 1  # kept as text, escaped wherever shown


def test_the_mapping_of_one_object():
    (record,) = map_objects([sal(7)], "county", "2026-12-01", 10_000).records
    assert record["name1"] == "Example County" and record["name2"] == "CWC 7"
    assert (record["street"], record["city"], record["state"], record["zip"]) == (
        "107 S Main St",
        "Salt Lake City",
        "UT",
        "84101",
    )
    assert record["phone"] == "801-555-0007 x12"
    assert (record["precision"], record["point_source"], record["point_match"]) == (
        "street",
        "county",
        "publisher",
    )
    assert record["as_of"] == "2026-11-02" and record["source"] == "county"
    assert record["services"][0] == "MH" and record["services"][1].startswith("P")
    assert record["licence_program"] == "State of Utah DHHS licence 12345"


def test_own_exported_terms_map_to_their_codes_and_others_to_the_publisher_s_category():
    term = {
        "id": hsds_ids.uid("taxonomy_term", "KIT"),
        "code": "KIT",
        "name": "Ketamine",
        "description": "d",
        "taxonomy": "something else",
    }
    other = {"id": uid("t"), "code": "X1", "name": "Walk-in", "description": "d"}
    obj = sal(
        1,
        attributes=[
            {"id": uid("a"), "taxonomy_term": term},
            {"id": uid("b"), "taxonomy_term": other},
        ],
    )
    feed = publishers.Feed("county", "unused", title="Example County directory")
    mapped = map_objects([obj], feed.key, "", 10_000)
    assert mapped.records[0]["services"][0] == "KIT"
    (category,) = mapped.categories.values()
    assert category.name == "Walk-in" and mapped.records[0]["services"][1] == category.code


def test_json_ndjson_and_page_files_and_a_real_example(tmp_path):
    objects = many(3)
    (tmp_path / "a.json").write_text(json.dumps(objects))
    (tmp_path / "a.ndjson").write_text("\n".join(json.dumps(o) for o in objects) + "\n")
    (tmp_path / "page.json").write_text(json.dumps({"total_pages": 1, "contents": objects}))
    for name in ("a.json", "a.ndjson", "page.json"):
        assert list(files.read_file(tmp_path / name, FAST)) == objects
    example = list(files.read_file(EXAMPLE, FAST))
    mapped = map_objects(example, "uk", "2026-01-01", 10_000)
    assert len(mapped.records) + len(mapped.quarantined) == 1


def test_a_tabular_csv_folder_is_joined_into_full_objects(tmp_path):
    def write(name, rows):
        with (tmp_path / f"{name}.csv").open("w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)

    write("organizations", [{"id": uid("o1"), "name": "County", "description": "d"}])
    write(
        "services",
        [{"id": uid("s1"), "organization_id": uid("o1"), "name": "Clinic", "status": "active"}],
    )
    write(
        "locations",
        [{"id": uid("l1"), "location_type": "physical", "latitude": "40.7", "longitude": "-111.9"}],
    )
    write(
        "service_at_locations",
        [{"id": uid("sl1"), "service_id": uid("s1"), "location_id": uid("l1")}],
    )
    write(
        "addresses",
        [
            {
                "id": uid("a1"),
                "location_id": uid("l1"),
                "address_1": "1 Main St",
                "city": "Salt Lake City",
                "state_province": "UT",
                "postal_code": "84101",
                "country": "US",
                "address_type": "physical",
            }
        ],
    )
    write(
        "phones",
        [
            {
                "id": uid("p1"),
                "service_at_location_id": uid("sl1"),
                "number": "801-555-0100",
                "extension": "7",
            }
        ],
    )
    write(
        "taxonomy_terms",
        [
            {
                "id": uid("t1"),
                "code": "MH",
                "name": "Mental health",
                "description": "care",
                "taxonomy": "SAMHSA",
            }
        ],
    )
    write(
        "attributes",
        [
            {
                "id": uid("at1"),
                "link_id": uid("s1"),
                "link_type": "service",
                "taxonomy_term_id": uid("t1"),
                "value": "",
            }
        ],
    )
    (obj,) = files.read_tabular(tmp_path, FAST)
    (record,) = map_objects([obj], "t", "", 10_000).records
    assert (record["name"], record["name1"], record["phone"], record["services"]) == (
        "Clinic",
        "County",
        "801-555-0100 x7",
        ["MH"],
    )
    assert (record["lat"], record["zip"]) == (40.7, "84101")


def test_a_publishers_file_and_the_command_line_name_feeds(tmp_path):
    (tmp_path / "publishers.toml").write_text(
        '[[publisher]]\nkey = "county"\nsource = "feeds/county.ndjson"\ntitle = "County list"\n'
        'publisher = "Example County"\nlicence = "CC BY 4.0"\n'
    )
    (feed,) = publishers.from_file(tmp_path)
    assert feed.source == str(tmp_path / "feeds/county.ndjson") and feed.licence == "CC BY 4.0"
    assert publishers.from_argument("https://api.example.org/hsds").key == "hsds_api_example_org"
    assert publishers.from_argument("slco=/x/y.json").key == "slco"


def test_a_disagreement_is_said_with_both_values_and_the_newer_source():
    from clinic_finder.table.feeds import shown

    publishers.Feed("county", "x", title="Example County directory").registered()
    report = {"feed_disagreements": [{
        "id": "nmhd-1", "field": "phone", "values": ["801-467-1200", "801-467-9999"],
        "sources": ["samhsa_nmhd+samhsa_nsud", "county"], "as_of": ["2024-07-03", "2026-11-02"],
        "newer": "county"}]}  # fmt: skip
    (said,) = shown.disagreements("nmhd-1", report)
    assert said.startswith("Its sources give different phones: 801-467-1200 (SAMHSA National")
    assert "801-467-9999 (Example County directory, as of 2026-11-02)" in said
    assert said.endswith("The newer source is Example County directory.")
    assert shown.disagreements("nmhd-2", report) == []
