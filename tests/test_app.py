"""The page, driven as Streamlit drives it, checked against the core search and the table itself."""

import html
import io
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from apptest import (
    APP,
    CARD_HEADING,
    ask_for_the_rest,
    card_names,
    choose,
    chosen,
    crisis_banner_first,
    is_open,
    notices,
    open_cards,
    run_app,
    table,
)
from distance import KM_PER_MI, km_between
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from clinic_finder import paths
from clinic_finder.formats import call_sheet, export
from clinic_finder.formats.share import MAX_NEAR_CHARS, parse_params
from clinic_finder.search.answer import nearest_beyond
from clinic_finder.search.filters import LICENCE_FILTER, FilterSet
from clinic_finder.search.index import Query, search
from clinic_finder.show import listing
from clinic_finder.table.load import load_dictionary
from clinic_finder.table.records import rows_of
from clinic_finder.table.sources import registry
from clinic_finder.text.markdown import escape as md
from components import rest_of_page, state, wider_radius
from components.search_box import RADIUS_STEPS

REPORT = registry.read_report(paths.BUILD_REPORT)  # the bundled build's editions

CITY = "San Diego, CA"  # within 25 miles: 153 facilities, and every filter narrows them
RURAL = "59001"  # Absarokee, MT: one facility within 25 miles, no ketamine within 500


@pytest.fixture(scope="module")
def filters(index) -> FilterSet:
    return FilterSet(load_dictionary(), index.codes())


@pytest.fixture(scope="module")
def around_city(clinics, offline_resolver) -> pd.DataFrame:
    """The rows within 40 miles of the city, with their distance by a scalar haversine."""
    point = offline_resolver.resolve(CITY)
    miles = [
        km_between((point.lat, point.lon), (r.lat, r.lon)) / KM_PER_MI for r in clinics.itertuples()
    ]
    near = clinics.assign(miles=miles, offered=clinics["services"].map(frozenset))
    return near[near["miles"] <= 40]


def _by_hand(table: pd.DataFrame, filters: FilterSet, chosen: dict, radius=25) -> pd.DataFrame:
    """Rows within the radius that match: any code within a filter, every filter; licence too."""
    codes = [c for key, values in chosen.items() if key != "licence" for c in values]
    keep = table["miles"] <= radius
    for group in filters.groups(codes).values():
        keep &= table["offered"].map(group.intersection).astype(bool)
    if chosen.get("licence"):
        keep &= table["licence_status"].isin(chosen["licence"])
    return table[keep]


def _assert_shows(at: AppTest, expected: pd.DataFrame) -> None:
    """The list shows exactly these facilities, each at its distance."""
    shown = table(at)
    got = sorted(zip(shown["Facility"], shown["Miles"], strict=True))
    want = sorted(zip(expected["name"], expected["miles"], strict=True))
    assert [name for name, _ in got] == [name for name, _ in want]
    np.testing.assert_allclose([m for _, m in got], [m for _, m in want], atol=0.051)


def test_zip_search_lists_the_same_facilities_in_the_same_order_as_the_core(
    index, offline_resolver, filters
):
    at = run_app()
    at.text_input(key="near").set_value("84101")
    at.multiselect(key="f_treatment").set_value(["KIT"])
    at.run()
    assert not at.exception
    point = offline_resolver.resolve("84101")
    found = search(index, Query(point.lat, point.lon, 25, filters.query_filters(["KIT"])))
    assert len(found) > 3
    assert card_names(at) == [html.escape(name) for name in found["name"]]
    for position in (0, -1):  # each card's Details button opens it, and the link says so
        choose(at, found["id"].iloc[position])
        assert chosen(at) == found["id"].iloc[position]
        assert is_open(at, found["id"].iloc[position])
        assert at.query_params["selected"] == found["id"].iloc[position]
    assert table(at)["Facility"].tolist() == found["name"].tolist()


