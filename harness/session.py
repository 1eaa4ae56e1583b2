"""One patient's browser as Streamlit's frontend speaks to the server: a websocket of protobufs.

A journey opens a shared search link (the page's HTML, then `/_stcore/stream` with a
`rerun_script` carrying the link's query string, and the press by which our page asks for the
rest of itself once its map is drawn) and then moves the radius slider (another
`rerun_script` whose widget state holds the slider's id, read from the element the server sent).
Each step ends when the server sends `script_finished`. Everything received is kept as raw bytes
so the caller can check the facilities it expects are really in it.
Loopback only: `connect` refuses any host but 127.0.0.1.
"""

import asyncio
import builtins
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from components import rest_of_page

LOOPBACK = "127.0.0.1"
FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY


class StepFailed(RuntimeError):
    """A step did not end in a successful script run (or did not end in time)."""


@dataclass
class Step:
    """What one script run sent back: its time, bytes, delta count and raw messages."""

    seconds: float = 0.0
    messages: int = 0
    deltas: int = 0
    size: int = 0  # bytes received
    raw: list[builtins.bytes] = field(default_factory=list)

    def contains(self, text: str) -> bool:
        needle = text.encode()
        return any(needle in part for part in self.raw)


@dataclass
class Session:
    """An open websocket and what the server last told it (needed to send a widget change)."""

    ws: ClientConnection
    page_hash: str = ""
    query_string: str = ""
    radius_id: str = ""  # the radius control: a slider (the peer's) or a list of steps (ours)
    radius_options: tuple[str, ...] = ()  # a list's options as shown ("50 mi"); none for a slider
    rest_id: str = ""  # the hidden button a lean first run leaves (components/rest_of_page)

    async def run(self, back: BackMsg, timeout_s: float) -> Step:
        step, start = Step(), time.perf_counter()
        await self.ws.send(back.SerializeToString())
        async with asyncio.timeout(timeout_s):
            while True:
                data = await self.ws.recv(decode=False)
                message = ForwardMsg()
                message.ParseFromString(data)
                step.messages += 1
                step.size += len(data)
                step.raw.append(data)
                if self._note(message, step):
                    break
        step.seconds = time.perf_counter() - start
        return step

    def _note(self, message: ForwardMsg, step: Step) -> bool:
        """Remember what a later widget change must carry; True once the run has finished."""
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = message.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "delta":
            step.deltas += 1
            element = message.delta.new_element
            # The radius: the peer's one slider, or our list of steps (its options end "mi").
            element_kind = element.WhichOneof("type")
            if element_kind == "slider":
                self.radius_id, self.radius_options = element.slider.id, ()
            elif element_kind == "selectbox" and element.selectbox.options[0].endswith(" mi"):
                self.radius_id = element.selectbox.id
                self.radius_options = tuple(element.selectbox.options)
            elif element_kind == "button" and rest_of_page.is_button(element.button.id):
                self.rest_id = element.button.id
        elif kind == "script_finished":
            if message.script_finished != FINISHED_OK:
                raise StepFailed(f"script finished with status {message.script_finished}")
            return True
        return False

    async def open_link(self, query: str, timeout_s: float) -> Step:
        """The link's run, and the rest of the page when the first run asks for it (as the
        page does once its map is drawn): one Step for both."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.context_info.timezone = "UTC"
        back.rerun_script.context_info.locale = "en-US"
        step = await self.run(back, timeout_s)
        if not self.rest_id:
            return step
        rest = BackMsg()
        state = rest.rerun_script
        state.query_string = self.query_string or query
        state.page_script_hash = self.page_hash
        rest_of_page.press(state.widget_states, self.rest_id)
        self.rest_id = ""
        more = await self.run(rest, timeout_s)
        return Step(
            seconds=step.seconds + more.seconds,
            messages=step.messages + more.messages,
            deltas=step.deltas + more.deltas,
            size=step.size + more.size,
            raw=step.raw + more.raw,
        )

    async def set_radius(self, miles: int, timeout_s: float) -> Step:
        """Move the radius as a person does: the slider to `miles`, or the list's step for it."""
        if not self.radius_id:
            raise StepFailed("the server sent no radius control")
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        widget = state.widget_states.widgets.add()
        widget.id = self.radius_id
        if not self.radius_options:
            widget.double_array_value.data.append(miles)
        else:
            shown = next((o for o in self.radius_options if o.split()[0] == str(miles)), None)
            if shown is None:
                raise StepFailed(f"{miles} mi is not among the radius steps {self.radius_options}")
            widget.string_value = shown
        return await self.run(back, timeout_s)


async def page_cookie(base: str, timeout_s: float) -> str:
    """GET the page's HTML as a browser does first; returns its cookies as a Cookie header
    (a sticky load balancer sets its own there; a bare Streamlit sets none)."""
    host, port = _loopback(base)
    async with asyncio.timeout(timeout_s):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
                         .encode())  # fmt: skip
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            await reader.read()
        finally:
            writer.close()
    status = head[0].split()
    if len(status) < 2 or status[1] != "200":
        raise StepFailed(f"GET / answered {head[0]!r}")
    cookies = [line.split(":", 1)[1].split(";")[0].strip() for line in head
               if line.lower().startswith("set-cookie:")]  # fmt: skip
    return "; ".join(cookies)


def stream_url(base: str) -> str:
    host, port = _loopback(base)
    return f"ws://{host}:{port}/_stcore/stream"


def open_session(base: str, cookie: str, timeout_s: float):
    """`async with open_session(...) as session`: the page's websocket, no proxy, no compression
    (Streamlit's server turns compression off by default, so a browser gets none either)."""
    headers = {"Cookie": cookie} if cookie else {}
    return _Opened(stream_url(base), headers, timeout_s)


class _Opened:
    def __init__(self, url: str, headers: dict, timeout_s: float):
        self._connect = connect(
            url,
            subprotocols=[Subprotocol("streamlit")],
            additional_headers=headers,
            proxy=None,
            compression=None,
            max_size=None,
            open_timeout=timeout_s,
            ping_interval=None,
        )

    async def __aenter__(self) -> Session:
        return Session(await self._connect.__aenter__())

    async def __aexit__(self, *exc) -> None:
        await self._connect.__aexit__(*exc)


def _loopback(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    if parts.hostname != LOOPBACK or parts.port is None:
        raise ValueError(f"the load driver only talks to {LOOPBACK}:PORT, not {base!r}")
    return parts.hostname, parts.port
