"""Reports of wrong listings: how many are stored per second by 16 concurrent writers (SQLite in
WAL mode with every commit synced; PostgreSQL as a child process), and the page's rerun time
(p95) while they write.

The writers are 16 threads of this process, each a visit sending distinct reports through
ReportStore.submit (one transaction each, committed before it returns), as 16 sessions of one
app process would. The rerun is the radius moved on a results page through the page's
own websocket (harness/session.py), first with no writer, then while the 16 write to the same
database the page reads its open reports from.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from benchmarks.measure import Row, row, run_at_once
from benchmarks.scale import Scale
from clinic_finder.reports.engine import make_engine, migrate
from clinic_finder.reports.rules import REASONS, ClientLimiter, NewReport
from clinic_finder.reports.store import ReportStore
from harness import live_app, session
from harness.postgres import Postgres, postgres_bin
from serve import apps

SECTION = "reports"
WRITERS = 16
QUERY = "near=84101&radius=25"


def _write(url: str, seconds: float, stop: threading.Event | None = None) -> tuple[float, int, int]:
    """(reports stored per second, how many, how many not saved) by WRITERS threads for
    `seconds` (or until stop). Not saved: a writer waited past the lock timeout (5 s)."""
    engine = make_engine(url)
    store = ReportStore(engine, limiter=ClientLimiter(limit=10**9), visit_limit=10**9)
    saved = [0] * WRITERS
    failed = [0] * WRITERS
    end = time.perf_counter() + seconds

    def writer(number: int) -> None:
        for i in itertools.count():
            if time.perf_counter() > end or (stop is not None and stop.is_set()):
                return
            report = NewReport(f"bench-{i}", REASONS[i % len(REASONS)], note="benchmark")
            outcome = store.submit(report, f"w{number}-{i // len(REASONS)}").outcome
            if outcome == "saved":
                saved[number] += 1
            else:
                failed[number] += 1

    took = run_at_once(writer, WRITERS)
    engine.dispose()
    return sum(saved) / took, sum(saved), sum(failed)


def _reruns(base: str, count: int) -> list[float]:
    """Seconds per rerun (the radius moved between the 25- and 50-mile steps) of one session."""

    async def journey() -> list[float]:
        cookie = await session.page_cookie(base, 60)
        async with session.open_session(base, cookie, 60) as page:
            await page.open_link(QUERY, 120)
            times = []
            for i in range(count):
                step = await page.set_radius(50 if i % 2 == 0 else 25, 120)
                times.append(step.seconds)
            return times

    return asyncio.run(journey())


def _page_while_writing(
    tmp: Path, count: int
) -> tuple[list[float], list[float], tuple[float, int, int]]:
    """(reruns quiet, reruns while 16 write, reports/s meanwhile) on one SQLite file."""
    url = f"sqlite:///{tmp / 'reports.sqlite'}"
    migrate(make_engine(url))
    env = {**live_app.OFFLINE_ENV, "CLINIC_FINDER_DATABASE_URL": url}
    port = apps.free_port()
    process = apps.start(port, tmp / "app.log", env=env)
    try:
        apps.wait_ready(port, process)
        base = f"http://{apps.LOOPBACK}:{port}"
        _reruns(base, 2)  # warm
        quiet = _reruns(base, count)
        stop = threading.Event()
        rates: list[tuple[float, int, int]] = []
        writing = threading.Thread(target=lambda: rates.append(_write(url, 3600, stop)))
        writing.start()
        try:
            busy = _reruns(base, count)
        finally:
            stop.set()
            writing.join()
        return quiet, busy, rates[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(scale: Scale) -> list[Row]:
    seconds = {"full": 10.0, "tiny": 1.0}.get(scale.name, 0.3)
    reruns = {"full": 30, "tiny": 4}.get(scale.name, 2)
    rows: list[Row] = []
    with TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'reports.sqlite'}"
        migrate(make_engine(url))
        rate, stored, lost = _write(url, seconds)
        rows.append(row(SECTION, f"SQLite (WAL, synced), {WRITERS} writers: reports stored/s "
                        f"({stored:,} stored, {lost} not saved)", [rate], "reports/s",
                        better="more"))  # fmt: skip
    bin_dir = postgres_bin()
    if bin_dir is not None:
        server = Postgres(bin_dir)
        try:
            server.start()
            url = server.new_database()
            migrate(make_engine(url))
            rate, stored, lost = _write(url, seconds)
            rows.append(row(SECTION, f"PostgreSQL 15 (child process), {WRITERS} writers: "
                            f"reports stored/s ({stored:,} stored, {lost} not saved)", [rate],
                            "reports/s", better="more"))  # fmt: skip
        finally:
            server.remove()
    with TemporaryDirectory() as tmp:
        quiet, busy, (rate, _, lost) = _page_while_writing(Path(tmp), reruns)
    rows.append(row(SECTION, "page rerun (radius moved), no report being written",
                    [s * 1000 for s in quiet], "ms", bound="p95"))  # fmt: skip
    rows.append(row(SECTION, f"page rerun while {WRITERS} writers store reports "
                    f"({rate:,.0f}/s meanwhile, {lost} not saved)", [s * 1000 for s in busy],
                    "ms", bound="p95"))  # fmt: skip
    return rows
