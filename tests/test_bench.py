"""The benchmark still runs: once, at tiny size, with no timing asserted."""

import subprocess
import sys

from clinic_finder import paths

SECTIONS = ("make data", "large source", "geocoder", "search", "answer", "map", "app", "browser",
            "load")  # fmt: skip


def test_tiny_benchmark_prints_every_section_and_writes_results(tmp_path):
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "tiny", "--out", str(out)],
        cwd=paths.PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed, written = done.stdout.splitlines(), out.read_text()
    for section in SECTIONS:
        assert any(line.startswith(f"{section}  ") for line in printed), section
        assert f"| {section} |" in written, section
    assert "vs naive" in written and "× faster" in written and "## Machine" in written
