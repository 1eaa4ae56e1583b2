"""The catalogues: every message the code can show is translated, whole, and compiled."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from clinic_finder import paths
from clinic_finder.show.listing import key_service_labels
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.services import KEY_SERVICES
from clinic_finder.text import i18n

ROOT = paths.PROJECT_DIR
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
SOURCES = [("clinic_finder/**.py", "python"), ("components/**.py", "python"), ("app.py", "python")]
SAME_IN_SPANISH = {"TMS", "Medicaid", "Medicare"}  # names, said as they are
OTHER = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _code_messages() -> set:
    """Every message id in the code, as `make translations` extracts it (babel.cfg's files)."""
    found = extract_from_dir(ROOT, SOURCES, keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def _catalogue(lang: str, domain: str) -> dict:
    path = i18n.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as file:
        return {m.id: m for m in read_po(file) if m.id}


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(s.strip() for s in strings)


# Numbers that no word agrees with, in English or Spanish: a legend's sample count ("3 = …"),
# "+2 more"/"+2 más", a capacity, an abbreviation ("mi").
NO_AGREEING_WORD = {
    "{count} = facilities at one point (click to list)",
    "{count} = facilities grouped here (click to zoom in)",
    "{badges} +{count} more",
    "Show {count} more ({left} not shown yet)",
    "capacity {count}",
    "{miles} mi",
    "your location (about ±{miles} mi)",  # "mi", and always a decimal below 10 ("±1.0 mi")
}
_COUNT = re.compile(r"\{(count|miles|radius|left|shown|limit)\}")


def test_every_message_with_a_count_has_a_plural_form():
    """'adjusted to 1 miles': a count said with gettext has one form for every number."""
    single = {m for m in _code_messages() if isinstance(m, str) and _COUNT.search(m)}
    assert single - NO_AGREEING_WORD == set()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["0 miles", "1 mile", "2 miles"]),
        ("es", ["0 millas", "1 milla", "2 millas"]),
    ],
)
def test_a_message_with_a_count_is_said_in_the_form_for_0_1_and_2(lang, said):
    t = i18n.translator(lang)
    for count, words in zip((0, 1, 2), said, strict=True):
        message = i18n.Message.ngettext(
            "The radius in the link was adjusted to {count} mile (1–500).",
            "The radius in the link was adjusted to {count} miles (1–500).",
            count,
        )
        assert f" {words} (1–500)" in i18n.say(t, message)
        assert (words in message) == (lang == "en")  # as a str: the English form


@pytest.mark.parametrize("lang", OTHER)
def test_every_message_in_the_code_is_translated(lang):
    catalogue = _catalogue(lang, i18n.DOMAIN)
    missing = [m for m in _code_messages() if m not in catalogue or not _translated(catalogue[m])]
    assert not missing, (
        f"{len(missing)} messages lack a {lang} translation (make translations):"
        + ("".join(f"\n  {m!r}" for m in sorted(map(str, missing))))
    )


@pytest.mark.parametrize("lang", OTHER)
def test_every_service_name_description_and_category_is_translated(lang):
    catalogue = _catalogue(lang, i18n.SERVICES_DOMAIN)
    dictionary = load_dictionary()
    names = {s.name for s in dictionary} | set(dictionary.categories().values())
    names |= {s.description for s in dictionary if s.description}
    missing = sorted(n for n in names if n not in catalogue or not _translated(catalogue[n]))
    assert len(names) > 500
    assert not missing, f"{len(missing)} service texts lack a {lang} translation: {missing}"


# British spellings a US reader trips on; SAMHSA writes "center", "license", "program".
_BRITISH = re.compile(r"\b(centres?|licences?|programmes?|behavioural|hospitalisation)\b", re.I)


def test_the_english_words_are_spelled_as_their_us_readers_spell_them():
    """The page spoke of a "Licence", a "city centre" and an "opioid treatment programme", and
    SAMHSA's "behavioral health clinic" as "behavioural". Placeholder names are the code's."""
    dictionary = load_dictionary()
    services = {s.name for s in dictionary} | set(dictionary.categories().values())
    services |= {s.description for s in dictionary if s.description}
    texts = [t for m in _code_messages() for t in (m if isinstance(m, tuple) else (m,))]
    explainers = [p.read_text() for p in (ROOT / "components" / "content").glob("*.md")]
    british = sorted(
        text
        for text in [*texts, *services, *explainers]
        if _BRITISH.search(_PLACEHOLDER.sub("", text))
    )
    assert len(texts) > 300 and len(services) > 500 and len(explainers) >= 2
    assert not british, british


