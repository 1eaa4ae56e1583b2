"""make serve as an administrator runs it (issue 31): a process killed with `kill -9` is logged,
restarted after a back-off and routed around meanwhile; a searched place reaches no log, whatever
failed; logs live in their own folder, survive restarts and rotate on SIGUSR1; SIGINT to make's
pid, or SIGTERM to the supervisor, stops everything within 5 s; repeated crashes are reported."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from clinic_finder import paths
from clinic_finder.settings import ServeSettings
from harness.live_app import OFFLINE_ENV
from serve import apps, nginx, supervise

pytestmark = pytest.mark.skipif(
    not nginx.NGINX.exists() and not os.environ.get("CI"), reason=f"no nginx at {nginx.NGINX}"
)
PLACE = "Quillborough Fenwick"  # on no map: anywhere it shows, a log kept what was typed
QUERY = f"/?near={PLACE.replace(' ', '+')}%2C+OH&radius=25&service=KIT"
STARTUP_S = 240


def _start(command: list[str], log_dir: Path, processes: int,
           **extra: str) -> tuple[subprocess.Popen, str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SERVE_", "MAKEFLAGS"))}
    env.update(OFFLINE_ENV, SERVE_PROCESSES=str(processes), SERVE_LOG_DIR=str(log_dir),
               SERVE_LISTEN=f"127.0.0.1:{apps.free_port()}", **extra)  # fmt: skip
    started = subprocess.Popen(command, cwd=paths.PROJECT_DIR, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    deadline = time.monotonic() + STARTUP_S
    assert started.stdout is not None
    for line in started.stdout:  # the one line make serve prints once every process is ready
        if line.startswith("serving "):
            return started, line.split()[1]
        assert time.monotonic() < deadline
    pytest.fail(f"make serve exited with {started.wait()}:\n{_read(log_dir / 'serve.log')}")


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def _family(pid: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        for child in _read(task / "children").split():
            found += _family(int(child))
    return found


def _alive(pid: int) -> bool:
    status = _read(Path(f"/proc/{pid}/status"))
    return bool(status) and "\nState:\tZ" not in status


def _wait_for(predicate, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def _browse(base: str, path: str, times: int) -> list[int]:
    """`times` new browsers (no cookie: each is routed afresh), the status of each answer."""
    statuses = []
    for _ in range(times):
        with requests.Session() as browser:
            browser.trust_env = False
            statuses.append(browser.get(base + path, timeout=30).status_code)
    return statuses


def _site_ready(base: str) -> str:
    with requests.Session() as browser:
        browser.trust_env = False
        return browser.get(base + "/-/ready", timeout=10).text


def _bad_request(base: str) -> None:
    """A request nginx refuses (a header line it cannot read), with the place in its link."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(f"GET {QUERY} HTTP/1.1\r\nHost: x\r\nBad\x01Header: 1\r\n\r\n".encode())
        raw.recv(1024)


