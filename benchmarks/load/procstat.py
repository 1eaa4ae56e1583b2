"""CPU seconds and resident memory of server processes, read from /proc (Linux)."""

import asyncio
import os
from collections.abc import Sequence

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of these processes so far."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            # The command name may hold spaces: the fields we need follow its closing ")".
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


class PeakRss:
    """Samples the summed RSS every `every_s` while running (`async with PeakRss(pids) as peak`)."""

    def __init__(self, pids: Sequence[int], every_s: float = 0.25):
        self.pids, self.every_s, self.peak = list(pids), every_s, 0
        self._task: asyncio.Task | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, rss_bytes(self.pids))
            await asyncio.sleep(self.every_s)

    async def __aenter__(self) -> "PeakRss":
        self.peak = rss_bytes(self.pids)
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc) -> None:
        if self._task is not None:
            self._task.cancel()
        self.peak = max(self.peak, rss_bytes(self.pids))
