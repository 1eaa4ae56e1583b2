"""HSDS 3.0 validation by the strictest reading: no property the schema does not name, anywhere."""

import copy
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

# The API's vendored copy (api/hsds/README.md gives its upstream commit and sha256).
SCHEMA = (
    Path(__file__).resolve().parents[1]
    / "api"
    / "hsds"
    / "schema"
    / "compiled"
    / ("service_at_location.json")
)
EXAMPLE = Path(__file__).resolve().parent / "hsds" / "example_service_at_location_full.json"


def closed(schema: dict) -> tuple[dict, int]:
    """A copy with `additionalProperties: false` on every object schema, and how many there were.

    Walks schema positions only (properties, items, combinators), as upstream's jq walk does for
    the compiled schemas, which hold nothing else.
    """
    schema = copy.deepcopy(schema)
    count = 0

    def walk(node) -> None:
        nonlocal count
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        if "properties" in node or node.get("type") == "object":
            node["additionalProperties"] = False
            count += 1
        for child in node.get("properties", {}).values():
            walk(child)
        for key in ("items", "anyOf", "allOf", "oneOf", "$defs", "definitions"):
            if key in node:
                walk(list(node[key].values()) if isinstance(node[key], dict) and key in
                     ("$defs", "definitions") else node[key])  # fmt: skip

    walk(schema)
    return schema, count


@cache
def validator() -> Draft202012Validator:
    schema, _ = closed(json.loads(SCHEMA.read_text(encoding="utf-8")))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(obj: dict) -> list[str]:
    """Every way `obj` breaks the strict schema, as 'path: message' lines."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator().iter_errors(obj)
    ]
