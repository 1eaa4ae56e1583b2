"""A link's first run draws the first screen; the page asks for the rest once its map is drawn.

A first visit waits on the browser's main thread, not on the server (benchmarks/NOTES.md): the
sidebar's filters, the closed "Treatments, medicines and more" and the cards below the first few
were drawn before the map's frame could start. So the session's first run, when it answers a
search with a map, draws the crisis line, the search box, the chosen filters, the map and the
first card: every element a run sends costs the browser ~4 ms of rendering before the map's
frame can start (benchmarks/NOTES.md). Once the map has drawn its first point (or after
`WAIT_MS`, if it never does), the page presses a hidden button, and that run and every later one
draw the whole page.

The press cannot carry a stale value back (the defect of issue 26's chip): the first run drew no
widget whose value a later run sets, and the page presses only while no run is going on.
"""

from typing import Any

import streamlit as st

_FIRST_RUN_DONE = "_first_run_done"
_LEAN = "_lean_run"
KEY = "rest_of_page"  # the container page_style hides
BUTTON = f"{KEY}_button"  # what the page presses
LEAN_CARDS = 1  # the first screen holds one (390×844 and 1366×768 alike)
WAIT_MS = 3000

# One text for every page, so the Content-Security-Policy allows it by its hash (serve/headers).
ASK_SCRIPT = """
(function () {
    var self = document.currentScript;
    var started = Date.now();
    var timer = setInterval(function () {
        if (!self.isConnected) { clearInterval(timer); return; }  // the rest has come
        // The button's code may still be loading (a grey skeleton holds its place).
        var button = document.querySelector(".st-key-rest_of_page button");
        var app = document.querySelector('[data-testid="stApp"]');
        if (!button || !app || app.dataset.testScriptState !== "notRunning") { return; }
        var frame = document.querySelector('iframe[src*="streamlit_folium.st_folium"]');
        var map = frame && frame.contentDocument;
        var drawn = map && map.querySelector(".leaflet-overlay-pane > *");
        if (drawn || Date.now() - started > WAIT_MS) {
            clearInterval(timer);
            button.click();
        }
    }, 50);
})();
""".replace("WAIT_MS", str(WAIT_MS))


def press(widgets: Any, button_id: str) -> None:
    """Add the hidden button's press to a rerun's widget states (`WidgetStates` protobuf), as
    the page's script does: for the websocket drivers that stand in for a browser."""
    widget = widgets.widgets.add()
    widget.id, widget.trigger_value = button_id, True


def is_button(element_id: str) -> bool:
    """Whether a sent element's id is the hidden button's (Streamlit ends it with the key)."""
    return element_id.endswith(BUTTON)


def decide(map_drawn: bool) -> bool:
    """Whether this run is lean: the session's first, answering a search with a map."""
    lean = map_drawn and not st.session_state.get(_FIRST_RUN_DONE)
    st.session_state[_LEAN] = lean
    return lean


def lean() -> bool:
    return bool(st.session_state.get(_LEAN))


def finish() -> None:
    """At the end of the Find care tab's every run: after a lean one, the hidden button and the
    script that presses it."""
    if lean():
        with st.container(key=KEY):
            st.button("The rest of the page", key=BUTTON)
        # Outside the hidden container: Streamlit runs no script of an element it does not lay out.
        st.html(f"<script>{ASK_SCRIPT}</script>", unsafe_allow_javascript=True, width="content")
    st.session_state[_FIRST_RUN_DONE] = True
    st.session_state[_LEAN] = False
