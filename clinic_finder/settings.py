"""Every setting as data: one table (`SETTINGS`, like datasette's `Setting(name, default, help)`),
read from the environment, each value checked; the README's settings reference is made from it.

`Settings.from_env` (every app process) never raises: a value it cannot use becomes a `Problem`
and turns that one feature off (a data folder that is set but unusable is never replaced by the
bundled one). `make run` and `make serve` refuse to start while there is any problem: each is one
line (serve/preflight.py). Plain data: this module imports nothing of the program but paths and
errors; what builds a geocoder or a server reads these values.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Self, get_args
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
# What a served data folder must hold (`make data` writes all three); the build reads `raw/` and
# `dhcs_service_codes.csv` from it as well.
SERVED_DATA_FILES = (paths.CLINICS_TABLE.name, "service_codes.csv", paths.BUILD_REPORT.name)
MAX_PROCESSES = 64
# host:port, or [IPv6]:port; the port is checked as a number apart.
HOST_PORT = re.compile(r"[A-Za-z0-9.\-]+:[0-9]{1,5}|\[[0-9A-Fa-f:]+\]:[0-9]{1,5}")
COOKIE_SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"
# Characters a path in nginx's config cannot hold safely (besides whitespace).
NGINX_UNSAFE = frozenset("\"';{}$\\")

Scope = Literal["app", "make serve", "make run", "Streamlit"]


@dataclass(frozen=True)
class Setting:
    """One variable a deployer may set: where it is read, its default, what it means, and (for
    the app's own) the feature a bad value turns off."""

    name: str
    scope: Scope
    default: str
    help: str
    feature: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("CLINIC_FINDER_DATA_DIR", "app", "`data/`",
            "the folder the app serves: `clinics.parquet`, `service_codes.csv`, "
            "`build_report.json`; `make data` builds into it from its `raw/` and "
            "`dhcs_service_codes.csv` (copy `data/raw/` and `data/dhcs_service_codes.csv` first). "
            "Set but unusable: the server does not start", "data"),
    Setting("CLINIC_FINDER_CACHE_DIR", "app", "`.cache/`",
            "where the offline place index is kept after its first build (0.4 s to read back "
            "instead of ~3 s to build); must be a folder the service account can write",
            "place index cache"),
    Setting("CLINIC_FINDER_GEOCODE_CACHE", "app", "`geocode_cache.sqlite` in the data folder",
            "SQLite cache of online answers for the command line (the app never reads it; an "
            "offline `make data` reads it when it exists and says so in the build report)",
            "online answer cache"),
    Setting("CLINIC_FINDER_GEOCODER", "app", "`off`",
            "`off`, `nominatim` or `arcgis`: the service a person's opt-in uses (the page's "
            "\"street-level precision\" switch is disabled when `off`)", "online lookup"),
    Setting("CLINIC_FINDER_USER_AGENT", "app", "none",
            "required for Nominatim: names the app and a contact, e.g. `clinic-finder "
            "(it@county.gov)`; refused when empty or containing `geopy` or `example` (sample "
            "agents Nominatim blocks)", "online lookup"),
    Setting("CLINIC_FINDER_NOMINATIM_URL", "app", f"`{DEFAULT_NOMINATIM_URL}`",
            "another Nominatim server, an http(s) URL (at most 1 request a second from each "
            "app process, however many sessions)", "online lookup"),
    Setting("CLINIC_FINDER_GEOCODE_TIMEOUT", "app", f"`{DEFAULT_GEOCODE_TIMEOUT_S:g}`",
            "seconds per online request, above 0 and at most 60; the first failure turns online "
            "use off for that session", "online lookup"),
    Setting("CLINIC_FINDER_TILES", "app", "`offline`",
            "map background: `offline` (state outlines only), `osm` (OpenStreetMap tiles) or an "
            "http(s) tile URL template with `{z}`, `{x}`, `{y}`", "map tiles"),
    Setting("CLINIC_FINDER_TILES_ATTRIBUTION", "app", "the tile host's name",
            "credit shown for a custom tile template", "map tiles"),
    Setting("CLINIC_FINDER_DATABASE_URL", "app", "`reports.sqlite` in the data folder",
            "where reports of wrong listings and reviewers' decisions are kept: a SQLAlchemy URL, "
            "`sqlite:///PATH` or `postgresql+psycopg://USER@HOST/DB` (created and migrated on "
            "first use). Unusable: the page works, its report form says reports cannot be saved",
            "reports"),
    Setting("SERVE_PROCESSES", "make serve", "one per core",
            f"app processes on this machine, 1 to {MAX_PROCESSES} (each ~0.5 GB, one core)"),
    Setting("SERVE_LISTEN", "make serve", "`127.0.0.1:8080`",
            "nginx's `HOST:PORT` (`0.0.0.0:443` for everyone, with a certificate); a port in use "
            "is refused before anything starts"),
    Setting("SERVE_TLS_CERT", "make serve", "none",
            "PEM certificate, its chain after it: nginx then speaks HTTPS only"),
    Setting("SERVE_TLS_KEY", "make serve", "none", "the certificate's PEM private key"),
    Setting("SERVE_REDIRECT_FROM", "make serve", "none",
            "a plain-HTTP `HOST:PORT` (e.g. `0.0.0.0:80`) that redirects to HTTPS"),
    Setting("SERVE_LOG_DIR", "make serve", "`~/.local/state/clinic-finder/log`",
            "the log folder, outside the checkout, kept across restarts (README \"Logs\")"),
    Setting("CLINIC_FINDER_NGINX", "make serve", "`nginx` on PATH, else `/usr/sbin/nginx`",
            "the nginx program"),
    Setting("PORT", "make run", "`8501`", "`make run`'s port"),
    Setting("ADDRESS", "make run", "`127.0.0.1`",
            "`make run`'s address (Streamlit's `server.address`): this machine only; "
            "`0.0.0.0` opens the finder, and the searches in its links, to the network"),
    Setting(COOKIE_SECRET, "Streamlit", "random, made at each start",
            "signs Streamlit's cookies; set the same value on every machine when app processes "
            "run on several (`make run ADDRESS=…` behind `python -m serve --upstream`)"),
)  # fmt: skip
BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}

