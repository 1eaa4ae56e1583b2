"""Before `make run` or `make serve` starts or writes anything: every setting checked, and every
problem found at once, each one line naming the variable, its value and what it must be.

Then what only the machine can say: an address already in use (another server, or a second
`make serve`), a port this account may not open, and packages older than requirements.txt
(the service never installs: `make install` does).
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from clinic_finder.settings import (
    Problem,
    ServeSettings,
    Settings,
    address_problem,
    port_problem,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Make's own rule (Makefile `$(VENV)/.runtime: requirements.txt`): installed after the last change.
INSTALLED_STAMP = Path(sys.prefix) / ".runtime"
REQUIREMENTS = PROJECT_DIR / "requirements.txt"


def for_serve(environ: Mapping[str, str],
              upstreams: Sequence[str] = ()) -> tuple[ServeSettings, list[str]]:  # fmt: skip
    """make serve's settings and every problem (the app's own settings too, unless the apps run
    elsewhere: `--upstream`)."""
    serve, problems = ServeSettings.read(environ)
    if not upstreams:
        problems = Settings.from_env(environ).serving_problems() + problems
    lines = [str(problem) for problem in problems]
    lines += [f"--upstream {up!r}: {why}" for up in upstreams if (why := address_problem(up))]
    if not lines:  # only addresses that are well formed can be tried
        addresses = {"SERVE_LISTEN": serve.listen, "SERVE_REDIRECT_FROM": serve.redirect_from}
        lines += [f"{name}={address!r}: {why}" for name, address in addresses.items()
                  if address and (why := bind_problem(address))]  # fmt: skip
    return serve, lines + install_problems()


def for_run(environ: Mapping[str, str], port: str, address: str) -> list[str]:
    """make run's problems: the app's settings, PORT and ADDRESS."""
    problems = Settings.from_env(environ).serving_problems()
    if why := port_problem(port):
        problems.append(Problem("PORT", port, why))
    lines = [str(problem) for problem in problems]
    if not problems and (why := bind_problem(f"{address}:{port}")):
        lines.append(f"PORT={port!r}, ADDRESS={address!r}: {why}")
    return lines


def bind_problem(address: str) -> str:
    """Why this machine cannot listen on HOST:PORT now ('' when it can); nothing stays bound."""
    host, port = address.rsplit(":", 1)
    try:
        family, kind, proto, _, where = socket.getaddrinfo(host.strip("[]"), int(port),
                                                           type=socket.SOCK_STREAM)[0]  # fmt: skip
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx and uvicorn
            probe.bind(where)
    except socket.gaierror:
        return "names no address of this machine"
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return "is in use by another program (another make serve or make run?)"
        if error.errno == errno.EACCES:
            return "needs root or CAP_NET_BIND_SERVICE (ports below 1024; see README)"
        if error.errno == errno.EADDRNOTAVAIL:
            return "is not an address of this machine"
        return f"cannot be opened ({os.strerror(error.errno or 0)})"
    return ""


def install_problems() -> list[str]:
    """Packages older than requirements.txt (after a `git pull`): `make install` first."""
    try:
        if INSTALLED_STAMP.stat().st_mtime >= REQUIREMENTS.stat().st_mtime:
            return []
    except FileNotFoundError:
        pass
    return [f"requirements.txt is newer than the packages installed in {sys.prefix}: run "
            "`make install` (the server never installs anything itself)"]  # fmt: skip


def report(command: str, problems: Sequence[str]) -> None:
    print(f"{command}: not started; fix {'this' if len(problems) == 1 else 'these'} first "
          "(README \"Settings\"):", file=sys.stderr)  # fmt: skip
    for line in problems:
        print(f"  {line}", file=sys.stderr)
