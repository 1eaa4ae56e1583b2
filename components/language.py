"""The page's language: one choice of the search model, offered as a switch at the top.

`_` and `ngettext` speak the language of this session's search (session state, never process-wide:
one process serves many sessions). Before the link is read, the language is the link's `lang`,
else the browser's preferred one.
"""

import functools
import json
from collections.abc import Callable

import streamlit as st
from babel import Locale
from babel.numbers import format_decimal

from clinic_finder import i18n
from clinic_finder.share import parse_params
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


def lang_script(lang: str) -> str:
    """One fixed text per language: the page's Content-Security-Policy allows each by its hash."""
    return f"document.documentElement.lang = {json.dumps(lang)};"


def announce() -> None:
    """Tell the browser (and so a screen reader) the document's language: Streamlit writes `en`."""
    st.html(
        f"<script>{lang_script(current())}</script>",
        unsafe_allow_javascript=True,
        width="content",
    )
