"""The resolver's layers (official → cache → online → ZIP → city → state), real adapters too."""

import socket
import threading
import time

import pytest
from distance import km_between
from nominatim_stub import CHIPETA, CHIPETA_REPLY, USER_AGENT, NominatimStub, nominatim_env

from clinic_finder.errors import GeocoderFailure
from clinic_finder.geocode import online
from clinic_finder.geocode.cache import NOT_FOUND, GeocodeCache
from clinic_finder.geocode.factory import make_geocoder
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.settings import GeocoderSettings
from clinic_finder.table.records import empty_record

# Real-world points: ZIP 84108 is Salt Lake City's east bench (University of Utah), 78701 is
# downtown Austin; the street point is the Research Park building at 501 Chipeta Way.
ZIP_84108 = (40.737, -111.826)
ZIP_78701 = (30.270, -97.742)
SALT_LAKE_CITY = (40.760, -111.891)
STREET_POINT = GeocodeResult(40.7636, -111.8340, "street", "501 Chipeta Way, SLC", "fake")


def near(result: GeocodeResult, point: tuple[float, float], km: float = 4.0) -> bool:
    """True when the result lies within `km` of a reference point."""
    return km_between((result.lat, result.lon), point) <= km


def record(**fields) -> dict:
    """A common record (as the sources make them) with the given address fields."""
    made = empty_record()
    made.update({"street_withheld": False, **fields})
    return made


def chipeta_record(**fields) -> dict:
    """A facility at 501 Chipeta Way, Salt Lake City, without an official point."""
    address = {"street": "501 Chipeta Way", "city": "Salt Lake City", "state": "UT", "zip": "84108"}
    return record(**{**address, **fields})


def congress_record() -> dict:
    """A second facility, in downtown Austin."""
    return record(street="100 Congress Ave", city="Austin", state="TX", zip="78701")


class FakeOnline:
    """An online geocoder that answers from a script and counts what it was asked."""

    name = "fake"

    def __init__(self, answer: GeocodeResult | None = STREET_POINT, error: Exception | None = None):
        self.answer, self.error = answer, error
        self.queries: list[str] = []

    def geocode(self, query: str) -> GeocodeResult | None:
        self.queries.append(query)
        if self.error:
            raise self.error
        return self.answer


@pytest.fixture
def cache_path(tmp_path):
    return tmp_path / "c.sqlite"


# The proxy variables are cleared for every test here (conftest.no_proxies).
pytestmark = pytest.mark.usefixtures("no_proxies")


# --- place_record: which layer answers ------------------------------------------------------


def test_official_point_wins_and_online_is_never_asked(gazetteer, cache_path):
    """A source's own coordinates are used as they are; nothing is looked up."""
    fake, cache = FakeOnline(), GeocodeCache(cache_path)
    facility = chipeta_record(lat=40.7001, lon=-111.9002, precision="exact")
    found, reason = Resolver(gazetteer, fake, cache).place_record(facility)
    assert (found.lat, found.lon, found.precision) == (40.7001, -111.9002, "exact")
    assert reason == ""
    assert fake.queries == []
    assert len(cache) == 0


def query_for(gazetteer, facility: dict) -> str:
    """The exact text the resolver would send online for this record."""
    recorder = FakeOnline(answer=None)
    Resolver(gazetteer, recorder).place_record(facility)
    assert len(recorder.queries) == 1
    return recorder.queries[0]


def test_cached_answer_is_used_without_asking_online(gazetteer, cache_path):
    """An address answered in an earlier run comes from the cache, not the network."""
    cache = GeocodeCache(cache_path)
    cache.put("earlier", query_for(gazetteer, chipeta_record()), STREET_POINT)
    later = FakeOnline(answer=GeocodeResult(0.0, 0.0, "street", "wrong", "later"))
    found, _ = Resolver(gazetteer, later, cache).place_record(chipeta_record())
    assert later.queries == []
    assert found.precision == "street"
    assert (found.lat, found.lon) == (STREET_POINT.lat, STREET_POINT.lon)
    assert found.source == "cache:earlier"


def test_cache_is_read_even_with_online_off(gazetteer, cache_path):
    """The offline app still benefits from answers cached by an earlier online build."""
    cache = GeocodeCache(cache_path)
    cache.put("earlier", query_for(gazetteer, chipeta_record()), STREET_POINT)
    found, _ = Resolver(gazetteer, None, cache).place_record(chipeta_record())
    assert found.precision == "street"
    assert (found.lat, found.lon) == (STREET_POINT.lat, STREET_POINT.lon)


def test_online_answer_is_street_precision_and_survives_reopening(gazetteer, cache_path):
    """A fresh online answer is used and committed to the cache file at once."""
    fake, cache = FakeOnline(), GeocodeCache(cache_path)
    found, reason = Resolver(gazetteer, fake, cache).place_record(chipeta_record())
    assert found.precision == "street"
    assert (found.lat, found.lon) == (STREET_POINT.lat, STREET_POINT.lon)
    assert reason == ""
    assert len(fake.queries) == 1
    assert "501 Chipeta Way" in fake.queries[0] and "84108" in fake.queries[0]
    cache.close()
    reopened = GeocodeCache(cache_path)
    assert len(reopened) == 1
    kept = reopened.get(fake.queries[0])
    assert isinstance(kept, GeocodeResult)
    assert (kept.lat, kept.lon, kept.precision) == (STREET_POINT.lat, STREET_POINT.lon, "street")