# Every variable the app processes read, and the feature a bad value turns off.
VARIABLES: dict[str, str] = {s.name: s.feature for s in SETTINGS if s.scope == "app"}

# What a patient is told, once per feature, when a setting turned it off (no value quoted).
NOTICES: dict[str, str] = {
    "data": "This server's data folder setting is wrong: the directory cannot be shown.",
    "place index cache": "",  # only slower to start; nothing a patient would notice
    "online answer cache": "",  # read by the command line only
    "online lookup": "The online address lookup is off on this server (a setting is wrong).",
    "map tiles": "The map shows state outlines only: its tile setting is wrong on this server.",
    "reports": "",  # said by the report form itself, where a person would use it
}
# The database URLs the reports store accepts (SQLAlchemy's dialect+driver names).
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
REPORTS_DB = "reports.sqlite"


@dataclass(frozen=True)
class Problem:
    """A setting the program could not use: which, its value, why, and what was turned off."""

    variable: str
    value: str
    reason: str

    @property
    def feature(self) -> str:
        return BY_NAME[self.variable].feature

    def __str__(self) -> str:
        """One line naming the variable, its value and what it must be."""
        return f"{self.variable}={self.value!r}: {self.reason}"

    def log_line(self) -> str:
        return f"setting {self.variable}={self.value!r} ignored: {self.reason}; {self.feature} off"

    @property
    def notice(self) -> str:
        return NOTICES[self.feature]


