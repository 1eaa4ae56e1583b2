"""The benchmark still runs: once, small, with no timing asserted."""

import os
import subprocess
import sys

from clinic_finder import paths

# `smoke` (make test) or `tiny` (CI); both pass through every section.
SCALE = os.environ.get("CLINIC_FINDER_BENCH_SCALE", "smoke")
SECTIONS = ("make data", "large source", "geocoder", "search", "answer", "map", "app", "browser",
            "first screen", "visitors", "load", "api", "feeds")  # fmt: skip


def test_a_small_benchmark_prints_every_section_and_writes_results(tmp_path):
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", SCALE, "--out", str(out)],
        cwd=paths.PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,  # a guard against a hang, not a figure: the sections print the figures
    )
    assert done.returncode == 0, done.stderr
    printed, written = done.stdout.splitlines(), out.read_text()
    for section in SECTIONS:
        assert any(line.startswith(f"{section}  ") for line in printed), section
        assert f"| {section} |" in written, section
    assert "vs naive" in written and "× faster" in written and "## Machine" in written
