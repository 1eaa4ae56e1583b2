"""The whole search as URL query parameters: a public interface, so the names stay stable.

`near` (what was typed, or "lat,lon"), `radius` (miles), `service` (repeatable codes), `selected`
(facility id), `licence` (repeatable licence statuses), `lang` (the page's language: `en`, `es`).
Anything unusable is dropped with a quiet notice (a `Message`, said in the person's language by
the UI). A person's own position (`here`) is left out unless they chose to share it
(`share_here`): then `near` carries it rounded to 3 decimals.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from clinic_finder.geocode.here import Here
from clinic_finder.text.i18n import DEFAULT, LANGUAGES, N_, Message

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
    lang: str = DEFAULT
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
        if self.lang != DEFAULT:
            params["lang"] = self.lang
        return params

    def link(self, page_url: str) -> str:
        """The address that opens this search on the page at `page_url` (its own query and
        fragment dropped; a bare host gets its "/" so the link reads as people expect)."""
        scheme, host, path, _, _ = urlsplit(page_url)
        return urlunsplit((scheme, host, path or "/", urlencode(self.to_params(), doseq=True), ""))


def parse_params(
    params: Mapping[str, Sequence[str]],
    known_codes: Iterable[str],
    known_licence: Iterable[str],
    default_lang: str = DEFAULT,
) -> tuple[SharedSearch, list[str]]:
    """The search a link carries, and a notice for each part that was ignored or adjusted.

    `params` maps each name to all its values (Streamlit's `st.query_params.get_all`);
    `default_lang` is the language when the link names none (the browser's preference).
    """
    notices: list[str] = []
    known = {name: _values(params, name) for name in ("near", "radius", "service", "licence")}
    unknown = sorted(set(params) - set(known) - {"selected", "lang"})
    if unknown:
        notices.append(
            Message(N_("Ignored unknown link settings: {names}."), names=", ".join(unknown)[:80])
        )
    cut = [name for name in (*known, "selected", "lang") if _count(params, name) > MAX_VALUES]
    if cut:
        notices.append(
            Message.ngettext(
                "Only the first {count} of each of {names} was read.",
                "Only the first {count} of each of {names} were read.",
                MAX_VALUES,
                names=", ".join(cut),
            )
        )

    near = (known["near"][-1] if known["near"] else "").strip()
    if len(near) > MAX_NEAR_CHARS:
        near = ""
        notices.append(Message(N_("The location in the link was too long and was ignored.")))

    radius = DEFAULT_RADIUS_MI
    if known["radius"]:
        radius, notice = _radius(known["radius"][-1])
        if notice:
            notices.append(notice)

    services, ignored = _chosen(known["service"], {c.upper() for c in known_codes}, str.upper)
    if ignored:
        notices.append(
            Message(
                N_("Ignored unknown services in the link: {codes}."),
                codes=", ".join(ignored)[:80],
            )
        )
    licence, ignored = _chosen(known["licence"], set(known_licence), str.lower)
    if ignored:
        notices.append(
            Message(
                N_("Ignored unknown license filters in the link: {names}."),
                names=", ".join(ignored)[:80],
            )
        )

    selected = _values(params, "selected")
    selected_id = selected[-1].strip()[:64] if selected else ""
    langs = _values(params, "lang")
    lang = langs[-1].strip().lower()[:8] if langs else default_lang
    if lang not in LANGUAGES:
        notices.append(
            Message(N_("Ignored an unknown language in the link: {lang}."), lang=lang[:8])
        )
        lang = default_lang if default_lang in LANGUAGES else DEFAULT
    return SharedSearch(near, radius, services, licence, selected_id, lang), notices


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    values = params.get(name) or []
    if isinstance(values, str):
        values = [values]
    return [str(v) for v in list(values)[:MAX_VALUES]]


def _count(params: Mapping[str, Sequence[str]], name: str) -> int:
    values = params.get(name) or []
    return 1 if isinstance(values, str) else len(values)


def _radius(text: str) -> tuple[int, Message | str]:
    try:
        value = float(text.strip()[:20])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return DEFAULT_RADIUS_MI, Message.ngettext(
            "The radius in the link was not a number; using {count} mile.",
            "The radius in the link was not a number; using {count} miles.",
            DEFAULT_RADIUS_MI,
        )
    clamped = min(max(round(value), MIN_RADIUS_MI), MAX_RADIUS_MI)
    if clamped != value:
        return clamped, Message.ngettext(
            "The radius in the link was adjusted to {count} mile (1–500).",
            "The radius in the link was adjusted to {count} miles (1–500).",
            clamped,
        )
    return clamped, ""


def _chosen(
    values: list[str], known: set[str], normal: Callable[[str], str]
) -> tuple[tuple[str, ...], list[str]]:
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
