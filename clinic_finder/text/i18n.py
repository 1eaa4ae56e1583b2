"""The languages the app speaks and their message catalogues (gettext; Babel extracts and compiles).

The core speaks English message ids; the UI passes them through the translator of the person's
language. A translator is read-only once loaded, so one per language serves every session; which
language a session speaks lives in that session's search, never here.
"""

import gettext
from collections.abc import Mapping

from clinic_finder import paths

LANGUAGES = {"en": "English", "es": "Español"}  # code → its own name, as the switch shows it
DEFAULT = "en"
LOCALES = paths.PROJECT_DIR / "locales"
DOMAIN = "messages"  # the app's own words
SERVICES_DOMAIN = "services"  # the dictionaries' service and category names and descriptions

Translator = gettext.NullTranslations


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


ENGLISH: Translator = gettext.NullTranslations()
# Loaded on first use, one per supported language (keys come from LANGUAGES, never from a person).
_LOADED: dict[str, Translator] = {}


def translator(lang: str) -> Translator:
    """The app's catalogue for a language, falling back to the service names' catalogue."""
    if lang not in LANGUAGES or lang == DEFAULT:
        return ENGLISH
    if lang not in _LOADED:
        found = gettext.translation(DOMAIN, LOCALES, [lang])
        found.add_fallback(gettext.translation(SERVICES_DOMAIN, LOCALES, [lang]))
        _LOADED[lang] = found
    return _LOADED[lang]


class Message(str):
    """A sentence for a person: reads as its English text, and keeps its message id and values
    so the UI can say it in another language (`say`)."""

    template: str
    values: Mapping[str, object]
    many: str = ""  # a plural message's other form, said for `quantity`
    quantity: int = 0

    def __new__(cls, template: str, **values: object) -> "Message":
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template = template
        made.values = values
        return made

    @classmethod
    def ngettext(cls, one: str, many: str, count: int, **values: object) -> "Message":
        """A message with a count: `one` and `many` are the English forms (each with `{count}`),
        the form said is the language's for `count` (Babel extracts both as `ngettext`)."""
        made = cls(one if count == 1 else many, count=count, **values)
        made.template, made.many, made.quantity = one, many, count
        return made


def say(t: Translator, message: str) -> str:
    """A message in the translator's language (a plain string is taken as its own message id)."""
    if isinstance(message, Message):
        if message.many:
            return t.ngettext(message.template, message.many, message.quantity).format(
                **message.values
            )
        return t.gettext(message.template).format(**message.values)
    return t.gettext(message)


def best_language(preferred: str | None) -> str:
    """The supported language a browser prefers most: its `Accept-Language` header, or one tag
    such as `navigator.language` ("es-MX"); the default when it names none we speak."""
    ranked = []
    for position, part in enumerate((preferred or "").split(",")[:20]):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        code = tag.strip().split("-")[0].lower()
        if code in LANGUAGES and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else DEFAULT
