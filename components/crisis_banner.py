"""The crisis help that is on every view, before anything else."""

import streamlit as st

CRISIS_TEXT = (
    "**In crisis? Call or text [988](tel:988)** — the Suicide & Crisis Lifeline, free, 24/7. "
    "**In an emergency, call [911](tel:911).** "
    "This directory is not medical advice."
)


def show() -> None:
    st.error(CRISIS_TEXT, icon="☎️")
