"""The crisis help that is on every view, before anything else."""

import html
import re

import streamlit as st

from clinic_finder.text.i18n import N_
from components.language import _

# In Spanish the Lifeline's own words: "Llame o envíe un mensaje de texto al 988", press 2, AYUDA.
CRISIS_TEXT = N_(
    "**In crisis? Call or text [988](tel:988)** — the Suicide & Crisis Lifeline, free, 24/7. "
    "**In an emergency, call [911](tel:911).** "
    "This directory is not medical advice."
)
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_TEL = re.compile(r"\[([^\]]+)\]\((tel:[0-9+]+)\)")


def as_html(text: str) -> str:
    """The message's bold and tel: links as HTML; every other character is text.

    Not markdown: Streamlit's markdown gives every link target="_blank", and a tel: link in a new
    tab leaves a blank tab behind the dialer (as the cards' Call links, which dial in place).
    """
    said = _STRONG.sub(r"<strong>\1</strong>", html.escape(text, quote=False))
    return _TEL.sub(r'<a href="\2">\1</a>', said)


def show() -> None:
    st.html(
        '<div class="crisis-line"><span class="crisis-icon" aria-hidden="true">☎️</span>'
        f"<p>{as_html(_(CRISIS_TEXT))}</p></div>"
    )
