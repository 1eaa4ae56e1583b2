"""Page-wide styles Streamlit's theme cannot set: contrast and touch-target sizes (WCAG 2.2 AA)."""

import streamlit as st

# Captions: Streamlit's grey is 3.2:1 on the sidebar (axe); this one is 8:1.
# Buttons and link buttons: at least 44 px high, the size of a fingertip.
CSS = """
<style>
[data-testid="stCaptionContainer"] {
    /* Streamlit greys captions with opacity 0.6, and its rule is inserted after this one */
    opacity: 1 !important;
    color: #4a4d5a !important;
}
.stButton button, [data-testid="stLinkButton"] a, [data-testid="stBaseButton-primary"] {
    min-height: 44px;
}
/* A collapsed sidebar (a phone's closed drawer) is moved off screen but its widgets stayed Tab
   stops: 16 invisible stops before the search box. Hidden, they leave the Tab order. */
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] {
    visibility: hidden;
}
[class*="st-key-card_"] h3 { font-size: 1.2rem; padding-top: 0; }
/* The language switch: the chosen language in Streamlit's red on its pale tint is 3:1 (axe);
   dark text keeps 4.5:1, the tint and border still show which one is chosen. */
.st-key-lang [data-variant="segmented_control"][aria-checked="true"] p {
    color: #7d1d1d !important;
    font-weight: 600;
}
.result-count { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
</style>
"""


def apply() -> None:
    st.html(CSS)