def reference() -> str:
    """The README's settings table, made from `SETTINGS` (tests/test_settings.py compares)."""
    rows = [f"| `{s.name}` | {s.scope} | {s.default} | {s.help} |" for s in SETTINGS]
    return "\n".join(
        ["| variable | read by | default | meaning |", "| --- | --- | --- | --- |", *rows]
    )


class SettingError(ConfigurationError):
    """One variable's value is unusable; the message names both."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(f"{problem.variable} {problem.reason}, got {problem.value!r}")


class _ReadFromEnv:
    """A group of settings read at once: `read` gives every problem, `from_env` the first."""

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> tuple[Self, list[Problem]]:
        raise NotImplementedError

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Self:
        """The settings; a SettingError naming the first bad one."""
        settings, problems = cls.read(environ)
        if problems:
            raise SettingError(problems[0])
        return settings


@dataclass(frozen=True)
class GeocoderSettings(_ReadFromEnv):
    provider: Provider = "off"
    user_agent: str = ""
    nominatim_url: str = DEFAULT_NOMINATIM_URL
    timeout_s: float = DEFAULT_GEOCODE_TIMEOUT_S

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> tuple[GeocoderSettings, list[Problem]]:
        """The settings and every problem among them (any problem: the lookup is off)."""
        problems = []
        name = environ.get("CLINIC_FINDER_GEOCODER", "off").strip().lower() or "off"
        provider = next((p for p in GEOCODERS if p == name), None)
        if provider is None:
            reason = f"must be one of {', '.join(GEOCODERS)}"
            problems.append(Problem("CLINIC_FINDER_GEOCODER", name, reason))
        timeout_text = environ.get("CLINIC_FINDER_GEOCODE_TIMEOUT", "").strip()
        timeout_s = cls.timeout_s
        if timeout_text:
            try:
                timeout_s = float(timeout_text)
            except ValueError:
                timeout_s = math.nan
            if not (math.isfinite(timeout_s) and 0 < timeout_s <= 60):
                reason = "must be seconds, above 0, ≤ 60"
                problems.append(Problem("CLINIC_FINDER_GEOCODE_TIMEOUT", timeout_text, reason))
        url = environ.get("CLINIC_FINDER_NOMINATIM_URL", "").strip() or DEFAULT_NOMINATIM_URL
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(Problem("CLINIC_FINDER_NOMINATIM_URL", url, "must be an http(s) URL"))
        user_agent = environ.get("CLINIC_FINDER_USER_AGENT", "").strip()
        if provider == "nominatim":
            try:
                check_user_agent(user_agent)
            except ConfigurationError as error:
                problems.append(Problem("CLINIC_FINDER_USER_AGENT", user_agent, str(error)))
        if problems or provider is None:
            return cls(), problems
        return cls(provider, user_agent, url, timeout_s), problems

    def in_effect(self) -> str:
        if self.provider == "off":
            return "off"
        where = f" at {self.nominatim_url}" if self.provider == "nominatim" else ""
        return f"{self.provider}{where}, timeout {self.timeout_s:g} s"


@dataclass(frozen=True)
class MapSettings(_ReadFromEnv):
    """The map's tile layer; tiles=None (the default) draws only the offline state outlines."""

    tiles: str | None = None
    attribution: str = ""

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> tuple[MapSettings, list[Problem]]:
        value = environ.get("CLINIC_FINDER_TILES", "").strip()
        if value.lower() in ("", "offline"):
            return cls(), []
        if value.lower() == "osm":
            return cls(tiles=OSM_TILES, attribution=OSM_ATTRIBUTION), []
        url = urlsplit(value)
        missing = [key for key in ("{z}", "{x}", "{y}") if key not in value]
        if url.scheme not in ("http", "https") or not url.netloc or missing:
            reason = "must be 'offline', 'osm' or an http(s) URL template with {z}, {x} and {y}"
            return cls(), [Problem("CLINIC_FINDER_TILES", value, reason)]
        attribution = environ.get("CLINIC_FINDER_TILES_ATTRIBUTION", "").strip()
        # Leaflet shows no credit by itself; name the tile host rather than show nothing.
        return cls(tiles=value, attribution=attribution or f"Tiles: {url.netloc}"), []


