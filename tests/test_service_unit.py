"""The systemd unit (serve/clinic-finder.service): a non-root service that systemd restarts,
that never installs, and that systemd itself accepts (`systemd-analyze verify`)."""

import shutil
import subprocess
from collections import defaultdict

import pytest

from clinic_finder import paths

UNIT = paths.PROJECT_DIR / "serve" / "clinic-finder.service"
INSTALLED_AT = "/srv/clinic-finder"  # where the unit expects the checkout (README)


def _unit() -> dict[str, dict[str, list[str]]]:
    """Sections → keys → values (a key may repeat, as Environment= does)."""
    sections: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    section = ""
    for line in UNIT.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif line and not line.startswith("#"):
            key, value = line.split("=", 1)
            sections[section][key].append(value)
    return sections


def test_a_non_root_service_that_is_restarted_and_never_installs():
    service = _unit()["Service"]
    assert service["User"] == ["clinic-finder"] and service["Group"] == ["clinic-finder"]
    assert service["Restart"] == ["on-failure"] and service["Type"] == ["notify"]
    (start,) = service["ExecStart"]
    assert start == f"{INSTALLED_AT}/.venv/bin/python -m serve"
    commands = " ".join(value for key, values in service.items() if key.startswith("Exec")
                        for value in values)  # fmt: skip
    assert "pip" not in commands and "make" not in commands
    assert "SERVE_LOG_DIR=/var/log/clinic-finder" in service["Environment"]
    assert int(service["TimeoutStopSec"][0]) <= 10 and service["KillMode"] == ["mixed"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze here")
def test_systemd_accepts_the_unit(tmp_path):
    """On the checkout here instead of /srv/clinic-finder (verify checks ExecStart exists)."""
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace(INSTALLED_AT, str(paths.PROJECT_DIR)))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True)  # fmt: skip
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