def test_the_plain_text_list_shows_the_same_facilities_in_order_with_call_links(
    index, offline_resolver, filters
):
    at = run_app(near="84101", service="KIT")
    at.radio(key="view").set_value("text").run()
    assert not at.exception and not at.dataframe
    point = offline_resolver.resolve("84101")
    found = search(index, Query(point.lat, point.lon, 25, filters.query_filters(["KIT"])))
    text = next(h.value for h in at.html if h.value.startswith("<ol>"))
    lines = re.findall(r"<li>(.*?)</li>", text)
    assert len(lines) == len(found)
    for line, row in zip(lines, found.itertuples(), strict=True):
        distance = listing.distance({"precision": row.precision, "distance_mi": row.distance_mi})
        assert line.startswith(f"<strong>{html.escape(row.name)}</strong>, {distance}")
        assert '<a href="tel:+1-' in line


def test_each_fact_reads_the_same_on_cards_table_text_list_call_list_csv_and_sheet(
    index, offline_resolver
):
    """One formatter per fact: the Table said 0.1 where a card said "in this ZIP area", the call
    list 6.9 mi for "about 7 mi", the Table 787-763-7575;ext=1523 for x1523."""
    at = run_app(near="00909", radius="3")
    cards = [m.value for m in at.markdown if CARD_HEADING.match(m.value)]
    on_cards = [re.search(r"\n\n\*\*(.+?)\*\* · ", card)[1] for card in cards]
    calls = [
        re.search(r">Call <span class=\"card-phone\">([^<]+)</span>", h.value)
        for h in at.html
        if "card-actions" in h.value
    ]
    rows = table(at)
    assert len(cards) == len(rows) >= 8 and rows["Phone"].str.contains(" x").any()
    assert on_cards == rows["Distance"].tolist()
    assert rows["Distance"].str.contains("about|under|in this").any()
    assert [c[1] for c in calls if c] == [p for p in rows["Phone"] if re.match(r"\d{3}-", p)]
    assert not rows["Phone"].str.contains(";ext=").any()
    names = rows["Facility"] + " — " + rows["Distance"]
    assert at.multiselect(key="shortlist").options == names.tolist()  # the call list
    at.radio(key="view").set_value("text").run()
    text = next(h.value for h in at.html if h.value.startswith("<ol>"))
    listed = [
        (html.unescape(d), html.unescape(p))
        for d, p in re.findall(r"</strong>, ([^·]+?) · .*?>([^<]+)</a>", text)
    ]
    assert listed == list(zip(rows["Distance"], rows["Phone"], strict=True))
    point = offline_resolver.resolve("00909")
    found = search(index, Query.all_of(point.lat, point.lon, 3, []))
    assert found["name"].tolist() == rows["Facility"].tolist()
    csv = pd.read_csv(
        io.BytesIO(export.results_csv(found, load_dictionary(), report=REPORT)), dtype=str
    )
    assert csv["Distance"].tolist() == rows["Distance"].tolist()
    assert csv["Phone"].tolist() == rows["Phone"].tolist()
    sheet = call_sheet.html_page(rows_of(found), "00909", "2026-01-01", (), report=REPORT)
    assert all(f">{html.escape(p)}</a>" in sheet for p in rows["Phone"])
    assert all(html.escape(d) in sheet for d in rows["Distance"])


@pytest.mark.parametrize("view", ["cards", "text"])
def test_call_links_are_html_with_no_target_never_markdown(view):
    """Streamlit's markdown gives every link target="_blank": a call opened a blank tab."""
    at = run_app(near="84101")
    if view != "cards":
        at.radio(key="view").set_value(view).run()
    assert not [m.value for m in at.markdown if "tel:" in m.value]
    calls = [a for h in at.html for a in re.findall(r"<a [^>]*tel:[^>]*>", h.value)]
    assert len(calls) >= 10 and not [a for a in calls if "target" in a]


