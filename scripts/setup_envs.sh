#!/usr/bin/env bash
# Creates the two Python environments from their lock files:
#   .venv       our code (offer database, actions, channels) on Python 3.11/3.12, from uv.lock
#   .venv-rasa  Rasa Open Source 3.6.21, which needs Python 3.10, from requirements/rasa.lock.txt
#   rasa-bench  adds the bench-only packages of requirements/bench.lock.txt to .venv-rasa
#               (off-the-shelf language detectors for bench/language_id.py)
# Usage: scripts/setup_envs.sh app|rasa|rasa-bench
set -euo pipefail
cd "$(dirname "$0")/.."

find_uv() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  if [ -x "$HOME/.local/bin/uv" ]; then echo "$HOME/.local/bin/uv"; return; fi
  echo "uv not found; installing it from PyPI (pip install --user uv)" >&2
  python3 -m pip install --quiet --user uv >&2 || python3 -m pip install --quiet uv >&2
  if command -v uv >/dev/null 2>&1; then command -v uv; else echo "$HOME/.local/bin/uv"; fi
}

find_python310() {
  # An explicit choice wins; then what is on PATH; then pyenv; then uv's own Pythons.
  if [ -n "${RASA_PYTHON:-}" ]; then echo "$RASA_PYTHON"; return; fi
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10; return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    local found
    found=$(ls -d "$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ]; then echo "$found"; return; fi
  fi
  "$UV" python find 3.10 2>/dev/null && return
  cat >&2 <<'MSG'
Rasa 3.6 needs Python 3.10, and none was found.
Get it with one of:
  uv python install 3.10          (downloads a standalone Python 3.10)
  pyenv install 3.10.13
  apt-get install python3.10 python3.10-venv   (where your distribution has it)
or point RASA_PYTHON at a python3.10 binary, then run the command again.
MSG
  exit 1
}

UV=$(find_uv)
case "${1:-}" in
  app)
    "$UV" sync --frozen --quiet
    touch .venv/.installed
    ;;
  rasa)
    PY310=$(find_python310)
    if [ ! -x .venv-rasa/bin/python ]; then
      "$UV" venv --quiet -p "$PY310" .venv-rasa
    fi
    "$UV" pip sync --quiet -p .venv-rasa/bin/python requirements/rasa.lock.txt
    # Our NLU components are imported by Rasa from the repository root (config.yml names nlu.components.*).
    touch .venv-rasa/.installed
    ;;
  rasa-bench)
    [ -x .venv-rasa/bin/python ] || "$0" rasa
    # install, not sync: adds to the Rasa lock's packages, pinned against it
    "$UV" pip install --quiet -p .venv-rasa/bin/python -r requirements/bench.lock.txt
    ;;
  *)
    echo "usage: $0 app|rasa|rasa-bench" >&2; exit 2 ;;
esac
