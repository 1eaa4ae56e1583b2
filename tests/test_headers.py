"""The security headers as data: inline code allowed by its hash, one origin, 404 off the app."""

import asyncio
import base64
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import streamlit

from clinic_finder.settings import MapSettings
from clinic_finder.text import i18n
from components import language, rest_of_page, result_cards
from serve import headers

STREAMLIT_INDEX = streamlit.__path__[0] + "/static/index.html"


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_allowed_inline_script_is_one_the_page_runs():
    """Recomputed from their sources: a changed script or a Streamlit upgrade fails here."""
    with open(STREAMLIT_INDEX, encoding="utf-8") as index:
        streamlit_scripts = re.findall(r"<script>(.*?)</script>", index.read(), re.S)
    ours = [language.lang_script(lang) for lang in i18n.LANGUAGES]
    ours += [result_cards.KEEP_FOCUS_SCRIPT, rest_of_page.ASK_SCRIPT]
    expected = {_hash(text) for text in [*streamlit_scripts, *ours]}
    assert set(headers.SCRIPT_HASHES.values()) == expected


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_no_inline_script_holds_what_html_reads_as_a_tag(lang):
    """st.html reads a script as HTML: one holding `<name>`, `y<z` or `</p>`, even in a comment,
    did not run at all (measured: `1 < 2` runs). The words script's translations count too."""
    for script in (
        language.lang_script(lang),
        result_cards.KEEP_FOCUS_SCRIPT,
        rest_of_page.ASK_SCRIPT,
    ):
        assert not re.search(r"<[A-Za-z/!?]", script), re.search(
            r".{0,40}<[A-Za-z/!?].{0,40}", script
        )


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split("; "))}


def test_the_page_policy_names_no_other_origin():
    page = _directives(headers.policy("/"))
    assert page["default-src"] == ["'self'"] and page["frame-ancestors"] == ["'none'"]
    assert page["object-src"] == ["'none'"] and page["base-uri"] == ["'none'"]
    sources = {source for values in page.values() for source in values}
    assert not {s for s in sources if "//" in s or s in ("*", "https:", "http:")}
    assert "'unsafe-inline'" not in page["script-src"] and "'unsafe-eval'" not in page["script-src"]


def test_the_map_frame_may_be_framed_by_this_origin_only():
    frame = headers.for_path("/component/streamlit_folium.st_folium/index.html")
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    directives = _directives(frame["Content-Security-Policy"])
    assert directives["frame-ancestors"] == ["'self'"]
    # A hash beside 'unsafe-inline' would make browsers ignore 'unsafe-inline'.
    assert not [s for s in directives["script-src"] if s.startswith("'sha256-")]
    assert headers.for_path("/")["X-Frame-Options"] == "DENY"


def test_opted_in_tiles_add_their_one_origin_to_images_only():
    tiles = MapSettings(tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    directives = _directives(headers.policy("/", tiles))
    assert directives["img-src"] == ["'self'", "data:", "https://tiles.example.org"]
    assert "tiles.example.org" not in headers.policy("/").replace("img-src", "")


@pytest.mark.parametrize(
    ("path", "app"),
    [
        ("/", True),
        ("/_stcore/health", True),
        ("/_stcore/stream", True),
        ("/static/js/index.js", True),
        ("/app/static/vendor/leaflet/leaflet.js", True),
        ("/component/streamlit_folium.st_folium/index.html", True),
        ("/media/abc.csv", True),
        ("/favicon.png", True),
        ("/no/such/page", False),
        ("/index.html", False),
        ("/auth/login", False),
        ("/staticx", False),
        ("/_stcore", False),
    ],
)
def test_the_paths_that_are_the_app(path, app):
    assert headers.is_app_path(path) is app


async def _inner(scope, receive, send):
    """Stands for Streamlit: answers 200 and sets one header the middleware also sets."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"x-frame-options", b"SAMEORIGIN"), (b"etag", b'"1"')]})  # fmt: skip
    await send({"type": "http.response.body", "body": b"page"})


def _call(path: str, kind: str = "http") -> tuple[list[dict], dict[str, list[str]]]:
    """The messages the middleware sends for one request, and its headers by lower-case name."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    app = headers.SecurityHeaders(_inner, map_settings=MapSettings())
    scope = {"type": kind, "path": path, "query_string": b"near=84101", "headers": []}
    # On a thread of its own: a worker that ran a browser test before this one still has
    # Playwright's loop running on this thread, and asyncio.run refuses to start inside it.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    found: dict[str, list[str]] = {}
    for name, value in sent[0].get("headers", []):
        found.setdefault(name.decode(), []).append(value.decode())
    return sent, found


def test_every_answer_carries_each_header_once():
    sent, found = _call("/")
    assert sent[0]["status"] == 200 and found["etag"] == ['"1"']
    for name, value in headers.for_path("/").items():
        assert found[name.lower()] == [value]


def test_an_unknown_path_is_a_404_with_the_headers():
    sent, found = _call("/no/such/page")
    assert sent[0]["status"] == 404 and sent[1]["body"] == b"Not found\n"
    assert found["x-content-type-options"] == ["nosniff"]
    assert "frame-ancestors 'none'" in found["content-security-policy"][0]


def test_the_map_frame_gets_its_own_policy_and_the_websocket_passes():
    _, found = _call("/component/x/index.html")
    assert found["x-frame-options"] == ["SAMEORIGIN"]
    assert "frame-ancestors 'self'" in found["content-security-policy"][0]
    sent, _ = _call("/_stcore/stream", kind="websocket")
    assert sent == [{"type": "websocket.accept"}]


def test_report_only_sends_the_policy_under_its_report_only_name():
    sent = headers.for_path("/", report_only=True)
    assert "Content-Security-Policy" not in sent
    assert sent["Content-Security-Policy-Report-Only"] == headers.policy("/")