class _Links(HTMLParser):
    """Each link's aria-label and the words it shows (not its icon's, hidden from readers)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append([attrs.get("aria-label") or "", ""])
        elif attrs.get("aria-hidden") == "true":
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self.links and not self._hidden:
            self.links[-1][1] += data


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_card_link_is_named_for_its_facility_after_the_words_it_shows(lang):
    """A screen reader's list of links read twenty "Directions": each now says whose, after the
    words on the screen (so voice control by those words still reaches it)."""
    at = run_app(near="84101", lang=lang)
    names = [html.unescape(n) for n in card_names(at)]
    actions = [h.value for h in at.html if h.value.startswith('<div class="card-actions">')]
    assert len(actions) == len(names) == 20
    for name, markup in zip(names, actions, strict=True):
        parser = _Links()
        parser.feed(markup)
        assert len(parser.links) >= 2  # Call (where a phone is published) and Directions
        for label, words in parser.links:
            assert label == f"{words}, {name}", (label, words)


def _narrowing_choice(table: pd.DataFrame, filters: FilterSet, key: str, options) -> str:
    """The option leaving closest to half of the facilities in the radius."""
    total = len(_by_hand(table, filters, {}))
    sizes = {o: len(_by_hand(table, filters, {key: [o]})) for o in options}
    useful = {o: n for o, n in sizes.items() if 0 < n < total}
    return min(useful, key=lambda o: abs(useful[o] - total / 2))


MAIN_KEYS = [
    "treatment",
    "care",
    "setting",
    "payment",
    "assistance",
    "age",
    "groups",
    "language",
    "crisis",
    "facility",
]


@pytest.mark.parametrize("widget", [f"f_{k}" for k in MAIN_KEYS] + ["f_more", "licence"])
def test_each_filter_narrows_exactly_as_a_filter_over_the_table(widget, filters, around_city):
    if widget == "licence":
        options = list(LICENCE_FILTER)
    elif widget == "f_more":
        options = [c for f in filters.more() for c in f.codes]
    else:
        options = next(f for f in filters.main() if f"f_{f.key}" == widget).codes
    choice = _narrowing_choice(around_city, filters, widget, options)
    expected = _by_hand(around_city, filters, {widget: [choice]})

    at = run_app(near=CITY)
    assert len(table(at)) == len(_by_hand(around_city, filters, {}))
    at.multiselect(key=widget).set_value([choice]).run()
    assert not at.exception
    _assert_shows(at, expected)
    if widget != "f_more":  # the chosen option's count is the number of results shown
        label = at.multiselect(key=widget).options[options.index(choice)]
        assert label.endswith(f"({len(expected):,})")


@pytest.mark.parametrize(
    ("first", "more"),
    [
        ({"f_setting": ["RES"]}, {"f_setting": ["RES", "HI"]}),
        ({"f_treatment": ["KIT"]}, {"f_treatment": ["KIT", "ECT"]}),
        ({"licence": ["expired"]}, {"licence": ["expired", "expiring"]}),
    ],
)
def test_several_options_in_one_filter_widen(first, more, filters, around_city):
    at = run_app(near=CITY)
    for key, values in first.items():
        at.multiselect(key=key).set_value(values)
    narrow = set(table(at.run())["Facility"])
    for key, values in more.items():
        at.multiselect(key=key).set_value(values)
    at.run()
    _assert_shows(at, _by_hand(around_city, filters, more))
    assert set(table(at)["Facility"]) > narrow


@pytest.mark.parametrize(
    "chosen",
    [
        {"f_care": ["MH"], "f_setting": ["OP"]},
        {"f_treatment": ["TELE", "KIT"], "f_payment": ["MD", "MC"], "f_language": ["SP"]},
        {"f_setting": ["OP"], "licence": ["active"]},
    ],
)
def test_different_filters_combine_with_and(chosen, filters, around_city):
    at = run_app(near=CITY)
    for key, values in chosen.items():
        at.multiselect(key=key).set_value(values)
    at.run()
    expected = _by_hand(around_city, filters, chosen)
    each = [_by_hand(around_city, filters, {k: v}) for k, v in chosen.items()]
    assert 0 < len(expected) < min(len(e) for e in each)
    _assert_shows(at, expected)


def test_a_shared_link_restores_the_search_and_follows_changes(filters, around_city):
    picked = {"f_care": ["SA"], "f_setting": ["OP"], "licence": ["active"]}
    expected = _by_hand(around_city, filters, picked, radius=40).sort_values(["miles", "name"])
    selected = expected["id"].iloc[1]
    at = run_app(near=CITY, radius="40", service=["SA", "OP"], licence="active", selected=selected)
    assert at.text_input(key="near").value == CITY
    assert at.selectbox(key="radius").value == 40
    assert at.multiselect(key="f_care").value == ["SA"]
    assert at.multiselect(key="f_setting").value == ["OP"]
    assert at.multiselect(key="licence").value == ["active"]
    assert chosen(at) == selected and is_open(at, selected)
    assert html.escape(expected["name"].iloc[1]) in card_names(at)
    _assert_shows(at, expected)
    assert not notices(at)

    at.selectbox(key="radius").set_value(50)
    at.multiselect(key="f_age").set_value(["ADLT"])
    at.multiselect(key="licence").set_value([])
    at.run()
    params = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    shared, ignored = parse_params(params, [c for f in filters for c in f.codes], LICENCE_FILTER)
    assert not ignored
    assert (shared.near, shared.radius, shared.licence) == (CITY, 50, ())
    assert sorted(shared.services) == ["ADLT", "OP", "SA"]
    _assert_shows(
        at, _by_hand(around_city, filters, {**picked, "f_age": ["ADLT"], "licence": []}, 50)
    )


def _defaults(at) -> dict[str, object]:
    """What the browser starts each widget from when it draws it afresh: its default."""
    return {
        "near": at.text_input(key="near").proto.default,
        "radius": at.selectbox(key="radius").proto.default,
        "view": at.radio(key="view").proto.default,
        **{m.key: list(m.proto.default) for m in at.multiselect if m.key != "shortlist"},
    }


def _chosen(at) -> dict[str, object]:
    """What is chosen, in the same terms (option positions for the lists)."""
    return {
        "near": at.text_input(key="near").value,
        "radius": at.selectbox(key="radius").index,
        "view": at.radio(key="view").index,
        **{m.key: list(m.indices) for m in at.multiselect if m.key != "shortlist"},
    }


def test_every_choice_is_also_the_default_a_redrawn_widget_starts_from():
    """A run cut short by the next input leaves the browser drawing a widget from a run that did
    not set its value: it starts from the default. Were that the slider's minimum, the next input
    would send radius 1 (found in Chromium: "Use my location" pressed during a redraw)."""
    at = run_app(near="84101", radius="50", service=["KIT", "ADLT"])
    assert _defaults(at) == _chosen(at)
    radii = at.selectbox(key="radius").options
    assert radii[_defaults(at)["radius"]] == "50 mi" and _defaults(at)["f_age"]
    at.selectbox(key="radius").set_value(10)
    at.multiselect(key="f_age").set_value([])
    at.multiselect(key="f_setting").set_value(["OP"])
    at.radio(key="view").set_value("table")
    at.run()
    assert _defaults(at) == _chosen(at)
    assert radii[_defaults(at)["radius"]] == "10 mi" and _defaults(at)["f_setting"]


@pytest.mark.parametrize(
    ("params", "widgets"),
    [
        ({"colour": "red", "utm_source": "x"}, {}),
        ({"near": "84101", "radius": "0"}, {"radius": 1}),
        ({"near": "84101", "radius": "-5"}, {"radius": 1}),
        ({"near": "84101", "radius": "1e9"}, {"radius": 500}),
        ({"near": "84101", "radius": "abc"}, {"radius": 25}),
        ({"near": "84101", "service": ["NOPE", "KIT"]}, {"f_treatment": ["KIT"]}),
        ({"near": "x" * 5000}, {"near": ""}),
        ({"near": "84101", "licence": ["forged", "<b>"]}, {"licence": []}),
        ({"near": "84101", "radius": "nan"}, {"radius": 25}),
        ({"near": "84101", "radius": "-inf"}, {"radius": 25}),
        ({"near": "84101", "radius": ""}, {"radius": 25}),
        ({"near": ["84101", "Boise, ID"], "radius": ["3", "900"]}, {"radius": 500}),
        ({"near": "84101", "service": ["KIT"] * 300 + ["TMS"] * 300}, {"f_treatment": ["KIT"]}),
        ({"near": "<script>alert(1)</script>\x00\u202e", "x\ny": "1"}, {}),
    ],
)
def test_a_bad_link_is_ignored_or_clamped_with_a_quiet_notice(params, widgets):
    at = run_app(**params)
    assert notices(at)
    for key, value in widgets.items():
        assert at.session_state[key] == value
    assert crisis_banner_first(at)


# What a hand-edited or hostile link can hold: names the app knows and does not, repeated, with
# numbers that are no radius, control and bidi characters, markup, and far too much text.
_link_text = st.one_of(
    st.sampled_from(
        [
            "0",
            "-5",
            "1e9",
            "NaN",
            "inf",
            "abc",
            "",
            "2.6",
            "KIT",
            "tms,SP",
            "active",
            "<img src=x onerror=alert(1)>",
            "84101",
            "Austin, TX",
            "x" * 10_000,
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
_link = st.dictionaries(
    st.one_of(st.sampled_from(["near", "radius", "service", "licence", "selected"]), st.text()),
    st.lists(_link_text, min_size=1, max_size=4),
    max_size=5,
)


NOT_AMONG_RESULTS = "The facility chosen in the link is not among these results."


@settings(max_examples=15, deadline=None, derandomize=True)
@given(link=_link)
def test_any_link_opens_the_page_with_crisis_help_and_a_notice_for_what_was_ignored(link, filters):
    at = run_app(**link)
    assert crisis_banner_first(at)
    assert 1 <= at.selectbox(key="radius").value <= 500
    assert len(at.text_input(key="near").value) <= MAX_NEAR_CHARS
    _, expected = parse_params(link, [c for f in filters for c in f.codes], LICENCE_FILTER)
    said = notices(at)
    if "selected" in link:  # said after the search, when the place is found but not the id
        said = [n for n in said if n != NOT_AMONG_RESULTS]
    assert said == expected


def test_a_link_s_first_run_draws_its_first_screen_and_the_page_asks_for_the_rest():
    """Issue 26: each element a run sends costs the browser time before the map's frame starts.
    A link's first run draws the first screen (one card, its notice and the count said to a
    screen reader); the filters, the other cards and "Share this search" come with the rest."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(near="84101", radius="900")  # clamped: a notice to say
    at.run()
    assert not at.exception

    def said(at: AppTest) -> list[str]:
        return [m.value for m in at.markdown if 'class="result-count"' in m.value]

    def shares(at: AppTest) -> list:
        return [e for e in at.expander if e.label == "Share this search"]

    assert len(card_names(at)) == rest_of_page.LEAN_CARDS == 1
    assert not shares(at) and not at.sidebar.multiselect
    assert len(said(at)) == 1 and any("adjusted to 500" in n for n in notices(at))
    ask_for_the_rest(at)
    assert len(card_names(at)) == state.PAGE and shares(at) and at.sidebar.multiselect
    assert len(said(at)) == 1 and any("adjusted to 500" in n for n in notices(at))


