"""Settings read from the environment; the defaults keep everything on this machine."""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from clinic_finder.errors import ConfigurationError
from clinic_finder.geocode import online

GEOCODERS = ("off", "nominatim", "arcgis")

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# OSM's tile usage policy requires this credit, linked to the copyright page.
OSM_ATTRIBUTION = (
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
)


@dataclass(frozen=True)
class GeocoderSettings:
    provider: str = "off"
    user_agent: str = ""
    nominatim_url: str = "https://nominatim.openstreetmap.org"
    timeout_s: float = online.DEFAULT_TIMEOUT_S

    @classmethod
    def from_env(cls, environ=os.environ) -> "GeocoderSettings":
        provider = environ.get("CLINIC_FINDER_GEOCODER", "off").strip().lower() or "off"
        if provider not in GEOCODERS:
            raise ConfigurationError(
                f"CLINIC_FINDER_GEOCODER must be one of {GEOCODERS}, got {provider!r}"
            )
        try:
            timeout_s = float(environ.get("CLINIC_FINDER_GEOCODE_TIMEOUT", cls.timeout_s))
        except ValueError as error:
            raise ConfigurationError(f"CLINIC_FINDER_GEOCODE_TIMEOUT: {error}") from error
        return cls(
            provider=provider,
            user_agent=environ.get("CLINIC_FINDER_USER_AGENT", ""),
            nominatim_url=environ.get("CLINIC_FINDER_NOMINATIM_URL", cls.nominatim_url),
            timeout_s=timeout_s,
        )

    def make_geocoder(self, provider: str | None = None) -> online.OnlineGeocoder | None:
        """The online geocoder to use when a person opts in, or None when it is off."""
        provider = provider or self.provider
        if provider == "nominatim":
            url = urlsplit(self.nominatim_url)
            domain = url.netloc + url.path.rstrip("/")  # geopy accepts a path prefix here
            return online.nominatim(self.user_agent, domain, url.scheme, self.timeout_s)
        if provider == "arcgis":
            return online.arcgis(self.timeout_s)
        return None


@dataclass(frozen=True)
class MapSettings:
    """The map's tile layer; tiles=None (the default) draws only the offline state outlines."""

    tiles: str | None = None
    attribution: str = ""

    @classmethod
    def from_env(cls, environ=os.environ) -> "MapSettings":
        value = environ.get("CLINIC_FINDER_TILES", "").strip()
        if value.lower() in ("", "offline"):
            return cls()
        if value.lower() == "osm":
            return cls(tiles=OSM_TILES, attribution=OSM_ATTRIBUTION)
        _check_tile_template(value)
        attribution = environ.get("CLINIC_FINDER_TILES_ATTRIBUTION", "").strip()
        # Leaflet shows no credit by itself; name the tile host rather than show nothing.
        return cls(tiles=value, attribution=attribution or f"Tiles: {urlsplit(value).netloc}")


def _check_tile_template(value: str) -> None:
    url = urlsplit(value)
    missing = [key for key in ("{z}", "{x}", "{y}") if key not in value]
    if url.scheme not in ("http", "https") or not url.netloc or missing:
        raise ConfigurationError(
            "CLINIC_FINDER_TILES must be 'offline', 'osm' or an http(s) URL template "
            f"with {{z}}, {{x}} and {{y}}, got {value!r}"
        )
