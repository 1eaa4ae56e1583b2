"""The page in Spanish (?lang=es): no English a patient would read, the link keeps the language."""

import re

import pandas as pd
import pytest
from apptest import choose, run_app, shared_link
from babel.messages.pofile import read_po

from clinic_finder import paths
from clinic_finder.formats import call_sheet, export
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.table.load import load_clinics, load_dictionary
from clinic_finder.table.sources import registry
from clinic_finder.text import i18n

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

_SPLIT = re.compile(r"\{[^{}]*\}|\*\*|[*\[\]()#:;.,?!“”\"«»—–·\n]")


def _english_phrases() -> set[str]:
    """The English phrases of both catalogues that Spanish says otherwise: two words or more
    (one-word messages whole), split at placeholders and punctuation. A phrase the Spanish keeps
    (a title such as "National Directory of…", "Austin TX" in an example) is not one."""
    phrases, single, spanish = set(), set(), []
    for domain in (i18n.DOMAIN, i18n.SERVICES_DOMAIN):
        path = i18n.LOCALES / "es" / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as file:
            catalogue = [m for m in read_po(file) if m.id]
        for message in catalogue:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for english in ids:
                if not any(strings) or english in strings:
                    continue  # untranslated (not shown in Spanish) or the same in both
                parts = [p.strip() for p in _SPLIT.split(english)]
                spanish += strings
                if len(parts) == 1 and re.fullmatch(r"[A-Z][a-z]{3,}", parts[0]):
                    single.add(parts[0])  # "Details", "Filters"
                phrases.update(
                    p
                    for p in parts
                    if len(re.findall(r"[A-Za-z]{2,}", p)) >= 2 and not any(p in s for s in strings)
                )
    kept = set(re.findall(r"\w+", " ".join(spanish)))  # "Licence" of "Open Database Licence"
    return phrases | (single - kept)


def _texts(at) -> list[str]:
    """Every text the page shows: values, labels, options, placeholders, help."""
    texts = []

    def walk(node):
        children = getattr(node, "children", None)
        if children:
            for child in children.values() if isinstance(children, dict) else children:
                walk(child)
            return
        if node.type == "html":  # words in HTML (card links, the text list); not styles, scripts
            if not re.match(r"\s*<(style|script)", node.value):
                texts.append(re.sub(r"<[^>]+>", " ", node.value))
            return
        for name in ("value", "label", "placeholder", "help", "body"):
            value = getattr(node, name, None) if hasattr(type(node), name) else None
            if isinstance(value, str):
                texts.append(value)
        options = getattr(node, "options", None) if hasattr(type(node), "options") else None
        if isinstance(options, list):
            texts.extend(str(o) for o in options)
        proto = getattr(node, "proto", None)
        for name in ("label", "placeholder", "help", "body"):
            value = getattr(proto, name, None) if proto is not None else None
            if isinstance(value, str):
                texts.append(value)

    walk(at._tree)
    return texts


def _data_words(rows: pd.DataFrame) -> list[str]:
    """What facilities published (names, streets, towns, phones): shown as published."""
    words = []
    for column in ("name", "name1", "street", "street2", "city", "phone"):
        if column in rows:
            words += [str(v) for v in rows[column] if v]
    return sorted(set(words), key=len, reverse=True)


def test_a_ketamine_search_at_84101_in_spanish_shows_no_english():
    at = run_app(lang="es", near="84101", service="KIT")
    place = Resolver(Gazetteer.load()).resolve("84101")
    clinics = load_clinics()
    cards = [k.removeprefix("details_") for k in (b.key or "" for b in at.button)]
    shown_ids = [k for k in cards if k in set(clinics["id"])]
    assert shown_ids, "the search found ketamine care"
    at = choose(at, shown_ids[0])  # and a card's details, with every service it offers
    texts = _texts(at)
    at.radio(key="view").set_value("table").run()
    texts += _texts(at) + list(at.dataframe[0].value.columns)

    text = "\n".join(texts).replace("\\", "")  # markdown escapes
    for word in [*_data_words(clinics[clinics["id"].isin(shown_ids)]), place.label]:
        text = text.replace(word, " ")
    english = sorted(p for p in _english_phrases() if re.search(rf"\b{re.escape(p)}\b", text))
    assert not english, f"English on the Spanish page: {english}"
    assert "Llame o envíe un mensaje de texto al" in text and "AYUDA" in text
    assert "Terapia de infusión de ketamina" in text or "Infusión de ketamina" in text


