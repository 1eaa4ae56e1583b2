"""The security headers of every answer, and the paths that are the app, as data.

`make run` sends them from `SecurityHeaders` (an ASGI middleware that `asgi.py` gives to
st.App); `make serve`'s nginx config is written from the same values (serve/nginx.py), so the
two cannot drift. Plain strings and a plain ASGI callable: no Streamlit or Starlette import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from clinic_finder.settings import MapSettings, Settings

# Inline code the browser is allowed to run, by the SHA-256 of its text (no 'unsafe-inline' for
# scripts). tests/test_headers.py recomputes each one from its source, so an upgrade of
# Streamlit or a changed script fails a test instead of failing in a patient's browser.
SCRIPT_HASHES = {
    # Streamlit's index.html: `window.prerenderReady = false`
    "streamlit prerender flag": "'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='",
    # components/language.py lang_script(): <html lang> for a screen reader, and the words
    # Streamlit writes itself said in the page's language (changes with the catalogues)
    "document language en": "'sha256-c6cXS4bwDDUJKlCBxnJG42wEkuLwdclkmHmAVy/6ZSg='",
    "document language es": "'sha256-vKVg/nCH9nho1MNjKaBX7rMZYEF/omz38FOQK5fQHbI='",
    # components/result_cards.py keep_focus(): focus back on an opened card's button (and after a
    # report is sent from it), and a card chosen on the map brought into view; the visible one
    # (a phone's page also holds a hidden copy)
    "card keeps focus": "'sha256-ybmAIxvsQHt8TOMQUIquJJUB4PJdxPnJeaScO3vANPw='",
    # components/rest_of_page.py: a link's first run asks for the rest once the map is drawn
    "rest of the page": "'sha256-r7eA8udZC9HDdHWqrHfBuvCau/tIm+UHbY29nRCwnZo='",
}

# The page, as strict as Streamlit and the map allow (measured in Chromium, README "Security
# headers" says why each source is there). Only this origin; never another.
PAGE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # blob: the "Use my location" button is a components-v2 element: Streamlit loads its JS as a
    # blob: URL made in the page (a blob: URL belongs to the origin that made it).
    # 'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly (not JS eval).
    "script-src": ("'self'", *SCRIPT_HASHES.values(), "blob:", "'wasm-unsafe-eval'"),
    # 'unsafe-inline' for styles only: Streamlit's emotion styles and folium's map CSS are
    # written at run time (class names and map ids made per render), so they cannot be hashed.
    "style-src": ("'self'", "'unsafe-inline'"),
    # data: Streamlit's small inline SVG images and one inline font (measured).
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    # 'self' covers the websocket (ws:/wss: on this host and port, CSP level 3).
    "connect-src": ("'self'",),
    "frame-src": ("'self'",),
    "worker-src": ("'self'",),
    "media-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

# A page of our own that our page frames (st_folium's map is a components-v1 iframe of
# /component/...): framed by this origin only, instead of by nothing.
FRAMED_PREFIXES = ("/component/",)
# st_folium writes folium's map script (made per search) into a new <script> and eval()s the
# layer it adds for a chosen facility: that frame alone runs inline code. No hash beside
# 'unsafe-inline' there, or browsers would ignore it. README "Security headers" weighs the gap.
FRAME_SCRIPT_SRC = ("'self'", "'unsafe-inline'", "'unsafe-eval'")

PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",  # "Use my location": this page only, never a frame
        *(
            f"{feature}=()"
            for feature in (
                "camera",
                "microphone",
                "payment",
                "usb",
                "serial",
                "hid",
                "midi",
                "magnetometer",
                "gyroscope",
                "accelerometer",
                "display-capture",
                "screen-wake-lock",
                "xr-spatial-tracking",
                "publickey-credentials-get",
                "browsing-topics",
                "interest-cohort",
            )
        ),
    ]
)

# Sent on every answer (OWASP Secure Headers Project; README "Security headers" compares).
COMMON_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    # The search is in the address bar: it must never travel to another site in a Referer.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
}
# Only over TLS (nginx with a certificate): two years, as OWASP and hstspreload.org ask.
HSTS = "max-age=63072000; includeSubDomains"

# The paths that are the app: the page itself ("/", any query string), Streamlit's own, the
# process's readiness (serve/ready.py), the API and the review pages. Everything else is a 404,
# not the app's page (Streamlit answers unknown paths with it).
APP_PATHS = frozenset({"/", "/favicon.png", "/manifest.json", "/-/ready", "/api", "/review"})
APP_PREFIXES = (
    "/_stcore/",  # websocket, health, host config, upload, components-v2 files
    "/static/",  # Streamlit's frontend (content-hashed)
    "/app/static/",  # static/: vendored Leaflet, the basemap
    "/component/",  # components-v1 frames (st_folium's map)
    "/media/",  # downloads and media made by the script
    "/api/",  # the Open Referral HSDS 3.0 API (api/)
    "/review/",  # the reviewers' pages, behind their login (review/)
)


def is_app_path(path: str) -> bool:
    return path in APP_PATHS or path.startswith(APP_PREFIXES)


def policy(path: str = "/", map_settings: MapSettings | None = None) -> str:
    """The Content-Security-Policy for an answer at `path`."""
    directives = {name: list(sources) for name, sources in PAGE_POLICY.items()}
    # The server's own settings unless given (never raising): opted-in tiles widen img-src.
    tiles = (map_settings if map_settings is not None else Settings.from_env().map).tiles
    if tiles:  # opted-in map tiles come from their server: that one origin, images only
        parts = urlsplit(tiles)
        directives["img-src"].append(f"{parts.scheme}://{parts.netloc}")
    if path.startswith(FRAMED_PREFIXES):
        directives["script-src"] = list(FRAME_SCRIPT_SRC)
        directives["frame-ancestors"] = ["'self'"]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def for_path(
    path: str, map_settings: MapSettings | None = None, report_only: bool = False
) -> dict[str, str]:
    """Every security header for an answer at `path` (HSTS is added where TLS ends: nginx)."""
    framed = path.startswith(FRAMED_PREFIXES)
    csp = "Content-Security-Policy-Report-Only" if report_only else "Content-Security-Policy"
    return {
        csp: policy(path, map_settings),
        **COMMON_HEADERS,
        "X-Frame-Options": "SAMEORIGIN" if framed else "DENY",
    }


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

NOT_FOUND = b"Not found\n"


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP answer, and 404 outside `is_app_path`.

    Headers the app already set under these names are replaced, never doubled. Nothing is
    logged: the query string holds what a patient typed.
    """

    def __init__(
        self, app: ASGIApp, map_settings: MapSettings | None = None, report_only: bool = False
    ) -> None:
        self.app = app
        self._page = _encode(for_path("/", map_settings, report_only))
        self._framed = _encode(for_path(FRAMED_PREFIXES[0], map_settings, report_only))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        extra = self._framed if path.startswith(FRAMED_PREFIXES) else self._page
        if not is_app_path(path):
            await _not_found(send, extra)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _merged(message.get("headers", []), extra)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _encode(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


def _merged(
    headers: Iterable[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    ours = {name for name, _ in extra}
    return [(name, value) for name, value in headers if name.lower() not in ours] + extra


async def _not_found(send: Send, extra: list[tuple[bytes, bytes]]) -> None:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(NOT_FOUND)).encode()),
        (b"cache-control", b"no-cache"),
        *extra,
    ]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": NOT_FOUND})
