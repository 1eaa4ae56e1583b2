"""What a person typed, a ZIP, a city (with or without state), a state, an address."""

import re
from dataclasses import dataclass

import us
import usaddress

from clinic_finder.text import clean

MAX_INPUT_CHARS = 200
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_ONLY_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")
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
    if len(text) == 2:
        state = us.states.lookup(text.upper())
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
    text = clean(text)[:MAX_INPUT_CHARS]
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
