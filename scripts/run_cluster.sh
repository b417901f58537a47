#!/usr/bin/env bash
# Starts the assistant as a local cluster: RASA_REPLICAS Rasa replicas and ACTION_REPLICAS action
# servers behind HAProxy on this machine's PostgreSQL, Redis and RabbitMQ (see deploy/cluster.py).
# `make run-cluster` calls this after setup; `make run` stays the single-process default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure_haproxy.sh
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  echo "run_cluster: HAProxy is needed (sudo apt-get install -y haproxy)" >&2
  exit 1
fi
exec .venv/bin/python -m deploy.cluster "$@"
