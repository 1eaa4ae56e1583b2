"""make serve's supervisor: the app processes and nginx, started, watched and stopped together.

A process that exits is logged with how it ended and started again on its port after a back-off
(1, 2, 4 … 30 s); meanwhile nginx passes its browsers to the others (`proxy_next_upstream`), as
it does while a restarted process warms up (503 until ready, serve/ready.py). A process that
crashes `GIVE_UP` times without `STABLE_S` of service between is left out with an error line,
and when none is left the supervisor stops with an error (systemd's `Restart=` takes over).
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clinic_finder.settings import COOKIE_SECRET, ServeSettings
from serve import apps, logs, nginx
from serve.ready import READY_PATH

BACKOFF_S = (1, 2, 4, 8, 16, 30)
STABLE_S = 60  # ready this long: earlier crashes are forgiven
GIVE_UP = 5  # crashes in a row (no stable spell between): the process is left out
STOP_S = 4  # after SIGTERM, then SIGKILL: everything is gone within 5 s
PR_SET_PDEATHSIG = 1


class Failed(RuntimeError):
    """The stack could not start, or can no longer serve; the message says why."""


@dataclass
class Slot:
    """One app process's place: its number and port stay; its process comes and goes."""

    number: int
    port: int
    process: subprocess.Popen | None = None
    started: float = 0.0
    ready_since: float | None = None
    crashes: int = 0
    restart_at: float | None = None
    left_out: bool = False

    @property
    def name(self) -> str:
        return f"app-{self.number}"


