"""`update` against a publisher on 127.0.0.1 serving the real published files and altered copies:
offline it says so and changes nothing; an unchanged release changes nothing; a truncated file,
renamed columns or halved rows are refused before anything is built; a release with 5 % changed
gives a change report (Markdown and JSON) before the swap, keeps the old release, and one
command rolls it back."""

import copy
import json
from pathlib import Path

import pytest

from clinic_finder.__main__ import main
from clinic_finder.settings import Settings
from clinic_finder.table.feeds.http import Fetcher, Limits
from clinic_finder.table.load import load_clinics
from clinic_finder.update import releases
from clinic_finder.update.run import RELEASES, rollback, update
from tests.feed_objects import deployer_copy, sal
from tests.feeds_server import serving

DHCS = "ca_dhcs_sud_facilities/dhcs_sud_facilities_raw_2026-08-21.json"
POINTS = "findtreatment_2025_su_points/us-su-points-2025.csv"
FAST = Limits(min_interval=0, retries=0)


def five_percent_changed(body: bytes) -> bytes:
    """2 % phones changed, 2 % moved about 1.1 km, 0.5 % gone, 0.5 % new: 5 % of 2,266."""
    data = json.loads(body)
    records = data["records"]
    for r in records[:45]:
        r["Facility_Phone"] = "(555) 010-" + r["Application_Number"][-4:]
    for r in records[45:90]:
        r["Latitude"] += 0.01
    new = []
    for i, r in enumerate(records[90:101]):
        twin = copy.deepcopy(r)
        twin["Application_Number"] = f"99{i:04d}ZZ"
        twin["Facility_Name"] = f"NEW PROGRAMME {i}"
        twin["Facility_Address1"] = f"{1000 + i} NEW STREET"
        new.append(twin)
    data["records"] = records[:101] + records[112:] + new
    data["record_count"] = len(data["records"])
    return json.dumps(data).encode()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    data = deployer_copy(tmp_path_factory.mktemp("update") / "data")
    with serving() as (base, pub):
        (data / "publishers.toml").write_text(
            f'[[release]]\nkey = "ca_dhcs"\nurl = "{base}/dhcs.json"\n'
            f'[[release]]\nkey = "findtreatment_su"\nurl = "{base}/points.csv"\n'
        )
        pub.file("/dhcs.json", (data / "raw" / DHCS).read_bytes())
        pub.file("/points.csv", (data / "raw" / POINTS).read_bytes(), "text/csv")
        yield data, pub


def _state(data: Path) -> tuple[bytes, ...]:
    names = ("clinics.parquet", "build_report.json", f"raw/{DHCS}", f"raw/{POINTS}")
    return tuple((data / n).read_bytes() for n in names)


def test_offline_says_so_and_changes_nothing(deployment, capsys):
    data, pub = deployment
    before = _state(data)
    settings = Settings(data_dir=data)
    assert update(settings, online=False).startswith("offline: nothing fetched, nothing changed")
    assert _state(data) == before and not pub.hits


def test_an_unchanged_release_changes_nothing(deployment):
    data, _pub = deployment
    before = _state(data)
    said = update(Settings(data_dir=data), online=True, fetcher=Fetcher(FAST))
    assert said.startswith("nothing changed: 2 release(s)")
    assert _state(data) == before


@pytest.mark.parametrize(
    ("path", "alter", "reason"),
    [
        ("/dhcs.json", lambda b: b[: len(b) // 2], "not JSON"),
        ("/points.csv", lambda b: b.replace(b'"latitude"', b'"lat"', 1), "columns missing"),
        ("/points.csv", lambda b: b"\n".join(b.split(b"\n")[:6000]), "more than 20% apart"),
        (
            "/dhcs.json",
            lambda b: b.replace(b'"record_count": 2266', b'"record_count": 2300'),
            "says 2,300 records",
        ),
    ],
)
def test_a_bad_release_is_refused_before_anything_changes(deployment, path, alter, reason):
    data, pub = deployment
    before = _state(data)
    good = pub.routes[path]
    kind = "text/csv" if path.endswith(".csv") else "application/json"
    pub.file(path, alter(good({})[2]), kind)
    try:
        with pytest.raises(releases.ReleaseRefused, match=reason):
            update(Settings(data_dir=data), online=True, fetcher=Fetcher(FAST))
    finally:
        pub.routes[path] = good
    assert _state(data) == before


def test_a_changed_release_is_reported_swapped_and_rolled_back(deployment, capsys):
    data, pub = deployment
    before = _state(data)
    original = pub.routes["/dhcs.json"]({})[2]
    pub.file("/dhcs.json", five_percent_changed(original))
    said = update(Settings(data_dir=data), online=True, fetcher=Fetcher(FAST), stamp="t1")
    kept = data / RELEASES / "t1"
    report = json.loads((kept / "changes.json").read_text())
    dhcs = report["sources"]["ca_dhcs"]
    assert (dhcs["added"], dhcs["removed"]) == (11, 11)
    assert dhcs["moved"] >= 40 and dhcs["phone_changed"] >= 40
    assert "| ca_dhcs |" in said and (kept / "changes.md").is_file()
    assert report["releases"]["findtreatment_su"]["status"] == "unchanged"
    assert (kept / "previous" / "raw" / DHCS).read_bytes() == original  # the old release kept
    assert (data / "raw" / DHCS).read_bytes() == five_percent_changed(original)
    assert _state(data) != before
    assert main_rollback(data) == 0
    assert "rolled back the update of t1" in capsys.readouterr().out
    assert _state(data) == before
    pub.file("/dhcs.json", original)


def main_rollback(data: Path) -> int:
    import os

    os.environ["CLINIC_FINDER_DATA_DIR"] = str(data)
    try:
        return main(["update", "--rollback"])
    finally:
        del os.environ["CLINIC_FINDER_DATA_DIR"]


def test_rollback_with_nothing_to_roll_back(tmp_path):
    assert rollback(tmp_path).startswith("nothing to roll back")


def test_a_publisher_s_feed_is_fetched_checked_and_then_unchanged(deployment):
    """Runs last in this module: it adds a publisher to the deployment."""
    data, pub = deployment
    base = pub_base(pub, data)
    pub.api("/county/service_at_locations", [sal(i) for i in range(1, 4)])
    with (data / "publishers.toml").open("a") as toml:
        toml.write(f'[[publisher]]\nkey = "county"\nsource = "{base}/county/"\n')
    said = update(Settings(data_dir=data), online=True, fetcher=Fetcher(FAST), stamp="t2")
    assert "| county | 0 | 3 | 3 |" in said
    table = load_clinics(data / "clinics.parquet")
    assert (table["source"] == "county").sum() == 3
    again = update(Settings(data_dir=data), online=True, fetcher=Fetcher(FAST), stamp="t3")
    assert again.startswith("nothing changed: 3 release(s)")


def pub_base(pub, data: Path) -> str:
    """The publisher's address, read back from the deployment's publishers.toml."""
    text = (data / "publishers.toml").read_text()
    return text.split('url = "', 1)[1].split("/dhcs.json", 1)[0]
