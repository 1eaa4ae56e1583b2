"""The HSDS 3.0 export: strictly valid (no unnamed property anywhere, formats checked), stable ids,
provenance and licences where HSDS keeps them, and hostile text carried as plain data."""

import json
import os
import uuid

import hsds_strict
import pytest

from clinic_finder import paths
from clinic_finder.__main__ import main
from clinic_finder.formats import hsds
from clinic_finder.search.index import Query, search
from clinic_finder.table import hsds_ids
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.sources import registry

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

# Check every HSDS_SAMPLE-th object of the whole-table export (1, every one, in CI's profile).
HSDS_SAMPLE = int(os.environ.get("CLINIC_FINDER_HSDS_SAMPLE", "1"))
SEARCHES = [  # (near, radius, services): ketamine, a California city (DHCS licences), methadone
    ("84101", 25, ["KIT"]),
    ("90012", 10, []),
    ("10001", 5, ["MM"]),
    ("Boise, ID", 50, ["SA"]),
]
HOSTILE = [
    '<script>alert("x")</script>',
    'O\'Brien "Recovery" & <b>Co</b>',
    "Bell\x07 tab\t nul\x00 esc\x1b[31m",
    "bidi \u202eevil\u202c zero\u200bwidth",
    "lone \ud800 surrogate",
    '=HYPERLINK("http://x")',
]


@pytest.fixture(scope="module")
def dictionary():
    return load_dictionary()


def _found(index, resolver, near, radius, services):
    point = resolver.resolve(near)
    return search(index, Query.all_of(point.lat, point.lon, radius, services))


def test_the_strict_schema_is_strict():
    """The machinery could fail: upstream's own example passes, and one extra property, a bad
    UUID or a missing required field each fail."""
    example = json.loads(hsds_strict.EXAMPLE.read_text(encoding="utf-8"))
    _, objects = hsds_strict.closed(json.loads(hsds_strict.SCHEMA.read_text(encoding="utf-8")))
    assert objects > 300  # every nested object schema was closed, not only the top one
    assert hsds_strict.errors(example) == []
    extra = {**example, "location": {**example["location"], "opening_hours": "9-5"}}
    assert any("opening_hours" in e for e in hsds_strict.errors(extra))
    nested = json.loads(json.dumps(example))
    nested["service"]["attributes"][0]["taxonomy_term"]["colour"] = "red"
    assert any("colour" in e for e in hsds_strict.errors(nested))
    assert any("uuid" in e for e in hsds_strict.errors({**example, "id": "clinic-1"}))
    assert hsds_strict.errors({k: v for k, v in example.items() if k != "id"})


@pytest.mark.parametrize(("near", "radius", "services"), SEARCHES)
def test_searches_export_strictly_valid_hsds(index, offline_resolver, dictionary, near, radius,
                                             services):  # fmt: skip
    found = _found(index, offline_resolver, near, radius, services)
    assert len(found) > 0
    objects = json.loads(hsds.to_json(hsds.export(found.to_dict("records"), dictionary, REPORT)))
    assert len(objects) == len(found)
    for obj in objects:
        assert hsds_strict.errors(obj) == [], obj["service"]["name"]
    # One facility, one UUID, and it is the listing id's uuid5 in the project's namespace.
    expected = [
        str(uuid.uuid5(hsds_ids.NAMESPACE, f"service_at_location/{i}")) for i in found["id"]
    ]
    assert [o["id"] for o in objects] == expected
    # Every object has its own id; only a taxonomy term (one per code) is shared by design.
    all_ids = [v for o in objects for v in _ids(o)]
    assert len(set(all_ids)) == len(all_ids)


def _ids(obj) -> list[str]:
    """Every "id" in an object, nested ones too, leaving out the shared taxonomy terms."""
    found = []
    if isinstance(obj, dict):
        found += [obj["id"]] if "id" in obj else []
        for key, value in obj.items():
            found += _ids(value) if key != "taxonomy_term" else []
    elif isinstance(obj, list):
        for value in obj:
            found += _ids(value)
    return found


