"""Places as a Spanish speaker types them: "Nueva York", "Bayamón", "Carolina del Norte".

The offline index knows the English names, written without accents ("Bayamon, PR"): typed text is
compared without accents, and a short table turns Spanish names of states and big cities into the
English ones. Whole phrases only: "Carolina, PR" stays Carolina; "Carolina del Norte" is the state.
"""

import re
import unicodedata

SPANISH_NAMES = {
    "nueva york": "New York",
    "nueva jersey": "New Jersey",
    "nuevo mexico": "New Mexico",
    "nuevo hampshire": "New Hampshire",
    "carolina del norte": "North Carolina",
    "carolina del sur": "South Carolina",
    "dakota del norte": "North Dakota",
    "dakota del sur": "South Dakota",
    "virginia occidental": "West Virginia",
    "pensilvania": "Pennsylvania",
    "luisiana": "Louisiana",
    "misisipi": "Mississippi",
    "misuri": "Missouri",
    "tennesi": "Tennessee",
    "hawai": "Hawaii",
    "islas virgenes": "Virgin Islands",
    "distrito de columbia": "District of Columbia",
    "washington d c": "Washington, DC",
    "filadelfia": "Philadelphia",
    "nueva orleans": "New Orleans",
}
_PHRASE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(SPANISH_NAMES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def index_words(text: str) -> str:
    """The typed text in the words the offline index knows: no accents, English place names."""
    plain = without_accents(text).replace("D.C.", "D C")
    return _PHRASE.sub(lambda found: SPANISH_NAMES[found[1].casefold()], plain)
