"""make serve's stack for the tests and the benchmark: the supervisor (serve/supervise.py)
started, watched from a thread, and stopped on leaving the block."""

import contextlib
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from clinic_finder.settings import ServeSettings, default_processes
from serve import apps, nginx
from serve.supervise import Supervisor

__all__ = ["Stack", "default_processes", "serving"]


@dataclass(frozen=True)
class Stack:
    base: str  # what a browser opens: nginx
    apps: list[tuple[int, subprocess.Popen]]  # (port, process) of each local app process at start
    nginx: subprocess.Popen
    run_dir: Path  # the log folder
    supervisor: Supervisor


@contextlib.contextmanager
def serving(
    run_dir: Path,
    processes: int,
    listen: str,
    upstreams: Sequence[str] = (),
    script: str = apps.SCRIPT,
    options: dict | None = None,
    env: dict | None = None,
    tls: nginx.Tls | None = None,
    redirect_from: str | None = None,
) -> Iterator[Stack]:
    """`processes` local apps (none when `upstreams` names remote ones) behind nginx on `listen`
    (HTTPS with `tls`; `redirect_from` a plain-HTTP address redirecting to it); logs in
    `run_dir`. Crashed processes are restarted as under make serve."""
    run_dir.mkdir(parents=True, exist_ok=True)
    settings = ServeSettings(processes, listen, run_dir, nginx.NGINX, tls.cert if tls else None,
                             tls.key if tls else None, redirect_from)  # fmt: skip
    supervisor = Supervisor(settings, upstreams, script, options, dict(env or {}))
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            supervisor.tick()

    watcher = threading.Thread(target=watch, daemon=True, name="supervisor")
    try:
        base = supervisor.start()
        watcher.start()
        assert supervisor.proxy is not None
        started = [(slot.port, slot.process) for slot in supervisor.slots if slot.process]
        yield Stack(base, started, supervisor.proxy, run_dir, supervisor)
    finally:
        stop.set()
        if watcher.is_alive():
            watcher.join()
        supervisor.stop()