def test_kill_9_is_logged_restarted_routed_around_and_no_log_keeps_a_searched_place(tmp_path):
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    (log_dir / "app.log").write_text("a line from the run before\n")  # kept across restarts
    make, base = _start(["make", "-s", "serve"], log_dir, processes=2)
    try:
        supervisor = int(_read(log_dir / "serve.pid"))
        family = _family(make.pid)
        assert supervisor in family and len(family) >= 5  # make, serve, 2 apps, nginx (+workers)
        commands = " ".join(_read(Path(f"/proc/{pid}/cmdline")) for pid in family)
        prefix = re.search(r"nginx: master process .* -p (\S+)", commands.replace("\0", " "))
        assert prefix, "nginx's prefix (the run's folder)"
        assert _site_ready(base) == "ready: 2 of 2 app processes\n"  # nginx's own answer
        victim = int(re.search(r"app-0 started: pid (\d+)", _read(log_dir / "serve.log"))[1])

        os.kill(victim, signal.SIGKILL)
        # Every browser is answered meanwhile: nginx passes app-0's share to app-1.
        assert set(_browse(base, QUERY, 16)) == {200}
        _bad_request(base)
        # The supervisor notices at its next look (every 0.1 s, or after a slow readiness check);
        # app-0 then waits 1 s and warms up for seconds, so 1 of 2 holds a while.
        _wait_for(lambda: "exited with signal 9" in _read(log_dir / "serve.log"), 10,
                  "the supervisor noticed the kill")  # fmt: skip
        assert _site_ready(base) == "ready: 1 of 2 app processes\n"
        _wait_for(lambda: "app-0 started: pid" in _read(log_dir / "serve.log").split("SIGKILL")[-1],
                  10, "app-0 restarted after its back-off")  # fmt: skip
        assert set(_browse(base, QUERY, 8)) == {200}  # app-0 warming up: 503, then app-1 answers
        _wait_for(lambda: _read(log_dir / "serve.log").count("app-0 ready") == 2, 180,
                  "the restarted app-0 ready")  # fmt: skip

        serve_log = _read(log_dir / "serve.log")
        assert re.search(rf"app-0 \(pid {victim}\) exited with signal 9 \(SIGKILL\): restarting "
                         r"in 1 s \(crash 1 of 5 in a row\); 1 of 2", serve_log)  # fmt: skip
        assert 'upstream_status="502, 200"' in _read(log_dir / "access.log")  # failure recorded
        assert "connect() failed (111: Connection refused)" in _read(log_dir / "nginx-error.log")
        assert _read(log_dir / "app.log").startswith("a line from the run before\n")
        written = [*log_dir.rglob("*"), *Path(prefix[1]).rglob("*")]
        for path in (p for p in written if p.is_file()):
            text = _read(path)
            assert PLACE.split()[0] not in text and "near=" not in text, path

        # Rotation: the files moved away, SIGUSR1, and every log starts again where it was.
        for name in ("serve.log", "app.log", "nginx-error.log", "access.log"):
            (log_dir / name).rename(log_dir / f"{name}.1")
        os.kill(supervisor, signal.SIGUSR1)
        _wait_for(lambda: (log_dir / "serve.log").exists(), 5, "serve.log reopened")
        _browse(base, "/-/ready", 1)
        _wait_for(lambda: (log_dir / "access.log").exists(), 5, "nginx reopened access.log")

        family = _family(make.pid)
        os.kill(make.pid, signal.SIGINT)  # make's own pid, not its group
        start = time.monotonic()
        make.wait(timeout=10)
        _wait_for(lambda: not any(map(_alive, family)), 5 - (time.monotonic() - start),
                  "everything stopped within 5 s of SIGINT to make")  # fmt: skip
    finally:
        if make.poll() is None:
            make.kill()


def test_sigterm_to_the_supervisor_stops_everything_within_5_s(tmp_path):
    """As systemd runs it: Type=notify (READY=1 once serving), then `systemctl stop`."""
    systemd = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    systemd.bind(str(tmp_path / "notify"))
    systemd.settimeout(5)
    started, _ = _start([sys.executable, "-m", "serve"], tmp_path, processes=1,
                        NOTIFY_SOCKET=str(tmp_path / "notify"))  # fmt: skip
    try:
        assert systemd.recv(100) == b"READY=1"
        family = _family(started.pid)
        started.send_signal(signal.SIGTERM)
        start = time.monotonic()
        assert started.wait(timeout=5) == 0
        _wait_for(lambda: not any(map(_alive, family)), 5 - (time.monotonic() - start),
                  "everything stopped within 5 s of SIGTERM")  # fmt: skip
        assert _read(tmp_path / "serve.log").rstrip().endswith("stopped")
        assert systemd.recv(100) == b"STOPPING=1"
    finally:
        systemd.close()
        if started.poll() is None:
            started.kill()


def test_repeated_crashes_are_reported_and_then_left_out(tmp_path, monkeypatch):
    """A process that dies at once is restarted after a growing wait, each crash a line in the
    log; after GIVE_UP in a row it is left out, and with none left the supervisor stops."""

    def crashing(port, log_path, script, options, env, pipe, **popen):
        dies = [sys.executable, "-c", "import sys; sys.exit(3)"]
        return subprocess.Popen(dies, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)

    monkeypatch.setattr(supervise.apps, "start", crashing)
    monkeypatch.setattr(supervise, "BACKOFF_S", (0.05, 0.1, 0.2))
    settings = ServeSettings(1, "127.0.0.1:1", tmp_path, nginx.NGINX)
    supervisor = supervise.Supervisor(settings)
    slot = supervise.Slot(0, apps.free_port())
    supervisor.slots.append(slot)
    supervisor._spawn(slot)
    try:
        with pytest.raises(supervise.Failed, match="every app process keeps crashing"):
            for _ in range(200):
                supervisor.tick()
                time.sleep(0.05)
    finally:
        supervisor.stop()
    log = _read(tmp_path / "serve.log")
    waits = re.findall(r"exited with status 3: restarting in ([\d.]+) s \(crash (\d) of 5", log)
    assert waits == [("0.05", "1"), ("0.1", "2"), ("0.2", "3"), ("0.2", "4")]
    assert "ERROR app-0 (pid" in log and "5 crashes in a row, left out; 0 of 1 serve" in log
