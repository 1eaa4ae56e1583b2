"""Settings read from the environment; the defaults keep everything on this machine."""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from clinic_finder.errors import ConfigurationError
from clinic_finder.geocode import online

GEOCODERS = ("off", "nominatim", "arcgis")


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