def test_a_chosen_facility_is_said_where_it_is_in_each_view():
    """The table and the plain list have no card: "its card is open below" pointed at nothing."""
    first = run_app(near="84101")
    details = next(b.key for b in first.button if (b.key or "").startswith("details_"))
    at = run_app(near="84101", selected=details.removeprefix("details_"))
    name = md(card_names(at)[0])

    def said(at: AppTest) -> list[str]:
        return [c.value for c in at.caption if c.value.startswith("Chosen: ")]

    assert said(at) == [f"Chosen: **{name}** — its card is open below."]
    for view in ("table", "text", "cards"):
        at.radio(key="view").set_value(view).run()
        where = "is open below" if view == "cards" else "and details are in the Cards view"
        assert said(at) == [f"Chosen: **{name}** — its card {where}."]


def test_a_selected_id_not_in_the_results_selects_nothing_and_says_so():
    at = run_app(near="84101", selected="<img src=x onerror=alert(1)>")
    assert chosen(at) == "" and not open_cards(at)
    assert "selected" not in at.query_params
    assert any("not among these results" in n for n in notices(at))


def test_a_few_results_offer_the_next_radius_that_finds_more_and_it_is_one_tap(filters):
    """59001 within 25 miles: "1 facility", and nothing said of the facilities a little farther.
    The next radius that finds more is offered with its count, the count the tap then shows;
    a radius that holds five or more offers nothing."""
    at = run_app(near=RURAL, radius="25")
    have = len(card_names(at))
    assert 0 < have < wider_radius.FEW
    widen = at.button(key="wider_radius")
    miles, count = map(int, re.match(r"Widen to (\d+) miles: (\d+) facilit", widen.label).groups())
    assert miles > 25 and count > have
    narrower = [step for step in RADIUS_STEPS if 25 < step < miles]
    for step in narrower:  # none between finds more
        at_step = run_app(near=RURAL, radius=str(step))
        assert len(card_names(at_step)) == have
    widen.click().run()
    assert at.session_state["_search"].radius == miles
    assert at.query_params["radius"] == str(miles)
    assert len(card_names(at)) == min(count, state.PAGE)
    assert not [b for b in at.button if b.key == "wider_radius"] or count < wider_radius.FEW
    many = run_app(near="84101", radius="25")
    assert not [b for b in many.button if b.key == "wider_radius"]


