"""Putting a resolver together from settings: offline unless online use is asked for."""

from clinic_finder.geocode.cache import GeocodeCache
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.settings import Settings


def make_resolver(
    online: bool = False,
    settings: Settings | None = None,
    gazetteer: Gazetteer | None = None,
) -> Resolver:
    """The cache of earlier online answers is read whenever it exists; it is written only online.

    Offline, reading it is what `make data` reports (`online_answer_cache` in the build report).
    """
    settings = settings or Settings.from_env()
    geocoder = settings.geocoder.make_geocoder() if online else None
    path = settings.geocode_cache
    cache = GeocodeCache(path) if path and (online or path.exists()) else None
    return Resolver(gazetteer or Gazetteer.load(settings.cache_dir), geocoder, cache)
