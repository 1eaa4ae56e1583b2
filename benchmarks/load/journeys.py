"""Many patients at once: each opens a shared search link, reads it, then widens the radius.

Every step's messages are checked against the CLI's answer for the same search (`python -m
clinic_finder search --near … --radius … --service … --format json`): each facility name the
CLI gives must be in what the browser received, or the step counts as an error. So a fast but
empty or wrong page never counts as a journey. Names within 1 % of the radius's edge are not
required: the peer measures on the ellipsoid (geodesic), the CLI on a sphere (haversine), and
the two differ by up to 0.5 %.
"""

import asyncio
import json
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import numpy as np
from websockets.exceptions import WebSocketException

from benchmarks.load import procstat
from clinic_finder import paths
from harness.session import Step, StepFailed, open_session, page_cookie

FIRST_RADIUS, NEW_RADIUS = 25, 50  # the link's radius (the app's default), then the new one
# Shared links from several places; most patients choose no treatment, some one.
LINKS = (
    "near=84101&service=KIT",
    "near=10001&service=TMS",
    "near=60601&service=ECT",
    "near=90012&service=KIT",
    "near=78701",
)
SEED = 20261130
EDGE = 0.99  # names farther than this share of the radius are not required (see above)


@dataclass(frozen=True)
class Plan:
    sessions: int  # browsers at once
    think_s: float  # a patient's pause after each step (±50 %, seeded)
    duration_s: float  # no journey starts after this
    max_journeys: int  # nor after this many have started
    step_timeout_s: float = 60.0  # a step slower than this is an error
    arrive_within_s: float | None = None  # first arrivals spread over this (None: one think time)


@dataclass
class Outcome:
    """What a run of a plan measured."""

    plan: Plan
    first_s: list[float] = field(default_factory=list)
    rerun_s: list[float] = field(default_factory=list)
    first_cpu_s: list[float] = field(default_factory=list)  # server CPU per step (1 session only)
    rerun_cpu_s: list[float] = field(default_factory=list)
    rerun_deltas: list[int] = field(default_factory=list)
    first_bytes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    journeys: int = 0
    elapsed_s: float = 0.0
    server_cpu_s: float = 0.0
    driver_cpu_s: float = 0.0  # this process: on a small machine the driver competes too
    rss_peak: int = 0

    def p(self, samples: Sequence[float], q: float) -> float:
        return float(np.percentile(samples, q)) if samples else float("nan")

    @property
    def per_s(self) -> float:
        return self.journeys / self.elapsed_s if self.elapsed_s else 0.0


def expected_names(links: Sequence[str] = LINKS) -> dict[tuple[str, int], set[str]]:
    """The CLI's facility names for each link at both radii (its processes run side by side)."""
    runs = {}
    for link in links:
        query = parse_qs(link)
        for radius in (FIRST_RADIUS, NEW_RADIUS):
            args = ["--near", query["near"][0], "--radius", str(radius), "--format", "json"]
            args += [arg for code in query.get("service", []) for arg in ("--service", code)]
            runs[link, radius] = subprocess.Popen(
                [sys.executable, "-m", "clinic_finder", "search", *args],
                cwd=paths.PROJECT_DIR, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
    names = {}
    for key, process in runs.items():
        out, _ = process.communicate(timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"the CLI failed for {key}")
        results = json.loads(out)["results"]
        names[key] = {r["name"] for r in results if r["distance_mi"] <= EDGE * key[1]}
        if not names[key]:
            raise RuntimeError(f"the CLI found nothing for {key}: the check would prove nothing")
    return names


def check(step: Step, names: set[str], what: str) -> None:
    missing = [name for name in names if not step.contains(name)]
    if missing:
        raise StepFailed(f"{what}: {len(missing)} of the CLI's {len(names)} facilities missing, "
                         f"e.g. {missing[0]!r}")  # fmt: skip


async def run(base: str, pids: Sequence[int], plan: Plan, expected: dict,
              links: Sequence[str] = LINKS) -> Outcome:  # fmt: skip
    """Drive `plan` against the server at `base` (127.0.0.1 only); `pids` are its processes."""
    outcome = Outcome(plan)
    started = [0]
    rng = random.Random(SEED)
    cpu, start = procstat.cpu_seconds(pids), time.perf_counter()
    driver_cpu = time.process_time()
    deadline = time.monotonic() + plan.duration_s
    async with procstat.PeakRss(pids) as peak:
        await asyncio.gather(*(
            _patient(n, base, pids, plan, expected, links, outcome, started, deadline, rng)
            for n in range(plan.sessions)
        ))  # fmt: skip
    outcome.elapsed_s = time.perf_counter() - start
    outcome.server_cpu_s = procstat.cpu_seconds(pids) - cpu
    outcome.driver_cpu_s = time.process_time() - driver_cpu
    outcome.rss_peak = peak.peak
    return outcome


async def _patient(n, base, pids, plan, expected, links, outcome, started, deadline, rng):
    def pause() -> float:
        return plan.think_s * rng.uniform(0.5, 1.5)

    spread = plan.think_s if plan.arrive_within_s is None else plan.arrive_within_s
    await asyncio.sleep(spread * n / plan.sessions)  # first arrivals spread evenly
    journey = n
    while time.monotonic() < deadline and started[0] < plan.max_journeys:
        started[0] += 1
        link = links[journey % len(links)]
        journey += plan.sessions
        measure_cpu = plan.sessions == 1  # only then is the server's CPU this step's alone
        try:
            cpu, begin = procstat.cpu_seconds(pids), time.perf_counter()
            cookie = await page_cookie(base, plan.step_timeout_s)
            async with open_session(base, cookie, plan.step_timeout_s) as session:
                first = await session.open_link(link, plan.step_timeout_s)
                first_s = time.perf_counter() - begin
                first_cpu = procstat.cpu_seconds(pids) - cpu
                check(first, expected[link, FIRST_RADIUS], f"first page of {link}")
                await asyncio.sleep(pause())
                cpu = procstat.cpu_seconds(pids)
                rerun = await session.set_radius(NEW_RADIUS, plan.step_timeout_s)
                rerun_cpu = procstat.cpu_seconds(pids) - cpu
                check(rerun, expected[link, NEW_RADIUS], f"radius {NEW_RADIUS} for {link}")
        except (StepFailed, TimeoutError, OSError, WebSocketException) as error:
            outcome.errors.append(f"{type(error).__name__}: {error}")
        else:
            outcome.journeys += 1
            outcome.first_s.append(first_s)
            outcome.rerun_s.append(rerun.seconds)
            outcome.rerun_deltas.append(rerun.deltas)
            outcome.first_bytes.append(first.size)
            if measure_cpu:
                outcome.first_cpu_s.append(first_cpu)
                outcome.rerun_cpu_s.append(rerun_cpu)
        await asyncio.sleep(pause())
