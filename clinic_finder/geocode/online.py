"""The opt-in online geocoders: thin, fail-fast wrappers around geopy's Nominatim and ArcGIS."""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Protocol

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.geocoders import ArcGIS, Nominatim
from geopy.geocoders.base import Geocoder

from clinic_finder.errors import GeocoderFailure
from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.settings import DEFAULT_GEOCODE_TIMEOUT_S as DEFAULT_TIMEOUT_S
from clinic_finder.settings import check_user_agent

MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request per second


log = logging.getLogger(__name__)

# geopy and urllib3 log every request URL, with the address asked for in it, at DEBUG (and geopy
# an error reply's body at INFO): a typed location must never reach a log.
_LOGGERS_THAT_QUOTE_QUERIES = ("geopy", "urllib3.connectionpool")


def _no_quoted_queries(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


class OnlineGeocoder(Protocol):
    name: str

    def geocode(self, query: str) -> GeocodeResult | None:
        """A street-level point, None for no match; GeocoderFailure when the service fails."""


class RateLimiter:
    """At most one call per `min_delay_s`, across every thread that holds this limiter."""

    def __init__(
        self,
        min_delay_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.min_delay_s = min_delay_s
        self._clock, self._sleep = clock, sleep
        self._last_call = -float("inf")
        self._lock = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Waits for this caller's turn and holds it while the request runs."""
        with self._lock:
            wait = self._last_call + self.min_delay_s - self._clock()
            if wait > 0:
                self._sleep(wait)
            self._last_call = self._clock()
            yield


# One limiter per server for the whole process: every session's geocoder shares it, so N
# sessions still send at most one request a second to one Nominatim server.
_PROCESS_LIMITERS: dict[str, RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def process_limiter(server: str, min_delay_s: float) -> RateLimiter:
    """The one limiter this process has for `server` (made on first use)."""
    with _LIMITERS_LOCK:
        if server not in _PROCESS_LIMITERS:
            _PROCESS_LIMITERS[server] = RateLimiter(min_delay_s)
        return _PROCESS_LIMITERS[server]


class GeopyGeocoder:
    """One geopy geocoder, rate limited, with no retries: a failure is reported at once."""

    def __init__(
        self,
        name: str,
        geocoder: Geocoder,
        min_delay_s: float = MIN_DELAY_S,
        query_options: dict[str, str] | None = None,
        limiter: RateLimiter | None = None,
    ):
        self.name = name
        self._geocoder = geocoder
        self._query_options = query_options or {}
        self.limiter = limiter or process_limiter(name, min_delay_s)
        for logger_name in _LOGGERS_THAT_QUOTE_QUERIES:
            logging.getLogger(logger_name).addFilter(_no_quoted_queries)  # once: a set, in effect

    def geocode(self, query: str) -> GeocodeResult | None:
        with self.limiter.turn():
            try:
                location = self._geocoder.geocode(query, exactly_one=True, **self._query_options)
            # Only the kind of failure: geopy's message and its cause quote the request URL or the
            # reply, and with them the address asked for (this text reaches reports and notices).
            except GeopyError as error:
                failure: GeocoderFailure | None = GeocoderFailure(
                    f"{self.name}: {type(error).__name__}"
                )
            except (ValueError, KeyError, TypeError) as error:  # a reply geopy could not read
                failure = GeocoderFailure(f"{self.name}: unreadable reply ({type(error).__name__})")
            else:
                failure = None
        if failure is not None:
            log.warning("online geocoder failed: %s", failure)
            raise failure
        if location is None:
            return None
        return GeocodeResult(
            location.latitude, location.longitude, "street", location.address, self.name
        )


def _fail_fast_adapter() -> Callable[..., RequestsAdapter]:
    return partial(RequestsAdapter, max_retries=0)


def nominatim(
    user_agent: str,
    domain: str = "nominatim.openstreetmap.org",
    scheme: str = "https",
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> GeopyGeocoder:
    """Nominatim refuses sample user agents: name the app and a contact in `user_agent`."""
    check_user_agent(user_agent)
    geocoder = Nominatim(
        user_agent=user_agent,
        domain=domain,
        scheme=scheme,
        timeout=timeout_s,
        adapter_factory=_fail_fast_adapter(),
    )
    limiter = process_limiter(f"nominatim {scheme}://{domain}", MIN_DELAY_S)
    return GeopyGeocoder(
        "nominatim", geocoder, query_options={"country_codes": "us"}, limiter=limiter
    )


def arcgis(timeout_s: float = DEFAULT_TIMEOUT_S) -> GeopyGeocoder:
    geocoder = ArcGIS(timeout=timeout_s, adapter_factory=_fail_fast_adapter())
    return GeopyGeocoder("arcgis", geocoder, limiter=process_limiter("arcgis", 0.2))
