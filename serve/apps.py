"""How a Streamlit process is started for patients: one command for `make run`, `make serve`, the
browser tests and the benchmark, so none of them measures or tests another server than people run.
The script is asgi.py: app.py served with the security headers (serve/headers.py).

The server's settings live in .streamlit/config.toml (read from the project directory whichever
way the process starts); this module adds only where it listens. `make dev` alone adds DEV_OPTIONS.

    python -m serve.apps [--port 8501] [--address 127.0.0.1] [--dev]   # `make run` / `make dev`
"""

import argparse
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from serve import preflight
from serve.ready import READY_PATH

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCRIPT = "asgi.py"  # app.py behind serve/headers.py's middleware
LOOPBACK = "127.0.0.1"
STARTUP_S = 90
# For people changing the code: reload on save (watching costs ~1 s of CPU per new session).
DEV_OPTIONS = {"server.fileWatcherType": "auto", "server.runOnSave": "true"}


class AppFailed(RuntimeError):
    """A process exited, or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def command(port: int, address: str | None = LOOPBACK, script: str = SCRIPT,
            options: dict | None = None) -> list[str]:  # fmt: skip
    """The `streamlit run` command line: config.toml's settings, then `options`, then where it
    listens (address None: Streamlit's default, every interface, as a clinic's machine needs)."""
    arguments = run_arguments(port, address, script, options)
    return [sys.executable, "-m", "streamlit", "run", *arguments]


def run_arguments(port: int, address: str | None = LOOPBACK, script: str = SCRIPT,
                  options: dict | None = None) -> list[str]:  # fmt: skip
    """What follows `streamlit run` in `command()` (the profiler starts Streamlit its own way)."""
    flags = {**(options or {}), "server.port": str(port)}
    if address is not None:
        flags["server.address"] = address
    return [script, *(arg for name, value in flags.items() for arg in (f"--{name}", value))]


def start(port: int, log_path: Path | None, script: str = SCRIPT, options: dict | None = None,
          env: dict | None = None, cwd: Path = PROJECT_DIR, pipe: bool = False,
          **popen: Any) -> subprocess.Popen:  # fmt: skip
    """`command()` (the script found in `cwd`, with its .streamlit/config.toml) on
    127.0.0.1:port, writing its output to `log_path` (None: nowhere; `pipe`: process.stdout)."""
    with log_path.open("w") if log_path else open(os.devnull, "w") as log:
        return subprocess.Popen(
            command(port, LOOPBACK, script, options), cwd=cwd,
            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE if pipe else log,
            stderr=subprocess.STDOUT, **popen,
        )  # fmt: skip


def wait_healthy(port: int, process: subprocess.Popen, timeout_s: float = STARTUP_S) -> None:
    """Poll /_stcore/health (live: the server runs) until it answers 200 (never a fixed sleep)."""
    wait_for_url(f"http://{LOOPBACK}:{port}/_stcore/health", process, timeout_s)


def wait_ready(port: int, process: subprocess.Popen, timeout_s: float = STARTUP_S) -> None:
    """Poll asgi.py's readiness (serve/ready.py: the warm-up search done) until it answers 200."""
    wait_for_url(f"http://{LOOPBACK}:{port}{READY_PATH}", process, timeout_s)


def wait_for_url(url: str, process: subprocess.Popen, timeout_s: float = STARTUP_S,
                 context: ssl.SSLContext | None = None) -> None:  # fmt: skip
    """Poll the URL until it answers 200; raise AppFailed if the process dies or stalls."""
    opener = urllib.request.build_opener(  # loopback, never a proxy
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with opener.open(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None:
            raise AppFailed(f"the app exited with {process.returncode} before {url} answered")
        if time.monotonic() > deadline:
            raise AppFailed(f"{url} did not answer within {timeout_s:g} s")
        time.sleep(0.05)


def start_many(count: int, run_dir: Path, script: str = SCRIPT, options: dict | None = None,
               env: dict | None = None) -> list[tuple[int, subprocess.Popen]]:  # fmt: skip
    """`count` processes, started together and each waited for until ready; stops them all if
    one fails. (make serve's supervisor does the same, and restarts them: serve/supervise.py.)"""
    started, ports = [], set()
    try:
        for number in range(count):
            port = free_port()
            while port in ports:  # the kernel may hand the same free port out twice
                port = free_port()
            ports.add(port)
            log = run_dir / f"app-{number}.log"
            started.append((port, start(port, log, script, options, env)))
        for port, process in started:
            # asgi.py's processes warm themselves up; another script only says it is live.
            (wait_ready if script == SCRIPT else wait_healthy)(port, process)
    except BaseException:
        stop([process for _, process in started])
        raise
    return started


def stop(processes: Sequence[subprocess.Popen], timeout_s: float = 10) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> None:
    """`make run` / `make dev`: every setting checked first (each problem one line, exit 2), then
    this process becomes the server (exec), so Ctrl-C and signals reach Streamlit itself."""
    parser = argparse.ArgumentParser(
        prog="serve.apps", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", default="8501")  # checked with the rest, not by argparse
    parser.add_argument("--address", default=LOOPBACK,
                        help="where to listen (default 127.0.0.1, this machine only; 0.0.0.0 "
                             "opens the finder and its searches to the network)")  # fmt: skip
    parser.add_argument("--dev", action="store_true", help="reload when a file is saved")
    args = parser.parse_args(argv)
    problems = preflight.for_run(os.environ, args.port, args.address)
    if problems:
        preflight.report(f"make {'dev' if args.dev else 'run'}", problems)
        sys.exit(2)
    argv_ = command(int(args.port), args.address, options=DEV_OPTIONS if args.dev else None)
    reloading = " and reloading on save" * args.dev
    host = "localhost" if args.address == LOOPBACK else args.address
    print(f"serving the app at http://{host}:{args.port}{reloading}; Ctrl-C stops it", flush=True)
    os.chdir(PROJECT_DIR)
    os.execv(argv_[0], argv_)


if __name__ == "__main__":
    main()
