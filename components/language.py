"""The page's language: one choice of the search model, offered as a switch at the top.

`_` and `ngettext` speak the language of this session's search (session state, never process-wide:
one process serves many sessions). Before the link is read, the language is the link's `lang`,
else the browser's preferred one.
"""

import functools
import json
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from babel import Locale
from babel.numbers import format_decimal

from clinic_finder.formats.share import parse_params
from clinic_finder.text import i18n
from clinic_finder.text.i18n import N_
from components import state

# Parsed once: Babel parses a locale's name on every call given a string (hundreds a run).
_LOCALES = {lang: Locale.parse(lang) for lang in i18n.LANGUAGES}
LABEL = "Language / Idioma"  # in both languages on purpose: found by someone who reads neither


def browser_language() -> str:
    """The supported language the browser prefers (its Accept-Language, else navigator.language)."""
    headers = st.context.headers
    accepted = headers.get("Accept-Language") if headers else None
    return i18n.best_language(accepted or st.context.locale)


def current() -> str:
    """This session's language."""
    if state.restored():
        return state.search().lang
    shared, _notices = parse_params(
        {"lang": st.query_params.get_all("lang")}, (), (), browser_language()
    )
    return shared.lang


def translator() -> i18n.Translator:
    return i18n.translator(current())


def _(message: str) -> str:
    """A message (English id, or a core `Message`) in this session's language."""
    return i18n.say(translator(), message)


def ngettext(one: str, many: str, count: int) -> str:
    """The plural form for `count`; the caller fills its `{count}` (see `number`)."""
    return translator().ngettext(one, many, count)


def number(value: float) -> str:
    """A count written the way this language writes it ("1,204"; "1204" and "12.345" in Spanish)."""
    return format_decimal(value, locale=_LOCALES[current()])


def numbers() -> Callable[[float], str]:
    """`number` for many counts (a filter's options' live counts): the language looked up once."""
    return functools.partial(format_decimal, locale=_LOCALES[current()])


def switch() -> None:
    """English / Español, drawn from the model like every other choice."""
    st.segmented_control(
        LABEL,
        list(i18n.LANGUAGES),
        default=state.seed(state.LANG, current()),
        key=state.LANG,
        format_func=i18n.LANGUAGES.__getitem__,
        selection_mode="single",
        label_visibility="collapsed",
        on_change=state.chosen(state.LANG, _choose),
    )


def _choose(lang: str | None) -> None:
    # Pressing the chosen option again unselects it: the language stays.
    if lang in i18n.LANGUAGES:
        state.update(lang=lang)


# Words Streamlit writes itself, in English whatever the page's language (labels a screen reader
# reads, the skip link, a dropdown's first option, the map frame's title): said again after it.
STREAMLIT_WORDS = {
    "Skip to main content": N_("Skip to main content"),
    "Select all": N_("Select all"),
    "Open": N_("Open"),
    "Main menu": N_("Main menu"),
    "Sidebar": N_("Sidebar"),
    "Collapse sidebar": N_("Collapse sidebar"),
    "Expand sidebar": N_("Expand sidebar"),
    "Copy to clipboard": N_("Copy to clipboard"),
    "Link to heading": N_("Link to heading"),
    "Stop": N_("Stop"),
    "Running...": N_("Running..."),
    "streamlit_folium.st_folium": N_("Map of the facilities found"),
}
HELP_FOR = N_("Help for {label}")
REMOVE_FILTER = N_("Remove filter: {name}")  # a chip above the results (components/filter_chips)
# Kept in English: the browser tests and the benchmark find the map's frame by this title.
KEPT_IN_ENGLISH = {"streamlit_folium.st_folium"}


def _words_script() -> str:  # a small file, read once per run: no process-wide cache
    return (Path(__file__).parent / "assets" / "words.js").read_text()


def lang_script(lang: str) -> str:
    """The page's one inline script for `lang`: the document's language (Streamlit writes `en`)
    and the words Streamlit writes itself, said in it (components/assets/words.js). One fixed
    text per language, sorted: the Content-Security-Policy allows each by its hash
    (serve/headers.py SCRIPT_HASHES; tests/test_headers.py recomputes them)."""
    translator = i18n.translator(lang)
    # From Streamlit's English, and from every other language's words (after a switch).
    others = [i18n.translator(other) for other in i18n.LANGUAGES]
    english_page = lang == i18n.DEFAULT
    said = {
        english: english
        if english_page and english in KEPT_IN_ENGLISH
        else i18n.say(translator, message)
        for english, message in STREAMLIT_WORDS.items()
    }
    words = {
        source: said[english]
        for english, message in STREAMLIT_WORDS.items()
        for source in sorted({english, *(t.gettext(message) for t in others)})
        if source != said[english]
    }
    helps = sorted({t.gettext(HELP_FOR) for t in others})
    said_for = (words, i18n.say(translator, HELP_FOR), helps, i18n.say(translator, REMOVE_FILTER))
    arguments = ", ".join(json.dumps(a) for a in said_for)
    return f"document.documentElement.lang = {json.dumps(lang)};{_words_script()}({arguments});"


def announce() -> None:
    """Tell the browser (and so a screen reader) the document's language, and say the words
    Streamlit writes itself in it."""
    st.html(
        f"<script>{lang_script(current())}</script>",
        unsafe_allow_javascript=True,
        width="content",
    )
