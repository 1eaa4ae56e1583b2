"""Putting geocoders and resolvers together from settings: offline unless online use is asked for.

Settings are plain data (clinic_finder.settings imports nothing that geocodes); this builds.
"""

from urllib.parse import urlsplit

from clinic_finder.geocode import online as online_geocoders
from clinic_finder.geocode.cache import GeocodeCache
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.settings import GeocoderSettings, Provider, Settings


def make_geocoder(
    settings: GeocoderSettings, provider: Provider | None = None
) -> online_geocoders.OnlineGeocoder | None:
    """The online geocoder to use when a person opts in, or None when it is off."""
    provider = provider or settings.provider
    if provider == "nominatim":
        url = urlsplit(settings.nominatim_url)
        domain = url.netloc + url.path.rstrip("/")  # geopy accepts a path prefix here
        return online_geocoders.nominatim(settings.user_agent, domain, url.scheme,
                                          settings.timeout_s)  # fmt: skip
    if provider == "arcgis":
        return online_geocoders.arcgis(settings.timeout_s)
    return None


def make_resolver(
    online: bool = False,
    settings: Settings | None = None,
    gazetteer: Gazetteer | None = None,
) -> Resolver:
    """The cache of earlier online answers is read whenever it exists; it is written only online.

    Offline, reading it is what `make data` reports (`online_answer_cache` in the build report).
    """
    settings = settings or Settings.from_env()
    geocoder = make_geocoder(settings.geocoder) if online else None
    path = settings.geocode_cache
    cache = GeocodeCache(path) if path and (online or path.exists()) else None
    return Resolver(gazetteer or Gazetteer.load(settings.cache_dir), geocoder, cache)
