"""The opt-in online geocoder failing for real: geopy's Nominatim adapter against a local server.

Each failure costs one cheap first request, then the session stays offline; typed locations never
reach a log, a report or a notice; answers that did come back outlive the process.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from nominatim_stub import (
    CHIPETA,
    CHIPETA_REPLY,
    FAILURES,
    SECRET,
    NominatimStub,
    assert_never_quoted,
    nominatim_env,
)

from clinic_finder import __main__ as cli
from clinic_finder import paths
from clinic_finder.geocode.cache import NOT_FOUND, GeocodeCache
from clinic_finder.geocode.factory import make_geocoder, make_resolver
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.settings import GeocoderSettings, Settings

LATER = ("100 Congress Ave, Austin, TX 78701", "1 Main St, Boston, MA 02134")
FIRST_FAILURE_S = 2.0
# Later lookups must be offline-fast: no request, no timeout, no rate-limit wait.
LATER_LOOKUPS_S = 0.5

pytestmark = pytest.mark.usefixtures("no_proxies")


def online_resolver(gazetteer, url: str, cache=None) -> Resolver:
    """A resolver using the real Nominatim adapter at `url`, with the default timeout."""
    settings = GeocoderSettings.from_env(nominatim_env(url, timeout_s=None))
    return Resolver(gazetteer, make_geocoder(settings), cache)


def assert_offline_zip_answer(found, zip_code: str) -> None:
    assert found.precision == "zip" and found.label.startswith(zip_code), found


@pytest.mark.parametrize("mode", FAILURES)
def test_first_failure_is_cheap_then_the_session_stays_offline(gazetteer, debug_logs, mode):
    """Hang, 429, 500, malformed JSON: ≤ 2 s once, one request, then offline answers at once."""
    with NominatimStub(**FAILURES[mode]) as stub:
        resolver = online_resolver(gazetteer, stub.url)
        started = time.monotonic()
        first = resolver.resolve(SECRET)
        first_cost = time.monotonic() - started
        started = time.monotonic()
        later = [resolver.resolve(text) for text in LATER]
        later_cost = time.monotonic() - started
    assert first_cost <= FIRST_FAILURE_S, f"{mode}: first failure took {first_cost:.2f} s"
    assert later_cost <= LATER_LOOKUPS_S, f"{mode}: later lookups took {later_cost:.2f} s"
    assert_offline_zip_answer(first, "84108")
    assert [found.precision for found in later] == ["zip", "zip"]
    assert len(stub.requests) == 1
    assert resolver.online_failure and resolver.online_failure.startswith("nominatim: ")
    assert_never_quoted(debug_logs, resolver.online_failure)


def test_failure_then_facilities_are_placed_offline_without_asking(gazetteer):
    """During a build, one failure turns the geocoder off for the rest of the run."""
    with NominatimStub(status=500) as stub:
        resolver = online_resolver(gazetteer, stub.url)
        facility = {
            "street": "1 Main St",
            "city": "Boston",
            "state": "MA",
            "zip": "02134",
            "street_withheld": False,
        }
        placed = [resolver.place_record(facility)[0] for _ in range(3)]
    assert [p.precision for p in placed] == ["zip"] * 3
    assert len(stub.requests) == 1


def test_empty_list_is_a_no_match_not_a_failure(gazetteer, tmp_path, debug_logs):
    """'[]' is Nominatim's "no match": offline answer, remembered, and the session stays online."""
    cache = GeocodeCache(tmp_path / "cache.sqlite")
    with NominatimStub(body="[]") as stub:
        resolver = online_resolver(gazetteer, stub.url, cache)
        started = time.monotonic()
        found = resolver.resolve(SECRET)
        cost = time.monotonic() - started
        again = resolver.resolve(SECRET)
    assert cost <= FIRST_FAILURE_S
    assert_offline_zip_answer(found, "84108")
    assert again == found
    assert resolver.online_failure is None
    assert len(stub.requests) == 1  # the cached "no match" is not asked twice
    assert cache.get(SECRET) == NOT_FOUND
    assert_never_quoted(debug_logs)


def test_answers_are_cached_and_survive_a_restart(gazetteer, tmp_path, monkeypatch, debug_logs):
    """An answer from an online run is used by the next process, offline, without a request."""
    with NominatimStub(body=CHIPETA_REPLY) as stub:
        settings = Settings.from_env(
            {**nominatim_env(stub.url), "CLINIC_FINDER_GEOCODE_CACHE": str(tmp_path / "a.sqlite")}
        )
        first = make_resolver(online=True, settings=settings, gazetteer=gazetteer)
        answered = first.resolve(CHIPETA)
        first.cache.close()
    assert answered.precision == "street" and len(stub.requests) == 1
    # The next run: the server is gone (nothing listens there now) and online use is off.
    restarted = make_resolver(online=False, settings=settings, gazetteer=gazetteer)
    cached = restarted.resolve(CHIPETA)
    assert (cached.lat, cached.lon, cached.precision) == (40.7636, -111.834, "street")
    assert cached.source == "cache:nominatim"
    assert restarted.online_failure is None


_WRITER = """
import sys
from clinic_finder.geocode.cache import GeocodeCache
from clinic_finder.geocode.types import GeocodeResult
cache = GeocodeCache(sys.argv[1])
for n in range(1_000_000):
    cache.put("nominatim", f"{n} Main St", GeocodeResult(40.0, -111.0 - n / 1e6, "street", "x"))
    print(n, flush=True)
"""


def test_a_run_killed_mid_write_leaves_a_usable_cache(tmp_path):
    """SIGKILL while answers are being written: every answer already written is readable."""
    path = tmp_path / "geocode_cache.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=paths.PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(paths.PROJECT_DIR)},
    )
    written = -1
    for line in writer.stdout:
        written = int(line)
        if written >= 200:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    cache = GeocodeCache(path)
    assert len(cache) >= written + 1 >= 201
    assert cache.get("200 MAIN ST").lon == pytest.approx(-111.0002)
    cache.put("nominatim", "after the crash", None)
    assert cache.get("after the crash") == NOT_FOUND


def test_cli_never_logs_the_typed_location(gazetteer, tmp_path, monkeypatch, debug_logs, capsys):
    """`geocode --online` with a failing service: an offline answer, and no log quotes the text."""
    monkeypatch.setattr(Gazetteer, "load", classmethod(lambda cls, cache_dir=None: gazetteer))
    monkeypatch.setenv("CLINIC_FINDER_GEOCODE_CACHE", str(tmp_path / "geocode_cache.sqlite"))
    with NominatimStub(status=500) as stub:
        for name, value in nominatim_env(stub.url).items():
            monkeypatch.setenv(name, value)
        assert cli.main(["geocode", "--online", SECRET]) == 0
        assert cli.main(["geocode", "Quietbrook Lane Nowhere"]) == 2
    assert len(stub.requests) == 1
    assert '"precision": "zip"' in capsys.readouterr().out
    assert_never_quoted(debug_logs)
