"""Incoming objects checked against HSDS 3.0's compiled schemas (vendored in api/hsds/, as
published, formats checked): which kind an object is, and the first way it breaks its schema.
jsonschema-rs checks (about 1.5 µs an object, 350× jsonschema's time); jsonschema says why."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Literal

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker

from clinic_finder import paths

Kind = Literal["service_at_location", "service", "organization"]
SCHEMAS = paths.PROJECT_DIR / "api" / "hsds" / "schema" / "compiled"


def kind_of(obj: Any) -> Kind | None:
    """service_at_location (has `service` or `location`), service (has `status`), organization
    (has `services`, or neither); None for what is not an object at all."""
    if not isinstance(obj, dict):
        return None
    if "service" in obj or "location" in obj or "service_id" in obj:
        return "service_at_location"
    if "status" in obj or "service_at_locations" in obj or "organization_id" in obj:
        return "service"
    return "organization"


@cache
def _schema(kind: Kind) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    return schema


@cache
def validator(kind: Kind) -> Draft202012Validator:
    return Draft202012Validator(_schema(kind), format_checker=FormatChecker())


@cache
def _fast(kind: Kind) -> Any:
    return jsonschema_rs.validator_for(_schema(kind), validate_formats=True)


def problem(obj: Any, kind: Kind | None) -> str | None:
    """The first way the object breaks its schema, as a short reason; None when it conforms."""
    if kind is None:
        return "not a JSON object"
    if _fast(kind).is_valid(obj):
        return None
    error = next(iter(validator(kind).iter_errors(obj)), None)
    if error is None:  # the two implementations read the schema differently: refused, said so
        return f"breaks the HSDS {kind} schema (jsonschema-rs)"
    where = "/".join(str(p) for p in error.absolute_path) or kind
    return f"breaks the HSDS {kind} schema at {where}: {error.validator} {_short(error)}"


def _short(error: Any) -> str:
    if error.validator == "required":
        return str(error.message).split(" is a required")[0]
    if error.validator in ("enum", "type", "format"):
        return f"{error.validator_value}"
    return ""