def test_nothing_in_the_radius_shows_the_nearest_beyond_it(index, offline_resolver, filters):
    at = run_app(near=RURAL, radius="1", service="KIT")
    point = offline_resolver.resolve(RURAL)
    query = Query(point.lat, point.lon, 1, filters.query_filters(["KIT"]))
    fallback = nearest_beyond(index, query)
    assert search(index, query).empty and len(fallback) == 5
    assert "No facility within 1 mile of" in at.warning[0].value
    assert any("5 nearest facilities that match, beyond" in m.value for m in at.markdown)
    assert card_names(at) == [html.escape(name) for name in fallback["name"]]
    assert (table(at)["Miles"] > 1).all()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"near": "84101", "service": "KIT"},
        {"near": RURAL, "radius": "1", "service": "KIT"},
        {"near": "Autsin, TX"},
        {"near": "99999"},
        {"radius": "abc", "service": "<script>", "selected": "x" * 500},
    ],
)
def test_crisis_help_is_on_every_view(params):
    assert crisis_banner_first(run_app(**params))


def test_an_unknown_place_gets_a_message_and_suggestions():
    at = run_app(near="Autsin, TX")
    assert "could not find" in at.warning[0].value
    at.button(key="place_Austin, TX").click().run()  # a suggestion is a button that searches
    assert at.text_input(key="near").value == "Austin, TX"
    assert at.query_params["near"] == "Austin, TX" and card_names(at)


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("en", "Try the city and state instead"), ("es", "Pruebe con la ciudad y el estado")],
)
def test_an_unknown_zip_says_what_to_try_as_text_never_as_a_search_button(lang, hint):
    """The hint was a "did you mean" button: pressed, it searched for its own sentence."""
    at = run_app(near="00000", lang=lang)
    assert "00000" in at.warning[0].value and hint in at.warning[0].value
    assert not [b for b in at.button if b.key.startswith("place_")]


