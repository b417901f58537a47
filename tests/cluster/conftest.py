"""A real cluster for the cluster tests: Rasa replicas and action servers behind HAProxy
(deploy/cluster.py), on fresh PostgreSQL databases, this machine's Redis and RabbitMQ.

On CI (`CI=true`) a missing service, HAProxy or model is a failure, elsewhere a skip.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pika
import pytest
import redis

from deploy.cluster import HAPROXY, ClusterSettings, RunningCluster, running_cluster
from deploy.processes import CLUSTER_ENDPOINTS, MODEL, free_port
from tests.conftest import fresh_database
from tests.running_assistant import seed_database

REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/14")
# "in_memory" runs the replicas with Rasa's in-memory lock store instead of Redis: the tests are
# then expected to FAIL (messages interleave, get lost or reorder), which shows that the Redis
# lock store is what keeps them right. Never set on CI.
LOCK_STORE = os.environ.get("CLUSTER_LOCK_STORE", "redis")
RABBITMQ_URL = os.environ.get("RABBITMQ_URL_TEST", "amqp://guest:guest@127.0.0.1:5672/%2F")


def _unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _require_services() -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it) first")
    if not (Path(HAPROXY).exists() or shutil.which("haproxy")):
        _unavailable("haproxy is missing: scripts/ensure_haproxy.sh installs it")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis not reachable at {REDIS_URL}: {exc}")
    try:
        pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL)).close()
    except pika.exceptions.AMQPError as exc:
        _unavailable(f"RabbitMQ not reachable at {RABBITMQ_URL}: {exc!r}")


@dataclass(frozen=True)
class Cluster:
    """The running cluster and where its shared stores are."""

    running: RunningCluster
    settings: ClusterSettings
    logs: Path
    lock_store: str  # "redis", or "in_memory" to show what goes wrong without it


@pytest.fixture(scope="package")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two Rasa replicas and two action servers behind HAProxy, shared by tests/cluster (the
    failover test, which kills and restarts a replica, runs last: test_failover.py)."""
    _require_services()
    tmp = tmp_path_factory.mktemp("cluster")
    with (
        fresh_database("postgresql", tmp) as offers_url,
        fresh_database("postgresql", tmp) as tracker_url,
    ):
        seed_database(offers_url)
        settings = ClusterSettings(
            rasa_replicas=2,
            action_replicas=2,
            rasa_port=free_port(),
            action_port=free_port(),
            database_url=offers_url,
            # As an operator writes it: Rasa's SQLAlchemy 1.4 and ours both read postgresql://.
            tracker_db_url=tracker_url.replace("postgresql+psycopg://", "postgresql://", 1),
            redis_url=REDIS_URL,
            rabbitmq_url=RABBITMQ_URL,
        )
        logs = tmp / "logs"
        endpoints = CLUSTER_ENDPOINTS
        if LOCK_STORE != "redis":
            endpoints = tmp / "endpoints.yml"
            text = CLUSTER_ENDPOINTS.read_text(encoding="utf-8")
            lock_type = "type: deploy.rasa_lock_store.AtomicRedisLockStore"
            assert lock_type in text
            endpoints.write_text(text.replace(lock_type, f"type: {LOCK_STORE}", 1))
        try:
            token = secrets.token_urlsafe(16)  # Rasa's API is never open, not even here
            with running_cluster(settings, logs, endpoints, token) as running:
                yield Cluster(running, settings, logs, LOCK_STORE)
        except (RuntimeError, TimeoutError) as exc:
            tails = {p.name: p.read_text(errors="replace")[-2000:] for p in logs.glob("*.log")}
            pytest.fail(f"cluster did not start: {exc}\n{tails}")
