"""`python -m serve` (`make serve`): the app on every core behind nginx, supervised.

Settings come from the environment (README "Settings": SERVE_*, CLINIC_FINDER_*); a flag below
overrides its variable. Every setting is checked before anything starts or is written; each
problem is one line and the exit status 2. SIGINT or SIGTERM (to this process, to `make`, or to
the service) stops everything within 5 s; SIGUSR1 reopens the log files after a rotation.

python -m serve                          # one process per core, nginx on 127.0.0.1:8080
python -m serve --processes 2 --listen 0.0.0.0:8080
python -m serve --upstream 10.0.0.5:8501 --upstream 10.0.0.6:8501   # apps on other machines
python -m serve --print-config --upstream 127.0.0.1:8501             # only show the config
python -m serve --listen 0.0.0.0:443 --redirect-from 0.0.0.0:80 \
    --tls-cert /etc/letsencrypt/live/HOST/fullchain.pem \
    --tls-key /etc/letsencrypt/live/HOST/privkey.pem                    # HTTPS (README)
"""

import argparse
import fcntl
import os
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO

from serve import apps, nginx, preflight
from serve.supervise import Failed, Supervisor

FLAGS = {  # flag → the variable it overrides
    "processes": "SERVE_PROCESSES",
    "listen": "SERVE_LISTEN",
    "tls_cert": "SERVE_TLS_CERT",
    "tls_key": "SERVE_TLS_KEY",
    "redirect_from": "SERVE_REDIRECT_FROM",
    "log_dir": "SERVE_LOG_DIR",
}
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(Exception):
    """A stop signal arrived while the stack was still starting."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    given = {FLAGS[flag]: value for flag, value in vars(args).items() if flag in FLAGS and value}
    environ = {**os.environ, **given}
    if args.print_config:
        return _print_config(environ, args.upstream)
    settings, problems = preflight.for_serve(environ, args.upstream)
    if problems:
        preflight.report("make serve", problems)
        return 2
    lock = _lock(settings.log_dir)
    if isinstance(lock, str):
        preflight.report("make serve", [lock])
        return 2
    supervisor = Supervisor(settings, args.upstream)
    stop, rotate, started = threading.Event(), threading.Event(), threading.Event()

    def on_stop(signum: int, _frame: object) -> None:
        stop.set()
        if not started.is_set():
            raise Stopped(signal.Signals(signum).name)

    for sig in STOP_SIGNALS:
        signal.signal(sig, on_stop)
    signal.signal(signal.SIGUSR1, lambda *_: rotate.set())
    make = _ParentMake()
    try:
        local = 0 if args.upstream else settings.processes
        supervisor.say(f"starting {local} app processes, nginx on {settings.listen}")
        base = supervisor.start()
        started.set()
        ports = ", ".join(str(slot.port) for slot in supervisor.slots) or "elsewhere"
        print(f"serving {base} (app processes on 127.0.0.1: {ports}; logs in "
              f"{settings.log_dir}); Ctrl-C stops it", flush=True)  # fmt: skip
        _notify("READY=1")
        while not stop.is_set() and not make.interrupted():
            if rotate.is_set():
                rotate.clear()
                supervisor.reopen_logs()
            supervisor.tick()
            stop.wait(0.2)
        return 0
    except Stopped:
        return 0
    except (Failed, apps.AppFailed, nginx.NginxFailed) as error:
        supervisor.say(f"make serve failed: {error}", error=True)
        return 1
    finally:
        _notify("STOPPING=1")
        for sig in STOP_SIGNALS:  # a second Ctrl-C must not cut the stop short
            signal.signal(sig, signal.SIG_IGN)
        supervisor.stop()
        lock.close()


def _print_config(environ: dict[str, str], upstreams: list[str]) -> int:
    settings, problems = preflight.for_serve(environ, upstreams or ["127.0.0.1:8501"])
    if problems := [line for line in problems if "in use" not in line]:
        preflight.report("make serve --print-config", problems)
        return 2
    tls = nginx.Tls(settings.tls_cert, settings.tls_key) if settings.tls_cert else None  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as prefix:
        print(nginx.render(upstreams or ["127.0.0.1:8501"], settings.listen, Path(prefix),
                           tls=tls, redirect_from=settings.redirect_from,
                           log_dir=settings.log_dir))  # fmt: skip
    return 0


def _lock(log_dir: Path) -> IO[str] | str:
    """One make serve per log folder: a second one would write into the first one's files. The
    folder's serve.pid holds the pid (for `kill -USR1` after a rotation)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handle = (log_dir / "serve.pid").open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip()
        handle.close()
        return f"SERVE_LOG_DIR={str(log_dir)!r}: in use by the make serve with pid {owner}"
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _notify(state: str) -> None:
    """systemd's Type=notify: READY=1 once every process is ready (sd_notify's protocol)."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.connect("\0" + address[1:] if address.startswith("@") else address)
        sock.sendall(state.encode())


class _ParentMake:
    """Whether the `make` that started us was sent SIGINT (or SIGHUP, SIGQUIT) on its own.

    GNU make (4.3, job.c fatal_error_signal) passes only SIGTERM on to its children: for the
    others it expects the terminal to have signalled the whole group, and waits for its
    children to exit first. `kill -INT <make's pid>` would then leave everything running. Its
    handler resets the signal to its default first, which /proc shows: the signal's bit leaves
    the parent's SigCgt (caught signals) mask.
    """

    WATCHED = (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)

    def __init__(self) -> None:
        self.pid = os.getppid()
        is_make = _read(f"/proc/{self.pid}/comm").strip() in ("make", "gmake")
        self.caught = self._caught() if is_make else 0

    def _caught(self) -> int:
        for line in _read(f"/proc/{self.pid}/status").splitlines():
            if line.startswith("SigCgt:"):
                mask = int(line.split()[1], 16)
                return sum(1 << (sig - 1) for sig in self.WATCHED if mask >> (sig - 1) & 1)
        return 0

    def interrupted(self) -> bool:
        return bool(self.caught) and (os.getppid() != self.pid or self._caught() != self.caught)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="serve", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", help="app processes on this machine (SERVE_PROCESSES)")
    parser.add_argument("--listen", help="nginx's HOST:PORT (SERVE_LISTEN)")
    parser.add_argument(
        "--upstream",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="app processes elsewhere, instead of starting local ones",
    )
    parser.add_argument("--tls-cert", metavar="PEM", help="certificate, chain after it: HTTPS")
    parser.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    parser.add_argument("--redirect-from", metavar="HOST:PORT", help="plain HTTP redirects here")
    parser.add_argument("--log-dir", help="the log folder (SERVE_LOG_DIR)")
    parser.add_argument("--print-config", action="store_true", help="print nginx.conf and exit")
    return parser


if __name__ == "__main__":
    sys.exit(main())
