"""The "Use my location" button beside the location box: the browser's position into the model.

A small bidirectional component (Streamlit's components v2) built from the three files in
`components/assets/`: no build step, nothing fetched from anywhere. The browser asks the person
and answers only when the button is pressed; the position lives in this session's search model
(memory) and is never written to disk or logged.
"""

from pathlib import Path

import streamlit as st
from streamlit.components.v2 import component

from clinic_finder.geocode import here
from clinic_finder.text.i18n import N_
from components import language, state
from components.language import _

ASSETS = Path(__file__).resolve().parent / "assets"
SHARE_LABEL = N_("Include my place in the shared link")  # short: one line on a phone


_mount = None  # the component's mounting command, made once: it holds no one's data


def _button():
    # Registered on first use rather than on import, from this project's own files. A plain
    # module variable, not functools.cache: no cache in this package may take arguments.
    global _mount
    if _mount is None:
        read = {name: (ASSETS / f"locate.{name}").read_text(encoding="utf-8")
                for name in ("html", "css", "js")}  # fmt: skip
        _mount = component("clinic_finder.locate", **read)
    return _mount


def button() -> None:
    """The button (beside the radius)."""
    # A fixed height: sized to its content, it would grow once its script has run and move the
    # map below it while a person (or a test) is aiming at a point.
    words = {"label": _("Use my location"), "asking": _("Asking your browser…")}
    _button()(key=state.LOCATE, data=words, height=44,
              on_position_change=state.chosen(state.LOCATE, _arrived))  # fmt: skip


def chosen() -> None:
    """While the search is from the person's position: what it is, and a choice to put it in
    the shared link."""
    search = state.search()
    if search.here is None:
        return
    st.caption(
        _(
            "Searching from {place}. Type a place to search from there instead. "
            "In a shared link your place is rounded to about 100 m."
        ).format(place=search.here.label(language.translator()))
    )
    st.checkbox(
        _(SHARE_LABEL),
        state.seed(state.SHARE_HERE, search.share_here),
        key=state.SHARE_HERE,
        on_change=state.chosen(state.SHARE_HERE, lambda on: state.update(share_here=bool(on))),
    )


def _arrived(value) -> None:
    found = here.from_browser((value or {}).get("position"))
    if isinstance(found, str):
        state.notice(found)  # the box keeps what was typed, and the search with it
    else:
        state.update(here=found, near="", share_here=False)
