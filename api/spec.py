"""The API's OpenAPI document: HSDS 3.0's vendored openapi.json with this API's facts added.

The upstream file (api/hsds/) is read as published. What `/api/openapi.json` serves is built from
it: the schema files inlined under `components/schemas` (one self-contained document a client or
a fuzzer reads offline), `info` filled in, and the limits this API enforces written into the
parameters, so that a request the document calls valid is answered 200 (README "Open Referral
API" lists every addition and why).
"""

import copy
import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

JSON = dict[str, Any]
VENDORED = Path(__file__).with_name("hsds") / "openapi.json"
HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/3.0/"
MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50
MAX_TEXT = 200  # longest search text or id worth reading; longer is a 422, not a scan
# Half the Earth's circumference (clinic_finder.search.index.MAX_RADIUS_MI) in metres: everywhere.
MAX_PROXIMITY_M = 20_116_800
NDJSON = "application/x-ndjson"
# Upstream's list operations; each may stream its items as NDJSON (format=ndjson).
LIST_PATHS = (
    "/services",
    "/service_at_locations",
    "/organizations",
    "/taxonomies",
    "/taxonomy_terms",
)
_lock = threading.Lock()


def bundle(path: Path) -> JSON:
    """The OpenAPI document at `path` with every file `$ref` inlined under components/schemas."""
    document = json.loads(path.read_text(encoding="utf-8"))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    names: dict[Path, str] = {}

    def name_of(target: Path) -> str:
        if target not in names:
            relative = target.relative_to(path.parent / "schema").with_suffix("")
            name = "hsds_" + "_".join(relative.parts)
            names[target] = name
            schema = json.loads(target.read_text(encoding="utf-8"))
            schemas[name] = inline(schema, target.parent)
        return names[target]

    def inline(node: Any, base: Path) -> Any:
        if isinstance(node, list):
            return [inline(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            node = {**node, "$ref": f"#/components/schemas/{name_of((base / ref).resolve())}"}
        return {key: inline(value, base) for key, value in node.items()}

    document["paths"] = inline(document["paths"], path.parent)
    return document


def upstream() -> JSON:
    """The vendored document, bundled, exactly as upstream says (what the tests compare with)."""
    return copy.deepcopy(_upstream())


@cache
def _upstream() -> JSON:
    return bundle(VENDORED)


def served() -> JSON:
    """What /api/openapi.json answers: upstream's paths and parameters, and this API's facts."""
    with _lock:
        return _served()


@cache
def _served() -> JSON:
    document = upstream()
    document["info"] = {
        "title": "Clinic finder: licensed mental-health and substance-use facilities (HSDS 3.0)",
        "version": "1.0.0",
        "summary": "Open Referral HSDS 3.0 API, with proximity search, over the finder's table.",
        "description": (
            "Read-only. The same facilities, identifiers and order as the finder's page and its "
            "HSDS export. Sources: SAMHSA's national directories (public domain) and California "
            "DHCS's licensed facilities (CC BY 4.0); every object's metadata names its sources."
        ),
        "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
    }
    document["servers"] = [{"url": "/api"}]
    _constrain(document["components"]["parameters"])
    _add_point_extension(document)
    # Upstream answers a service_at_location with the *service* schema (it requires a name and
    # a status that a service_at_location has not): its own compiled service_at_location instead.
    item = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    sal = bundle_schema(document, "compiled/service_at_location.json")
    item["content"]["application/json"]["schema"] = {"$ref": sal}
    _add_errors(document)
    _add_ndjson(document)
    return document


def bundle_schema(document: JSON, relative: str) -> str:
    """Inline one more vendored schema file into `document`; its `$ref`."""
    target = VENDORED.parent / "schema" / relative
    name = "hsds_" + "_".join(Path(relative).with_suffix("").parts)
    document["components"]["schemas"][name] = json.loads(target.read_text(encoding="utf-8"))
    return f"#/components/schemas/{name}"


def _constrain(parameters: JSON) -> None:
    """The limits the API enforces, where upstream leaves a parameter open."""
    text = {"type": "string", "maxLength": MAX_TEXT}
    parameters["search"]["schema"] = text
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = text
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1}
    parameters["per_page"]["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PER_PAGE,
        "default": DEFAULT_PER_PAGE,
    }
    parameters["format"]["schema"] = {"type": "string", "enum": ["json", "ndjson"]}
    # Upstream writes `format: datetime`, which JSON Schema does not define: RFC 3339's date-time
    # (a bare date is accepted too, as the start of that day in UTC).
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    parameters["postcode"]["schema"] = {"type": "string", "pattern": r"^[0-9]{5}(-[0-9]{4})?$"}
    parameters["postcode"]["description"] += " Here: a US ZIP code (ZIP+4 is read as its ZIP)."
    parameters["proximity"]["schema"] = {
        "type": "string",
        "pattern": r"^[0-9]{1,8}(\.[0-9]{1,3})?$",
    }
    parameters["proximity"]["description"] += (
        f" In metres, more than 0 and at most {MAX_PROXIMITY_M:,}; needs `postcode` (or `lat` "
        "and `lon`). Without it a point orders every result nearest first."
    )


def _add_point_extension(document: JSON) -> None:
    """A documented extension: a point instead of a postcode (a phone's position, a map click)."""
    parameters = document["components"]["parameters"]
    for name, limit in (("lat", 90), ("lon", 180)):
        parameters[name] = {
            "name": name,
            "in": "query",
            "required": False,
            "description": f"Extension (not in HSDS 3.0): the {name} of the point `proximity` "
            "is measured from, WGS 84 decimal degrees; give both, and no postcode.",
            "schema": {"type": "number", "minimum": -limit, "maximum": limit},
        }
    operation = document["paths"]["/service_at_locations"]["get"]
    operation["parameters"] += [
        {"$ref": "#/components/parameters/lat"},
        {"$ref": "#/components/parameters/lon"},
    ]


ERROR_SCHEMA: JSON = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        }
    },
}
ERRORS = {
    "400": "A parameter is well formed but cannot be answered (an unknown postcode or id in a "
    "filter, a page past the last, proximity without a point): `detail` names it.",
    "404": "No object with this id.",
    "422": "A parameter breaks its schema (type, range, pattern, length): `detail` names it.",
}


def _add_errors(document: JSON) -> None:
    document["components"]["schemas"]["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in document["paths"].items():
        codes = ["400", "422"] if path != "/" else []
        codes += ["404"] if "{id}" in path else []
        for code in codes:
            item["get"]["responses"][code] = {"description": ERRORS[code], "content": error}


def _add_ndjson(document: JSON) -> None:
    for path in LIST_PATHS:
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        items = content["application/json"]["schema"]["properties"]["contents"]["items"]
        content[NDJSON] = {"schema": items}
