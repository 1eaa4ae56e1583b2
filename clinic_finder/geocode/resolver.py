"""The layered resolver: official point → cached online answer → known address point → online →
ZIP → city → state.

The same resolver places facilities during the build and turns what a person types into a point.
"""

import re
from typing import Any

from rapidfuzz import process
from rapidfuzz.fuzz import WRatio, ratio
from rapidfuzz.utils import default_process

from clinic_finder.errors import GeocoderFailure
from clinic_finder.geocode.address_points import AddressPoints
from clinic_finder.geocode.cache import NOT_FOUND, GeocodeCache
from clinic_finder.geocode.exonyms import index_words
from clinic_finder.geocode.gazetteer import Gazetteer, Place
from clinic_finder.geocode.here import parse_coordinates
from clinic_finder.geocode.online import OnlineGeocoder
from clinic_finder.geocode.typed import parse, state_code
from clinic_finder.geocode.types import GeocodeResult, LocationNotFound, PlaceChoice, Precision
from clinic_finder.text.i18n import N_, Message

HINT = N_("Type a ZIP code (84101), a city and state (Austin, TX) or a street address.")
TRY_CITY = N_("Try the city and state instead, e.g. Austin, TX")
# Fuzzy matching cost grows with the text; a place name is never longer than this.
_SUGGEST_CHARS = 60
# WRatio over all ~40k labels took 70-280 ms a miss; a plain ratio picks this many candidates in a
# few ms, and WRatio ranks only those (the same first suggestion for 210 of 210 typos tried).
_SHORTLIST = 40
# A namesake at least this share of the biggest one's population is a real alternative: ask which
# (Kansas City, KS is 30 % of Kansas City, MO); a smaller one is offered beside the answer
# (Austin, MN is 3 % of Austin, TX).
AMBIGUOUS_SHARE = 0.1
CHOICES = 5
# Every place label has Latin letters; text with fewer than three is not worth the scan.
_LATIN_LETTER = re.compile(r"[A-Za-z]")


