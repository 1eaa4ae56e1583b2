"""Putting a resolver together from settings: offline unless online use is asked for."""

from clinic_finder import paths
from clinic_finder.geocode.cache import GeocodeCache
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.settings import GeocoderSettings


def make_resolver(
    online: bool = False,
    settings: GeocoderSettings | None = None,
    gazetteer: Gazetteer | None = None,
) -> Resolver:
    """The cache of earlier online answers is read whenever it exists; it is written only online."""
    settings = settings or GeocoderSettings.from_env()
    geocoder = settings.make_geocoder() if online else None
    cache = GeocodeCache(paths.GEOCODE_CACHE) if (online or paths.GEOCODE_CACHE.exists()) else None
    return Resolver(gazetteer or Gazetteer.load(), geocoder, cache)
