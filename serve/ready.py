"""Readiness, kept apart from liveness: a process is *live* when `/_stcore/health` answers (the
server runs) and *ready* once it has served one search to itself (`WARM_LINK`: the table, its
index, the place index, the filters and the map's templates loaded, app.py's first run done).

Until then `ReadyGate` answers every request but those two with 503, so nginx passes it to another
process (`proxy_next_upstream ... http_503`) and a person on `make run` sees a page that reloads
itself; nobody waits on a cold process. Plain ASGI (like serve/headers.py); the warm-up visit
speaks Streamlit's websocket protocol as a browser does (benchmarks/load/session.py measures with
the same messages).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import urllib.request
from typing import Any

from serve.headers import ASGIApp, Receive, Scope, Send

READY_PATH = "/-/ready"
LIVE_PATH = "/_stcore/health"
# A search that touches everything a visitor's first search needs: a ZIP (the place index), a
# service filter, results within the radius and the map drawn. A public ZIP, nobody's search.
WARM_LINK = "near=84101&service=KIT"
WARM_HEADER = "x-clinic-finder-warm"
WARM_TIMEOUT_S = 180
STARTING_PAGE = (
    b'<!doctype html><html lang="en"><meta http-equiv="refresh" content="2">'
    b"<title>Starting</title><p>The clinic finder is starting; this page reloads itself.</p>"
)

log = logging.getLogger("clinic_finder.app")


class Readiness:
    """This process's state: ready or not, and why (what an operator reads at READY_PATH)."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.detail = "starting: loading the directory, the place index and the map"
        self.token = secrets.token_hex(16)  # lets the warm-up visit through the gate

    def set(self, detail: str) -> None:
        self.detail = detail
        self.ready.set()


READINESS = Readiness()


class ReadyGate:
    """ASGI middleware: READY_PATH answered here, every other request but liveness refused with
    503 (a websocket closed) until the process is ready."""

    def __init__(self, app: ASGIApp, readiness: Readiness = READINESS) -> None:
        self.app = app
        self.readiness = readiness

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ready = self.readiness.ready.is_set()
        if scope["type"] == "http" and scope["path"] == READY_PATH:
            await _answer(send, 200 if ready else 503, self.readiness.detail.encode() + b"\n")
        elif ready or scope["path"] == LIVE_PATH or self._warming(scope):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013})  # "try again later"
        else:
            await _answer(send, 503, STARTING_PAGE, b"text/html; charset=utf-8")

    def _warming(self, scope: Scope) -> bool:
        token = dict(scope.get("headers", [])).get(WARM_HEADER.encode(), b"").decode()
        return secrets.compare_digest(token, self.readiness.token)


async def _answer(send: Send, status: int, body: bytes, kind: bytes = b"text/plain") -> None:
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store")]  # fmt: skip
    if status == 503:
        headers.append((b"retry-after", b"2"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def start_warming(address: str, port: int, readiness: Readiness = READINESS) -> threading.Thread:
    """Visit this process once in a thread (it must be serving first); then it is ready. A visit
    that fails is logged and leaves the process not ready: its supervisor restarts it."""
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::", "localhost") else address
    host = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
    thread = threading.Thread(target=_warm, args=(host, port, readiness), daemon=True,
                              name="warm-up")  # fmt: skip
    thread.start()
    return thread


def _warm(host: str, port: int, readiness: Readiness) -> None:
    start = time.monotonic()
    try:
        _wait_live(f"http://{host}:{port}{LIVE_PATH}", start)
        _visit(f"ws://{host}:{port}/_stcore/stream", readiness.token)
    except Exception as error:  # whatever it was, the process must not count as ready
        readiness.detail = f"not ready: the warm-up search failed ({type(error).__name__})"
        log.error("%s: %s", readiness.detail, error)
        return
    seconds = time.monotonic() - start
    readiness.set(f"ready: directory, place index and map loaded in {seconds:.1f} s")
    log.info(readiness.detail)


def _wait_live(url: str, start: float) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    while True:
        try:
            with opener.open(url, timeout=1):
                return
        except OSError:
            if time.monotonic() - start > WARM_TIMEOUT_S:
                raise
            time.sleep(0.05)


def _visit(url: str, token: str) -> None:
    """One session opens WARM_LINK and waits until its script runs have finished: the link's,
    and the rest of the page, which the page asks for once its map is drawn."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    from components import rest_of_page

    back = BackMsg()
    back.rerun_script.query_string = WARM_LINK
    back.rerun_script.context_info.timezone = "UTC"
    back.rerun_script.context_info.locale = "en-US"
    with connect(url, subprotocols=[Subprotocol("streamlit")], additional_headers={
            WARM_HEADER: token}, proxy=None, compression=None, max_size=None,
            open_timeout=WARM_TIMEOUT_S) as ws:  # fmt: skip
        ws.send(back.SerializeToString())
        deadline = time.monotonic() + WARM_TIMEOUT_S
        rest = ""  # the button by which the page asks for the rest of itself (rest_of_page)
        while True:
            message: Any = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            element = message.delta.new_element if message.HasField("delta") else None
            if element is not None and rest_of_page.is_button(element.button.id):
                rest = element.button.id
            if message.WhichOneof("type") == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the run the page asked for follows
                if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"script finished with status {message.script_finished}")
                if not rest:
                    return
                # Warm what the rest of the page draws too, as the page asks for it.
                rest_of_page.press(back.rerun_script.widget_states, rest)
                rest = ""
                ws.send(back.SerializeToString())
