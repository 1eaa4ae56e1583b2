"""Facts about the machine and software a run was measured on, for the results file."""

import datetime
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path


def facts() -> dict[str, str]:
    dirty = " + uncommitted changes" if _git("status", "--short", "--untracked-files=no") else ""
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
        "commit": _git("rev-parse", "--short", "HEAD") + dirty,
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "ram": _ram(),
        "load average (1, 5, 15 min) at the start": load_average(),
        "os": platform.platform(),
        "python": platform.python_version(),
        **{name: version(name) for name in ("numpy", "pandas", "pyarrow", "geopy", "streamlit")},
    }


def load_average() -> str:
    """Other work on the machine slows every wall-time figure; this says how much there was."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _proc_field(path: str, field: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(field)), None)


def _ram() -> str:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24576000 kB"
    return f"{int(total.split()[0]) / 1024**2:.1f} GiB" if total else "unknown"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