def test_same_facility_same_uuids_in_every_export(clinics, dictionary):
    """A facility's objects depend on its row only: not on the search, its order or its
    neighbours in the list."""
    rows = clinics.sample(50, random_state=7).to_dict("records")
    together = {o["id"]: o for o in hsds.export(rows, dictionary, REPORT)}
    for row in rows[::-7]:
        (alone,) = hsds.export([row], dictionary, REPORT)
        assert alone == together[hsds_ids.uid("service_at_location", row["id"])]
        assert alone["service"]["id"] == str(uuid.uuid5(hsds_ids.NAMESPACE, f"service/{row['id']}"))


def test_ketamine_search_carries_what_a_referral_needs(index, offline_resolver, dictionary):
    found = _found(index, offline_resolver, "84101", 25, ["KIT"])
    objects = list(hsds.export(found.to_dict("records"), dictionary, REPORT))
    for obj, row in zip(objects, found.to_dict("records"), strict=True):
        codes = {a["taxonomy_term"]["code"] for a in obj["service"]["attributes"]}
        assert "KIT" in codes and codes == set(row["services"])
        kit = next(a for a in obj["service"]["attributes"] if a["taxonomy_term"]["code"] == "KIT")
        assert kit["taxonomy_term"]["name"] == "Ketamine Infusion Therapy"
        assert kit["taxonomy_term"]["taxonomy"] == hsds_ids.SAMHSA_TAXONOMY
        assert obj["service"]["organization"]["name"]
        assert obj["phones"][0]["number"] == row["phone"]
        location = obj["location"]
        assert location["latitude"] == round(row["lat"], 6)
        assert location["addresses"][0]["postal_code"] == row["zip"]
        assert "Point:" in location["description"]
        sources = " ".join(m["updated_by"] for m in obj["metadata"])
        assert "SAMHSA" in sources and "public domain" in sources
        assert {m["last_action_date"] for m in obj["metadata"]} <= set(row["source_as_of"])


def test_osm_points_credit_odbl_and_zip_points_say_approximate(clinics, dictionary):
    osm = clinics[clinics["point_source"] == "osm_address_points"].head(5)
    zips = clinics[clinics["precision"] == "zip"].head(5)
    for obj in hsds.export(osm.to_dict("records"), dictionary, REPORT):
        (point,) = obj["location"]["metadata"]
        assert point["field_name"] == "latitude,longitude"
        assert "ODbL" in point["updated_by"] and "OpenStreetMap contributors" in point["updated_by"]
    for obj in hsds.export(zips.to_dict("records"), dictionary, REPORT):
        assert "ZIP center" in obj["location"]["description"]
        assert "not at this point" in obj["location"]["description"]


def test_licences_state_record_apart_from_self_reports(clinics, dictionary):
    licensed = clinics[(clinics["licence_number"] != "") & clinics["source"].str.contains("nsud")]
    row = licensed.iloc[0].to_dict()
    obj = next(hsds.export([row], dictionary, REPORT))
    service = obj["service"]
    assert (
        row["licence_number"] in service["licenses"]
        and "state license record" in (service["licenses"])
    )
    (record,) = [m for m in service["metadata"] if m["field_name"] == "licenses"]
    assert "CC BY 4.0" in record["updated_by"]
    assert record["last_action_date"] == row["licence_as_of"]
    reported = [a for a in service["attributes"] if a.get("value")]
    if "accreditations" in service:
        assert service["accreditations"].endswith(hsds.SELF_REPORTED)
    assert all(a["value"] == hsds.SELF_REPORTED for a in reported)
    assert {a["taxonomy_term"]["code"] for a in reported} <= set(row["services"])


def test_website_and_otp_directory_fact_carry_their_source(clinics, dictionary):
    both = clinics[(clinics["website"] != "") & clinics["otp_directory"]].head(3)
    assert len(both)
    rows = both.to_dict("records")
    for row, obj in zip(rows, hsds.export(rows, dictionary, REPORT), strict=True):
        service = obj["service"]
        assert hsds_strict.errors(obj) == []
        assert service["url"] == row["website"] and service["url"].startswith("http")
        assert service["accreditations"].startswith(
            "SAMHSA-certified opioid treatment program (OTP directory, 2021) (source: SAMHSA "
            "Opioid Treatment Program Directory (2021))"
        )
        fields = {m["field_name"]: m for m in service["metadata"]}
        assert "OEPS" in fields["accreditations"]["updated_by"]
        assert fields["url"]["last_action_date"] == "2021-04-01"
    hostile = {**both.iloc[0].to_dict(), "website": "javascript:alert(1)"}
    assert "url" not in next(hsds.export([hostile], dictionary, REPORT))["service"]


