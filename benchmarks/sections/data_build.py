"""`make data`: the real build command, offline, into a scratch data directory."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row, child_cpu_seconds, row
from benchmarks.scale import Scale
from clinic_finder import paths
from clinic_finder.table import build

SECTION = "make data"
TARGET_S = 20.0  # issue "Every licensed facility": three sources, about twice the rows


def measure(scale: Scale) -> list[Row]:
    walls, cpus = zip(*(_one_build() for _ in range(scale.build_runs)), strict=True)
    return [
        row(SECTION, "build (python -m clinic_finder build, offline)", list(walls), "s", TARGET_S),
        row(SECTION, "build, CPU time of the process", list(cpus), "s"),
    ]


def _one_build() -> tuple[float, float]:
    """Wall and CPU seconds of the command `make data` runs, writing into a scratch directory
    (via CLINIC_FINDER_DATA_DIR) so the committed table is never touched."""
    with tempfile.TemporaryDirectory(prefix="bench-data-") as scratch:
        data_dir = Path(scratch)
        (data_dir / "raw").symlink_to(paths.RAW_DIR, target_is_directory=True)
        shutil.copy(paths.DATA_DIR / build.EXTRA_CODES_FILE, data_dir)
        env = {**os.environ, "CLINIC_FINDER_DATA_DIR": scratch, "CLINIC_FINDER_GEOCODER": "off"}
        env.pop("CLINIC_FINDER_GEOCODE_CACHE", None)  # no earlier online answers: offline only
        cpu, start = child_cpu_seconds(), time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "clinic_finder", "build"],
            env=env,
            check=True,
            cwd=paths.PROJECT_DIR,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start, child_cpu_seconds() - cpu
        if not (data_dir / paths.CLINICS_TABLE.name).is_file():
            raise RuntimeError("the build wrote no table")
        return elapsed
