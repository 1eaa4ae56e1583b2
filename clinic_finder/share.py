"""The whole search as URL query parameters: a public interface, so the names stay stable.

`near` (what was typed, or "lat,lon"), `radius` (miles), `service` (repeatable codes), `selected`
(facility id), `licence` (repeatable licence statuses). Anything unusable is dropped with a quiet
notice. A person's own position (`here`) is left out unless they chose to share it (`share_here`):
then `near` carries it rounded to 3 decimals.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from clinic_finder.here import Here

MIN_RADIUS_MI = 1
MAX_RADIUS_MI = 500
DEFAULT_RADIUS_MI = 25
MAX_NEAR_CHARS = 200  # longer than any US address; keeps a hostile link from doing work
MAX_VALUES = 200  # repeated keys beyond this are ignored


@dataclass(frozen=True)
class SharedSearch:
    near: str = ""
    radius: int = DEFAULT_RADIUS_MI
    services: tuple[str, ...] = ()
    licence: tuple[str, ...] = ()
    selected: str = ""
    here: Here | None = None  # the browser's position: searched from instead of `near`
    share_here: bool = False

    def to_params(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {}
        if self.here is not None:
            if self.share_here:
                params["near"] = self.here.shared()
        elif self.near:
            params["near"] = self.near
        if self.radius != DEFAULT_RADIUS_MI:
            params["radius"] = str(self.radius)
        if self.services:
            params["service"] = list(self.services)
        if self.licence:
            params["licence"] = list(self.licence)
        if self.selected:
            params["selected"] = self.selected
        return params


def parse_params(
    params: Mapping[str, Sequence[str]],
    known_codes: Iterable[str],
    known_licence: Iterable[str],
) -> tuple[SharedSearch, list[str]]:
    """The search a link carries, and a notice for each part that was ignored or adjusted.

    `params` maps each name to all its values (Streamlit's `st.query_params.get_all`).
    """
    notices: list[str] = []
    known = {name: _values(params, name) for name in ("near", "radius", "service", "licence")}
    unknown = sorted(set(params) - set(known) - {"selected"})
    if unknown:
        notices.append(f"Ignored unknown link settings: {', '.join(unknown)[:80]}.")
    cut = [name for name in (*known, "selected") if _count(params, name) > MAX_VALUES]
    if cut:
        notices.append(f"Only the first {MAX_VALUES} of each of {', '.join(cut)} were read.")

    near = (known["near"][-1] if known["near"] else "").strip()
    if len(near) > MAX_NEAR_CHARS:
        near = ""
        notices.append("The location in the link was too long and was ignored.")

    radius = DEFAULT_RADIUS_MI
    if known["radius"]:
        radius, notice = _radius(known["radius"][-1])
        if notice:
            notices.append(notice)

    services, ignored = _chosen(known["service"], {c.upper() for c in known_codes}, str.upper)
    if ignored:
        notices.append(f"Ignored unknown services in the link: {', '.join(ignored)[:80]}.")
    licence, ignored = _chosen(known["licence"], set(known_licence), str.lower)
    if ignored:
        notices.append(f"Ignored unknown licence filters in the link: {', '.join(ignored)[:80]}.")

    selected = _values(params, "selected")
    selected_id = selected[-1].strip()[:64] if selected else ""
    return SharedSearch(near, radius, services, licence, selected_id), notices


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    values = params.get(name) or []
    if isinstance(values, str):
        values = [values]
    return [str(v) for v in list(values)[:MAX_VALUES]]


def _count(params: Mapping[str, Sequence[str]], name: str) -> int:
    values = params.get(name) or []
    return 1 if isinstance(values, str) else len(values)


def _radius(text: str) -> tuple[int, str]:
    try:
        value = float(text.strip()[:20])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return DEFAULT_RADIUS_MI, (
            f"The radius in the link was not a number; using {DEFAULT_RADIUS_MI} miles."
        )
    clamped = min(max(round(value), MIN_RADIUS_MI), MAX_RADIUS_MI)
    if clamped != value:
        return clamped, f"The radius in the link was adjusted to {clamped} miles (1–500)."
    return clamped, ""


def _chosen(values: list[str], known: set[str], normal) -> tuple[tuple[str, ...], list[str]]:
    chosen: dict[str, None] = {}
    ignored: list[str] = []
    for value in values:
        for part in value.split(","):
            part = normal(part.strip())
            if not part:
                continue
            if part in known:
                chosen[part] = None
            elif part[:12] not in ignored:
                ignored.append(part[:12])
    return tuple(chosen), ignored