class Resolver:
    def __init__(
        self,
        gazetteer: Gazetteer,
        online: OnlineGeocoder | None = None,
        cache: GeocodeCache | None = None,
        address_points: AddressPoints | None = None,
    ):
        self.gazetteer = gazetteer
        self.online = online
        self.cache = cache
        self.address_points = address_points
        # After the first failure the online geocoder is not asked again (no second slow wait).
        self.online_failure: str | None = None

    def with_address_points(self, address_points: AddressPoints) -> "Resolver":
        """The same resolver (gazetteer, geocoder, cache) with a table of known address points."""
        return Resolver(self.gazetteer, self.online, self.cache, address_points)

    def place_record(self, record: dict[str, Any]) -> tuple[GeocodeResult | None, str]:
        """Where a facility is, and how precisely; with None, the reason it could not be placed."""
        if record.get("lat") is not None and record.get("precision") == "exact":
            return GeocodeResult(record["lat"], record["lon"], "exact", "official", "source"), ""
        state = record.get("state") or ""
        zip_code = record.get("zip") or ""
        city = record.get("city")
        if record.get("street") and not record.get("street_withheld"):
            address = ", ".join(
                part for part in (record["street"], city, f"{state} {zip_code}".strip()) if part
            )
            found = self.cached(address) or self.known_point(record) or self.online_lookup(address)
            if found:
                return found, ""
        place = self.gazetteer.zip(zip_code)
        if place and (place.state == state or not state):
            return _result(place, "zip", f"ZIP {zip_code}", "zipcodes"), ""
        place = self.gazetteer.city(city, state) if city and state else None
        if place:
            return _result(place, "city", f"{place.name}, {state}", "geonames/zipcodes"), ""
        place = self.gazetteer.state(state)
        if place:
            return _result(place, "state", place.name, "zipcodes"), ""
        return (
            None,
            f"no known ZIP, city or state (zip {zip_code!r}, city {city!r}, state {state!r})",
        )

    def cached(self, query: str) -> GeocodeResult | None:
        found = self.cache.get(query) if self.cache is not None else None
        return found if isinstance(found, GeocodeResult) else None

    def known_point(self, record: dict[str, Any]) -> GeocodeResult | None:
        """A bundled street-level point for the record's address, when one is known."""
        if self.address_points is None:
            return None
        return self.address_points.find(
            record["street"],
            record.get("city") or "",
            record.get("state") or "",
            record.get("zip") or "",
        )

    def online_lookup(self, query: str) -> GeocodeResult | None:
        """A cached online answer, else the online geocoder's when enabled and still healthy."""
        # `is not None`: an empty cache is falsy (it has a length) but must still be used.
        cached = self.cache.get(query) if self.cache is not None else None
        if isinstance(cached, GeocodeResult):
            return cached
        if cached == NOT_FOUND or self.online is None or self.online_failure:
            return None
        try:
            found = self.online.geocode(query)
        except GeocoderFailure as error:
            self.online_failure = str(error)
            return None
        if self.cache is not None:
            self.cache.put(self.online.name, query, found)
        return found

    def resolve(self, text: str) -> GeocodeResult | LocationNotFound | PlaceChoice:
        """A point for what a person typed, or a message saying what to try instead."""
        point = parse_coordinates(text)
        if point is not None:  # "40.761,-111.891": a shared place, never looked up anywhere
            return GeocodeResult(*point, "point", f"{point[0]:.3f}, {point[1]:.3f}", "coordinates")
        typed = parse(index_words(text))  # "Nueva York", "Bayamón": the index's English words
        if not typed.text:
            return LocationNotFound(Message(HINT))
        if typed.is_street_address:
            found = self.online_lookup(typed.text)
            if found:
                return found
        if typed.zip:
            place = self.gazetteer.zip(typed.zip)
            if place:
                return _result(place, "zip", f"{typed.zip} · {place.name}, {place.state}")
            if not typed.city:
                return LocationNotFound(
                    Message(N_("ZIP code {zip} is not in the offline ZIP list."), zip=typed.zip),
                    hint=TRY_CITY,
                )
        if typed.city:
            city = self._city(typed.city, typed.state)
            if city:
                return city
        elif typed.state:
            place = self.gazetteer.state(typed.state)
            if place:
                return _result(place, "state", place.name)
        return LocationNotFound(
            Message(
                N_(
                    "We could not find {typed!r}. Type a ZIP code (84101), a city and state "
                    "(Austin, TX) or a street address."
                ),
                typed=typed.text,
            ),
            self.suggest(typed.text, typed.state),
        )

    def _city(self, name: str, state: str | None) -> GeocodeResult | PlaceChoice | None:
        if state:
            place = self.gazetteer.city(name, state)
            return _result(place, "city", f"{place.name}, {state}") if place else None
        named_state = state_code(name)
        if named_state:
            # A state's name alone means the state, unless the state has a city of that very
            # name ("New York"); "Kansas" is not Kansas City, Missouri.
            place = self.gazetteer.city(name, named_state)
            if place:
                return _result(place, "city", f"{place.name}, {named_state}")
            place = self.gazetteer.state(named_state)
            return _result(place, "state", place.name) if place else None
        namesakes = self.gazetteer.namesakes(name)
        if not namesakes:
            return None
        labels = tuple(f"{p.name}, {p.state}" for p in namesakes)
        first, *others = namesakes
        if others and others[0].population >= AMBIGUOUS_SHARE * first.population > 0:
            return PlaceChoice(first.name, labels[:CHOICES])
        alternatives = tuple(
            label for p, label in zip(others, labels[1:], strict=True) if p.population
        )[: CHOICES - 1]
        found = _result(first, "city", labels[0])
        return GeocodeResult(found.lat, found.lon, "city", found.label, found.source, alternatives)

    def suggest(self, text: str, state: str | None = None, limit: int = 3) -> tuple[str, ...]:
        """Places spelt like the text; only that state's when a state was understood."""
        text = text[:_SUGGEST_CHARS]
        if len(_LATIN_LETTER.findall(text)) < 3:
            return ()
        labels, keys = self.gazetteer.labels_by_state.get(
            state or "", (self.gazetteer.labels, self.gazetteer.label_keys)
        )
        shortlist = process.extract(default_process(text), keys, scorer=ratio, limit=_SHORTLIST)
        candidates = [labels[i] for _, _, i in shortlist]
        matches = process.extract(text, candidates, scorer=WRatio, limit=limit, score_cutoff=60)
        return tuple(label for label, _, _ in matches)


def _result(
    place: Place, precision: Precision, label: str, source: str = "offline"
) -> GeocodeResult:
    return GeocodeResult(place.lat, place.lon, precision, label, source)