@pytest.mark.parametrize(
    "near",
    [
        "[Call now](https://evil.example) <img src=x onerror=alert(1)>",
        "Salt Lake City, UT ![x](https://evil.example/t.png)",
        "**84101** <script>alert(1)</script>",
    ],
)
def test_what_a_link_or_a_person_typed_is_shown_as_text(near):
    """It used to be quoted into a warning as markdown: a shared link could show a live link."""
    at = run_app(near=near)
    texts = [e.value for kind in ("warning", "caption", "markdown", "info") for e in at.get(kind)]
    texts = [t for t in texts if not t.startswith("[Go to the map")]  # the app's own link
    assert not [t for t in texts if re.search(r"(?<!\\)(\]\(|<img|<script|\*\*84101)", t)]
    assert any(md(near) in t for t in texts) or "84101" in at.query_params["near"]


def test_clear_all_filters_brings_back_every_facility_in_the_radius(filters, around_city):
    at = run_app(near=CITY, service=["RES", "SP"], licence="active")
    assert len(table(at)) < len(_by_hand(around_city, filters, {}))
    at.button(key="clear_filters").click().run()
    assert not at.exception
    _assert_shows(at, _by_hand(around_city, filters, {}))
    assert all(not m.value for m in at.multiselect if m.key != "shortlist")
    assert "service" not in at.query_params and "licence" not in at.query_params


