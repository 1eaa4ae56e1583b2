"""The one record shape every source is turned into, and what a source hands to the build."""

import hashlib
from dataclasses import dataclass, field

import pandas as pd

# Column order of data/clinics.parquet. Lists hold codes and phones; licence columns are empty
# where no state record is known.
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
    "source",
    "source_ref",
    "as_of",
    "licence_number",
    "licence_type",
    "licence_expires",
    "licence_program",
    "capacity",
    "target_population",
    "source_rows",
    "licence_as_of",
)


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
    records: list[dict] = field(default_factory=list)
    quarantined: list[dict] = field(default_factory=list)
    merged: list[dict] = field(default_factory=list)
    linked: list[dict] = field(default_factory=list)
    notes: dict = field(default_factory=dict)

    def quarantine(self, row_number: int, reason: str, name: str = "") -> None:
        self.quarantined.append(
            {"source": self.source, "row": row_number, "name": name, "reason": reason}
        )

    @property
    def merged_rows(self) -> int:
        return sum(group["rows"] - 1 for group in self.merged)

    def summary(self) -> dict:
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


def empty_record() -> dict:
    return {
        column: ([] if column in ("intake_phones", "services") else None)
        for column in RECORD_COLUMNS
    }


def to_frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=list(RECORD_COLUMNS))
