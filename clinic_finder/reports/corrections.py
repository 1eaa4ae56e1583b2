"""Accepted reports as corrections: what each changes in a listing, and applying them at build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

SOURCE = "corrections"
FOLDER = "corrections"  # under the raw folder, beside the published sources
FILE_NAME = "corrections.json"


def from_report(report: dict[str, Any], phone: str = "") -> dict[str, Any] | None:
    """The change an accepted report makes (None: recorded only, as for a wrong address)."""
    reason = report["reason"]
    if reason == "phone":
        return {"kind": "phone", "phone": written(phone)}
    if reason == "closed":
        return {"kind": "closed"}
    if reason in ("services", "payment") and (report["services"] or report["payment"]):
        return {"kind": "services_removed", "codes": [*report["services"], *report["payment"]]}
    return None


def written(phone: str) -> str:
    """A phone number as the sources write it (801-555-0100); "" when there is none."""
    digits = re.sub(r"[^0-9]", "", phone)[:15]
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else digits


def write(found: list[dict[str, Any]], raw_dir: Path) -> Path:
    """The corrections source file the build reads (written whole, then moved into place)."""
    target = raw_dir / FOLDER / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"corrections": found}, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(target)
    return target


def read(raw_dir: Path) -> list[dict[str, Any]]:
    """The corrections source (none when the file is absent)."""
    path = raw_dir / FOLDER / FILE_NAME
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")).get("corrections", []))


def apply(
    table: pd.DataFrame, found: Iterable[dict[str, Any]]
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The table with the corrections made, and each one applied with its provenance (what the
    listing said before). Corrections for listings no longer in the table are skipped."""
    ids = [str(listing_id) for listing_id in table["id"]]
    names = [str(name) for name in table["name"]]
    phones = [str(phone) for phone in table["phone"]]
    services = [list(codes) for codes in table["services"]]
    position = {listing_id: i for i, listing_id in enumerate(ids)}
    applied: list[dict[str, Any]] = []
    closed: set[str] = set()
    for correction in found:
        listing_id = str(correction.get("listing_id", ""))
        if listing_id not in position or listing_id in closed:
            continue
        row = position[listing_id]
        kind = correction.get("kind")
        record = {**correction, "name": names[row]}
        if kind == "phone":
            record["before"] = phones[row]
            phones[row] = str(correction.get("phone", ""))
        elif kind == "closed":
            closed.add(listing_id)
        elif kind == "services_removed":
            codes = set(correction.get("codes", []))
            record["removed"] = [c for c in services[row] if c in codes]
            services[row] = [c for c in services[row] if c not in codes]
        else:
            continue
        applied.append(record)
    table = table.assign(
        phone=phones, services=pd.Series(services, index=table.index, dtype=object)
    )
    return table[~table["id"].isin(closed)].reset_index(drop=True), applied