@dataclass
class Supervisor:
    settings: ServeSettings
    upstreams: Sequence[str] = ()  # app processes elsewhere: none started here
    script: str = apps.SCRIPT
    options: dict | None = None
    env: dict = field(default_factory=dict)
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="clinic-finder-")))
    slots: list[Slot] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    stopping: bool = False

    def __post_init__(self) -> None:
        log_dir = self.settings.log_dir
        written = (logs.SERVE_LOG, logs.APP_LOG, logs.NGINX_ERROR_LOG)  # access.log: nginx's own
        self.logs = {name: logs.LogFile(log_dir / name) for name in written}
        self._pumps: list = []
        # One cookie secret for all: Streamlit signs its XSRF cookie with it, and a browser moved
        # to another process (its own left the pool) must still be trusted there. In the
        # environment, not on the command line, where `ps` would show it.
        secret = os.environ.get(COOKIE_SECRET) or secrets.token_hex(32)
        self.env = {**self.env, COOKIE_SECRET: secret}

    def say(self, message: str, error: bool = False) -> None:
        """A line in serve.log, and on stderr (the journal, under systemd)."""
        line = logs.stamped(("ERROR " if error else "") + message)
        self.logs[logs.SERVE_LOG].write(line)
        print(line, file=sys.stderr, flush=True)

    # --- start -------------------------------------------------------------------------------
    def start(self) -> str:
        """Every app process ready, then nginx answering; returns the address people open."""
        ports: set[int] = set()
        for number in range(0 if self.upstreams else self.settings.processes):
            port = apps.free_port()
            while port in ports:  # the kernel may hand the same free port out twice
                port = apps.free_port()
            ports.add(port)
            self.slots.append(Slot(number, port))
        for slot in self.slots:
            self._spawn(slot)
        deadline = time.monotonic() + apps.STARTUP_S
        while not all(slot.ready_since for slot in self.slots):
            for slot in self.slots:
                if slot.process and slot.process.poll() is not None:
                    how = _how(slot.process.returncode)
                    raise Failed(f"{slot.name} exited with {how} before it was ready (its "
                                 f"output: {self.logs[logs.APP_LOG].path})")  # fmt: skip
                self._check_ready(slot)
            if time.monotonic() > deadline:
                raise Failed(f"the app processes were not ready within {apps.STARTUP_S} s")
            time.sleep(0.1)
        targets = list(self.upstreams) or [f"{apps.LOOPBACK}:{s.port}" for s in self.slots]
        s = self.settings
        tls = nginx.Tls(s.tls_cert, s.tls_key) if s.tls_cert and s.tls_key else None
        # nginx's workers run as `nobody` when it is started as root: they must read the status
        # file. Nothing secret is kept here (the config, its temp dirs, the readiness file).
        self.run_dir.chmod(0o755)
        config = nginx.write(targets, s.listen, self.run_dir / "nginx", tls=tls,
                             redirect_from=s.redirect_from, log_dir=s.log_dir)  # fmt: skip
        nginx.check(config, s.nginx)
        self.proxy = nginx.start(config, s.nginx, **_child())
        assert self.proxy.stdout is not None
        errors = self.logs[logs.NGINX_ERROR_LOG]
        self._pumps.append(logs.pump(self.proxy.stdout, errors, logs.redact_nginx))
        self._write_status()
        scheme = "https" if tls else "http"
        # Through nginx: the whole path works (on loopback a certificate's names cannot match).
        url = f"{scheme}://{apps.LOOPBACK}:{s.listen.rsplit(':', 1)[1]}{READY_PATH}"
        try:
            apps.wait_for_url(url, self.proxy, 10, context=_unverified() if tls else None)
        except apps.AppFailed as error:
            raise Failed(f"nginx did not serve ({error}): {errors.path} says why") from None
        return f"{scheme}://{s.listen}"

    def _spawn(self, slot: Slot) -> None:
        process = apps.start(slot.port, None, self.script, self.options, self.env, pipe=True,
                             **_child())  # fmt: skip
        assert process.stdout is not None
        prefix = f"{slot.name} "
        self._pumps.append(logs.pump(process.stdout, self.logs[logs.APP_LOG],
                                     lambda line: logs.stamped(prefix + line)))  # fmt: skip
        slot.process, slot.started, slot.ready_since, slot.restart_at = (
            process,
            time.monotonic(),
            None,
            None,
        )
        self.say(f"{slot.name} started: pid {process.pid}, port {slot.port}")

    def _check_ready(self, slot: Slot) -> None:
        if slot.ready_since is None and _answers(f"http://{apps.LOOPBACK}:{slot.port}{READY_PATH}"):
            slot.ready_since = time.monotonic()
            seconds = slot.ready_since - slot.started
            self.say(f"{slot.name} ready after {seconds:.1f} s (pid {slot.process.pid})")  # type: ignore[union-attr]
            self._write_status()

    # --- watch -------------------------------------------------------------------------------
    def tick(self) -> None:
        """One look at every process: crashed ones logged and restarted, new ones checked."""
        if self.proxy and self.proxy.poll() is not None and not self.stopping:
            raise Failed(f"nginx exited with {_how(self.proxy.returncode)}; "
                         f"{self.logs[logs.NGINX_ERROR_LOG].path} says why")  # fmt: skip
        now = time.monotonic()
        for slot in self.slots:
            if slot.left_out or self.stopping:
                continue
            if slot.process and slot.process.poll() is not None:
                self._crashed(slot, now)
            elif slot.process is None and slot.restart_at is not None and now >= slot.restart_at:
                self._spawn(slot)
            elif slot.process and slot.ready_since is None:
                self._check_ready(slot)
                if now - slot.started > apps.STARTUP_S and slot.ready_since is None:
                    self.say(f"{slot.name} not ready within {apps.STARTUP_S} s: killed", True)
                    slot.process.kill()
            elif slot.ready_since and slot.crashes and now - slot.ready_since > STABLE_S:
                slot.crashes = 0
        if self.slots and all(slot.left_out for slot in self.slots):
            raise Failed("every app process keeps crashing: stopping (app.log says why)")

    def _crashed(self, slot: Slot, now: float) -> None:
        assert slot.process is not None
        how, pid = _how(slot.process.returncode), slot.process.pid
        slot.process, slot.ready_since = None, None
        slot.crashes += 1
        self._write_status()
        serving = sum(1 for s in self.slots if s.ready_since)
        if slot.crashes >= GIVE_UP:
            slot.left_out = True
            self.say(f"{slot.name} (pid {pid}) exited with {how}: {slot.crashes} crashes in a "
                     f"row, left out; {serving} of {len(self.slots)} serve", True)  # fmt: skip
            return
        wait = BACKOFF_S[min(slot.crashes, len(BACKOFF_S)) - 1]
        slot.restart_at = now + wait
        self.say(f"{slot.name} (pid {pid}) exited with {how}: restarting in {wait} s (crash "
                 f"{slot.crashes} of {GIVE_UP} in a row); {serving} of {len(self.slots)} "
                 "processes serve meanwhile", True)  # fmt: skip

    def _write_status(self) -> None:
        """The file nginx answers /-/ready from: there while at least one process is ready."""
        ready_file = self.run_dir / "nginx" / nginx.STATUS_DIR / nginx.READY_FILE
        if not ready_file.parent.is_dir():
            return
        ready = sum(1 for slot in self.slots if slot.ready_since)
        if self.upstreams:
            ready_file.write_text(f"ready: nginx in front of {len(self.upstreams)} app "
                                  "processes elsewhere (not checked from here)\n")  # fmt: skip
        elif ready:
            ready_file.write_text(f"ready: {ready} of {len(self.slots)} app processes\n")
        else:
            ready_file.unlink(missing_ok=True)

    def reopen_logs(self) -> None:
        """After a rotation (SIGUSR1): our files reopened, and nginx told to reopen its own."""
        for log in self.logs.values():
            log.reopen()
        if self.proxy and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGUSR1)
        self.say("log files reopened")

    # --- stop --------------------------------------------------------------------------------
    def stop(self) -> None:
        """SIGTERM to nginx and every app process, SIGKILL after STOP_S; the run's files removed."""
        self.stopping = True
        children = [p for p in [self.proxy, *(s.process for s in self.slots)] if p]
        for process in children:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_S
        for process in children:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.01))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pump in self._pumps:
            pump.join(timeout=1)
        self.say("stopped")
        for log in self.logs.values():
            log.close()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _how(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"signal {-returncode} ({signal.Signals(-returncode).name})"
    return f"status {returncode}"


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=0.5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _unverified() -> ssl.SSLContext:
    return ssl._create_unverified_context()


def _child() -> dict:
    """Each child in its own process group (a Ctrl-C reaches the supervisor, which stops them in
    order) and sent SIGTERM if the supervisor itself dies (no process left holding a port)."""
    libc = ctypes.CDLL(None, use_errno=True)

    def die_with_parent() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    return {"process_group": 0, "preexec_fn": die_with_parent}
