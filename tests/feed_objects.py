"""Small valid HSDS 3.0 service_at_location objects for the feed tests."""

from __future__ import annotations

import copy
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from clinic_finder import paths

NS = uuid.UUID("5d8c7f8e-2a8e-4a55-9f43-3b4a8c1d0e11")


def uid(*parts: object) -> str:
    return str(uuid.uuid5(NS, "/".join(map(str, parts))))


def sal(i: int, **service: Any) -> dict[str, Any]:
    """Facility i of a county publisher, in Salt Lake City, with a point and a phone."""
    sid, lid = uid("service", i), uid("location", i)
    obj: dict[str, Any] = {
        "id": uid("sal", i),
        "service_id": sid,
        "location_id": lid,
        "phones": [{"id": uid("phone", i), "number": f"801-555-{i % 10000:04d}", "extension": 12}],
        "service": {
            "id": sid,
            "name": f"County Wellness Center {i}",
            "alternate_name": f"CWC {i}",
            "status": "active",
            "last_modified": "2026-11-02T10:00:00Z",
            "licenses": "State of Utah DHHS licence 12345",
            "accreditations": "CARF",
            "organization": {"id": uid("org", i), "name": "Example County", "description": "x"},
            "attributes": [
                {
                    "id": uid("attr", i, 1),
                    "taxonomy_term": {
                        "id": uid("term", "MH"),
                        "code": "MH",
                        "name": "Mental health treatment",
                        "description": "",
                        "taxonomy": "SAMHSA N-SUMHSS",
                    },
                },
                {
                    "id": uid("attr", i, 2),
                    "taxonomy_term": {
                        "id": uid("term", "peer"),
                        "code": "PEER-1",
                        "name": "Peer support groups",
                        "description": "Run by people with lived experience",
                        "taxonomy": "County",
                    },
                },
            ],
        },
        "location": {
            "id": lid,
            "location_type": "physical",
            "name": f"County Wellness Center {i}",
            "latitude": 40.75 + i * 1e-4,
            "longitude": -111.89,
            "addresses": [
                {
                    "id": uid("address", i),
                    "location_id": lid,
                    "address_1": f"{100 + i} S Main St",
                    "city": "Salt Lake City",
                    "state_province": "UT",
                    "postal_code": "84101",
                    "country": "US",
                    "address_type": "physical",
                }
            ],
        },
    }
    obj["service"].update(service)
    return obj


def many(n: int) -> list[dict[str, Any]]:
    return [sal(i) for i in range(n)]


def broken(i: int) -> dict[str, Any]:
    obj = copy.deepcopy(sal(i))
    obj["service"]["status"] = "open-ish"  # not in the schema's enum
    return obj


def deployer_copy(target: Path) -> Path:
    """data/ copied as a deployer would (raw files hard-linked: they are only read)."""
    target.mkdir()
    for item in paths.DATA_DIR.iterdir():
        if item.name == "raw":
            shutil.copytree(item, target / "raw", copy_function=os.link)
        elif item.is_file() and not item.name.startswith("geocode_cache"):
            shutil.copy2(item, target / item.name)
    return target
