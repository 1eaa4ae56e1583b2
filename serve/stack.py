"""The app processes and nginx in front of them, started together and stopped together."""

import contextlib
import os
import ssl
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from serve import apps, nginx


@dataclass(frozen=True)
class Stack:
    base: str  # what a browser opens: nginx
    apps: list[tuple[int, subprocess.Popen]]  # (port, process) of each local app process
    nginx: subprocess.Popen
    run_dir: Path


def default_processes() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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
    (HTTPS with `tls`; `redirect_from` a plain-HTTP address redirecting to it)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    started = [] if upstreams else apps.start_many(processes, run_dir, script, options, env)
    proxy = None
    try:
        targets = list(upstreams) or [f"{apps.LOOPBACK}:{port}" for port, _ in started]
        config = nginx.write(targets, listen, run_dir / "nginx", tls=tls,
                             redirect_from=redirect_from)  # fmt: skip
        nginx.check(config)
        proxy = nginx.start(config)
        scheme = "https" if tls else "http"
        port = listen.rsplit(":", 1)[1]
        # Through nginx to an app: the whole path works. On loopback a real certificate's
        # names cannot match, so this liveness poll alone does not check them.
        loopback = ssl._create_unverified_context() if tls else None
        health = f"{scheme}://{apps.LOOPBACK}:{port}/_stcore/health"
        apps.wait_for_url(health, proxy, context=loopback)
        yield Stack(f"{scheme}://{listen}", started, proxy, run_dir)
    finally:
        apps.stop([p for p in (proxy,) if p] + [process for _, process in started])