def check_user_agent(user_agent: str) -> None:
    """Nominatim's usage policy: a user agent that names the app and a contact."""
    if not user_agent or "geopy" in user_agent.casefold() or "example" in user_agent.casefold():
        raise ConfigurationError(
            f"Nominatim needs a real user agent naming this app and a contact, got {user_agent!r}"
            " (set CLINIC_FINDER_USER_AGENT; it may not contain 'geopy' or 'example')"
        )


@dataclass(frozen=True)
class Settings:
    """The whole configuration, read once; every path and switch the program uses comes from it."""

    data_dir: Path = paths.DATA_DIR
    cache_dir: Path | None = paths.CACHE_DIR  # None: the place index is rebuilt, never saved
    geocode_cache: Path | None = paths.GEOCODE_CACHE  # None: no disk cache of online answers
    geocoder: GeocoderSettings = field(default_factory=GeocoderSettings)
    map: MapSettings = field(default_factory=MapSettings)
    database_url: str = ""  # "": the SQLite file in the data folder; see `database()`
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

    def database(self) -> str:
        """The reports database's URL: the one set, else a SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{(self.data_dir / REPORTS_DB).resolve()}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Every setting; never raises: an unusable value turns its feature off (see problems).
        An unusable data folder stays the data folder: nothing else is served in its place."""
        environ = os.environ if environ is None else environ
        problems: list[Problem] = []
        settings = cls()
        data_dir = environ.get("CLINIC_FINDER_DATA_DIR", "").strip()
        if data_dir:
            if not Path(data_dir).is_dir():
                problems.append(Problem("CLINIC_FINDER_DATA_DIR", data_dir, "is not a folder"))
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
        geocoder, geocoder_problems = GeocoderSettings.read(environ)
        map_settings, map_problems = MapSettings.read(environ)
        problems += geocoder_problems + map_problems
        database_url = environ.get("CLINIC_FINDER_DATABASE_URL", "").strip()
        if database_url and (reason := database_problem(database_url)):
            problems.append(Problem("CLINIC_FINDER_DATABASE_URL", redacted(database_url), reason))
            database_url = "-"  # never the SQLite file instead: reports are off
        return replace(settings, geocoder=geocoder, map=map_settings, database_url=database_url,
                       problems=tuple(problems))  # fmt: skip

    def serving_problems(self) -> list[Problem]:
        """The settings' problems, and the files a served data folder lacks (a server refuses
        to start on any of them; `make data` may build into an empty folder)."""
        found = list(self.problems)
        if self.data_dir.is_dir():
            missing = [name for name in SERVED_DATA_FILES if not (self.data_dir / name).is_file()]
            if missing:
                reason = f"lacks {', '.join(missing)} (make data writes them)"
                found.append(Problem("CLINIC_FINDER_DATA_DIR", str(self.data_dir), reason))
        return found

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
            "reports database": redacted(self.database()),
        }


