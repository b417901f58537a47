#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the web chat's browser tests.
# Playwright drives that browser (executable_path); its own browser download is never used,
# because it cannot be fetched here and would be a second, unpinned browser to keep current.
#   - present: nothing to do
#   - missing and we are root: apt-get install it (quietly)
#   - otherwise: print how to install it; on CI (CI=true) that is a failure, elsewhere the
#     browser tests skip with the same message
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
HOW="Install Debian's Chromium for the web chat browser tests: sudo apt-get install -y chromium"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: installing Debian's chromium (browser tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if { apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }; } &&
    [ -x "$CHROMIUM" ]; then
    exit 0
  fi
  echo "ensure_chromium: apt-get could not install chromium" >&2
fi

echo "ensure_chromium: $CHROMIUM not found. $HOW" >&2
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
exit 0
