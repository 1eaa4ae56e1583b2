"""The app processes: `streamlit run asgi.py` (app.py with the security headers) on loopback
ports, each polled until healthy."""

import os
import secrets
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
STARTUP_S = 90
# Set it yourself (the same on every machine) when the processes run on several machines.
COOKIE_SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"
# A served process watches no files (a patient-facing server is not edited live: inotify
# watches and rescans would cost memory and CPU in every process).
SERVER_OPTIONS = {
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": "false",
}


class AppFailed(RuntimeError):
    """A process exited, or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def start(port: int, log_path: Path | None, script: str = "asgi.py", options: dict | None = None,
          env: dict | None = None, cwd: Path = PROJECT_DIR) -> subprocess.Popen:  # fmt: skip
    """`streamlit run script` (found in `cwd`, with its .streamlit/config.toml) on
    127.0.0.1:port, writing its output to `log_path` (None: nowhere)."""
    flags = {**SERVER_OPTIONS, **(options or {}), "server.address": LOOPBACK,
             "server.port": str(port)}  # fmt: skip
    args = [arg for name, value in flags.items() for arg in (f"--{name}", value)]
    with log_path.open("w") if log_path else open(os.devnull, "w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, *args],
            cwd=cwd, env={**os.environ, **(env or {})}, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def wait_healthy(port: int, process: subprocess.Popen, timeout_s: float = STARTUP_S) -> None:
    """Poll /_stcore/health until it answers 200 (never a fixed sleep)."""
    wait_for_url(f"http://{LOOPBACK}:{port}/_stcore/health", process, timeout_s)


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


def start_many(count: int, run_dir: Path, script: str = "asgi.py", options: dict | None = None,
               env: dict | None = None) -> list[tuple[int, subprocess.Popen]]:  # fmt: skip
    """`count` processes, started together and each waited for; stops them all if one fails."""
    # One cookie secret for all: Streamlit signs its XSRF cookie with it, and a browser moved to
    # another process (its own left the pool) must still be trusted there. Passed in the
    # environment, not on the command line, where `ps` would show it.
    secret = os.environ.get(COOKIE_SECRET) or secrets.token_hex(32)
    env = {**(env or {}), COOKIE_SECRET: secret}
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
            wait_healthy(port, process)
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
