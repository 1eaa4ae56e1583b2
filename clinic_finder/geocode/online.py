"""The opt-in online geocoders: thin, fail-fast wrappers around geopy's Nominatim and ArcGIS."""

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Protocol

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.geocoders import ArcGIS, Nominatim

from clinic_finder.errors import ConfigurationError, GeocoderFailure
from clinic_finder.geocode.types import GeocodeResult

# A hung service costs one timeout plus a few milliseconds: 1.5 s keeps the first failure under 2 s.
DEFAULT_TIMEOUT_S = 1.5
MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request per second


# geopy and urllib3 log every request URL, with the address asked for in it, at DEBUG (and geopy
# an error reply's body at INFO): a typed location must never reach a log.
_LOGGERS_THAT_QUOTE_QUERIES = ("geopy", "urllib3.connectionpool")


def _no_quoted_queries(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


class OnlineGeocoder(Protocol):
    name: str

    def geocode(self, query: str) -> GeocodeResult | None:
        """A street-level point, None for no match; GeocoderFailure when the service fails."""


class GeopyGeocoder:
    """One geopy geocoder, rate limited, with no retries: a failure is reported at once."""

    def __init__(
        self,
        name: str,
        geocoder,
        min_delay_s: float = MIN_DELAY_S,
        query_options: dict | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.name = name
        self._geocoder = geocoder
        self._min_delay_s = min_delay_s
        self._query_options = query_options or {}
        self._clock, self._sleep = clock, sleep
        self._last_call = -float("inf")
        self._lock = threading.Lock()
        for logger_name in _LOGGERS_THAT_QUOTE_QUERIES:
            logging.getLogger(logger_name).addFilter(_no_quoted_queries)  # once: a set, in effect

    def geocode(self, query: str) -> GeocodeResult | None:
        with self._lock:
            wait = self._last_call + self._min_delay_s - self._clock()
            if wait > 0:
                self._sleep(wait)
            self._last_call = self._clock()
            try:
                location = self._geocoder.geocode(query, exactly_one=True, **self._query_options)
            # Only the kind of failure: geopy's message and its cause quote the request URL or the
            # reply, and with them the address asked for (this text reaches reports and notices).
            except GeopyError as error:
                raise GeocoderFailure(f"{self.name}: {type(error).__name__}") from None
            except (ValueError, KeyError, TypeError) as error:  # a reply geopy could not read
                raise GeocoderFailure(
                    f"{self.name}: unreadable reply ({type(error).__name__})"
                ) from None
        if location is None:
            return None
        return GeocodeResult(
            location.latitude, location.longitude, "street", location.address, self.name
        )


def _fail_fast_adapter():
    return partial(RequestsAdapter, max_retries=0)


def nominatim(
    user_agent: str,
    domain: str = "nominatim.openstreetmap.org",
    scheme: str = "https",
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> GeopyGeocoder:
    """Nominatim refuses sample user agents: name the app and a contact in `user_agent`."""
    if not user_agent or "geopy" in user_agent.casefold() or "example" in user_agent.casefold():
        raise ConfigurationError(
            f"Nominatim needs a real user agent naming this app and a contact, got {user_agent!r}"
            " (set CLINIC_FINDER_USER_AGENT)"
        )
    geocoder = Nominatim(
        user_agent=user_agent,
        domain=domain,
        scheme=scheme,
        timeout=timeout_s,
        adapter_factory=_fail_fast_adapter(),
    )
    return GeopyGeocoder("nominatim", geocoder, query_options={"country_codes": "us"})


def arcgis(timeout_s: float = DEFAULT_TIMEOUT_S) -> GeopyGeocoder:
    geocoder = ArcGIS(timeout=timeout_s, adapter_factory=_fail_fast_adapter())
    return GeopyGeocoder("arcgis", geocoder, min_delay_s=0.2)
