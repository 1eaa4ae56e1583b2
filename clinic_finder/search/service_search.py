"""Finding a service by what people type: its name, its description, a drug or a brand name.

Ranked so that a whole-word match on the name comes first, then a name starting with the typed
word, then a match in the description; synonyms (drug and brand names) rank with whole words.
"""

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.i18n import ENGLISH, N_, Translator

# Drug, brand and everyday names → the codes that offer them (codes a table lacks are skipped).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "methadone": ("OTP", "MM", "MU", "DM", "METH", "OMB"),
    "buprenorphine": ("BU", "UB", "BUM", "DB", "BWN", "BWON", "BERI", "BSDM", "OMB"),
    "suboxone": ("BWN", "BU", "UB", "BUM"),
    "subutex": ("BWON", "BU", "UB"),
    "sublocade": ("BERI",),
    "naltrexone": ("NU", "UN", "RPN", "NXN", "VTRL", "OMB"),
    "vivitrol": ("VTRL",),
    "mat": ("OTP", "MU", "BU", "NU", "UB", "UN"),
    "moud": ("OTP", "MU", "BU", "NU", "UB", "UN"),
    "opioid": ("OTP", "MM", "BUM", "UB", "UN", "ODTX"),
    "narcan": ("NOE",),
    "naloxone": ("NOE",),
    "antabuse": ("DSF",),
    "campral": ("ACM",),
    "ketamine": ("KIT",),
    "tms": ("TMS",),
    "magnetic": ("TMS",),
    "ect": ("ECT",),
    "electroconvulsive": ("ECT",),
    "shock": ("ECT",),
    "detox": ("DT", "DTX", "OD", "RD", "HID", "ADTX", "ODTX", "BDTX"),
    "withdrawal": ("DT", "DTX", "OD", "RD", "HID"),
    "rehab": ("RES", "RS", "RL"),
    "sober": ("HH",),
    "halfway": ("HH",),
    "telehealth": ("TELE",),
    "online": ("TELE",),
    "video": ("TELE",),
    # Spanish words (written without accents: text is compared without them).
    "metadona": ("OTP", "MM", "MU", "DM", "METH", "OMB"),
    "buprenorfina": ("BU", "UB", "BUM", "DB", "BWN", "BWON", "BERI", "BSDM", "OMB"),
    "naltrexona": ("NU", "UN", "RPN", "NXN", "VTRL", "OMB"),
    "naloxona": ("NOE",),
    "ketamina": ("KIT",),
    "electroconvulsiva": ("ECT",),
    "magnetica": ("TMS",),
    "desintoxicacion": ("DT", "DTX", "OD", "RD", "HID", "ADTX", "ODTX", "BDTX"),
    "abstinencia": ("DT", "DTX", "OD", "RD", "HID"),
    "telesalud": ("TELE",),
}
# Asked for by name, offered by no code in the directory: say so instead of finding nothing.
NOT_IN_DIRECTORY = {
    "esketamine": "esketamine",
    "spravato": "esketamine",
    "esketamina": "esketamine",
}
ESKETAMINE_NOTE = N_(
    "The directories have no code for esketamine (Spravato), a nasal spray given only at "
    "certified sites under the FDA's REMS program. Facilities offering ketamine infusion, TMS "
    "or ECT may also offer it: ask them. See the tab “About ketamine care”."
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ServiceMatches:
    codes: tuple[str, ...]
    note: str = ""  # e.g. that the directory has no such code, and where to read more (message id)


def _plain(text: str) -> str:
    """Lower case without accents: "Desintoxicación" and "desintoxicacion" meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_services(
    query: str,
    dictionary: ServiceDictionary,
    available: Collection[str],
    t: Translator = ENGLISH,
) -> ServiceMatches:
    """Services matching what was typed, best first; only codes the table has. With a
    translator, a service is also found by its name and description in that language."""
    words = _WORD.findall(_plain(query))[:8]
    if not words:
        return ServiceMatches(())
    scores: dict[str, int] = {}
    for service in dictionary:
        if service.code not in available:
            continue
        name_words = _WORD.findall(_plain(service.name))
        text = service.description.casefold()
        if t is not ENGLISH:
            name_words += _WORD.findall(_plain(t.gettext(service.name)))
            if service.description:
                text += " " + _plain(t.gettext(service.description))
        score = 0
        for word in words:
            if word in name_words or word == service.code.casefold():
                score += 100
            elif any(w.startswith(word) for w in name_words) and len(word) >= 3:
                score += 60
            elif len(word) >= 4 and re.search(rf"\b{re.escape(word)}", text):
                score += 20
            else:
                score = 0
                break
        if score:
            scores[service.code] = score
    for word in words:
        for synonym, codes in SYNONYMS.items():
            if synonym == word or (len(word) >= 4 and synonym.startswith(word)):
                for rank, code in enumerate(codes):
                    if code in available:
                        scores[code] = max(scores.get(code, 0), 99 - rank)
    note = ""
    if any(k.startswith(w) and len(w) >= 4 for w in words for k in NOT_IN_DIRECTORY):
        note = ESKETAMINE_NOTE
    # Equal scores: the shorter name is the closer match ("Spanish" before "Other languages
    # (excluding Spanish)").
    ranked = sorted(scores, key=lambda c: (-scores[c], len(dictionary.get(c).name), c))
    return ServiceMatches(tuple(ranked), note)
