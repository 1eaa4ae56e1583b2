"""The Open Referral API under load: a proximity page (per_page=20) asked by 16 concurrent clients
of one process (make run) and of make serve (nginx, 2 processes); the page's own journeys/s on
that process alone and while the 16 API clients ask, side by side; and the NDJSON stream of every
facility (its time, and the process's memory before and at its peak).

Each client keeps one connection open and asks again as soon as it has its answer. Behind nginx
each client speaks from its own loopback address (127.0.0.2…), as separate clients do, so the
per-client rate limit applies to each (a client past it gets 429s, counted apart).
"""

import asyncio
import http.client
import random
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlsplit

from benchmarks.load import journeys
from benchmarks.measure import Row, row, run_at_once
from benchmarks.scale import Scale
from clinic_finder.table import hsds_ids
from harness import live_app
from serve import apps, nginx, stack

SECTION = "api"
CLIENTS = 16
TARGET_RPS = 200  # per process
TARGET_P95_MS = 50
ZIPS = ("84101", "10001", "90012", "60601", "30303", "98101", "02108", "73301", "80202", "33101")
KIT = hsds_ids.uid("taxonomy_term", "KIT")


def _paths(count: int, seed: int = 1) -> list[str]:
    pick = random.Random(seed)
    return [
        f"/api/service_at_locations?postcode={pick.choice(ZIPS)}&proximity=40234&per_page=20"
        + (f"&taxonomy_term_id={KIT}" if pick.random() < 0.3 else "")
        for _ in range(count)
    ]


def _load(base: str, seconds: float, own_addresses: bool) -> tuple[float, list[float], int]:
    """(requests/s answered 200, their latencies in ms, how many were 429)."""
    parts = urlsplit(base)
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    limited = [0] * CLIENTS
    stop = time.perf_counter() + seconds

    def client(number: int) -> None:
        source = (f"127.0.0.{number + 2}", 0) if own_addresses else None
        connection = http.client.HTTPConnection(
            parts.hostname or apps.LOOPBACK, parts.port, timeout=30, source_address=source
        )
        for path in _paths(100_000, seed=number):
            if time.perf_counter() > stop and (latencies[number] or limited[number]):
                break
            started = time.perf_counter()
            connection.request("GET", path)
            answered = connection.getresponse()
            answered.read()
            if answered.status == 200:
                latencies[number].append((time.perf_counter() - started) * 1000)
            elif answered.status == 429:
                limited[number] += 1
            else:
                raise RuntimeError(f"{path} answered {answered.status}")
        connection.close()

    took = run_at_once(client, CLIENTS)
    every = [ms for each in latencies for ms in each]
    return len(every) / took, every, sum(limited)


def _warm(base: str) -> None:
    for path in _paths(len(ZIPS) * 3):
        connection = http.client.HTTPConnection(apps.LOOPBACK, urlsplit(base).port,
                                                timeout=120)  # fmt: skip
        connection.request("GET", path)
        connection.getresponse().read()
        connection.close()


def _memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _stream(base: str, pid: int) -> tuple[float, int, float, float]:
    """(seconds, facilities, MB resident before, MB peak) for the NDJSON of every facility."""
    before = _memory_kb(pid, "VmRSS") / 1024
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname or apps.LOOPBACK, parts.port, timeout=600
    )
    started = time.perf_counter()
    connection.request("GET", "/api/service_at_locations?format=ndjson")
    answered = connection.getresponse()
    lines = 0
    while chunk := answered.read(1 << 16):
        lines += chunk.count(b"\n")
    took = time.perf_counter() - started
    return took, lines, before, _memory_kb(pid, "VmHWM") / 1024


def _journeys_beside_the_api(base: str, pid: int, seconds: float) -> tuple[float, float]:
    """(page journeys/s alone, page journeys/s while 16 API clients ask) on one process: 4
    patients with no think time, the first of the load test's links."""
    links = journeys.LINKS[:1]
    expected = journeys.expected_names(links)
    plan = journeys.Plan(4, 0, seconds, 10_000)
    alone = asyncio.run(journeys.run(base, [pid], plan, expected, links))
    api_load = threading.Thread(target=_load, args=(base, seconds, False))
    api_load.start()
    beside = asyncio.run(journeys.run(base, [pid], plan, expected, links))
    api_load.join()
    for outcome in (alone, beside):
        if outcome.errors:
            raise RuntimeError(f"a page journey failed: {outcome.errors[0]}")
    return alone.per_s, beside.per_s


def measure(scale: Scale) -> list[Row]:
    seconds = {"full": 15.0, "tiny": 1.5}.get(scale.name, 0.5)
    rows: list[Row] = []
    with TemporaryDirectory() as tmp, live_app.running_app(Path(tmp) / "app.log") as (base, app):
        _warm(base)
        alone, beside = _journeys_beside_the_api(base, app.pid, max(seconds, 2.0))
        rows.append(Row(SECTION, "the page on the same process, 4 patients: journeys/s alone · "
                        f"while {CLIENTS} API clients ask", alone, beside, "journeys/s", 1,
                        verdict=f"{beside / alone:.0%} of alone" if alone else ""))  # fmt: skip
        rate, latencies, _ = _load(base, seconds, own_addresses=False)
        rows.append(row(SECTION, f"proximity page, 1 process, {CLIENTS} clients: requests/s",
                        [rate], "req/s", better="more"))  # fmt: skip
        rows.append(row(SECTION, f"proximity page, 1 process, {CLIENTS} clients: latency",
                        latencies, "ms", TARGET_P95_MS, bound="p95"))  # fmt: skip
        if scale.name != "smoke":  # make test's smoke run only proves the section runs
            took, count, before, peak = _stream(base, app.pid)
            rows.append(row(SECTION, f"NDJSON of every facility ({count:,})", [took], "s"))
            rows.append(Row(SECTION, "NDJSON: process memory before · peak", before, peak,
                            "MB · MB", 1))  # fmt: skip
    if scale.name != "smoke" and nginx.NGINX.exists():
        with TemporaryDirectory() as tmp:
            listen = f"{apps.LOOPBACK}:{apps.free_port()}"
            with stack.serving(Path(tmp), 2, listen, env=live_app.OFFLINE_ENV) as served:
                _warm(served.base)
                rate, latencies, limited = _load(served.base, seconds, own_addresses=True)
        name = f"proximity page, make serve (2 processes), {CLIENTS} clients"
        rows.append(row(SECTION, f"{name}: requests/s ({limited} limited, 429)", [rate],
                        "req/s", better="more"))  # fmt: skip
        rows.append(row(SECTION, f"{name}: latency", latencies, "ms", TARGET_P95_MS, bound="p95"))
    return rows
