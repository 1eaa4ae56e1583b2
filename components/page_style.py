"""Page-wide styles Streamlit's theme cannot set: contrast and touch-target sizes (WCAG 2.2 AA)."""

import streamlit as st

# Captions and placeholders: Streamlit's grey is 3.8:1 on the sidebar; this one is above 7:1.
# Buttons and link buttons: at least 44 px high, the size of a fingertip.
CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #3d4150; }
[data-testid="stWidgetLabel"] p { color: #262730; }
.stButton button, [data-testid="stLinkButton"] a, [data-testid="stBaseButton-primary"] {
    min-height: 44px;
}
[class*="st-key-card_"] h3 { font-size: 1.2rem; padding-top: 0; }
.result-count { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
</style>
"""


def apply() -> None:
    st.html(CSS)
