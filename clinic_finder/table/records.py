"""The one record shape every source is turned into, and what a source hands to the build."""

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict, cast

import pandas as pd

from clinic_finder.geocode.types import Precision

# Column order of data/clinics.parquet. Lists hold codes, phones and each source's as-of date
# (in the order `source` names them); licence columns are empty where no state record is known.
RECORD_COLUMNS = (
    "id",
    "name",
    "name1",
    "name2",
    "street",
    "street2",
    "street_withheld",
    "city",
    "state",
    "zip",
    "county",
    "phone",
    "intake_phones",
    "services",
    "lat",
    "lon",
    "precision",
    "point_source",
    "point_as_of",
    "point_match",
    "source",
    "source_ref",
    "as_of",
    "source_as_of",
    "licence_number",
    "licence_type",
    "licence_expires",
    "licence_program",
    "capacity",
    "target_population",
    "source_rows",
    "licence_as_of",
    "website",
    "website_source",
    "otp_directory",
)


LicenceStatus = Literal["active", "expiring", "expired", "unknown"]


class FacilityRow(TypedDict):
    """One row of the built table as the app reads it (`rows_of`, i.e. `to_dict("records")`).

    Text is "" where a source has nothing; `licence_status` is computed on load, against today.
    """

    id: str
    name: str
    name1: str
    name2: str
    street: str
    street2: str
    street_withheld: bool
    city: str
    state: str
    zip: str
    county: str
    phone: str
    intake_phones: list[str]
    services: list[str]
    lat: float
    lon: float
    precision: Precision
    point_source: str
    point_as_of: str  # the point's own date ("" for a ZIP, city or state centre)
    point_match: str  # how a listed point was found: official, address, phone or name
    source: str
    source_ref: str
    as_of: str
    source_as_of: list[str]
    licence_number: str
    licence_type: str
    licence_expires: str
    licence_program: str
    capacity: int | None
    target_population: str
    source_rows: int
    licence_as_of: str
    website: str  # http(s) only, checked (websites.safe_url); "" where no source has one
    website_source: str
    otp_directory: bool  # listed in SAMHSA's OTP directory; False only means "not found in it"
    licence_status: LicenceStatus
    distance_mi: NotRequired[float]  # search results only


def rows_of(table: pd.DataFrame) -> list[FacilityRow]:
    """The table's rows as typed records (pandas types them as dicts of anything)."""
    return cast(list[FacilityRow], table.to_dict("records"))


def stable_id(prefix: str, *parts: str) -> str:
    """An id that stays the same for the same facility across rebuilds (a hash of its identity)."""
    key = "|".join(part.casefold().strip() for part in parts)
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


@dataclass
class SourceLoad:
    """What reading one source produced: every row read is kept, merged or quarantined."""

    source: str
    path: str
    as_of: str | None
    rows_read: int
    records: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def quarantine(self, row_number: int, reason: str, name: str = "") -> None:
        self.quarantined.append(
            {"source": self.source, "row": row_number, "name": name, "reason": reason}
        )

    @property
    def merged_rows(self) -> int:
        return sum(group["rows"] - 1 for group in self.merged)

    def summary(self) -> dict[str, Any]:
        reasons: dict[str, int] = {}
        for item in self.quarantined:
            reasons[item["reason"]] = reasons.get(item["reason"], 0) + 1
        return {
            "file": self.path,
            "as_of": self.as_of,
            "rows_read": self.rows_read,
            "kept": len(self.records),
            "merged": self.merged_rows,
            "linked_into_other_listings": len(self.linked),
            "quarantined": len(self.quarantined),
            "quarantine_reasons": dict(sorted(reasons.items())),
            "merge_groups": self.merged,
            "quarantine": self.quarantined,
            **self.notes,
        }


LIST_COLUMNS = ("intake_phones", "services", "source_as_of")
# Which id a merged listing keeps: kinds of id that existed before the SU directory was added
# come first, so a link shared before still opens the same facility.
ID_PRIORITY = ("nmhd", "dhcs", "nsud")


def empty_record() -> dict[str, Any]:
    record: dict[str, Any] = {
        column: ([] if column in LIST_COLUMNS else None) for column in RECORD_COLUMNS
    }
    record["otp_directory"] = False  # a fact found or not, never unknown: a boolean column
    return record


def combine(listing: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """One listing from two records of one facility: the listing's text wins; services, phones
    and sources (each with its own as-of date) are united."""
    merged = dict(listing)
    phones = [listing["phone"], *listing["intake_phones"]]
    extra = [p for p in (other["phone"], *other["intake_phones"]) if p and p not in phones]
    if not merged["phone"] and extra:
        merged["phone"], extra = extra[0], extra[1:]
    merged["intake_phones"] = [*listing["intake_phones"], *extra]
    merged["services"] = list(dict.fromkeys([*listing["services"], *other["services"]]))
    merged["source"] = f"{listing['source']}+{other['source']}"
    merged["source_ref"] = f"{listing['source_ref']};{other['source_ref']}"
    merged["source_as_of"] = [*_as_of_list(listing), *_as_of_list(other)]
    merged["source_rows"] = (listing["source_rows"] or 1) + (other["source_rows"] or 1)
    merged["id"] = min(listing["id"], other["id"], key=_id_rank)
    return merged


def _as_of_list(record: dict[str, Any]) -> list[str]:
    return list(record["source_as_of"]) or [record["as_of"] or ""]


def _id_rank(record_id: str) -> int:
    prefix = record_id.split("-", 1)[0]
    return ID_PRIORITY.index(prefix) if prefix in ID_PRIORITY else len(ID_PRIORITY)


def to_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=list(RECORD_COLUMNS))
