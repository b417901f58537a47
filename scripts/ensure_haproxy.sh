#!/usr/bin/env bash
# Makes sure Debian's HAProxy is installed: the deployment tests check deploy/haproxy.cfg with
# `haproxy -c -f`, and `make run-cluster` puts it in front of the Rasa replicas.
#   - present: nothing to do
#   - missing and we are root: apt-get install it (quietly)
#   - otherwise: print how to install it; on CI (CI=true) that is a failure, elsewhere the
#     tests that need it skip with the same message
set -euo pipefail

HOW="Install Debian's HAProxy for the deployment tests: sudo apt-get install -y haproxy"

if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_haproxy: installing Debian's haproxy (deployment tests, make run-cluster)" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The package's own service is not wanted: the tests and the cluster start HAProxy themselves.
  if { apt-get install -y -qq --no-install-recommends haproxy >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      apt-get install -y -qq --no-install-recommends haproxy >/dev/null 2>&1; }; } &&
    [ -x /usr/sbin/haproxy ]; then
    exit 0
  fi
  echo "ensure_haproxy: apt-get could not install haproxy" >&2
fi

echo "ensure_haproxy: haproxy not found. $HOW" >&2
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
exit 0
