"""What each service code means: SAMHSA's dictionary + the codes derived from state sources."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from clinic_finder.errors import DictionaryConflict
from clinic_finder.text.fields import clean
from clinic_finder.text.i18n import N_

UNKNOWN_CATEGORY = "Unknown code"

# The codes a patient asks for most, with the short label shown in lists (message ids).
KEY_SERVICES = {
    "KIT": N_("Ketamine infusion"),
    "TMS": N_("TMS"),
    "ECT": N_("ECT"),
    "TELE": N_("Telehealth"),
    "MH": N_("Mental health"),
    "SA": N_("Substance use"),
    "SUMH": N_("Co-occurring"),
    "OP": N_("Outpatient"),
    "RES": N_("Residential"),
    "HI": N_("Inpatient"),
    "PHDT": N_("Partial hospitalization"),
    "DTX": N_("Detox"),
    "DT": N_("Detox"),
    "OTP": N_("Opioid treatment program"),
    "MM": N_("Methadone"),
    "BU": N_("Buprenorphine"),
    "NU": N_("Naltrexone"),
    "HH": N_("Transitional housing"),
    "WI": N_("Walk-in crisis"),
    "MD": N_("Medicaid"),
    "MC": N_("Medicare"),
    "PI": N_("Private insurance"),
    "SS": N_("Sliding fee"),
    "SP": N_("Spanish"),
    "AH": N_("ASL"),
}

DICTIONARY_COLUMNS = (
    "category_code",
    "category_name",
    "service_code",
    "service_name",
    "service_description",
)


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    category_code: str
    category_name: str
    description: str = ""


def parse_codes(service_code_info: str) -> list[str]:
    """The codes in SAMHSA's `service_code_info`, in order (the ` * ` group marks mean nothing)."""
    seen: dict[str, None] = {}
    for token in clean(service_code_info).split():
        if token != "*":
            seen[token.upper()] = None
    return list(seen)


class ServiceDictionary:
    """Looks codes up one by one (SAMHSA omits empty categories, so position means nothing)."""

    def __init__(self, services: Iterable[Service]):
        self._by_code: dict[str, Service] = {}
        for service in services:
            self._by_code.setdefault(service.code, service)

    @classmethod
    def from_frames(cls, *frames: pd.DataFrame) -> "ServiceDictionary":
        services = []
        for frame in frames:
            for row in frame.itertuples(index=False):
                services.append(
                    Service(
                        code=clean(row.service_code).upper(),
                        name=clean(row.service_name),
                        category_code=clean(row.category_code),
                        category_name=clean(row.category_name),
                        description=clean(row.service_description),
                    )
                )
        return cls(services)

    @classmethod
    def merged(cls, named_frames: Iterable[tuple[str, pd.DataFrame]]) -> "ServiceDictionary":
        """One dictionary from several sources' (name, frame); the first source's entry is kept.

        A code two sources share must mean the same (its name, ignoring case and spacing), or a
        facility's services would be described wrongly: DictionaryConflict names the code.
        """
        meaning: dict[str, tuple[str, str]] = {}
        frames = []
        for name, frame in named_frames:
            for service in cls.from_frames(frame):
                seen = meaning.setdefault(service.code, (name, service.name))
                if seen[1].casefold() != service.name.casefold():
                    raise DictionaryConflict(service.code, seen, (name, service.name))
            frames.append(frame)
        return cls.from_frames(*frames)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Service]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Service:
        """The service for a code; an unknown code is kept and labelled, never dropped."""
        return self._by_code.get(code) or Service(code, code, "?", UNKNOWN_CATEGORY)

    def unknown(self, codes: Iterable[str]) -> list[str]:
        return [code for code in codes if code not in self._by_code]

    def categories(self) -> dict[str, str]:
        """Category code → name, in dictionary order."""
        return {s.category_code: s.category_name for s in self._by_code.values()}

    def decode(self, codes: Iterable[str]) -> dict[str, list[Service]]:
        """Codes grouped by category name, categories and services in dictionary order."""
        order = {code: i for i, code in enumerate(self._by_code)}
        services = sorted((self.get(c) for c in codes), key=lambda s: order.get(s.code, len(order)))
        grouped: dict[str, list[Service]] = {}
        for service in services:
            grouped.setdefault(service.category_name, []).append(service)
        return grouped

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                (s.category_code, s.category_name, s.code, s.name, s.description)
                for s in self._by_code.values()
            ],
            columns=list(DICTIONARY_COLUMNS),
        )
