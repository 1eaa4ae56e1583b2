"""One figure of the benchmark, summarised as median and 95th percentile over repeated runs."""

import resource
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    section: str
    name: str
    median: float
    p95: float
    unit: str
    runs: int
    vs: str = ""  # the naive approach's median divided by this one's, measured in the same run
    target: str = ""
    verdict: str = ""


def seconds_each(run: Callable, items: Iterable) -> list[float]:
    """Wall time of `run(item)` for every item."""
    samples = []
    for item in items:
        start = time.perf_counter()
        run(item)
        samples.append(time.perf_counter() - start)
    return samples


def child_cpu_seconds() -> float:
    """CPU time used so far by finished child processes: unlike wall time, it does not grow when
    other work shares the machine, so it shows what a figure would be on an idle one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def row(
    section: str,
    name: str,
    samples: list[float],
    unit: str,
    limit: float | None = None,
    naive_median: float | None = None,
    better: str = "faster",
    bound: str = "median",
) -> Row:
    """Summarise samples (already in `unit`); the target, where given, bounds the median (or
    the p95: `bound="p95"`). `better` names the ratio's direction: "faster" for times, "smaller"
    for sizes."""
    median, p95 = float(np.median(samples)), float(np.percentile(samples, 95))
    vs = f"{_ratio(naive_median / median)}× {better}" if naive_median and median else ""
    if limit is None:
        return Row(section, name, median, p95, unit, len(samples), vs)
    return Row(
        section,
        name,
        median,
        p95,
        unit,
        len(samples),
        vs,
        target=f"{'p95 ' * (bound == 'p95')}≤ {round(limit, 2):g} {unit}",
        verdict=verdict(p95 if bound == "p95" else median, limit, unit),
    )


def _ratio(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def verdict(value: float, limit: float, unit: str) -> str:
    if value <= limit:
        return "met"
    return f"MISSED by {value - limit:.3g} {unit} ({value / limit:.1f}× the target)"


def run_at_once(work: Callable[[int], None], count: int) -> float:
    """Wall seconds for `count` threads running `work(0)` … `work(count - 1)` at once."""
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started
