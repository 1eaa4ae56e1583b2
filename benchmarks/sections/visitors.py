"""New visitors to `make run`, started exactly as the Makefile starts it: server CPU per new
visitor, and ten visitors arriving within 2 s who each think 5 s before widening the radius.

`make dev` (Streamlit's file watcher on, reloading on save) is measured beside it once, so the
size of that lever stays on record. Each server is a `make -s run PORT=…` child in its own process
group (harness.live_app.make_target); its CPU is read from /proc for make and the process it
started (serve.apps execs Streamlit).
The server's very first run (imports, the table, the place index) is the app section's cold
start: one journey warms it before anything is measured.

A new visitor is measured again once more visitors have come and gone than Streamlit keeps for
a reconnect (the last 128, for 2 minutes): a server whose every run walks what they left behind
(a full garbage collection per run did) grows slower all day long while one visitor at a time
looks fast.
"""

import asyncio
from dataclasses import dataclass

import numpy as np

from benchmarks.load import journeys, servers
from benchmarks.load.journeys import Plan
from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from harness.live_app import make_target

SECTION = "visitors"
CPU_PER_VISITOR_S, FIRST_PAGE_P95_S = 0.15, 0.5
TARGETS = ("run",)  # make dev is on record, not held to a target
LATER_RATIO = 1.25  # a new visitor's server CPU after many left, over the first visitors'
BURST = Plan(sessions=10, think_s=5, duration_s=60, max_journeys=10, arrive_within_s=2)


@dataclass(frozen=True)
class VisitorScale:
    sequential: int  # new visitors one after another (server CPU each)
    bursts: int  # rounds of BURST
    burst: Plan
    gone: int  # visitors who came and left before a new visitor is measured again


SCALES = {
    "full": VisitorScale(10, 3, BURST, gone=140),  # more than the 128 Streamlit keeps
    "tiny": VisitorScale(2, 1, Plan(2, 0.2, 10, 2, arrive_within_s=0.2), gone=10),
}
SCALES["smoke"] = SCALES["tiny"]


def measure(scale: Scale) -> list[Row]:
    chosen = SCALES[scale.name]
    links = journeys.LINKS if scale.name == "full" else journeys.LINKS[:1]
    expected = journeys.expected_names(links)
    rows = []
    for target in ("run", "dev") if scale.name != "smoke" else ("run",):  # smoke: make test's
        with make_target(target) as (base, pids):
            asyncio.run(servers.warm(base))  # the process's first run is the app section's
            one = asyncio.run(journeys.run(base, pids, Plan(1, 0, 600, chosen.sequential),
                                           expected, links))  # fmt: skip
            burst = [asyncio.run(journeys.run(base, pids, chosen.burst, expected, links))
                     for _ in range(chosen.bursts)]  # fmt: skip
            later = (
                _after_many_left(base, pids, chosen, expected, links) if target in TARGETS else None
            )
        rows += _rows(f"make {target}", target in TARGETS, one, burst)
        if later is not None:
            rows.append(row(SECTION, f"make {target}: server CPU per new visitor (first page), "
                                     f"after {chosen.gone} others came and left",
                            later.first_cpu_s, "s",
                            LATER_RATIO * float(np.median(one.first_cpu_s))))  # fmt: skip
    return rows


def _after_many_left(base: str, pids, chosen: VisitorScale, expected, links) -> journeys.Outcome:
    """New visitors one after another, measured once `chosen.gone` others have left."""
    gone = asyncio.run(journeys.run(base, pids, Plan(1, 0, 600, chosen.gone), expected, links))
    later = asyncio.run(
        journeys.run(base, pids, Plan(1, 0, 600, chosen.sequential), expected, links)
    )
    errors = gone.errors + later.errors
    if errors:  # as in _rows: a failed page is no figure at all
        raise RuntimeError(f"{len(errors)} visits failed, e.g. {errors[0]}")
    return later


def _rows(server: str, targeted: bool, one, bursts) -> list[Row]:
    first = [s for outcome in bursts for s in outcome.first_s]
    rerun = [s for outcome in bursts for s in outcome.rerun_s]
    errors = [e for outcome in (one, *bursts) for e in outcome.errors]
    if errors:  # a fast but wrong or failed page is no figure at all
        raise RuntimeError(f"{server}: {len(errors)} visits failed, e.g. {errors[0]}")
    plan = bursts[0].plan
    arrivals = f"{plan.sessions} arriving within {plan.arrive_within_s:g} s"
    return [
        row(SECTION, f"{server}: server CPU per new visitor (first page)", one.first_cpu_s, "s",
            CPU_PER_VISITOR_S if targeted else None),
        row(SECTION, f"{server}: {arrivals}: first page", first, "s",
            FIRST_PAGE_P95_S if targeted else None, bound="p95"),
        row(SECTION, f"{server}: {arrivals}: rerun after {plan.think_s:g} s think", rerun, "s"),
        # All the server's CPU over the visits one after another, background threads included
        row(SECTION, f"{server}: server CPU per visit (first page and rerun, all threads)",
            [one.server_cpu_s / one.journeys], "s"),
    ]  # fmt: skip
