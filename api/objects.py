"""The API's objects, all cut from the export's own service_at_location
(clinic_finder.formats.hsds): the same UUIDs, the same taxonomy terms, the same text; a list item
is its one-to-one fields.

List items are encoded once per facility and kept (a few KB each); full objects (~18 KB) are
built per request, as the export builds them.
"""

import json
import threading
from typing import Any

from api.directory import Directory
from clinic_finder.formats import hsds

JSON = dict[str, Any]
_lock = threading.Lock()
_encoded: dict[tuple[str, str, int], bytes] = {}  # (build tag, kind, row) → JSON bytes


def encode(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def service_at_location(d: Directory, row: int) -> JSON:
    """The export's object for one facility, exactly."""
    return hsds.service_at_location(d.records[row], d.dictionary, d.report, d.term_cache)


def _one_to_one(obj: JSON) -> JSON:
    """The fields a list shows: no arrays, no nested objects."""
    return {k: v for k, v in obj.items() if not isinstance(v, list | dict)}


def _service_list(sal: JSON) -> JSON:
    service = sal["service"]
    return {**_one_to_one(service), "organization": _one_to_one(service["organization"])}


def service(d: Directory, row: int) -> JSON:
    """A fully nested service: the export's, with its one service_at_location inside."""
    sal = service_at_location(d, row)
    at = {k: v for k, v in sal.items() if k != "service"}
    return {**sal["service"], "service_at_locations": [at]}


def minimal_service(d: Directory, row: int) -> JSON:
    """`minimal=true`: the id and when it changed (with the name and status the schema needs)."""
    item = {k: v for k, v in item_json(d, "service", row).items() if k in ("id", "name", "status")}
    day = d.modified[row]
    if str(day) != "NaT":
        item["last_modified"] = f"{day}T00:00:00Z"
    return item


def organization(d: Directory, row: int, full_service: bool) -> JSON:
    sal = service_at_location(d, row)
    offered = sal["service"]
    services = (
        [service(d, row)]
        if full_service
        else [{"id": offered["id"], "name": offered["name"], "status": offered["status"]}]
    )
    return {**offered["organization"], "services": services}


def item_json(d: Directory, kind: str, row: int) -> JSON:
    parsed: JSON = json.loads(item(d, kind, row))
    return parsed


def item(d: Directory, kind: str, row: int) -> bytes:
    """A list item of `kind` (service_at_location, service, organization), encoded, kept."""
    key = (d.tag, kind, row)
    found = _encoded.get(key)
    if found is not None:
        return found
    sal = service_at_location(d, row)
    items = {
        "service_at_location": {
            **_one_to_one(sal),
            "location": _one_to_one(sal["location"]),
            "service": _service_list(sal),
        },
        "service": _service_list(sal),
        "organization": _one_to_one(sal["service"]["organization"]),
    }
    with _lock:
        if _encoded and next(iter(_encoded))[0] != d.tag:  # a new build or day: drop the old
            _encoded.clear()
        for name, obj in items.items():
            _encoded[(d.tag, name, row)] = encode(obj)
        return _encoded[key]