@pytest.mark.parametrize("lang", OTHER)
@pytest.mark.parametrize("domain", [i18n.DOMAIN, i18n.SERVICES_DOMAIN])
def test_translations_keep_their_placeholders_and_the_compiled_catalogue_is_current(lang, domain):
    catalogue = _catalogue(lang, domain)
    wrong = []
    for message in catalogue.values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        wrong += [s for s in strings if s and set(_PLACEHOLDER.findall(s)) != wanted]
    assert not wrong, wrong
    with (i18n.LOCALES / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    written = {_key(i): _key(m.string) for i, m in catalogue.items() if _translated(m)}
    assert compiled == written, "the .mo is stale: make translations"


def test_the_translator_is_per_language_and_english_is_the_message_itself():
    assert i18n.translator("en") is i18n.ENGLISH
    assert i18n.translator("xx") is i18n.ENGLISH
    spanish = i18n.translator("es")
    assert spanish.gettext("Details") == "Detalles"
    assert spanish.gettext("Ketamine Infusion Therapy") == "Terapia de infusión de ketamina"
    assert spanish.ngettext("{radius} mile", "{radius} miles", 1) == "{radius} milla"
    assert spanish.ngettext("{radius} mile", "{radius} miles", 25) == "{radius} millas"
    notice = i18n.Message("ZIP code {zip} is not in the offline ZIP list.", zip="00000")
    assert notice == "ZIP code 00000 is not in the offline ZIP list."
    assert i18n.say(spanish, notice) == "El código postal 00000 no está en la lista sin conexión."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-PR,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,es;q=0.5", "es"),
        ("es;q=0.2,en;q=0.8", "en"),
        ("es-MX", "es"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
        ("es;q=abc,en", "en"),
    ],
)
def test_the_browser_language_chooses_among_the_supported_ones(header, expected):
    assert i18n.best_language(header) == expected


# No sentence is glued from translated pieces: a translator must see each sentence whole.
_TRANSLATING = {"_", "gettext", "ngettext"}
_TAG = re.compile(r"<[^>]*>")


def _translates(node: ast.AST) -> bool:
    """A call of the translator, or of something around one (escape(_(…)), _(…).format(…))."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name in _TRANSLATING:
        return True
    if name == "format" and isinstance(func, ast.Attribute):
        return _translates(func.value)
    return any(_translates(arg) for arg in node.args)


def _worded(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", _TAG.sub("", node.value)))
    return _translates(node)


def _glued(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            pair = (node.left, node.right)
            if any(map(_translates, pair)) and all(map(_worded, pair)):
                lines.append(node.lineno)
        elif isinstance(node, ast.JoinedStr):
            inside = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            words = [v for v in node.values if isinstance(v, ast.Constant) and _worded(v)]
            if any(map(_translates, inside)) and (words or sum(map(_translates, inside)) > 1):
                lines.append(node.lineno)
    return lines


def test_no_message_is_glued_from_translated_fragments():
    files = [ROOT / "app.py", *sorted((ROOT / "components").glob("*.py"))]
    files += sorted((ROOT / "clinic_finder").rglob("*.py"))
    glued = {
        str(f.relative_to(ROOT)): found
        for f in files
        if (found := _glued(ast.parse(f.read_text(encoding="utf-8"))))
    }
    assert not glued, f"sentences built from translated pieces at {glued}"


def test_the_glue_check_finds_glue():
    assert _glued(ast.parse('x = _("Call") + " now"'))
    assert _glued(ast.parse('x = f"{_(a)} and {_(b)}"'))
    assert _glued(ast.parse('x = f"Call {_(a)}"'))
    assert not _glued(ast.parse('x = _("Call {phone}").format(phone=p)'))
    assert not _glued(ast.parse('x = escape(_("at the street address")) + "<br>"'))


def test_the_spanish_explainer_exists_for_every_language():
    content = Path(ROOT / "components" / "content")
    for lang in OTHER:
        assert (content / f"ketamine.{lang}.md").read_text(encoding="utf-8").startswith("## ")


def test_a_card_s_key_service_badges_are_said_in_spanish():
    """Issue 29 (5): a Spanish card showed an English "ASL" badge."""
    said = key_service_labels(KEY_SERVICES, i18n.translator("es"))
    english = key_service_labels(KEY_SERVICES)
    assert "Lengua de señas (ASL)" in said
    kept = [label for label in said if label in english and label not in SAME_IN_SPANISH]
    assert not kept, f"badges left in English on a Spanish card: {kept}"
