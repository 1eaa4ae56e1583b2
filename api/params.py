"""Query parameters read into typed values; every problem a `ParameterError` naming its parameter.

422: the value breaks the schema /api/openapi.json gives it (type, range, pattern, length).
400: it is well formed but cannot be answered (an unknown postcode, a page past the last). The
value is quoted back only when short: an error body must not carry 10 kB of someone's text.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from api import spec

# RFC 3339 date-time (upper or lower case T and Z), or a bare date.
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$"
)
_POSTCODE = re.compile(r"^([0-9]{5})(-[0-9]{4})?$")
_PROXIMITY = re.compile(r"^[0-9]{1,8}(\.[0-9]{1,3})?$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,30}$")
_NUMBER = re.compile(r"^[+-]?([0-9]{1,20}(\.[0-9]{0,20})?|\.[0-9]{1,20})([eE][+-]?[0-9]{1,3})?$")
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})
METRES_PER_MILE = 1609.344


class Query(Protocol):
    """What Starlette's QueryParams offers (a multi-dict): kept abstract so tests pass dicts."""

    def getlist(self, key: str) -> list[str]: ...


class ParameterError(ValueError):
    """A parameter the API cannot use: HTTP `status`, where it was (`loc`), and why."""

    def __init__(
        self,
        name: str,
        message: str,
        status: int = 422,
        where: str = "query",
        kind: str = "value_error",
    ) -> None:
        super().__init__(f"{name}: {message}")
        self.status, self.loc, self.msg, self.kind = status, [where, name], message, kind

    def body(self) -> dict[str, list[dict[str, object]]]:
        return {"detail": [{"loc": self.loc, "msg": self.msg, "type": self.kind}]}


def shown(value: str) -> str:
    """The value as an error quotes it: short ones whole, long ones by their length only."""
    return repr(value) if len(value) <= 40 else f"a text of {len(value):,} characters"


def single(query: Query, name: str) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise ParameterError(name, "given more than once", kind="repeated")
    return values[0] if values else None


def text(query: Query, name: str) -> str | None:
    value = single(query, name)
    if value is not None and len(value) > spec.MAX_TEXT:
        raise ParameterError(
            name, f"at most {spec.MAX_TEXT} characters, got {shown(value)}", kind="string_too_long"
        )
    return value


def integer(query: Query, name: str, default: int, low: int, high: int | None = None) -> int:
    value = single(query, name)
    if value is None:
        return default
    if not _INTEGER.match(value.strip()):
        raise ParameterError(name, f"an integer is needed, got {shown(value)}", kind="int_type")
    number = int(value)
    if number < low or (high is not None and number > high):
        limits = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ParameterError(name, f"must be {limits}, got {shown(value)}", kind="range")
    return number


def boolean(query: Query, name: str) -> bool:
    value = single(query, name)
    if value is None:
        return False
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ParameterError(name, f"true or false, got {shown(value)}", kind="bool_type")


def choice(query: Query, name: str, options: Sequence[str], default: str) -> str:
    value = single(query, name)
    if value is None:
        return default
    if value not in options:
        raise ParameterError(name, f"one of {', '.join(options)}, got {shown(value)}", kind="enum")
    return value


def modified_after(query: Query) -> datetime | None:
    """The instant (UTC) results must be modified on or after."""
    value = single(query, "modified_after")
    if value is None:
        return None
    if not _DATE_TIME.match(value):
        raise ParameterError(
            "modified_after",
            f"an RFC 3339 date-time such as 2024-07-03T00:00:00Z, got {shown(value)}",
            kind="datetime",
        )
    try:
        if len(value) == 10:
            return datetime.combine(datetime.fromisoformat(value).date(), time(), UTC)
        # A leap second (…:60) is the next second's start, which Python cannot write.
        leap = value[17:19] == "60"
        found = datetime.fromisoformat(
            value.upper().replace(":60", ":59", 1) if leap else value.upper()
        )
        found = found.replace(tzinfo=found.tzinfo or UTC).astimezone(UTC)
        return found + timedelta(seconds=1) if leap else found
    except (ValueError, OverflowError) as error:  # year 0, 31 February: well formed, no day
        raise ParameterError(
            "modified_after", f"no such date-time: {shown(value)}", status=400, kind="datetime"
        ) from error


@dataclass(frozen=True)
class Place:
    """Where a proximity search is measured from, and how far it reaches (None: everywhere)."""

    lat: float
    lon: float
    radius_mi: float | None


def postcode(query: Query) -> str | None:
    value = text(query, "postcode")
    if value is None:
        return None
    found = _POSTCODE.match(value)
    if not found:
        raise ParameterError(
            "postcode", f"a 5-digit US ZIP code, got {shown(value)}", kind="pattern"
        )
    return found[1]


def proximity_mi(query: Query) -> float | None:
    value = single(query, "proximity")
    if value is None:
        return None
    if not _PROXIMITY.match(value):
        raise ParameterError(
            "proximity", f"metres as a number such as 40234, got {shown(value)}", kind="pattern"
        )
    metres = float(value)
    if not 0 < metres <= spec.MAX_PROXIMITY_M:
        raise ParameterError(
            "proximity",
            f"more than 0 and at most {spec.MAX_PROXIMITY_M:,} metres, got {shown(value)}",
            status=400,
            kind="range",
        )
    return metres / METRES_PER_MILE


def coordinate(query: Query, name: str, limit: float) -> float | None:
    value = single(query, name)
    if value is None:
        return None
    number = float(value) if _NUMBER.match(value.strip()) else math.nan
    if not -limit <= number <= limit:  # NaN fails too
        raise ParameterError(
            name, f"decimal degrees from {-limit:g} to {limit:g}, got {shown(value)}", kind="range"
        )
    return number
