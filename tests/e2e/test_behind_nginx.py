"""The journey through make serve's stack: Chromium → nginx → one of 2 app processes.

Checks what only a real proxy shows: the page, its hashed assets (cached for good) and the
websocket all pass through nginx, and one browser's websocket stays on one process (the sticky
cookie), so a search typed there gets its results.
"""

import re
from urllib.parse import urlsplit

import pytest
import requests

from clinic_finder.search.index import Query, search
from serve import apps, nginx
from tests.test_compression import map_frame_script, websocket_answer

from .test_security_headers import assert_security_headers, draw_map_once

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not nginx.NGINX.exists(), reason=f"no nginx at {nginx.NGINX}"),
]
TIMEOUT_MS = 60_000


def test_search_through_nginx_to_two_processes(behind_nginx, browser, index, offline_resolver):
    assert len(behind_nginx.apps) == 2
    nginx_port = urlsplit(behind_nginx.base).port
    app_ports = {port for port, _ in behind_nginx.apps}
    sockets, responses = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("response", lambda response: responses.append(response))

    page.goto(behind_nginx.base)
    page.get_by_text("Call or text").first.wait_for(timeout=TIMEOUT_MS)
    box = page.get_by_role("textbox", name="ZIP code, city or address")
    box.fill("84101")
    box.press("Enter")
    point = offline_resolver.resolve("84101")
    expected = search(index, Query.all_of(point.lat, point.lon, 25))
    summary = page.get_by_text(re.compile(r"facilities within 25 miles")).first
    summary.wait_for(timeout=TIMEOUT_MS)
    assert f"{len(expected):,} facilities within 25 miles" in summary.inner_text()

    # The websocket went to nginx's port, never straight to an app process.
    streams = [url for url in sockets if url.endswith("/_stcore/stream")]
    assert streams, f"no Streamlit websocket seen: {sockets}"
    assert {urlsplit(url).port for url in streams} == {nginx_port}
    assert not {urlsplit(r.url).port for r in responses} & app_ports
    # nginx answered: its sticky cookie is set, and hashed assets carry its long cache header.
    cookies = {c["name"] for c in context.cookies(behind_nginx.base)}
    assert "cf_upstream" in cookies
    hashed = [r for r in responses if re.search(r"/static/js/index\.[\w-]+\.js$", r.url)]
    assert hashed and "immutable" in hashed[0].headers.get("cache-control", "")
    context.close()


def test_each_browser_sticks_to_one_process_and_browsers_spread(behind_nginx):
    """Every request of one browser (its cookie) reaches one process; 20 browsers reach both.
    Read from nginx's access log, which names the upstream of every request."""
    log = behind_nginx.run_dir / "access.log"
    keys = []
    for _ in range(20):
        with requests.Session() as browser:
            browser.trust_env = False  # loopback only, never a proxy
            browser.get(behind_nginx.base + "/?near=84101", timeout=10).raise_for_status()
            keys.append(browser.cookies.get("cf_upstream"))
            for path in ("/_stcore/health", "/_stcore/host-config", "/"):
                answer = browser.get(behind_nginx.base + path, timeout=10)
                # The browser keeps its routing cookie: nginx never replaces it.
                assert answer.ok and "cf_upstream" not in answer.headers.get("Set-Cookie", "")
    assert all(key and len(key) == 32 for key in keys) and len(set(keys)) == 20
    routes: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        key, upstream = re.match(r'\S+ (\S+) \d+ upstream="([^"]*)"', line).groups()
        routes.setdefault(key, set()).add(upstream)
    assert all(len(routes[key]) == 1 for key in keys), routes
    used = set().union(*(routes[key] for key in keys))
    assert used == {f"{apps.LOOPBACK}:{port}" for port, _ in behind_nginx.apps}
    assert "near=" not in log.read_text()


def test_every_header_through_nginx_over_http(behind_nginx, browser):
    """The same headers as make run (serve/headers.py), no HSTS without TLS, 404 off the app."""
    draw_map_once(browser, behind_nginx.base)
    with requests.Session() as session:
        session.trust_env = False
        assert_security_headers(behind_nginx.base, session)


def test_through_nginx_the_messages_are_deflated_and_the_map_frame_is_kept(behind_nginx):
    """nginx passes the websocket's compression and the frame files' week through (issue 26:
    a second visit 63 kB)."""
    head = websocket_answer(behind_nginx.base)
    assert head.startswith("http/1.1 101") and "permessage-deflate" in head, head
    url = map_frame_script(behind_nginx.base)
    answer = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "public, max-age=604800"