def test_hostile_text_is_plain_valid_data(clinics, dictionary):
    base = clinics[clinics["intake_phones"].map(len) > 0].iloc[0].to_dict()
    rows = [
        {**base, "id": f"hostile-{n}", "name": text, "name1": text, "street": text,
         "city": text, "phone": f"801-555-0100 x{n}"}
        for n, text in enumerate(HOSTILE)
    ]  # fmt: skip
    data = hsds.to_json(hsds.export(rows, dictionary, REPORT))
    objects = json.loads(data.decode("utf-8"))  # valid UTF-8, even from a lone surrogate
    for obj in objects:
        assert hsds_strict.errors(obj) == []
        assert all(c.isprintable() for c in obj["service"]["name"])
        assert obj["phones"][0]["extension"] == int(obj["phones"][0]["number"].rsplit("x")[1])
    assert objects[0]["service"]["name"] == '<script>alert("x")</script>'  # data, kept as text
    assert "\u202e" not in data.decode("utf-8") and "\x00" not in data.decode("utf-8")


def test_cli_writes_the_search(tmp_path, index, offline_resolver, capsys):
    assert main(["export", "--near", "84101", "--radius", "25", "--service", "KIT",
                 "--format", "hsds", "--out", str(tmp_path)]) == 0  # fmt: skip
    written = json.loads((tmp_path / hsds.FILE_NAME).read_text(encoding="utf-8"))
    assert len(written) == len(_found(index, offline_resolver, "84101", 25, ["KIT"]))
    assert "facilities as HSDS 3.0" in capsys.readouterr().err
    assert main(["export", "--near", "Nowhere at all", "--out", str(tmp_path / "x")]) == 2
    assert main(["export", "--near", "84101", "--radius", "0", "--out", str(tmp_path)]) == 2
    assert main(["export", "--everywhere", "--out", "/proc/no/such/place"]) == 2
    err = capsys.readouterr().err
    assert "cannot write to" in err and "Traceback" not in err


def _shape(node, path: str = "") -> set[str]:
    """Every JSON path in `node` with its value's type, list items merged: two objects of one
    shape went through the same branches of the exporter."""
    if isinstance(node, dict):
        return {p for key, value in node.items() for p in _shape(value, f"{path}/{key}")}
    if isinstance(node, list):
        return {f"{path}[]"}.union(*(_shape(item, f"{path}[]") for item in node))
    return {f"{path}:{type(node).__name__}"}


def test_whole_table_exports_strictly_valid(tmp_path, clinics):
    """Every facility of the table through the command line. CI (the full profile) checks every
    object (~3 min of jsonschema: ~10 ms a facility, over a million attributes); make test
    checks the first object of every shape (every path and type the table's objects hold) and
    every HSDS_SAMPLE-th, each parsed."""
    assert main(["export", "--everywhere", "--out", str(tmp_path)]) == 0
    path = tmp_path / hsds.FILE_NAME
    assert path.stat().st_size > 100e6  # the honest size: ~66 services per facility
    count, checked, shapes, problems = 0, 0, set(), []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line in ("[\n", "]\n"):
                continue
            obj = json.loads(line.rstrip().removesuffix(","))
            shape = frozenset(_shape(obj))
            if count % HSDS_SAMPLE == 0 or shape not in shapes:
                shapes.add(shape)
                checked += 1
                problems += [f"{obj['id']}: {e}" for e in hsds_strict.errors(obj)][:3]
            count += 1
    assert count == len(clinics)
    assert problems[:20] == []
    assert checked >= count / HSDS_SAMPLE and len(shapes) > 10  # the table's variety was seen
    assert paths.CLINICS_TABLE.exists()


def test_a_row_without_a_point_has_no_coordinates(clinics, dictionary):
    row = {**clinics.iloc[0].to_dict(), "lat": float("nan"), "lon": float("nan")}
    (obj,) = json.loads(hsds.to_json(hsds.export([row], dictionary, REPORT)))
    assert "latitude" not in obj["location"] and hsds_strict.errors(obj) == []
