"""make serve's log folder: files appended to across restarts, reopened on SIGUSR1 for rotation.

Every child's output comes through a pipe and is written here line by line, so what reaches the
disk passes one place: nginx's error lines lose everything from ", client: " on (the request
line, the upstream URL, host and referrer, which carry the query string: what a patient typed).
nginx writes `access.log` itself, from a format that holds the path only.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

SERVE_LOG = "serve.log"  # the supervisor: settings, starts, readiness, crashes, restarts, stops
APP_LOG = "app.log"  # every app process's output, each line marked app-N
NGINX_ERROR_LOG = "nginx-error.log"  # nginx's warnings and errors, without request details
ACCESS_LOG = "access.log"  # nginx: one line per request, path only (serve/nginx.conf.template)
LOG_NAMES = (SERVE_LOG, APP_LOG, NGINX_ERROR_LOG, ACCESS_LOG)

# nginx ends an error line about a request with ", client: A, server: B, request: "GET /?…",
# upstream: "http://…/?…", host: "…", referrer: "…"" (ngx_http_log_error); nothing before it
# quotes the query. A query that still shows (a message of its own) is cut as a safety net.
_REQUEST_DETAILS = re.compile(r", client: .*$")
_QUERY = re.compile(r"\?[^\s\"]*")


def redact_nginx(line: str) -> str:
    """An nginx error line with no request details and no query string."""
    kept, cut = _REQUEST_DETAILS.subn("", line.rstrip("\n"))
    return _QUERY.sub("?…", kept) + (" (request details not logged)" if cut else "")


class LogFile:
    """One appended file, shared by threads; `reopen` after a rotation moved it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file: IO[str] = path.open("a", encoding="utf-8")

    def write(self, line: str) -> None:
        with self._lock:
            self._file.write(line.rstrip("\n") + "\n")
            self._file.flush()

    def reopen(self) -> None:
        with self._lock:
            self._file.close()
            self._file = self.path.open("a", encoding="utf-8")

    def close(self) -> None:
        with self._lock:
            self._file.close()


def stamped(message: str) -> str:
    return f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} {message}"


def pump(stream: IO[bytes], log: LogFile, edit: Callable[[str], str]) -> threading.Thread:
    """Copy a child's output into `log`, each line passed through `edit`, until it closes."""

    def copy() -> None:
        with stream:
            for raw in stream:
                log.write(edit(raw.decode("utf-8", "replace")))

    thread = threading.Thread(target=copy, daemon=True, name=f"log {log.path.name}")
    thread.start()
    return thread
