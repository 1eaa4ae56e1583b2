"""make serve and make run check every setting before they start or write anything (issue 31):
every problem at once, one line each, exit status 2, never a traceback; an address in use and a
second make serve on the same log folder are refused first; the service never installs."""

import fcntl
import os
import re
import socket
import subprocess
import sys

import pytest

from clinic_finder import paths
from serve import preflight
from serve.apps import free_port

ROOT = paths.PROJECT_DIR


def _env(tmp_path, **settings: str) -> dict[str, str]:
    names = ("CLINIC_FINDER_", "SERVE_", "MAKEFLAGS", "MFLAGS")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    return {**keep, "SERVE_LOG_DIR": str(tmp_path / "log"), **settings}


def _serve(env: dict[str, str], *command: str) -> subprocess.CompletedProcess:
    argv = list(command) or [sys.executable, "-m", "serve"]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_make_serve_names_every_bad_setting_on_its_own_line_and_starts_nothing(tmp_path):
    bad = {
        "SERVE_PROCESSES": "0",
        "SERVE_LISTEN": "127.0.0.1:8O80",
        "CLINIC_FINDER_DATA_DIR": str(tmp_path / "no-such-folder"),
        "CLINIC_FINDER_GEOCODER": "nominatim",
        "CLINIC_FINDER_USER_AGENT": "clinic-finder (it@example.org)",
        "CLINIC_FINDER_GEOCODE_TIMEOUT": "soon",
        "CLINIC_FINDER_TILES": "tiles.example.org",
    }
    done = _serve(_env(tmp_path, **bad), "make", "-s", "serve")
    assert done.returncode != 0 and "Traceback" not in done.stderr + done.stdout
    assert "serving" not in done.stdout
    lines = done.stderr.splitlines()
    assert lines[0].startswith("make serve: not started")
    for name, value in bad.items():
        if name == "CLINIC_FINDER_GEOCODER":  # a good value: the lookup's other settings are bad
            continue
        (line,) = [line for line in lines if line.strip().startswith(f"{name}=")]
        assert repr(value) in line
    assert not (tmp_path / "log").exists()  # nothing written


def test_make_run_checks_its_settings_too(tmp_path):
    env = _env(tmp_path, CLINIC_FINDER_DATA_DIR=str(tmp_path), CLINIC_FINDER_TILES="nope")
    done = _serve(env, sys.executable, "-m", "serve.apps", "--port", "8O80")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert re.search(r"^  PORT='8O80': ", done.stderr, re.M)
    assert re.search(r"^  CLINIC_FINDER_DATA_DIR=.* lacks clinics.parquet", done.stderr, re.M)
    assert re.search(r"^  CLINIC_FINDER_TILES='nope': ", done.stderr, re.M)


def test_an_address_in_use_is_refused_before_anything_is_written(tmp_path):
    """The second make serve on a port (issue 31 case 3) writes nothing and says why."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        listen = f"127.0.0.1:{taken.getsockname()[1]}"
        done = _serve(_env(tmp_path, SERVE_LISTEN=listen))
    assert done.returncode == 2 and "serving" not in done.stdout
    assert re.search(rf"^  SERVE_LISTEN='{listen}': is in use", done.stderr, re.M)
    assert not (tmp_path / "log").exists()


def test_a_second_make_serve_on_the_same_log_folder_is_refused(tmp_path):
    """Another port, the same logs: it would write into the running server's files."""
    (tmp_path / "log").mkdir()
    with (tmp_path / "log" / "serve.pid").open("a+") as held:
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        done = _serve(_env(tmp_path, SERVE_LISTEN=f"127.0.0.1:{free_port()}"))
    assert done.returncode == 2
    assert "in use by the make serve with pid 4242" in done.stderr
    assert {p.name for p in (tmp_path / "log").iterdir()} == {"serve.pid"}


@pytest.mark.parametrize(
    "settings",
    [
        {"SERVE_PROCESSES": value}
        # "٣" (Arabic-Indic 3): str.isdigit() says yes and int() reads it
        for value in ("0", "-1", "two", "1e3", "65", "٣")
    ]
    + [
        {"SERVE_LISTEN": value}
        for value in ("127.0.0.1:8O80", ":80", "host", "1.2.3.4:99999", "[::1]:x", "a b:1")
    ]
    + [
        {"SERVE_LOG_DIR": "/dev/null/log"},
        {"SERVE_LOG_DIR": "/tmp/a b"},
        {"SERVE_TLS_CERT": "/nonexistent.pem"},
        {"SERVE_REDIRECT_FROM": "0.0.0.0:80"},
        {"CLINIC_FINDER_NGINX": "/nonexistent/nginx"},
        {"CLINIC_FINDER_GEOCODE_TIMEOUT": "1e400"},
        {"CLINIC_FINDER_CACHE_DIR": "/dev/null"},
    ],
    ids=lambda settings: "-".join(f"{k}={v}" for k, v in settings.items()),
)
def test_no_value_ends_in_a_traceback(settings, tmp_path):
    _, problems = preflight.for_serve(_env(tmp_path, **settings))
    (name,) = settings
    assert [line for line in problems if line.startswith(f"{name}=")], problems


def test_the_service_never_installs_and_says_when_packages_are_stale(tmp_path, monkeypatch):
    """After a `git pull` that changed requirements.txt (issue 31 case 10)."""
    pulled = subprocess.run(["make", "-n", "-W", "requirements.txt", "serve"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "pip" not in pulled and "-m serve" in pulled
    install = subprocess.run(["make", "-n", "-W", "requirements.txt", "install"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "pip install" in install and "-r requirements.txt" in install
    newer = tmp_path / "requirements.txt"
    newer.write_text("")
    stamp = tmp_path / ".runtime"
    stamp.write_text("")
    os.utime(stamp, (0, 0))
    monkeypatch.setattr(preflight, "REQUIREMENTS", newer)
    monkeypatch.setattr(preflight, "INSTALLED_STAMP", stamp)
    (line,) = preflight.install_problems()
    assert "make install" in line
