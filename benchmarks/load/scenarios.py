"""The load test's runs: which server, how many patients, how long; and their results as rows.

Targets (issue 12, this 2-core machine): a new session's first run ≤ 0.2 s of server CPU, a
rerun ≤ 0.1 s; one process ≥ 6 journeys/s at saturation (5× the 1.2/s measured before);
make serve with 2 processes ≥ 1.7× one; 10 sessions with 5 s think time on one process and 50
behind make serve: step p95 ≤ 2 s, no errors; ≤ 2 MB per idle session, given back afterwards.
"""

import asyncio
import math
from dataclasses import dataclass

import numpy as np

from benchmarks.load import idle, journeys, servers
from benchmarks.load.journeys import LINKS, Outcome, Plan
from benchmarks.measure import Row, verdict

SECTION = "load"
FIRST_CPU_S, RERUN_CPU_S, STEP_P95_S, IDLE_MB = 0.2, 0.1, 2.0, 2.0
SATURATION_PER_S, SERVE_GAIN = 6.0, 1.7
MB = 1e6


@dataclass(frozen=True)
class LoadScale:
    links: tuple[str, ...]
    sequential: int  # journeys one after another (server CPU per step)
    saturation: Plan  # many patients, no think time
    thinking: Plan  # 10 patients with think time, one process
    serve_thinking: Plan  # 50 behind make serve
    peer_thinking: Plan
    idle_sessions: int


LOAD_SCALES = {
    "full": LoadScale(LINKS, 10, Plan(8, 0, 20, 10_000), Plan(10, 5, 30, 10_000),
                      Plan(50, 5, 30, 10_000), Plan(10, 5, 30, 10_000), 200),
    # Proves every part runs (≤ 30 s with server starts): one link, a few journeys.
    "tiny": LoadScale(LINKS[:1], 2, Plan(2, 0, 1, 2), Plan(1, 0.1, 1, 0), Plan(2, 0.1, 1, 0),
                      Plan(1, 0.1, 1, 0), 2),
}  # fmt: skip
LOAD_SCALES["smoke"] = LOAD_SCALES["tiny"]  # make test's smallest run: every part, once


@dataclass
class Results:
    runs: list[tuple[str, Outcome]]  # (what was measured, its outcome)
    idle: list[tuple[str, idle.Idle]]


