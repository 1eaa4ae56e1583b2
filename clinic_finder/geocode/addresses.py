"""Comparable street addresses: USPS-normalised street line plus the 5-digit ZIP."""

import re

from scourgify import normalize_address_record
from scourgify.exceptions import AddressNormalizationError

from clinic_finder.text.fields import clean, zip5

_NOT_WORD = re.compile(r"[^A-Z0-9 ]")


def address_key(street: str, city: str, state: str, zip_code: str) -> str | None:
    """'2035 FAIRMONT DR|94578' for '2035 Fairmont Drive' in 94578; None without street or ZIP."""
    street, zip5_code = clean(street), zip5(zip_code)
    if not street or not zip5_code:
        return None
    try:
        normal = normalize_address_record(
            {
                "address_line_1": street,
                "address_line_2": None,
                "city": clean(city) or "X",
                "state": clean(state) or "CA",
                "postal_code": zip5_code,
            }
        )
        line = normal["address_line_1"]
    except (AddressNormalizationError, ValueError, TypeError, KeyError, IndexError):
        # Unparseable ("436W. STREET"): compare the plain upper-case words instead.
        line = street.upper()
    line = " ".join(_NOT_WORD.sub(" ", line.upper()).split())
    return f"{line}|{zip5_code}" if line else None
