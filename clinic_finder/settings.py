"""Every setting, read from the environment once at start-up; the defaults keep everything local.

`Settings.from_env` never raises: a value it cannot use turns that one feature off and becomes a
`Problem`, which the app logs (naming the variable and the value) and mentions quietly on the page.
The README's settings table lists exactly the variables named in `VARIABLES` (a test checks it).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlsplit

from clinic_finder import paths
from clinic_finder.errors import ConfigurationError

Provider = Literal["off", "nominatim", "arcgis"]
GEOCODERS: tuple[Provider, ...] = get_args(Provider)

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# OSM's tile usage policy requires this credit, linked to the copyright page.
OSM_ATTRIBUTION = (
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
)
DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"
# A hung service costs one timeout plus a few milliseconds: 1.5 s keeps the first failure under 2 s.
DEFAULT_GEOCODE_TIMEOUT_S = 1.5

# Every variable the program reads, and the feature a bad value turns off.
VARIABLES: dict[str, str] = {
    "CLINIC_FINDER_DATA_DIR": "data",
    "CLINIC_FINDER_CACHE_DIR": "place index cache",
    "CLINIC_FINDER_GEOCODE_CACHE": "online answer cache",
    "CLINIC_FINDER_GEOCODER": "online lookup",
    "CLINIC_FINDER_USER_AGENT": "online lookup",
    "CLINIC_FINDER_NOMINATIM_URL": "online lookup",
    "CLINIC_FINDER_GEOCODE_TIMEOUT": "online lookup",
    "CLINIC_FINDER_TILES": "map tiles",
    "CLINIC_FINDER_TILES_ATTRIBUTION": "map tiles",
}

# What a patient is told, once per feature, when a setting turned it off (no value quoted).
NOTICES: dict[str, str] = {
    "data": "This server's data folder setting is wrong; the bundled directory is shown.",
    "place index cache": "",  # only slower to start; nothing a patient would notice
    "online answer cache": "",  # read by the command line only
    "online lookup": "The online address lookup is off on this server (a setting is wrong).",
    "map tiles": "The map shows state outlines only: its tile setting is wrong on this server.",
}


@dataclass(frozen=True)
class Problem:
    """A setting the program could not use: which, its value, why, and what was turned off."""

    variable: str
    value: str
    reason: str

    @property
    def feature(self) -> str:
        return VARIABLES[self.variable]

    def log_line(self) -> str:
        return f"setting {self.variable}={self.value!r} ignored: {self.reason}; {self.feature} off"

    @property
    def notice(self) -> str:
        return NOTICES[self.feature]


@dataclass(frozen=True)
class GeocoderSettings:
    provider: Provider = "off"
    user_agent: str = ""
    nominatim_url: str = DEFAULT_NOMINATIM_URL
    timeout_s: float = DEFAULT_GEOCODE_TIMEOUT_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> GeocoderSettings:
        """The online geocoder's settings; a ConfigurationError naming the first bad one."""
        name = environ.get("CLINIC_FINDER_GEOCODER", "off").strip().lower() or "off"
        provider = next((p for p in GEOCODERS if p == name), None)
        if provider is None:
            raise _bad("CLINIC_FINDER_GEOCODER", name, f"must be one of {', '.join(GEOCODERS)}")
        timeout_text = environ.get("CLINIC_FINDER_GEOCODE_TIMEOUT", "").strip()
        timeout_s = cls.timeout_s
        if timeout_text:
            try:
                timeout_s = float(timeout_text)
            except ValueError:
                timeout_s = math.nan
            if not (math.isfinite(timeout_s) and 0 < timeout_s <= 60):
                raise _bad(
                    "CLINIC_FINDER_GEOCODE_TIMEOUT", timeout_text, "must be seconds, above 0, ≤ 60"
                )
        url = environ.get("CLINIC_FINDER_NOMINATIM_URL", "").strip() or DEFAULT_NOMINATIM_URL
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _bad("CLINIC_FINDER_NOMINATIM_URL", url, "must be an http(s) URL")
        user_agent = environ.get("CLINIC_FINDER_USER_AGENT", "").strip()
        if provider == "nominatim":
            try:
                check_user_agent(user_agent)
            except ConfigurationError as error:
                raise _bad("CLINIC_FINDER_USER_AGENT", user_agent, str(error)) from None
        return cls(provider, user_agent, url, timeout_s)

    def in_effect(self) -> str:
        if self.provider == "off":
            return "off"
        where = f" at {self.nominatim_url}" if self.provider == "nominatim" else ""
        return f"{self.provider}{where}, timeout {self.timeout_s:g} s"