def run_all(scale_name: str) -> Results:
    scale = LOAD_SCALES[scale_name]
    expected = journeys.expected_names(scale.links)
    results = Results([], [])

    def drive(label: str, base: str, pids: list[int], plan: Plan) -> None:
        if not plan.max_journeys:  # a run this scale leaves out
            return
        outcome = asyncio.run(journeys.run(base, pids, plan, expected, scale.links))
        results.runs.append((label, outcome))

    sequential = Plan(1, 0, 600, scale.sequential)
    with servers.one_process() as (base, pids):
        drive("app, 1 process", base, pids, sequential)
        drive("app, 1 process", base, pids, scale.saturation)
        drive("app, 1 process", base, pids, scale.thinking)
    # A fresh server: after a load run the heap holds freed memory that new sessions would
    # fill without the RSS growing, hiding what they cost.
    with servers.one_process() as (base, pids):
        measured = asyncio.run(idle.measure(base, pids, scale.idle_sessions, scale.links[0],
                                            expected))  # fmt: skip
        results.idle.append(("app, 1 process", measured))
    with servers.behind_nginx(2) as (base, pids):
        drive("app, make serve ×2", base, pids, sequential)
        drive("app, make serve ×2", base, pids, scale.saturation)
        drive("app, make serve ×2", base, pids, scale.serve_thinking)
    with servers.one_process(servers.PEER) as (base, pids):
        drive("peer, 1 process", base, pids, Plan(1, 0, 600, max(1, scale.sequential // 2)))
        drive("peer, 1 process", base, pids, scale.saturation)
        drive("peer, 1 process", base, pids, scale.peer_thinking)
    return results


def rows(results: Results) -> list[Row]:
    """The bench table's rows: one per figure, with the targets and the peer's ratio."""
    out = []
    by = {(label, o.plan.sessions, o.plan.think_s): o for label, o in results.runs}
    peer_sat = _find(results, "peer", think=0, many=True)
    for label, o in results.runs:
        name = f"{label}, {o.plan.sessions} session{'s' * (o.plan.sessions > 1)}"
        name += f", {o.plan.think_s:g} s think" if o.plan.think_s else ", no think time"
        rate_target = SATURATION_PER_S if label == "app, 1 process" and _saturating(o) else None
        if label.startswith("app, make serve") and _saturating(o):
            one = by.get(("app, 1 process", o.plan.sessions, o.plan.think_s))
            rate_target = SERVE_GAIN * one.per_s if one else None
        vs = (f"{o.per_s / peer_sat.per_s:.1f}× faster" if peer_sat and peer_sat.per_s
              and _saturating(o) and label.startswith("app") else "")  # fmt: skip
        out.append(_rate(name + ": journeys/s", o.per_s, rate_target, vs))
        p95_limit = STEP_P95_S if o.plan.think_s >= 5 and label.startswith("app") else None
        out.append(_times(name + ": first page (GET / → script_finished)", o.first_s, p95_limit))
        out.append(_times(name + ": rerun (radius 25 → 50)", o.rerun_s, p95_limit))
        errors = len(o.errors)
        out.append(Row(SECTION, name + ": errors", errors, errors, "errors", o.journeys + errors,
                       target="0" if p95_limit else "",
                       verdict=("met" if not errors else f"MISSED: {o.errors[0][:120]}")
                       if p95_limit else (o.errors[0][:120] if errors else "")))  # fmt: skip
        cores = o.server_cpu_s / o.elapsed_s if o.elapsed_s else math.nan
        out.append(
            Row(
                SECTION,
                name + ": server CPU (cores busy) · RSS peak",
                cores,
                o.rss_peak / MB,
                "cores · MB",
                1,
                verdict=f"{o.server_cpu_s / max(o.journeys, 1):.2f} s CPU per journey",
            )
        )
        if o.first_cpu_s:
            first_limit = FIRST_CPU_S if label.startswith("app") else None
            rerun_limit = RERUN_CPU_S if label.startswith("app") else None
            out.append(
                _times(
                    name + ": server CPU, new session's first run",
                    o.first_cpu_s[1:] or o.first_cpu_s,
                    first_limit,
                    median=True,
                )
            )
            out.append(
                _times(name + ": server CPU, rerun", o.rerun_cpu_s, rerun_limit, median=True)
            )
            out.append(Row(SECTION, name + ": delta messages per rerun · first page bytes",
                           _median(o.rerun_deltas), _median(o.first_bytes), "deltas · bytes",
                           len(o.rerun_deltas)))  # fmt: skip
    for label, m in results.idle:
        mb = m.per_session / MB
        out.append(Row(SECTION, f"{label}: RSS per idle session ({m.sessions} open)", mb, mb,
                       "MB", m.sessions, target=f"≤ {IDLE_MB:g} MB",
                       verdict=verdict(mb, IDLE_MB, "MB")))  # fmt: skip
        back = 100 * m.released if m.released is not None else math.nan
        out.append(Row(SECTION, f"{label}: growth given back after disconnect + TTL "
                       f"({servers.TTL_S} s)", back, back, "%", 1,
                       verdict=f"RSS {m.before / MB:.0f} → {m.open / MB:.0f} → "
                       f"{m.after / MB:.0f} MB"))  # fmt: skip
    return out


def _share(released: float | None) -> str:
    return "too little growth to tell" if released is None else f"{100 * released:.0f} %"


def _saturating(o: Outcome) -> bool:
    return o.plan.think_s == 0 and o.plan.sessions > 1


def _find(results: Results, prefix: str, think: float, many: bool) -> Outcome | None:
    for label, o in results.runs:
        if label.startswith(prefix) and o.plan.think_s == think and (o.plan.sessions > 1) == many:
            return o
    return None


def _median(samples) -> float:
    return float(sorted(samples)[len(samples) // 2]) if samples else math.nan


def _rate(name: str, value: float, at_least: float | None, vs: str) -> Row:
    if at_least is None:
        return Row(SECTION, name, value, value, "journeys/s", 1, vs)
    met = "met" if value >= at_least else (f"MISSED by {at_least - value:.2g}/s "
                                           f"({value / at_least:.2f}× the target)")  # fmt: skip
    return Row(SECTION, name, value, value, "journeys/s", 1, vs, f"≥ {at_least:.2g}", met)


def _times(name: str, samples: list[float], limit: float | None, median: bool = False) -> Row:
    """p50/p95 of step times; the target bounds the p95 (or the median for CPU figures)."""
    p50 = float(_percentile(samples, 50))
    p95 = float(_percentile(samples, 95))
    if limit is None:
        return Row(SECTION, name, p50, p95, "s", len(samples))
    bound = p50 if median else p95
    which = "median" if median else "p95"
    return Row(SECTION, name, p50, p95, "s", len(samples), target=f"{which} ≤ {limit:g} s",
               verdict=verdict(bound, limit, "s"))  # fmt: skip


def _percentile(samples: list[float], q: float) -> float:
    return np.percentile(samples, q) if samples else math.nan


def summary(results: Results) -> str:
    """One line per run, as the issue's table: what a person compares at a glance."""
    lines = [
        "| server | sessions | think | journeys/s | first page p50 / p95 | rerun p50 / p95 "
        "| errors | server CPU (cores) | CPU per journey | RSS peak | driver CPU (cores) |",
        "|" + "---|" * 11,
    ]
    for label, o in results.runs:
        lines.append(
            f"| {label} | {o.plan.sessions} | {o.plan.think_s:g} s | {o.per_s:.2f} "
            f"| {o.p(o.first_s, 50):.2f} / {o.p(o.first_s, 95):.2f} s "
            f"| {o.p(o.rerun_s, 50):.2f} / {o.p(o.rerun_s, 95):.2f} s | {len(o.errors)} "
            f"| {o.server_cpu_s / o.elapsed_s:.2f} | {o.server_cpu_s / max(o.journeys, 1):.2f} s "
            f"| {o.rss_peak / MB:.0f} MB | {o.driver_cpu_s / o.elapsed_s:.2f} |"
        )
    for label, m in results.idle:
        lines.append(
            f"\nIdle sessions ({label}, {m.sessions} open): "
            f"{m.per_session / 1e3:.0f} KB each; RSS {m.before / MB:.0f} → "
            f"{m.open / MB:.0f} MB open → {m.after / MB:.0f} MB after disconnect + "
            f"{servers.TTL_S} s TTL ({_share(m.released)} of the growth given back)."
        )
    return "\n".join(lines)  # fmt: skip
