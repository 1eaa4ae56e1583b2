"""Static text assets gzipped once per process and then served from memory (`make run`; make
serve's nginx compresses the same assets itself).

Streamlit 1.67 serves its 5 MB of JavaScript uncompressed: a patient's first visit over a phone
network waited for all of it. Compressing per request would cost every new visitor's first visit
~0.1 s of server CPU; compressing once per asset and keeping the bytes costs it nothing. Only
files that exist are kept (answers other than 200 pass through), keyed by path alone (their query
strings change nothing), so the memory is bounded by the assets on disk: about 1.5 MB.
"""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

# Where the assets are, and how long a browser may keep them without asking again: Streamlit's
# own are content-hashed (a new release has new names); the vendored map assets and the map
# frame's files are not, so they are revalidated by ETag after a week, as behind nginx.
CACHE_CONTROL = {
    "/static/": b"public, max-age=31536000, immutable",
    "/app/static/": b"public, max-age=604800",
    "/component/": b"public, max-age=604800",
}
# Not text/html: Streamlit answers an unknown /static/ path with its page (200, no-cache).
TEXT_TYPES = (b"application/javascript", b"text/javascript", b"text/css", b"application/json",
              b"image/svg+xml", b"application/geo+json", b"text/plain")  # fmt: skip
MIN_BYTES = 1024  # smaller answers gain less than gzip's own framing costs


@dataclass(frozen=True)
class Compressed:
    headers: Headers
    body: bytes
    etag: bytes | None


class CompressedAssets:
    """ASGI middleware: GET and HEAD of a static text asset, gzipped when the browser accepts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._kept: dict[str, Compressed] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = _prefix(scope)
        if prefix is None:
            await self.app(scope, receive, send)
            return
        if not _accepts_gzip(scope):
            await self.app(scope, receive, _caching(send, CACHE_CONTROL[prefix]))
            return
        path = scope["path"]
        head = scope["method"] == "HEAD"
        kept = self._kept.get(path)
        if kept is None:
            status, headers, body = await _collect(self.app, {**scope, "method": "GET"}, receive)
            # Only a text asset that exists is kept (not the page Streamlit gives unknown paths)
            kept = _compressed(headers, body, CACHE_CONTROL[prefix]) if status == 200 else None
            if kept is None:
                if status == 200:
                    headers = _cached(headers, CACHE_CONTROL[prefix])
                await _answer(send, status, headers, b"" if head else body)
                return
            self._kept[path] = kept
        if kept.etag is not None and kept.etag in _header(scope, b"if-none-match"):
            await _answer(send, 304, [(k, v) for k, v in kept.headers if k != b"content-length"])
        else:
            await _answer(send, 200, kept.headers, b"" if head else kept.body)


def _cached(headers: Headers, cache_control: bytes) -> Headers:
    """An asset's answer with this path's Cache-Control, whoever encoded it: Streamlit gzips the
    map frame's files and the vendored ones itself, marked only "public" (no age, and the
    frame's files no validator), and the browser fetched the map's 56 kB script on every visit.
    Not the page Streamlit gives an unknown path: it must not be kept."""
    named = {key.lower(): value for key, value in headers}
    if named.get(b"content-type", b"").startswith(b"text/html"):
        return headers
    kept = [(key, value) for key, value in headers if key.lower() != b"cache-control"]
    return [*kept, (b"cache-control", cache_control)]


def _caching(send: Send, cache_control: bytes) -> Send:
    """`send`, with this path's Cache-Control on a 200 answer (see `_cached`)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 200:
            message = {**message, "headers": _cached(list(message["headers"]), cache_control)}
        await send(message)

    return sending


def _prefix(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return None
    return next((p for p in CACHE_CONTROL if scope["path"].startswith(p)), None)


def _header(scope: Scope, name: bytes) -> bytes:
    return b",".join(value for key, value in scope.get("headers", []) if key.lower() == name)


def _accepts_gzip(scope: Scope) -> bool:
    return b"gzip" in _header(scope, b"accept-encoding").lower()


def _compressed(headers: Headers, body: bytes, cache_control: bytes) -> Compressed | None:
    named = {key.lower(): value for key, value in headers}
    if not named.get(b"content-type", b"").startswith(TEXT_TYPES) or len(body) < MIN_BYTES:
        return None
    if b"no-cache" in named.get(b"cache-control", b"") or b"no-store" in named.get(
        b"cache-control", b""
    ):
        return None
    if b"content-encoding" in named:  # already encoded by the app
        return None
    squeezed = gzip.compress(body, compresslevel=9, mtime=0)  # mtime 0: the same bytes each time
    dropped = {b"content-length", b"cache-control", b"vary", b"accept-ranges"}
    kept = [(key, value) for key, value in headers if key.lower() not in dropped]
    kept += [
        (b"content-encoding", b"gzip"),
        (b"content-length", str(len(squeezed)).encode()),
        (b"vary", b"Accept-Encoding"),
        (b"cache-control", cache_control),
    ]
    return Compressed(kept, squeezed, named.get(b"etag"))


async def _collect(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[int, Headers, bytes]:
    """The app's whole answer to one request (static files: small, and read once)."""
    start: Message = {}
    parts: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, keep)
    return int(start.get("status", 500)), list(start.get("headers", [])), b"".join(parts)


async def _answer(send: Send, status: int, headers: Headers, body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
