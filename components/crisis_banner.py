"""The crisis help that is on every view, before anything else."""

import streamlit as st

from clinic_finder.text.i18n import N_
from components.language import _

# In Spanish the Lifeline's own words: "Llame o envíe un mensaje de texto al 988", press 2, AYUDA.
CRISIS_TEXT = N_(
    "**In crisis? Call or text [988](tel:988)** — the Suicide & Crisis Lifeline, free, 24/7. "
    "**In an emergency, call [911](tel:911).** "
    "This directory is not medical advice."
)


def show() -> None:
    st.error(_(CRISIS_TEXT), icon="☎️")
