"""The benchmark still runs: once, small, with no timing asserted.

The sections run in three groups at once, each a `python -m benchmarks --only …` of its own: most
of a section's time at this scale is waiting for servers to start and browsers to load, so one
after another took 236 s (78 s of CPU) and three at once take about a third of that.
"""

import os
import subprocess
import sys

from clinic_finder import paths

# `smoke` (make test) or `tiny` (CI); both pass through every section.
SCALE = os.environ.get("CLINIC_FINDER_BENCH_SCALE", "smoke")
# Module names (for --only) → the names printed; the groups are about equally long at smoke scale.
# Smoke scale, quiet machine (2026-12-05): load 41 s + first screen 52 s; the data sections 90 s;
# app, browser, visitors, api and reports 81 s (first screen was in that group: 133 s).
GROUPS = (
    {"load": "load", "first_screen": "first screen"},
    {"data_build": "make data", "large_source": "large source", "geocoder": "geocoder",
     "search": "search", "answer": "answer", "map": "map", "feeds": "feeds"},
    {"app_start": "app", "browser": "browser", "visitors": "visitors", "api": "api",
     "reports": "reports"},
)  # fmt: skip


def test_the_groups_hold_every_section_once():
    named = [module for group in GROUPS for module in group]
    sections = (paths.PROJECT_DIR / "benchmarks" / "sections").glob("*.py")
    assert sorted(named) == sorted(p.stem for p in sections if p.stem != "__init__")


def test_a_small_benchmark_prints_every_section_and_writes_results(tmp_path):
    runs = []
    for number, group in enumerate(GROUPS):
        out = tmp_path / f"results-{number}.md"
        only = [arg for module in group for arg in ("--only", module)]
        command = [sys.executable, "-m", "benchmarks", "--scale", SCALE, "--out", str(out), *only]
        runs.append((group, out, subprocess.Popen(command, cwd=paths.PROJECT_DIR, text=True,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)))  # fmt: skip
    written_all = ""
    for group, out, process in runs:
        # A guard against a hang, not a figure: the sections print the figures.
        stdout, stderr = process.communicate(timeout=900)
        assert process.returncode == 0, stderr
        printed, written = stdout.splitlines(), out.read_text()
        for section in group.values():
            assert any(line.startswith(f"{section}  ") for line in printed), section
            assert f"| {section} |" in written, section
        assert "## Machine" in written
        written_all += written
    assert "vs naive" in written_all and "× faster" in written_all