@dataclass(frozen=True)
class MapSettings:
    """The map's tile layer; tiles=None (the default) draws only the offline state outlines."""

    tiles: str | None = None
    attribution: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> MapSettings:
        value = environ.get("CLINIC_FINDER_TILES", "").strip()
        if value.lower() in ("", "offline"):
            return cls()
        if value.lower() == "osm":
            return cls(tiles=OSM_TILES, attribution=OSM_ATTRIBUTION)
        _check_tile_template(value)
        attribution = environ.get("CLINIC_FINDER_TILES_ATTRIBUTION", "").strip()
        # Leaflet shows no credit by itself; name the tile host rather than show nothing.
        return cls(tiles=value, attribution=attribution or f"Tiles: {urlsplit(value).netloc}")


def check_user_agent(user_agent: str) -> None:
    """Nominatim's usage policy: a user agent that names the app and a contact."""
    if not user_agent or "geopy" in user_agent.casefold() or "example" in user_agent.casefold():
        raise ConfigurationError(
            f"Nominatim needs a real user agent naming this app and a contact, got {user_agent!r}"
            " (set CLINIC_FINDER_USER_AGENT)"
        )


def _check_tile_template(value: str) -> None:
    url = urlsplit(value)
    missing = [key for key in ("{z}", "{x}", "{y}") if key not in value]
    if url.scheme not in ("http", "https") or not url.netloc or missing:
        raise _bad(
            "CLINIC_FINDER_TILES",
            value,
            "must be 'offline', 'osm' or an http(s) URL template with {z}, {x} and {y}",
        )


class SettingError(ConfigurationError):
    """One variable's value is unusable; the message names both."""

    def __init__(self, variable: str, value: str, reason: str):
        self.problem = Problem(variable, value, reason)
        super().__init__(f"{variable} {reason}, got {value!r}")


def _bad(variable: str, value: str, reason: str) -> SettingError:
    return SettingError(variable, value, reason)


@dataclass(frozen=True)
class Settings:
    """The whole configuration, read once; every path and switch the program uses comes from it."""

    data_dir: Path = paths.DATA_DIR
    cache_dir: Path | None = paths.CACHE_DIR  # None: the place index is rebuilt, never saved
    geocode_cache: Path | None = paths.GEOCODE_CACHE  # None: no disk cache of online answers
    geocoder: GeocoderSettings = field(default_factory=GeocoderSettings)
    map: MapSettings = field(default_factory=MapSettings)
    problems: tuple[Problem, ...] = ()

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def clinics_table(self) -> Path:
        return self.data_dir / paths.CLINICS_TABLE.name

    @property
    def build_report(self) -> Path:
        return self.data_dir / paths.BUILD_REPORT.name

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Every setting; never raises: an unusable value turns its feature off (see problems)."""
        environ = os.environ if environ is None else environ
        problems: list[Problem] = []
        settings = cls()
        data_dir = environ.get("CLINIC_FINDER_DATA_DIR", "").strip()
        if data_dir and not Path(data_dir).is_dir():
            problems.append(Problem("CLINIC_FINDER_DATA_DIR", data_dir, "is not a folder"))
        elif data_dir:
            settings = replace(
                settings,
                data_dir=Path(data_dir),
                geocode_cache=Path(data_dir) / paths.GEOCODE_CACHE.name,
            )
        cache_dir = environ.get("CLINIC_FINDER_CACHE_DIR", "").strip()
        if cache_dir and Path(cache_dir).exists() and not Path(cache_dir).is_dir():
            problems.append(Problem("CLINIC_FINDER_CACHE_DIR", cache_dir, "is not a folder"))
            settings = replace(settings, cache_dir=None)
        elif cache_dir:
            settings = replace(settings, cache_dir=Path(cache_dir))
        geocode_cache = environ.get("CLINIC_FINDER_GEOCODE_CACHE", "").strip()
        if geocode_cache and Path(geocode_cache).is_dir():
            problems.append(
                Problem("CLINIC_FINDER_GEOCODE_CACHE", geocode_cache, "is a folder, not a file")
            )
            settings = replace(settings, geocode_cache=None)
        elif geocode_cache:
            settings = replace(settings, geocode_cache=Path(geocode_cache))
        try:
            settings = replace(settings, geocoder=GeocoderSettings.from_env(environ))
        except SettingError as error:
            problems.append(error.problem)
        try:
            settings = replace(settings, map=MapSettings.from_env(environ))
        except SettingError as error:
            problems.append(error.problem)
        return replace(settings, problems=tuple(problems))

    def problem(self, feature: str) -> Problem | None:
        """The first problem that turned this feature off, if any."""
        return next((p for p in self.problems if p.feature == feature), None)

    def notices(self) -> list[str]:
        """What to tell a patient about features turned off, once each."""
        return list(dict.fromkeys(p.notice for p in self.problems if p.notice))

    def in_effect(self) -> dict[str, str]:
        """The settings as an operator reads them in the start-up log (no secrets held here)."""
        return {
            "data": str(self.data_dir),
            "place index cache": str(self.cache_dir) if self.cache_dir else "off",
            "online lookup": self.geocoder.in_effect(),
            "map tiles": self.map.tiles or "offline",
        }
