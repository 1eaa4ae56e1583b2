"""The nginx config from its one template, and nginx run as a child under its own prefix.

nginx never reads or writes /etc/nginx or /var: the prefix (a folder of this run) holds the
rendered config, its pid, temp directories and the readiness file; its access log goes to the log
folder; its error log to stderr, which make serve's supervisor writes to the log folder without
request details (serve/logs.py). nginx stays in the foreground (`daemon off`) as our child.
"""

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clinic_finder.settings import HOST_PORT, nginx_path, nginx_path_problem
from serve import headers, logs

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = nginx_path(os.environ)
# Passive health checks (open-source nginx has no active ones): after this many failed
# requests a process is left out for this long, then tried again.
MAX_FAILS, FAIL_TIMEOUT = 2, "10s"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
# The supervisor keeps a file here while at least one app process is ready; nginx answers
# /-/ready from it (200 with its text, else 503): the whole site's readiness, not one process's.
STATUS_DIR, READY_FILE = "status", "ready"


# Mozilla's "intermediate" profile (ssl-config.mozilla.org, guideline 5.7+): TLS 1.2 and 1.3,
# forward-secret AEAD ciphers only, the client picks among them (it knows its fastest).
TLS_PROFILE = """\
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ecdh_curve X25519:prime256v1:secp384r1;
        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:\
ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:\
ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
        ssl_prefer_server_ciphers off;
        ssl_session_timeout 1d;
        ssl_session_cache shared:MozSSL:10m;
        ssl_session_tickets off;"""


class NginxFailed(RuntimeError):
    """nginx rejected its config or exited; the message ends with its error log."""


@dataclass(frozen=True)
class Tls:
    """A certificate (PEM, the chain after it) and its key: nginx then speaks only HTTPS."""

    cert: Path
    key: Path


def render(upstreams: Sequence[str], listen: str, prefix: Path, workers: int = 1,
           tls: Tls | None = None, redirect_from: str | None = None,
           log_dir: Path | None = None) -> str:  # fmt: skip
    """The config for these `host:port` upstreams, listening on `listen` (e.g. 127.0.0.1:8080),
    with TLS when `tls` is given; `redirect_from` is a plain-HTTP address that redirects there;
    the access log in `log_dir` (default: the prefix)."""
    if not upstreams:
        raise ValueError("nginx needs at least one upstream")
    if redirect_from and not tls:
        raise ValueError("redirect_from needs TLS: it redirects HTTP to HTTPS")
    for address in (*upstreams, listen, *([redirect_from] if redirect_from else [])):
        if not HOST_PORT.fullmatch(address):
            raise ValueError(f"not a host:port address: {address!r}")
    servers = "\n".join(
        f"        server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};"
        for address in upstreams
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"SERVERS": servers, "LISTEN": f"{listen} ssl" if tls else listen,
                        "TLS": _tls(tls), "REDIRECT": _redirect(redirect_from, listen),
                        "PAGE_HEADERS": _headers("/", tls), "FRAME_HEADERS":
                        _headers(headers.FRAMED_PREFIXES[0], tls), "PREFIX": _quoted(prefix),
                        "LOGS": _quoted(log_dir or prefix), "STATUS": STATUS_DIR,
                        "READY": READY_FILE, "WORKERS": str(workers)}.items():  # fmt: skip
        text = text.replace(f"@{name}@", value)
    if "@" in re.sub(r"#.*", "", text):
        raise ValueError("a placeholder was left unfilled in the nginx template")
    return text


def _headers(path: str, tls: Tls | None, indent: str = " " * 12) -> str:
    """serve/headers.py's headers for answers at `path`: the app's copies hidden, nginx's own
    added to every answer (`always`: its error pages and redirects too), HSTS over TLS."""
    sent = headers.for_path(path)
    if tls:
        sent["Strict-Transport-Security"] = headers.HSTS
    for value in sent.values():
        if '"' in value or "\\" in value:
            raise ValueError(f"a header value nginx cannot quote: {value!r}")
    lines = [f"proxy_hide_header {name};" for name in sent]
    lines += [f'add_header {name} "{value}" always;' for name, value in sent.items()]
    return "\n".join(indent + line for line in lines)


def _tls(tls: Tls | None) -> str:
    if not tls:
        return ""
    files = (f"        ssl_certificate {_quoted(tls.cert)};\n"
             f"        ssl_certificate_key {_quoted(tls.key)};\n")  # fmt: skip
    return files + TLS_PROFILE


def _redirect(redirect_from: str | None, listen: str) -> str:
    """A plain-HTTP server that sends every request to the HTTPS one (same host, its port)."""
    if not redirect_from:
        return ""
    port = listen.rsplit(":", 1)[1]
    target = "https://$host" + ("" if port == "443" else f":{port}") + "$request_uri"
    return (f"    server {{\n        listen {redirect_from};\n"
            f"{_headers('/', None, ' ' * 8)}\n"
            f"        location / {{ return 301 {target}; }}\n    }}")  # fmt: skip


def _quoted(path: Path) -> str:
    text = str(path.resolve())
    if nginx_path_problem(text):
        raise ValueError(f"a path nginx cannot read safely: {text!r}")
    return text


def write(upstreams: Sequence[str], listen: str, prefix: Path, workers: int = 1,
          tls: Tls | None = None, redirect_from: str | None = None,
          log_dir: Path | None = None) -> Path:  # fmt: skip
    """Render into `prefix` (made with its temp dirs); returns the config's path."""
    for name in TEMP_DIRS:
        (prefix / "tmp" / name).mkdir(parents=True, exist_ok=True)
    (prefix / STATUS_DIR).mkdir(exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(render(upstreams, listen, prefix, workers, tls, redirect_from, log_dir),
                      encoding="utf-8")  # fmt: skip
    return config


def _argv(config: Path, nginx: Path | None = None) -> list[str]:
    # -e stderr: what nginx says before it has read the config goes to stderr too, never to
    # the error log compiled into Debian's nginx (/var/log/nginx/error.log).
    return [str(nginx or NGINX), "-e", "stderr", "-p", str(config.parent), "-c", str(config)]


def check(config: Path, nginx: Path | None = None) -> None:
    """`nginx -t` on the rendered file; raises with nginx's words if it is wrong."""
    done = subprocess.run([*_argv(config, nginx), "-t", "-q"], capture_output=True, text=True)
    if done.returncode != 0:
        said = "\n".join(logs.redact_nginx(line) for line in done.stderr.splitlines())
        raise NginxFailed(f"nginx -t rejected {config}:\n{said}")


def start(config: Path, nginx: Path | None = None, **popen: object) -> subprocess.Popen:
    """nginx in the foreground as our child (SIGTERM stops it quickly); its error log is its
    stderr, piped to the caller."""
    return subprocess.Popen(_argv(config, nginx), stdout=subprocess.PIPE,  # type: ignore[call-overload]
                            stderr=subprocess.STDOUT, **popen)  # fmt: skip
