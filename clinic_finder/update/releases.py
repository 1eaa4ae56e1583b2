"""A source's newest release, fetched and checked before anything is built from it: format,
required columns (those of the release in use), row count within `TOLERANCE` of the last, and its
sha256 recorded. Where each source's releases are published: the registry's `url`, or a
`[[release]]` entry in the data folder's publishers.toml (key, url)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_finder.table.feeds.http import FeedError, Fetcher
from clinic_finder.table.feeds.publishers import PUBLISHERS_FILE
from clinic_finder.table.sources import registry

TOLERANCE = 0.20  # a release with 20 % more or fewer rows than the last is refused


class ReleaseRefused(FeedError):
    """A fetched release failed a check: nothing is built from it, nothing changes."""


@dataclass
class Release:
    key: str
    url: str
    name: str  # the file name it is kept under
    body: bytes
    sha256: str
    rows: int = 0
    status: str = "new"  # new | unchanged

    def as_report(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "sha256": self.sha256,
            "rows": self.rows,
            "status": self.status,
            "bytes": len(self.body),
        }


def urls(data_dir: Path) -> dict[str, str]:
    """Source key → where its newest release is published (bundled sources and feeds)."""
    found = {s.key: s.url for s in registry.BUNDLED if s.url}  # feeds: from the file below
    path = data_dir / PUBLISHERS_FILE
    if path.is_file():
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in config.get("release", []):
            found[str(entry["key"])] = str(entry["url"])
        for entry in config.get("publisher", []):
            if str(entry.get("source", "")).startswith(("http://", "https://")):
                found[str(entry["key"])] = str(entry["source"])
    return found


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def fetch_file(key: str, url: str, current: Path, fetcher: Fetcher) -> Release:
    body, _kind = fetcher.get_bytes(url)
    return Release(key, url, current.name, body, sha256(body))


def check_file(release: Release, current: Path, rows_before: int) -> None:
    """Format, required columns and row count, against the release in use (`current`)."""
    suffix = current.suffix.lower()
    new_columns, rows = _shape(release.body, suffix, release.url)
    old_columns, _ = _shape(current.read_bytes(), suffix, str(current))
    missing = sorted(old_columns - new_columns)
    if missing:
        raise ReleaseRefused(release.url, f"required columns missing (renamed?): {missing[:10]}")
    release.rows = rows
    within(release, rows_before)


def within(release: Release, rows_before: int) -> None:
    if rows_before and abs(release.rows - rows_before) > TOLERANCE * rows_before:
        raise ReleaseRefused(
            release.url,
            f"{release.rows:,} rows where the last release had {rows_before:,}: more than "
            f"{TOLERANCE:.0%} apart",
        )


def _shape(body: bytes, suffix: str, where: str) -> tuple[set[str], int]:
    """(column names, lower-cased; data rows) of a CSV, a JSON answer or an xlsx workbook."""
    if suffix == ".csv":
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = body.decode("cp1252", errors="strict")
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or len(rows[0]) < 2:
            raise ReleaseRefused(where, "not a CSV table")
        width = len(rows[0])
        if any(len(r) != width for r in rows[1:] if r):
            raise ReleaseRefused(where, "rows of unequal width (truncated?)")
        return {c.strip().lower() for c in rows[0]}, sum(1 for r in rows[1:] if r)
    if suffix in (".json", ".ndjson"):
        try:
            data = json.loads(body)
        except ValueError as error:
            raise ReleaseRefused(where, f"not JSON (truncated?): {error}") from error
        if isinstance(data, dict) and data.get("exceededTransferLimit"):
            raise ReleaseRefused(
                where, "the publisher cut its answer short (exceededTransferLimit)"
            )
        items = data
        if isinstance(data, dict):  # an ArcGIS answer, DHCS's saved form or an HSDS Page
            items = next((data[k] for k in ("features", "records", "contents") if k in data), None)
        if not isinstance(items, list):
            raise ReleaseRefused(where, "no list of records")
        stated = data.get("record_count") if isinstance(data, dict) else None
        if isinstance(stated, int) and stated != len(items):
            raise ReleaseRefused(where, f"says {stated:,} records but holds {len(items):,}")
        first = items[0] if items else {}
        first = first.get("attributes", first) if isinstance(first, dict) else {}
        return {str(k).lower() for k in first}, len(items)
    if suffix == ".xlsx":
        if not body.startswith(b"PK\x03\x04"):
            raise ReleaseRefused(where, "not an xlsx workbook")
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(body))
            sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
        except Exception as error:  # calamine raises its own types for a damaged zip
            raise ReleaseRefused(where, f"unreadable workbook (truncated?): {error}") from error
        columns = {str(c).strip().lower() for rows in sheets.values() if rows for c in rows[0]}
        first = next(iter(sheets.values()), [])
        return columns, max(len(first) - 1, 0)
    raise ReleaseRefused(where, f"unknown release format {suffix!r}")
