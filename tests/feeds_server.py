"""A publisher on 127.0.0.1 for the feed and update tests: routes of (status, type, body), a
trickling route, an HSDS API paging over given objects (optionally looping). Never the internet."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Route = Callable[[dict[str, list[str]]], tuple[int, str, bytes]]


def page_of(
    objects: list[Any], query: dict[str, list[str]], loop_after: int | None = None
) -> bytes:
    page = int(query.get("page", ["1"])[0])
    per_page = int(query.get("per_page", ["50"])[0])
    total = len(objects)
    pages = -(-total // per_page)
    shown = min(page, loop_after) if loop_after else page  # a loop: page N again and again
    contents = objects[(shown - 1) * per_page : shown * per_page]
    return json.dumps(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
            "contents": contents,
        }
    ).encode()


class Publisher:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.trickle: dict[str, float] = {}  # path → seconds between bytes

    def file(self, path: str, body: bytes, kind: str = "application/json") -> None:
        self.routes[path] = lambda _q: (200, kind, body)

    def api(self, path: str, objects: list[Any], loop_after: int | None = None) -> None:
        self.routes[path] = lambda q: (200, "application/json", page_of(objects, q, loop_after))


def _handler(publisher: Publisher) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            publisher.hits.append(self.path)
            route = publisher.routes.get(parts.path)
            status, kind, body = (
                route(parse_qs(parts.query)) if route else (404, "text/plain", b"no")
            )
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            pause = publisher.trickle.get(parts.path)
            try:
                if pause:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(pause)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextlib.contextmanager
def serving() -> Iterator[tuple[str, Publisher]]:
    publisher = Publisher()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(publisher))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", publisher
    finally:
        server.shutdown()
        server.server_close()
