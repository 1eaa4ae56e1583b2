"""Memory per idle session, and whether it comes back after the sessions disconnect.

Sessions open the link and then stay connected doing nothing; the server's RSS before and after
says what each one holds. Then all disconnect; Streamlit keeps a disconnected session for
`server.disconnectedSessionTTL` (set to servers.TTL_S here; 120 s by default) and drops it
lazily, the next time its session store is written: one more short visit after the TTL does
that. RSS then shows how much of the growth the process gave back.
"""

import asyncio
import contextlib
from dataclasses import dataclass

from benchmarks.load import procstat
from benchmarks.load.journeys import FIRST_RADIUS, check
from benchmarks.load.servers import TTL_S
from harness.session import open_session, page_cookie

TIMEOUT_S = 60
SETTLE_S = 1.0  # let the server finish what follows a run (stats, cleanup) before reading RSS
MIN_GROWTH = 1_000_000  # bytes: less is within RSS's noise


@dataclass(frozen=True)
class Idle:
    sessions: int
    before: int  # RSS bytes, warm server, no session open
    open: int  # with the sessions open and idle
    after: int  # after they disconnected, the TTL passed and a new visit expired them

    @property
    def per_session(self) -> float:
        return (self.open - self.before) / self.sessions

    @property
    def released(self) -> float | None:
        """Share of the growth given back (1.0 = all of it); None when it grew too little."""
        grown = self.open - self.before
        return (self.open - self.after) / grown if grown > MIN_GROWTH else None


async def measure(base: str, pids: list[int], sessions: int, link: str, expected: dict) -> Idle:
    await _visit(base, link, expected)  # caches warm before the baseline
    await asyncio.sleep(TTL_S + SETTLE_S)
    await _visit(base, link, expected)  # expires the warm-up session
    await asyncio.sleep(SETTLE_S)
    before = procstat.rss_bytes(pids)
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(sessions):
            cookie = await page_cookie(base, TIMEOUT_S)
            session = await stack.enter_async_context(open_session(base, cookie, TIMEOUT_S))
            check(await session.open_link(link, TIMEOUT_S), expected[link, FIRST_RADIUS], link)
        await asyncio.sleep(SETTLE_S)
        opened = procstat.rss_bytes(pids)
    await asyncio.sleep(TTL_S + SETTLE_S)
    await _visit(base, link, expected)
    await asyncio.sleep(SETTLE_S)
    return Idle(sessions, before, opened, procstat.rss_bytes(pids))


async def _visit(base: str, link: str, expected: dict) -> None:
    async with open_session(base, await page_cookie(base, TIMEOUT_S), TIMEOUT_S) as session:
        check(await session.open_link(link, TIMEOUT_S), expected[link, FIRST_RADIUS], link)
