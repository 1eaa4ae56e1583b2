"""The nginx config from its one template, and nginx run as a child under its own prefix.

nginx never reads or writes /etc/nginx or /var: the prefix holds the rendered config, its pid,
error log and temp directories, and nginx stays in the foreground (`daemon off`) as our child.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = Path(os.environ.get("CLINIC_FINDER_NGINX", shutil.which("nginx") or "/usr/sbin/nginx"))
# Passive health checks (open-source nginx has no active ones): after this many failed
# requests a process is left out for this long, then tried again.
MAX_FAILS, FAIL_TIMEOUT = 2, "10s"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_HOST_PORT = re.compile(r"^[A-Za-z0-9.\-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$")


class NginxFailed(RuntimeError):
    """nginx rejected its config or exited; the message ends with its error log."""


def render(upstreams: Sequence[str], listen: str, prefix: Path, workers: int = 1) -> str:
    """The config for these `host:port` upstreams, listening on `listen` (e.g. 127.0.0.1:8080)."""
    if not upstreams:
        raise ValueError("nginx needs at least one upstream")
    for address in (*upstreams, listen):
        if not _HOST_PORT.match(address):
            raise ValueError(f"not a host:port address: {address!r}")
    servers = "\n".join(
        f"        server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};"
        for address in upstreams
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"SERVERS": servers, "LISTEN": listen, "PREFIX": str(prefix),
                        "WORKERS": str(workers)}.items():  # fmt: skip
        text = text.replace(f"@{name}@", value)
    if "@" in re.sub(r"#.*", "", text):
        raise ValueError("a placeholder was left unfilled in the nginx template")
    return text


def write(upstreams: Sequence[str], listen: str, prefix: Path, workers: int = 1) -> Path:
    """Render into `prefix` (made with its temp dirs); returns the config's path."""
    for name in TEMP_DIRS:
        (prefix / "tmp" / name).mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(render(upstreams, listen, prefix, workers), encoding="utf-8")
    return config


def check(config: Path) -> None:
    """`nginx -t` on the rendered file; raises with nginx's words if it is wrong."""
    done = subprocess.run([str(NGINX), "-t", "-q", "-p", str(config.parent), "-c", str(config)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise NginxFailed(f"nginx -t rejected {config}:\n{done.stderr}")


def start(config: Path) -> subprocess.Popen:
    """nginx in the foreground as our child (SIGTERM stops it quickly)."""
    log = (config.parent / "nginx.out").open("w")
    with log:
        return subprocess.Popen([str(NGINX), "-p", str(config.parent), "-c", str(config)],
                                stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
