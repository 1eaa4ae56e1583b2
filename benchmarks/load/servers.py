"""What the load test measures: the app on one process, behind make serve, and the peer app.

Each is started as `make run` / `make serve` start it (serve/), offline, on free loopback ports,
and yields (base URL, server pids) once every app process has served one journey: a process's
very first run (imports, loading the table and the place index) is the app section's cold
start, not a patient's step under load. Disconnected sessions are kept for `TTL_S` instead of
Streamlit's 120 s default, so the idle-memory measurement can see them freed in seconds.
"""

import asyncio
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.load.journeys import LINKS, NEW_RADIUS
from harness.live_app import OFFLINE_ENV, family
from harness.session import open_session, page_cookie
from serve import apps, stack

TTL_S = 2
OPTIONS = {"server.disconnectedSessionTTL": str(TTL_S)}
PEER = "benchmarks/peer_app.py"


@contextlib.contextmanager
def one_process(script: str = apps.SCRIPT) -> Iterator[tuple[str, list[int]]]:
    with tempfile.TemporaryDirectory(prefix="load-") as scratch:
        [(port, process)] = apps.start_many(1, Path(scratch), script, OPTIONS, OFFLINE_ENV)
        try:
            base = f"http://{apps.LOOPBACK}:{port}"
            asyncio.run(warm(base))
            yield base, [process.pid]
        finally:
            apps.stop([process])


@contextlib.contextmanager
def behind_nginx(processes: int) -> Iterator[tuple[str, list[int]]]:
    """make serve's stack; the pids are the app processes and nginx's master and workers."""
    with (
        tempfile.TemporaryDirectory(prefix="load-serve-") as scratch,
        stack.serving(Path(scratch), processes, f"{apps.LOOPBACK}:{apps.free_port()}",
                      options=OPTIONS, env=OFFLINE_ENV) as served,
    ):  # fmt: skip
        pids = [process.pid for _, process in served.apps] + family(served.nginx.pid)
        for port, _ in served.apps:  # each process directly: nginx's hash picks by cookie
            asyncio.run(warm(f"http://{apps.LOOPBACK}:{port}"))
        yield served.base, pids


async def warm(base: str) -> None:
    async with open_session(base, await page_cookie(base, 120), 120) as session:
        await session.open_link(LINKS[0], 120)
        await session.set_radius(NEW_RADIUS, 120)