def test_online_no_match_is_cached_and_falls_back_to_zip(gazetteer, cache_path):
    """'No match' is remembered (not asked again) and the ZIP centre places the facility."""
    fake, cache = FakeOnline(answer=None), GeocodeCache(cache_path)
    found, _ = Resolver(gazetteer, fake, cache).place_record(chipeta_record())
    assert found.precision == "zip"
    assert near(found, ZIP_84108)
    cache.close()
    reopened = GeocodeCache(cache_path)
    assert reopened.get(fake.queries[0]) == NOT_FOUND
    again = FakeOnline()
    found, _ = Resolver(gazetteer, again, reopened).place_record(chipeta_record())
    assert again.queries == []
    assert found.precision == "zip"


@pytest.mark.parametrize(
    "failure",
    [
        GeocoderFailure("fake: GeocoderTimedOut: Service timed out"),
        GeocoderFailure("fake: GeocoderUnavailable: 503 Service Unavailable"),
    ],
    ids=["timeout", "outage"],
)
def test_online_failure_falls_back_and_is_not_asked_again(gazetteer, cache_path, failure):
    """After one failure the build goes on offline, without a second slow wait."""
    fake, cache = FakeOnline(error=failure), GeocodeCache(cache_path)
    resolver = Resolver(gazetteer, fake, cache)
    first, _ = resolver.place_record(chipeta_record())
    assert first.precision == "zip" and near(first, ZIP_84108)
    assert resolver.online_failure and str(failure) in resolver.online_failure
    second, _ = resolver.place_record(congress_record())
    assert second.precision == "zip" and near(second, ZIP_78701)
    typed = resolver.resolve(CHIPETA)
    assert typed.precision == "zip" and near(typed, ZIP_84108)
    assert len(fake.queries) == 1
    # A failure is not an answer: the next run must be free to ask again.
    assert len(cache) == 0


def test_withheld_street_never_goes_online(gazetteer, cache_path):
    """A confidential address is never sent to a third party."""
    fake = FakeOnline()
    facility = chipeta_record(street_withheld=True)
    found, _ = Resolver(gazetteer, fake, GeocodeCache(cache_path)).place_record(facility)
    assert fake.queries == []
    assert found.precision == "zip" and near(found, ZIP_84108)


def test_missing_city_is_not_sent_as_the_word_none(gazetteer):
    """A record without a city must not ask the geocoder for '…, None, UT 84108'."""
    fake = FakeOnline(answer=None)
    Resolver(gazetteer, fake).place_record(chipeta_record(city=None))
    assert len(fake.queries) == 1
    assert "None" not in fake.queries[0]


def test_zip_from_another_state_falls_to_the_city(gazetteer):
    """A ZIP that contradicts the record's state is not trusted; the city is."""
    facility = record(city="Salt Lake City", state="UT", zip="10001")  # 10001 is Manhattan
    found, _ = Resolver(gazetteer).place_record(facility)
    assert found.precision == "city"
    assert near(found, SALT_LAKE_CITY, km=10)


def test_unknown_zip_and_city_fall_to_the_state(gazetteer):
    """With only the state known, the facility is placed inside that state."""
    facility = record(city="Nowhereville", state="UT", zip="00000")
    found, _ = Resolver(gazetteer).place_record(facility)
    assert found.precision == "state"
    assert "Utah" in found.label
    # Utah's borders: 37°N-42°N, 114.05°W-109.04°W.
    assert 37 <= found.lat <= 42 and -114.05 <= found.lon <= -109.04


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"street": "", "city": "", "state": "", "zip": ""},
        {"city": "Nowhereville", "state": "ZZ", "zip": "00000"},
    ],
    ids=["all-none", "all-empty", "unknown-everything"],
)
def test_nothing_known_gives_none_and_a_reason(gazetteer, fields):
    """An unplaceable record is reported with a reason, not placed at a default point."""
    found, reason = Resolver(gazetteer).place_record(record(**fields))
    assert found is None
    assert reason.strip()


# --- resolve: what a person types ----------------------------------------------------------


def test_typed_street_address_uses_online_answer(gazetteer):
    """With online geocoding on, a typed street address gets a street-level point."""
    fake = FakeOnline()
    found = Resolver(gazetteer, fake).resolve(CHIPETA)
    assert found.precision == "street"
    assert (found.lat, found.lon) == (STREET_POINT.lat, STREET_POINT.lon)
    assert fake.queries == [CHIPETA]


