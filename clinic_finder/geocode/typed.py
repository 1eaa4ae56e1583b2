"""What a person typed, understood offline: a ZIP, a city (and state), a state, an address."""

import re
import unicodedata
from dataclasses import dataclass

import us
import usaddress

from clinic_finder.text.fields import clean

MAX_INPUT_CHARS = 200
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_ONLY_ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")
_COUNTRY = re.compile(
    r"[,\s]+(?:usa|u\.s\.a\.?|u\.s\.?|us|united states(?: of america)?)\s*$", re.IGNORECASE
)
# Parts of a street line; a leading five-digit number without them is a ZIP ("84101 Salt Lake").
_STREET_PARTS = ("StreetNamePostType", "StreetNamePreType", "StreetNamePreDirectional")
_STREET_START = re.compile(r"^\d+[a-z]?\s+\S", re.IGNORECASE)


@dataclass(frozen=True)
class TypedLocation:
    text: str
    zip: str | None = None
    city: str | None = None
    state: str | None = None  # two-letter code
    is_street_address: bool = False


def state_code(text: str) -> str | None:
    """'TX', 'tx', 'Texas', 'texas' → 'TX'; anything else → None (no fuzzy guessing here)."""
    text = clean(text).strip(".,")
    if not text or len(text) > 30:
        return None
    letters = text.replace(".", "").replace(" ", "")
    if len(letters) == 2:  # "TX", "tx", "D.C."
        state = us.states.lookup(letters.upper())
    else:
        state = next(
            (
                s
                for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC]
                if s.name.casefold() == text.casefold()
            ),
            None,
        )
    return state.abbr if state else None


def parse(text: str) -> TypedLocation:
    """Split typed text into the parts the offline gazetteer can place."""
    # NFKC folds full-width digits and letters ("８４１０１") into plain ones.
    text = clean(unicodedata.normalize("NFKC", clean(text)))[:MAX_INPUT_CHARS]
    text = _COUNTRY.sub("", text) or text
    only_zip = _ONLY_ZIP.match(text)
    if only_zip:
        return TypedLocation(text, zip=only_zip.group(1))
    if _STREET_START.match(text):
        return _parse_address(text)
    zip_match = _ZIP.search(text)
    zip_code = zip_match.group(1) if zip_match else None
    words_text = _ZIP.sub(" ", text)
    if "," in words_text:
        head, _, tail = words_text.rpartition(",")
        state = state_code(tail)
        if state:
            return TypedLocation(text, zip=zip_code, city=_place(head), state=state)
    words = words_text.replace(",", " ").split()
    for size in (3, 2, 1):  # "district of columbia", "new york", "tx"
        if len(words) > size:
            state = state_code(" ".join(words[-size:]))
            if state:
                return TypedLocation(
                    text, zip=zip_code, city=_place(" ".join(words[:-size])), state=state
                )
    return TypedLocation(text, zip=zip_code, city=_place(words_text) or None)


def _parse_address(text: str) -> TypedLocation:
    try:
        parts, _ = usaddress.tag(text)
    except usaddress.RepeatedLabelError as error:
        parts = {label: value for value, label in error.parsed_string}
    number = parts.get("AddressNumber", "")
    if _ONLY_ZIP.match(number) and not any(part in parts for part in _STREET_PARTS):
        rest = parse(text[text.index(number) + len(number) :])
        return TypedLocation(text, zip=number[:5], city=rest.city, state=rest.state)
    zip_match = _ZIP.search(parts.get("ZipCode", ""))
    return TypedLocation(
        text,
        zip=zip_match.group(1) if zip_match else None,
        city=_place(parts.get("PlaceName", "")) or None,
        state=state_code(parts.get("StateName", "")),
        is_street_address=True,
    )


def _place(text: str) -> str:
    return clean(text).strip(" ,.")
