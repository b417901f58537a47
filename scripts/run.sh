#!/usr/bin/env bash
# Starts the assistant on embedded defaults (see deploy/launch.py). `make run` calls this after setup.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m deploy.launch "$@"