def test_typed_city_or_zip_never_goes_online(gazetteer):
    """Only street addresses are worth a network request; cities and ZIPs stay offline."""
    fake = FakeOnline()
    resolver = Resolver(gazetteer, fake)
    for text in ("Austin, TX", "84101", "Texas", "Salt Lake City"):
        assert resolver.resolve(text).precision in ("zip", "city", "state")
    assert fake.queries == []


def test_typed_address_is_found_in_cache_whatever_its_case_and_spacing(gazetteer, cache_path):
    """The cache key ignores case and repeated spaces, so retyping hits the same answer."""
    cache = GeocodeCache(cache_path)
    cache.put("fake", CHIPETA, STREET_POINT)
    fake = FakeOnline(answer=None)
    found = Resolver(gazetteer, fake, cache).resolve("501  chipeta WAY, salt lake city,  ut 84108")
    assert fake.queries == []
    assert (found.lat, found.lon) == (STREET_POINT.lat, STREET_POINT.lon)


# --- the real geopy adapters against local sockets (no internet) --------------------------


@pytest.fixture
def silent_port():
    """A local TCP server that accepts connections and never answers; yields (port, accepted)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)  # kept open: the client must time out, not see EOF

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join(timeout=2)
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def refused_port():
    """A local port with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_silent_nominatim_costs_one_timeout_then_is_skipped(gazetteer, silent_port):
    """A hung service costs one ~1 s timeout; later addresses go straight to the offline answer."""
    port, accepted = silent_port
    geocoder = online.nominatim(
        user_agent=USER_AGENT, domain=f"127.0.0.1:{port}", scheme="http", timeout_s=1.0
    )
    resolver = Resolver(gazetteer, geocoder)
    started = time.monotonic()
    typed = resolver.resolve(CHIPETA)
    first, _ = resolver.place_record(chipeta_record())
    second, _ = resolver.place_record(congress_record())
    elapsed = time.monotonic() - started
    assert typed.precision == "zip" and near(typed, ZIP_84108)
    assert first.precision == "zip" and near(first, ZIP_84108)
    assert second.precision == "zip" and near(second, ZIP_78701)
    assert resolver.online_failure
    assert elapsed < 2.5, f"took {elapsed:.2f} s"
    assert len(accepted) == 1  # one request, no retries, no second attempt


def test_refused_connection_falls_back_fast(gazetteer, refused_port):
    """Nothing listening: the failure is immediate and the offline ZIP answer is used."""
    geocoder = online.nominatim(
        user_agent=USER_AGENT, domain=f"127.0.0.1:{refused_port}", scheme="http", timeout_s=1.0
    )
    resolver = Resolver(gazetteer, geocoder)
    started = time.monotonic()
    found = resolver.resolve(CHIPETA)
    elapsed = time.monotonic() - started
    assert found.precision == "zip" and near(found, ZIP_84108)
    assert resolver.online_failure
    assert elapsed < 1.0, f"took {elapsed:.2f} s"


def test_custom_nominatim_url_is_asked_with_our_user_agent():
    """CLINIC_FINDER_NOMINATIM_URL is where requests go, limited to the US, naming the app."""
    with NominatimStub(body=CHIPETA_REPLY) as stub:
        settings = GeocoderSettings.from_env(nominatim_env(stub.url))
        assert settings.provider == "nominatim"
        assert settings.nominatim_url == stub.url
        found = make_geocoder(settings).geocode(CHIPETA)
    assert (found.lat, found.lon, found.precision) == (40.7636, -111.8340, "street")
    assert found.label == "501, Chipeta Way, Salt Lake City"
    assert len(stub.requests) == 1
    request = stub.requests[0]
    assert request.path.startswith("/search?")
    assert "countrycodes=us" in request.path
    assert request.headers.get("User-Agent") == USER_AGENT


def test_custom_nominatim_url_keeps_its_path():
    """A self-hosted Nominatim under a path prefix is asked at that path, not at the root."""
    with NominatimStub(body=CHIPETA_REPLY) as stub:
        settings = GeocoderSettings.from_env(nominatim_env(f"{stub.url}/nominatim"))
        make_geocoder(settings).geocode(CHIPETA)
    assert stub.requests and stub.requests[0].path.startswith("/nominatim/search?")


@pytest.mark.parametrize(
    ("status", "body"),
    [(503, "busy"), (200, "this is not json"), (403, "blocked")],
    ids=["503", "garbage", "403"],
)
def test_bad_replies_become_geocoder_failure(gazetteer, status, body):
    """An outage, a refusal or an unreadable reply is a GeocoderFailure; the resolver goes on."""
    with NominatimStub(status=status, body=body) as stub:
        settings = GeocoderSettings.from_env(nominatim_env(stub.url))
        with pytest.raises(GeocoderFailure, match="nominatim"):
            make_geocoder(settings).geocode(CHIPETA)
        # A second geocoder, so its rate limiter does not make this test wait a second.
        resolver = Resolver(gazetteer, make_geocoder(settings))
        found = resolver.resolve(CHIPETA)
    assert found.precision == "zip" and near(found, ZIP_84108)
    assert resolver.online_failure
