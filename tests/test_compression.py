"""Static text assets gzipped once per process (serve/compression.py): on the app as `make run`
serves it, and the middleware's memory bounded by the files that exist."""

import asyncio
import base64
import gzip
import os
import re
import socket
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from harness.live_app import running_app
from harness.loop import run_in_thread
from serve.compression import CompressedAssets


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, b""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("compression") / "app.log") as (base, _):
        yield base


def test_streamlit_s_javascript_arrives_gzipped_the_same_bytes_every_time(server):
    _, _, page = _get(f"{server}/")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', page) or re.search(
        rb'"/?(static/js/[^"]+\.js)"', page
    )
    assert script, "no script in the page"
    url = f"{server}/{script.group(1).decode()}"
    status, plain_headers, plain = _get(url)
    assert status == 200 and "content-encoding" not in plain_headers  # a client without gzip
    first = _get(url, **{"Accept-Encoding": "gzip, deflate, br"})
    second = _get(url, **{"Accept-Encoding": "gzip"})
    for status, headers, body in (first, second):
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert int(headers["content-length"]) == len(body) < len(plain) / 2
        assert gzip.decompress(body) == plain
        assert "immutable" in headers["cache-control"] and headers["vary"] == "Accept-Encoding"
        assert headers["x-content-type-options"] == "nosniff"  # the security headers still
    assert first[2] == second[2]
    etag = first[1]["etag"]
    assert _get(url, **{"Accept-Encoding": "gzip", "If-None-Match": etag})[0] == 304
    head = urllib.request.Request(url, method="HEAD", headers={"Accept-Encoding": "gzip"})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(head) as answer:
        assert answer.status == 200 and answer.read() == b""


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_the_map_frame_s_script_is_kept_by_the_browser_for_a_week(server, encoding):
    """Streamlit gzips the map frame's files itself and marked them only "public", with no
    validator: a second visit fetched the frame's 56 kB script again (issue 26's bytes)."""
    status, headers, body = _get(map_frame_script(server), **{"Accept-Encoding": encoding})
    assert status == 200 and len(body) > 10_000
    assert headers["cache-control"] == "public, max-age=604800"
    assert headers["x-content-type-options"] == "nosniff"
    vendored = _get(
        f"{server}/app/static/vendor/leaflet/leaflet.js", **{"Accept-Encoding": encoding}
    )
    assert vendored[0] == 200 and vendored[1]["cache-control"] == "public, max-age=604800"
    # The page Streamlit gives an unknown asset path is never kept.
    status, headers, body = _get(
        f"{server}/static/js/no-such-file.js", **{"Accept-Encoding": encoding}
    )
    assert "max-age" not in headers.get("cache-control", ""), (status, headers)


MAP_FRAME = "/component/streamlit_folium.st_folium"


def map_frame_script(base: str) -> str:
    """The address of the map frame's script, as its page names it (its name has a hash)."""
    _, _, frame = _get(f"{base}{MAP_FRAME}/index.html")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', frame)
    assert script, "no script in the map's frame"
    return f"{base}{MAP_FRAME}/{script.group(1).decode()}"


def websocket_answer(base: str) -> str:
    """The head of the answer to the page's websocket handshake, offering permessage-deflate
    as a browser does (lower case)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\nOrigin: {base}\r\n"
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: streamlit\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(handshake.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += connection.recv(4096)
    return answer.split(b"\r\n\r\n")[0].decode().lower()


def test_the_page_s_messages_are_deflated_on_the_wire(server):
    """The websocket that carries the page offers permessage-deflate (.streamlit/config.toml):
    a second visit to a shared search received 143 kB with its messages plain, 63 kB deflated."""
    head = websocket_answer(server)
    assert head.startswith("http/1.1 101"), head
    assert "sec-websocket-extensions: permessage-deflate" in head, head


def _call(app, method: str, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """One HTTP request through an ASGI app, as uvicorn would make it."""
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [(b"accept-encoding", b"gzip")], "http_version": "1.1",
             "scheme": "http", "server": ("127.0.0.1", 80), "root_path": ""}  # fmt: skip
    sent: list[dict] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected until the answer is sent

    async def send(message):
        sent.append(message)

    run_in_thread(app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_only_text_files_that_exist_are_kept(tmp_path: Path):
    (tmp_path / "app.js").write_text("console.log('a finder');\n" * 200)
    (tmp_path / "tiny.js").write_text("1")
    static = Starlette(routes=[Mount("/static", StaticFiles(directory=tmp_path))])
    middleware = CompressedAssets(static)
    for number in range(50):
        assert _call(middleware, "GET", f"/static/missing-{number}.js")[0] == 404
    status, headers, body = _call(middleware, "GET", "/static/tiny.js")
    assert status == 200 and b"content-encoding" not in headers and body == b"1"
    status, headers, body = _call(middleware, "GET", "/static/app.js")
    assert headers[b"content-encoding"] == b"gzip" and b"a finder" in gzip.decompress(body)
    assert _call(middleware, "POST", "/static/app.js")[0] == 405  # passed to the app as it is
    assert list(middleware._kept) == ["/static/app.js"]
