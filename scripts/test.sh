#!/usr/bin/env bash
# Runs the whole test suite: the NLU components and our additions to the Rasa process inside the
# Rasa environment (without the shared conftest, which needs our environment), everything else
# in ours.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD"
status=0
# The layering (README, "What is where"; contracts in pyproject.toml): a forbidden import fails.
.venv/bin/lint-imports --no-cache --no-logo || status=$?
TF_CPP_MIN_LOG_LEVEL=2 .venv-rasa/bin/python -m pytest -q -p no:cacheprovider --confcutdir=tests/nlu tests/nlu || status=$?
# What we add to the Rasa process itself (deploy/rasa_speedups.py), also in Rasa's environment.
TF_CPP_MIN_LOG_LEVEL=2 .venv-rasa/bin/python -m pytest -q -p no:cacheprovider --confcutdir=tests/rasa_env tests/rasa_env || status=$?
.venv/bin/python -m pytest -q --ignore=tests/nlu --ignore=tests/rasa_env "$@" || status=$?
exit $status
