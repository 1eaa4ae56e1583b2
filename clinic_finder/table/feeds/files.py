"""HSDS objects from files: a JSON array (or one object, or a Page), NDJSON (one object a line),
or a folder of HSDS's tabular CSV files joined back into full service_at_location objects."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clinic_finder.table.feeds.http import FeedError, Limits, parse_json

# HSDS 3.0 tabular names; the plural forms some publishers use are read too.
TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "phone",
    "attribute",
    "taxonomy_term",
)


def read_file(path: Path, limits: Limits) -> Iterator[dict[str, Any]]:
    """Every object of a JSON or NDJSON file. One object a line (NDJSON, or a JSON array written
    a line an object, as this project's export is) is read line by line, so a large file is never
    held whole; any other JSON document is read whole, up to the byte cap."""
    with path.open("rb") as stream:
        head = stream.read(1 << 16).lstrip()
    if head.startswith(b"[") or _ndjson(head):
        try:
            yield from _lines(path, limits)
            return
        except _NotLineWise:
            pass
    if path.stat().st_size > limits.max_bytes:
        raise FeedError(path, f"file larger than {limits.max_bytes:,} bytes")
    data = parse_json(path.read_bytes(), "application/json", str(path))
    objects = data.get("contents", [data]) if isinstance(data, dict) else data
    if not isinstance(objects, list):
        raise FeedError(path, "neither an HSDS object, a list of them, nor a Page")
    if len(objects) > limits.max_objects:
        raise FeedError(path, f"{len(objects):,} objects, over the cap of {limits.max_objects:,}")
    yield from objects


class _NotLineWise(Exception):
    """The file is JSON, but not one object a line: read it whole."""


def _lines(path: Path, limits: Limits) -> Iterator[dict[str, Any]]:
    count = 0
    with path.open("rb") as stream:
        for n, raw in enumerate(stream, 1):
            line = raw.strip().rstrip(b",")
            if line in (b"", b"[", b"]"):
                continue
            if len(line) > limits.max_bytes:
                raise FeedError(path, f"line {n} longer than {limits.max_bytes:,} bytes")
            try:
                obj = json.loads(line)
            except ValueError as error:
                if count == 0:
                    raise _NotLineWise from error
                raise FeedError(path, f"line {n} is not JSON (truncated?): {error}") from error
            if isinstance(obj, list) and count == 0:  # the whole array on one line
                raise _NotLineWise
            count += 1
            if count > limits.max_objects:
                raise FeedError(path, f"more than {limits.max_objects:,} objects (the cap)")
            yield obj


def _ndjson(text: bytes) -> bool:
    """Several top-level objects, one a line (a JSON array spans its lines as one value)."""
    first = text.split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    try:
        json.loads(first)
    except ValueError:
        return False
    return b"\n{" in text.strip()


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    for candidate in (f"{name}.csv", f"{name}s.csv", f"{name}es.csv"):
        path = folder / candidate
        if path.is_file():
            with path.open(encoding="utf-8-sig", newline="") as stream:
                return [dict(row) for row in csv.DictReader(stream)]
    return []


def read_tabular(folder: Path, limits: Limits) -> Iterator[dict[str, Any]]:
    """Full service_at_location objects (services without one: full service objects)."""
    t = {name: _table(folder, name) for name in TABLES}
    if not t["service"]:
        raise FeedError(folder, "no service.csv (or services.csv): not an HSDS tabular folder")
    if len(t["service"]) > limits.max_objects:
        raise FeedError(folder, f"{len(t['service']):,} services, over the cap")
    terms = {row["id"]: _clean(row) for row in t["taxonomy_term"]}
    attributes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in t["attribute"]:
        attribute = _clean(row)
        term = terms.get(row.get("taxonomy_term_id", ""))
        if term:
            attribute["taxonomy_term"] = term
        attributes[row.get("link_id", "")].append(attribute)
    by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in t["phone"]:
        phone = _clean(row)
        if "extension" in phone:
            phone["extension"] = _number(phone["extension"])
        for key in ("service_at_location_id", "service_id", "location_id", "organization_id"):
            if row.get(key):
                by_owner[row[key]].append(phone)
                break
    addresses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in t["address"]:
        addresses[row.get("location_id", "")].append(_clean(row))
    organizations = {row["id"]: _clean(row) for row in t["organization"]}
    locations = {}
    for row in t["location"]:
        location = _clean(row)
        for key in ("latitude", "longitude"):
            if key in location:
                location[key] = _number(location[key])
        location["addresses"] = addresses.get(row["id"], [])
        locations[row["id"]] = location
    services = {}
    for row in t["service"]:
        service = _clean(row)
        service["attributes"] = attributes.get(row["id"], [])
        service["phones"] = by_owner.get(row["id"], [])
        if row.get("organization_id") in organizations:
            service["organization"] = organizations[row["organization_id"]]
        services[row["id"]] = service
    placed = set()
    for row in t["service_at_location"]:
        sal = _clean(row)
        sal["service"] = services.get(row.get("service_id", ""), {})
        sal["location"] = locations.get(row.get("location_id", ""), {})
        sal["phones"] = by_owner.get(row["id"], []) + by_owner.get(row.get("location_id", ""), [])
        placed.add(row.get("service_id"))
        yield sal
    for key, service in services.items():
        if key not in placed:
            yield service


def _clean(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as an object: empty cells are absent, as in the JSON form."""
    return {k: v for k, v in row.items() if k and v not in ("", None)}


def _number(value: Any) -> Any:
    try:
        return int(value) if str(value).lstrip("-").isdigit() else float(value)
    except (TypeError, ValueError):
        return value  # left for the schema check to refuse, with its reason
