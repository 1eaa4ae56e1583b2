#!/usr/bin/env bash
# What `make test` needs beyond Python 3.11: Debian's Chromium and its driver (the browser tests),
# nginx (make serve's tests) and PostgreSQL (the reports tests start one as a child process). Installed here when this can be done (root, apt-get), as .ci/run
# would; otherwise make test stops before running anything, with one line saying what to install.
set -euo pipefail
chromium=${CLINIC_FINDER_CHROMIUM:-/usr/bin/chromium}
missing=()
if ! command -v chromium >/dev/null && ! test -x "$chromium"; then missing+=(chromium chromium-driver); fi
nginx=${NGINX:-/usr/sbin/nginx}
if ! command -v nginx >/dev/null && ! test -x "$nginx"; then missing+=(nginx); fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "make test: installing ${missing[*]} (apt-get, about 2 minutes)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "make test needs ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}', then make test again" >&2
exit 1
