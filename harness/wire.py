"""A relay on 127.0.0.1 that counts the bytes a server sends to its clients: what crossed the
wire, as compressed as it was sent (the browser's DevTools report websocket messages inflated).

    with counting_relay(port) as relay:
        browser visits relay.base; relay.received() is the bytes sent back so far
"""

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
CHUNK = 65_536


@dataclass
class Relay:
    base: str
    _received: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self) -> int:
        with self._lock:
            return self._received

    def _add(self, size: int) -> None:
        # Counted before it is passed on: a client that has the bytes finds them counted.
        with self._lock:
            self._received += size


@contextlib.contextmanager
def counting_relay(port: int) -> Iterator[Relay]:
    """A relay to the server on `port`, in a thread of its own, until the block ends."""
    started: concurrent.futures.Future[tuple[Relay, asyncio.AbstractEventLoop, asyncio.Event]]
    started = concurrent.futures.Future()

    async def serve() -> None:
        stop = asyncio.Event()
        server = await asyncio.start_server(lambda r, w: _relay(r, w, port, relay), LOOPBACK, 0)
        relay = Relay(f"http://{LOOPBACK}:{server.sockets[0].getsockname()[1]}")
        started.set_result((relay, asyncio.get_running_loop(), stop))
        async with server:
            await stop.wait()
        open_relays = asyncio.all_tasks() - {asyncio.current_task()}
        for task in open_relays:
            task.cancel()
        await asyncio.gather(*open_relays, return_exceptions=True)

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    relay, loop, stop = started.result(timeout=30)
    try:
        yield relay
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)


async def _relay(
    client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter, port: int, relay: Relay
) -> None:
    server_in, server_out = await asyncio.open_connection(LOOPBACK, port)
    await asyncio.gather(_pipe(client_in, server_out, None), _pipe(server_in, client_out, relay))


async def _pipe(
    source: asyncio.StreamReader, sink: asyncio.StreamWriter, counted: Relay | None
) -> None:
    try:
        while data := await source.read(CHUNK):
            if counted is not None:
                counted._add(len(data))
            sink.write(data)
            await sink.drain()
    except ConnectionError:
        pass  # either side went away: the other is closed below
    finally:
        sink.close()
