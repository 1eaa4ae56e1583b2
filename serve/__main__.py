"""`python -m serve`: the app on every core behind nginx; Ctrl-C stops everything.

python -m serve                          # one process per core, nginx on 127.0.0.1:8080
python -m serve --processes 2 --listen 0.0.0.0:8080
python -m serve --upstream 10.0.0.5:8501 --upstream 10.0.0.6:8501   # apps on other machines
python -m serve --print-config --upstream 127.0.0.1:8501             # only show the config
python -m serve --listen 0.0.0.0:443 --redirect-from 0.0.0.0:80 \
    --tls-cert /etc/letsencrypt/live/HOST/fullchain.pem \
    --tls-key /etc/letsencrypt/live/HOST/privkey.pem                    # HTTPS (README)
"""

import argparse
import signal
import sys
import tempfile
from pathlib import Path

from serve import apps, nginx, stack

RUN_DIR = apps.PROJECT_DIR / ".run"  # gitignored: logs, the rendered config, nginx's temp dirs


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.redirect_from and not args.tls_cert:
        parser.error("--redirect-from needs --tls-cert and --tls-key")
    tls = nginx.Tls(Path(args.tls_cert), Path(args.tls_key)) if args.tls_cert else None
    if args.print_config:
        with tempfile.TemporaryDirectory() as prefix:
            print(nginx.render(args.upstream or ["127.0.0.1:8501"], args.listen, Path(prefix),
                               tls=tls, redirect_from=args.redirect_from))  # fmt: skip
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # finally-blocks stop the children
    try:
        with stack.serving(RUN_DIR, args.processes, args.listen, args.upstream, tls=tls,
                           redirect_from=args.redirect_from) as served:  # fmt: skip
            ports = ", ".join(str(port) for port, _ in served.apps) or "remote upstreams"
            print(f"serving {served.base} (app processes on 127.0.0.1: {ports}; logs in "
                  f"{RUN_DIR})", flush=True)  # fmt: skip
            served.nginx.wait()
            print(f"nginx exited with {served.nginx.returncode}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        return 0
    except (apps.AppFailed, nginx.NginxFailed) as error:
        print(f"make serve failed: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="serve", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=stack.default_processes(),
        help="app processes on this machine (default: one per core)",
    )
    parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address")
    parser.add_argument(
        "--upstream",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="app processes elsewhere, instead of starting local ones",
    )
    parser.add_argument("--tls-cert", metavar="PEM", help="certificate (chain after it): HTTPS")
    parser.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    parser.add_argument(
        "--redirect-from", metavar="HOST:PORT", help="plain HTTP here redirects to HTTPS"
    )
    parser.add_argument("--print-config", action="store_true", help="print nginx.conf and exit")
    return parser  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
