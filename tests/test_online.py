"""The opt-in online geocoders (geocode/online.py) and their settings: the user-agent rule, the
process-wide rate limit with an injected clock, geopy's answers and errors."""

import threading
import time
from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderServiceError
from nominatim_stub import USER_AGENT

from clinic_finder.errors import ConfigurationError, GeocoderFailure
from clinic_finder.geocode import online
from clinic_finder.geocode.factory import make_geocoder
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.settings import GeocoderSettings

# Real-world points: ZIP 84108 is Salt Lake City's east bench (University of Utah), 78701 is
# downtown Austin; the street point is the Research Park building at 501 Chipeta Way.
ZIP_84108 = (40.737, -111.826)
ZIP_78701 = (30.270, -97.742)
SALT_LAKE_CITY = (40.760, -111.891)
STREET_POINT = GeocodeResult(40.7636, -111.8340, "street", "501 Chipeta Way, SLC", "fake")


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize("user_agent", ["", "geopy/2.5.0", "my-GeoPy-app", "app (me@example.com)"])
def test_nominatim_refuses_sample_user_agents(user_agent):
    """Nominatim's policy bans anonymous and sample user agents; we refuse them up front."""
    with pytest.raises(ConfigurationError):
        online.nominatim(user_agent=user_agent)


def test_nominatim_accepts_a_real_user_agent():
    """A user agent naming the app and a contact builds a geocoder (no request is made)."""
    assert online.nominatim(user_agent=USER_AGENT).name == "nominatim"


@pytest.mark.parametrize(
    "environ",
    [
        {"CLINIC_FINDER_GEOCODER": "google"},
        {"CLINIC_FINDER_GEOCODER": "nominatim; rm -rf /"},
        {"CLINIC_FINDER_GEOCODE_TIMEOUT": "soon"},
    ],
    ids=["unknown-provider", "junk-provider", "bad-timeout"],
)
def test_settings_reject_bad_values(environ):
    """An unusable setting is a ConfigurationError naming the variable, not a silent default."""
    with pytest.raises(ConfigurationError, match="CLINIC_FINDER_"):
        GeocoderSettings.from_env(environ)


def test_settings_default_to_offline():
    """With nothing set, no online geocoder is made."""
    settings = GeocoderSettings.from_env({})
    assert settings.provider == "off"
    assert make_geocoder(settings) is None


def test_settings_provider_is_case_and_space_insensitive():
    """' ArcGIS ' means arcgis."""
    settings = GeocoderSettings.from_env({"CLINIC_FINDER_GEOCODER": " ArcGIS "})
    assert settings.provider == "arcgis"
    assert make_geocoder(settings).name == "arcgis"


# --- GeopyGeocoder: rate limit and error mapping with injected clock and fakes ---------------


class FakeClock:
    """A clock that moves only when slept on or advanced by hand."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fake_limiter(clock: FakeClock, min_delay_s: float = 1.0) -> online.RateLimiter:
    return online.RateLimiter(min_delay_s, clock.time, clock.sleep)


def test_two_sessions_geocoders_share_one_rate_limit():
    """Each session builds its own geocoder; the second one still waits for the first's second."""
    clock = FakeClock()
    shared = fake_limiter(clock)
    first = online.GeopyGeocoder("fake", FakeGeopy(clock), limiter=shared)
    second = online.GeopyGeocoder("fake", FakeGeopy(clock), limiter=shared)
    first.geocode("a")
    second.geocode("b")
    assert clock.sleeps == [pytest.approx(1.0)]


def test_the_process_keeps_one_limiter_per_server():
    a = online.nominatim("clinic-finder-tests/0.1 (ops@clinic-finder.invalid)", "nm.invalid")
    b = online.nominatim("clinic-finder-tests/0.1 (ops@clinic-finder.invalid)", "nm.invalid")
    other = online.nominatim("clinic-finder-tests/0.1 (ops@clinic-finder.invalid)", "nm2.invalid")
    assert a.limiter is b.limiter is not other.limiter
    assert a.limiter.min_delay_s == 1.0


def test_two_threads_are_spaced_by_the_shared_limit():
    """Real threads and a real clock: two requests at once still start 0.2 s apart."""
    limiter = online.RateLimiter(0.2)
    started: list[float] = []

    def ask() -> None:
        with limiter.turn():
            started.append(time.monotonic())

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert abs(started[1] - started[0]) >= 0.19


class FakeGeopy:
    """Stands in for a geopy geocoder: records when and how it was called."""

    def __init__(self, clock: FakeClock, reply=None, error: Exception | None = None):
        self.clock, self.error = clock, error
        self.reply = reply or SimpleNamespace(latitude=40.7636, longitude=-111.834, address="X")
        self.calls: list[tuple[float, str, dict]] = []

    def geocode(self, query, exactly_one=True, **options):
        self.calls.append((self.clock.now, query, {"exactly_one": exactly_one, **options}))
        if self.error:
            raise self.error
        return self.reply


def test_rate_limit_sleeps_between_quick_calls():
    """Two calls in the same instant: the second waits the full second (Nominatim's policy)."""
    clock = FakeClock()
    fake = FakeGeopy(clock)
    geocoder = online.GeopyGeocoder("fake", fake, limiter=fake_limiter(clock))
    geocoder.geocode("first")
    geocoder.geocode("second")
    assert clock.sleeps == [pytest.approx(1.0)]
    assert fake.calls[1][0] - fake.calls[0][0] >= 1.0 - 1e-9


def test_rate_limit_only_waits_the_remainder_and_not_after_a_pause():
    """A call 0.3 s after the last waits 0.7 s; one after a long pause does not wait."""
    clock = FakeClock()
    geocoder = online.GeopyGeocoder("fake", FakeGeopy(clock), limiter=fake_limiter(clock))
    geocoder.geocode("a")
    clock.now += 0.3
    geocoder.geocode("b")
    clock.now += 5.0
    geocoder.geocode("c")
    assert clock.sleeps == [pytest.approx(0.7)]


def test_geopy_answer_becomes_a_street_result_with_query_options():
    """A geopy Location maps to a street-precision result; configured options are passed on."""
    clock = FakeClock()
    fake = FakeGeopy(clock, reply=SimpleNamespace(latitude=1.5, longitude=-2.5, address="Here"))
    geocoder = online.GeopyGeocoder(
        "fake",
        fake,
        query_options={"country_codes": "us"},
        limiter=fake_limiter(clock),
    )
    found = geocoder.geocode("somewhere")
    assert found == GeocodeResult(1.5, -2.5, "street", "Here", "fake")
    assert fake.calls[0][1:] == ("somewhere", {"exactly_one": True, "country_codes": "us"})


def test_geopy_no_match_is_none():
    """geopy's None (no match) stays None: it is an answer, not a failure."""
    clock = FakeClock()
    fake = FakeGeopy(clock)
    fake.reply = None
    geocoder = online.GeopyGeocoder("fake", fake, limiter=fake_limiter(clock))
    assert geocoder.geocode("nowhere") is None


@pytest.mark.parametrize(
    "error",
    [GeocoderServiceError("HTTP 500"), ValueError("bad float"), KeyError("lat")],
    ids=["geopy-error", "value-error", "key-error"],
)
def test_geopy_errors_become_geocoder_failure(error):
    """Service errors and unreadable replies are one exception type, naming the provider."""
    clock = FakeClock()
    geocoder = online.GeopyGeocoder(
        "fake",
        FakeGeopy(clock, error=error),
        limiter=fake_limiter(clock),
    )
    with pytest.raises(GeocoderFailure, match="fake"):
        geocoder.geocode("anything")