@dataclass(frozen=True)
class ServeSettings:
    """make serve's own settings (`SERVE_*`, `CLINIC_FINDER_NGINX`)."""

    processes: int
    listen: str
    log_dir: Path
    nginx: Path
    tls_cert: Path | None = None
    tls_key: Path | None = None
    redirect_from: str | None = None

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> tuple[ServeSettings, list[Problem]]:
        """The settings and every problem among them, each checked without writing anything."""
        problems = []
        text = environ.get("SERVE_PROCESSES", "").strip()
        processes = default_processes()
        if text:
            processes = int(text) if _digits(text) else 0
            if not 1 <= processes <= MAX_PROCESSES:
                reason = f"must be a whole number from 1 to {MAX_PROCESSES}"
                problems.append(Problem("SERVE_PROCESSES", text, reason))
        listen = environ.get("SERVE_LISTEN", "").strip() or "127.0.0.1:8080"
        redirect = environ.get("SERVE_REDIRECT_FROM", "").strip() or None
        for name, address in (("SERVE_LISTEN", listen), ("SERVE_REDIRECT_FROM", redirect)):
            if address is not None and (reason := address_problem(address)):
                problems.append(Problem(name, address, reason))
        cert, key = (environ.get(name, "").strip() for name in ("SERVE_TLS_CERT", "SERVE_TLS_KEY"))
        for name, value, other in (("SERVE_TLS_CERT", cert, key), ("SERVE_TLS_KEY", key, cert)):
            if value and not (Path(value).is_file() and os.access(value, os.R_OK)):
                problems.append(Problem(name, value, "is not a file this account can read"))
            elif reason := nginx_path_problem(value):
                problems.append(Problem(name, value, reason))
            elif other and not value:
                problems.append(Problem(name, value, "is needed with the other TLS file"))
        if redirect and not cert:
            problems.append(Problem("SERVE_REDIRECT_FROM", redirect, "needs SERVE_TLS_CERT"))
        log_text = environ.get("SERVE_LOG_DIR", "").strip()
        log_dir = Path(log_text) if log_text else default_log_dir(environ)
        if reason := folder_problem(log_dir) or nginx_path_problem(str(log_dir)):
            problems.append(Problem("SERVE_LOG_DIR", str(log_dir), reason))
        nginx = nginx_path(environ)
        if not (nginx.is_file() and os.access(nginx, os.X_OK)):
            reason = "is not a program (apt-get install nginx)"
            problems.append(Problem("CLINIC_FINDER_NGINX", str(nginx), reason))
        settings = cls(processes, listen, log_dir, nginx, Path(cert) if cert else None,
                       Path(key) if key else None, redirect)  # fmt: skip
        return settings, problems


def default_processes() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_log_dir(environ: Mapping[str, str]) -> Path:
    """Outside the checkout (a new checkout or `git clean` keeps them), per XDG."""
    state = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local/state")
    return Path(state) / "clinic-finder" / "log"


def nginx_path(environ: Mapping[str, str]) -> Path:
    named = environ.get("CLINIC_FINDER_NGINX", "").strip()
    return Path(named or shutil.which("nginx") or "/usr/sbin/nginx")


def address_problem(address: str) -> str:
    """Why `address` is not a HOST:PORT to listen on ('' when it is one)."""
    if not HOST_PORT.fullmatch(address) or not 1 <= int(address.rsplit(":", 1)[1]) <= 65535:
        return "must be HOST:PORT with a port from 1 to 65535"
    return ""


def port_problem(port: str) -> str:
    return "" if _digits(port) and 1 <= int(port) <= 65535 else "must be a port from 1 to 65535"


def _digits(text: str) -> bool:
    """0-9 only (str.isdigit also takes other scripts' digits, which int() would read)."""
    return text.isascii() and text.isdigit()


def nginx_path_problem(path: str) -> str:
    if any(c in NGINX_UNSAFE or c.isspace() for c in path):
        return "holds a space, a quote or one of ; { } $ \\ (nginx's config cannot hold it)"
    return ""


def folder_problem(folder: Path) -> str:
    """Why this account cannot write files in `folder` (made if missing): '' when it can."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        return "is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot be written by this account ({existing})"
    return ""


def database_problem(url: str) -> str:
    """Why `url` is not a database URL the reports store can use ('' when it is one)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in DATABASE_SCHEMES:
        return f"must be a URL starting {' or '.join(s + '://' for s in DATABASE_SCHEMES)}"
    if scheme == "sqlite" and not url.startswith("sqlite:///"):
        return "must name a file: sqlite:///PATH"
    return ""


def redacted(url: str) -> str:
    """A database URL with its password hidden (for logs and messages)."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
