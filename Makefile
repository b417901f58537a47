# The two commands of the README: `make run` and `make test`. Everything else is what they need.
# Each step is idempotent and cheap when nothing changed (stamps for environments, a content hash for the model).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup db train run run-cluster test lint bench bench-language

help:
	@echo "make run   - set up, seed the database, train when the data changed, start the assistant"
	@echo "make test  - set up and run the whole test suite"

.venv/.installed: pyproject.toml uv.lock scripts/setup_envs.sh
	scripts/setup_envs.sh app

.venv-rasa/.installed: requirements/rasa.lock.txt scripts/setup_envs.sh
	scripts/setup_envs.sh rasa

setup: .venv/.installed .venv-rasa/.installed

# Sample data only into an empty database or the local default one: never over real data.
db: .venv/.installed
	.venv/bin/offers seed --if-safe

train: setup
	scripts/train.sh

run: setup db train
	scripts/run.sh

# Several Rasa replicas and action servers behind HAProxy on the machine's PostgreSQL, Redis and
# RabbitMQ (RASA_REPLICAS, ACTION_REPLICAS; README, "Deployment").
run-cluster: setup train
	scripts/run_cluster.sh

test: setup train
	scripts/ensure_chromium.sh
	scripts/ensure_haproxy.sh
	scripts/test.sh

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: setup
	.venv/bin/python bench/offer_search.py

# Language of a message: ours (through the trained model) against py3langid and fastText.
bench-language: setup train
	scripts/setup_envs.sh rasa-bench
	.venv-rasa/bin/python bench/language_id.py