@pytest.mark.parametrize(
    "params",
    [
        {},  # the national overview
        {"near": "Sprngfeld"},  # not found
        {"near": "Springfield"},  # which one?
        {"near": "99999"},  # a ZIP the list lacks
        {"near": "84101", "service": "KIT", "radius": "1"},  # nothing near: the nearest beyond
        {"near": "84101", "service": ["KIT", "XXX"], "radius": "9999", "lang": ["es"]},  # notices
    ],
)
def test_every_other_state_of_the_page_is_in_spanish(params):
    at = run_app(**{"lang": "es", **params})
    text = "\n".join(_texts(at)).replace("\\", "")
    for word in _data_words(load_clinics()):
        if len(word) > 3 and word in text:
            text = text.replace(word, " ")
    english = sorted(p for p in _english_phrases() if re.search(rf"\b{re.escape(p)}\b", text))
    assert not english, f"English on the Spanish page: {english}"


def test_the_spanish_link_keeps_its_language_and_the_page_says_so():
    at = run_app(lang="es", near="00901", radius="10")
    assert at.session_state["_search"].lang == "es"
    assert "lang=es" in shared_link(at)  # "Compartir esta búsqueda"
    assert any('documentElement.lang = "es"' in h.proto.body for h in at.get("html"))
    assert at.title[0].value.startswith("Encuentre atención")


def test_streamlit_s_own_words_are_given_in_spanish_to_the_page_script():
    """Streamlit writes "Skip to main content", "Select all" and its labels in English."""
    at = run_app(lang="es", near="84101")
    script = next(h.value for h in at.html if "documentElement.lang" in h.value)
    for english, spanish in [
        ("Skip to main content", "Saltar al contenido principal"),
        ("Select all", "Seleccionar todo"),
        ("streamlit_folium.st_folium", "Mapa de los centros encontrados"),
    ]:
        assert f'"{english}": "{spanish}"' in script
    assert '"Ayuda sobre {label}"' in script


def test_the_switch_changes_the_language_and_keeps_the_search():
    at = run_app(near="84101", service="KIT")
    assert at.title[0].value.startswith("Find licensed")
    at.button_group(key="lang").set_value("es").run()
    assert at.title[0].value.startswith("Encuentre atención")
    search = at.session_state["_search"]
    assert (search.lang, search.near, search.services) == ("es", "84101", ("KIT",))
    assert "lang=es" in shared_link(at)


def test_the_csv_and_the_call_ahead_sheet_speak_spanish():
    clinics = load_clinics()
    clinics = clinics[clinics["services"].map(lambda codes: "KIT" in codes)].head(3)
    clinics = clinics.assign(distance_mi=1.0)
    spanish = i18n.translator("es")
    csv = export.results_csv(clinics, load_dictionary(), spanish, report=REPORT).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Centro,Distancia,Millas,Dirección,Teléfono")
    rows = clinics.to_dict("records")
    page = call_sheet.html_page(rows, "00901", "2026-01-01", ("KIT",), spanish, "es", report=REPORT)
    assert "<html lang='es'>" in page and "Hoja para llamar antes de ir" in page
    assert "oprima el 1 si es veterano, el 2 para español" in page
    assert page.count("¿Cuánto cuesta una infusión") == 3  # the ketamine questions, per card
    assert "Are you taking" not in page and "Key services" not in page
