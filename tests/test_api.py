"""The Open Referral API on a live server (serve.apps, as make run starts it): the same answer as
answer() and the command line, paging and NDJSON visit every facility once, errors name their
parameter in JSON, nothing searched reaches the log, and schemathesis finds nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import spec
from clinic_finder.__main__ import main
from clinic_finder.formats import hsds
from clinic_finder.search.answer import answer
from clinic_finder.search.filters import FilterSet
from clinic_finder.table import hsds_ids
from clinic_finder.table.load import load_dictionary
from harness.live_app import running_app

FUZZ_INPUTS = int(os.environ.get("CLINIC_FINDER_FUZZ_INPUTS", "400"))
KIT = hsds_ids.uid("taxonomy_term", "KIT")
METRES_PER_MILE = 1609.344


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    log = tmp_path_factory.mktemp("api") / "app.log"
    with running_app(log) as (base, _process):
        session = requests.Session()
        session.trust_env = False  # loopback, never a proxy
        session.get(f"{base}/api/", timeout=120).raise_for_status()  # loads the directory
        yield base + "/api", session, log


def _ids(session, url):
    answered = session.get(url, timeout=60)
    assert answered.status_code == 200, answered.text
    return [item["id"] for item in answered.json()["contents"]]


def test_the_proximity_answer_is_the_command_line_s(live, capsys):
    base, session, _ = live
    ids = _ids(session, f"{base}/service_at_locations?postcode=84101&proximity=40234"
                        f"&taxonomy_term_id={KIT}&per_page=500")  # fmt: skip
    assert main(["search", "--near", "84101", "--radius", "25", "--service", "KIT",
                 "--format", "json"]) == 0  # fmt: skip
    cli = json.loads(capsys.readouterr().out)["results"]
    assert ids == [hsds_ids.uid("service_at_location", str(r["id"])) for r in cli]
    assert len(ids) == 9


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_proximity_results_are_answer_s(live, index, gazetteer, data):
    """For random ZIPs, radii and codes: the API's ids, in order, are answer()'s."""
    base, session, _ = live
    zip_code = data.draw(st.sampled_from(sorted(index.table["zip"].str[:5].unique())))
    centre = gazetteer.zip(zip_code)
    if centre is None:
        return
    miles = data.draw(st.sampled_from([1, 5, 10, 25, 60]))
    codes = data.draw(st.lists(st.sampled_from(["KIT", "TMS", "MM", "MD", "SP", "OTP"]),
                               max_size=2, unique=True))  # fmt: skip
    filters = FilterSet(load_dictionary(), index.codes())
    found = answer(index, filters, (centre.lat, centre.lon), miles, codes).results
    expected = [hsds_ids.uid("service_at_location", str(i)) for i in found["id"]]
    terms = ",".join(hsds_ids.uid("taxonomy_term", c) for c in codes)
    url = f"{base}/service_at_locations?postcode={zip_code}&proximity={miles * METRES_PER_MILE}"
    url += f"&taxonomy_term_id={terms}" if codes else ""
    got = []
    for page in range(1, 1 + max(1, -(-len(expected) // 500))):
        got += _ids(session, f"{url}&per_page=500&page={page}")
    assert got == expected


def test_paging_and_ndjson_visit_every_facility_once(live, index):
    base, session, _ = live
    first = session.get(f"{base}/service_at_locations?per_page=500", timeout=60).json()
    seen = [item["id"] for item in first["contents"]]
    for page in range(2, first["total_pages"] + 1):
        seen += _ids(session, f"{base}/service_at_locations?per_page=500&page={page}")
    every = {hsds_ids.uid("service_at_location", str(i)) for i in index.table["id"]}
    assert len(seen) == len(set(seen)) == len(index) == first["total_items"]
    assert set(seen) == every
    streamed = session.get(f"{base}/service_at_locations?format=ndjson", timeout=300)
    assert streamed.headers["content-type"].startswith(spec.NDJSON)
    lines = [json.loads(line)["id"] for line in streamed.text.splitlines()]
    assert lines == seen  # the same order too


def test_the_ketamine_term_is_found_and_is_the_export_s(live):
    base, session, _ = live
    found = session.get(f"{base}/taxonomy_terms?search=ketamine", timeout=30).json()
    assert [t["code"] for t in found["contents"]] == ["KIT"]
    assert found["contents"][0] == hsds.term("KIT", load_dictionary())
    one = session.get(f"{base}/taxonomy_terms/{KIT}", timeout=30).json()
    assert one["id"] == KIT


@pytest.mark.parametrize(("query", "status", "name"), [
    ("per_page=abc", 422, "per_page"),
    ("per_page=-1", 422, "per_page"),
    ("per_page=100000", 422, "per_page"),
    ("page=0", 422, "page"),
    ("page=99999", 400, "page"),
    ("postcode=84101&proximity=far", 422, "proximity"),
    ("postcode=84101&proximity=-5", 422, "proximity"),
    ("postcode=84101&proximity=0", 400, "proximity"),
    ("proximity=1000", 400, "proximity"),
    ("postcode=00000&proximity=1000", 400, "postcode"),
    ("postcode=ABCDE", 422, "postcode"),
    ("lat=40.7", 400, "lon"),
    ("lat=95&lon=0", 422, "lat"),
    ("full=maybe", 422, "full"),
    ("format=xml", 422, "format"),
    ("modified_after=yesterday", 422, "modified_after"),
    ("taxonomy_term_id=NOPE", 400, "taxonomy_term_id"),
    ("organization_id=nope", 400, "organization_id"),
    ("search=" + "x" * 10_000, 422, "search"),
    ("page=1&page=2", 422, "page"),
])  # fmt: skip
def test_a_bad_parameter_is_named_in_json(live, query, status, name):
    base, session, _ = live
    answered = session.get(f"{base}/service_at_locations?{query}", timeout=30)
    assert answered.status_code == status
    assert answered.headers["content-type"] == "application/json"
    assert answered.json()["detail"][0]["loc"] == ["query", name]
    assert "x" * 100 not in answered.text  # long text is described, not echoed


@pytest.mark.parametrize("path", ["/services/nope", "/service_at_locations/%0A",
                                  "/organizations/x", "/taxonomies/x", "/taxonomy_terms/x",
                                  "/no/such/path"])  # fmt: skip
def test_an_unknown_id_is_a_json_404(live, path):
    base, session, _ = live
    answered = session.get(base + path, timeout=30)
    assert answered.status_code == 404
    assert answered.json()["detail"][0]["type"] == "not_found"


def test_read_only_cors_and_etag(live):
    base, session, _ = live
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        refused = session.request(method, f"{base}/services", timeout=30)
        assert refused.status_code == 405
        assert refused.headers["allow"] == "GET, HEAD, OPTIONS"
        assert refused.json()["detail"][0]["loc"] == ["method"]
    answered = session.get(f"{base}/services?per_page=1", headers={"Origin": "https://x.example"})
    assert answered.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answered.headers
    assert answered.headers["cache-control"].startswith("public")
    again = session.get(f"{base}/services?per_page=1",
                        headers={"If-None-Match": answered.headers["etag"]})  # fmt: skip
    assert again.status_code == 304
    root = session.get(base + "/", timeout=30).json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/openapi.json")


def test_no_searched_place_reaches_the_log(live):
    base, session, log = live
    session.get(f"{base}/service_at_locations?postcode=84111&proximity=12345&lat=", timeout=30)
    session.get(f"{base}/service_at_locations?lat=40.76543&lon=-111.98765&proximity=4321")
    session.get(f"{base}/service_at_locations?postcode=99999&proximity=777", timeout=30)
    text = log.read_text()
    for secret in ("84111", "12345", "40.76543", "111.98765", "4321", "99999", "777"):
        assert secret not in text


def test_schemathesis_finds_nothing(live, tmp_path):
    """Every operation, every check (response conformance, no server error, 405s...); how many
    examples follows the test profile (make test: fast; PROFILE=full: the coverage phase too)."""
    base, _, _ = live
    config = tmp_path / "schemathesis.toml"
    # A request the document calls valid may still be unanswerable here (an unknown ZIP, a page
    # past the last): 400 names why. It must never be 422 (which says the document was broken).
    config.write_text('[checks.positive_data_acceptance]\nexpected-statuses = ["2xx", "400", '
                      '"404"]\n')  # fmt: skip
    quick = FUZZ_INPUTS < 1000
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(config), "run",
        f"{base}/openapi.json", "--checks", "all", "--seed", "1",
        "--max-examples", str(max(5, FUZZ_INPUTS // 40)), "--generation-codec", "ascii",
        "--phases", "fuzzing,stateful" if quick else "examples,coverage,fuzzing,stateful",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=tmp_path,
                          env={**os.environ, "NO_COLOR": "1", "NO_PROXY": "*"})  # fmt: skip
    summary = done.stdout[done.stdout.find("SUMMARY") :]
    print(summary)
    assert done.returncode == 0, done.stdout[-6000:]
    assert "11/11" in summary