def test_the_chosen_view_survives_a_place_that_is_not_found():
    at = run_app(near="84101")
    at.radio(key="view").set_value("text").run()
    at.text_input(key="near").set_value("Qwxzv Hollow").run()  # no place: no list drawn
    assert not at.radio  # nothing to list
    at.text_input(key="near").set_value("84101").run()
    assert at.radio(key="view").value == "text" and not at.dataframe


def test_an_ambiguous_place_asks_which_and_the_choice_goes_into_the_link():
    at = run_app(near="Springfield")
    assert "several places called Springfield" in at.warning[0].value
    assert not card_names(at)  # nothing guessed
    at.button(key="place_Springfield, MA").click().run()
    assert at.query_params["near"] == "Springfield, MA"
    assert at.text_input(key="near").value == "Springfield, MA" and card_names(at)


def test_a_link_notice_stays_through_reruns_until_the_next_search():
    at = run_app(near="84101", radius="900")
    assert any("adjusted to 500" in n for n in notices(at))
    at.radio(key="view").set_value("table").run()  # not a new search: the notice stays
    assert any("adjusted to 500" in n for n in notices(at))
    at.selectbox(key="radius").set_value(50).run()  # a new search: it goes
    assert not notices(at)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "was 249 characters long"), ("es", "tenía 249 caracteres")],
)
def test_a_paste_longer_than_the_box_is_cut_said_and_kept_until_the_next_search(lang, said):
    """Streamlit dropped a paste over max_chars without a word, keeping the old text."""
    pasted = "1600 Pennsylvania Avenue NW, Washington, DC 20500 " * 5  # 249 once stripped
    at = run_app(near="84101", lang=lang)
    at.text_input(key="near").set_value(pasted).run()
    kept = pasted.strip()[:MAX_NEAR_CHARS].rstrip()
    assert at.text_input(key="near").value == kept and at.query_params["near"] == kept
    cut = [w.value for w in at.warning if w.icon == "✂️"]
    assert len(cut) == 1 and said in cut[0] and str(MAX_NEAR_CHARS) in cut[0]
    at.run()  # not a new search: it stays
    assert [w.value for w in at.warning if w.icon == "✂️"] == cut
    at.text_input(key="near").set_value("84101").run()  # a new search: it goes
    assert not [w for w in at.warning if w.icon == "✂️"]


def test_a_drug_name_finds_its_service_and_ticking_it_filters(filters):
    at = run_app(near="Columbus, OH", radius="10")
    at.text_input(key="service_query").set_value("methadone").run()
    boxes = [c for c in at.checkbox if c.key.startswith("svc_")]
    assert boxes and all(not c.value for c in boxes)
    first = boxes[0]
    code = first.key.removeprefix("svc_")
    shown = int(re.search(r"\(([\d,]+)\)$", first.label)[1].replace(",", ""))
    first.check().run()
    service = at.query_params["service"]
    assert code in (service if isinstance(service, list) else [service])
    assert len(table(at)) == shown > 0


def test_esketamine_says_there_is_no_such_code():
    at = run_app(near="84101")
    at.text_input(key="service_query").set_value("Spravato").run()
    assert any("no code for esketamine" in i.value for i in at.info)
