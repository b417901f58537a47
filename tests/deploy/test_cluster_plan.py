"""deploy/cluster.py without starting anything: the HAProxy config it writes is valid, and Rasa's
replicas get every variable deploy/endpoints.cluster.yml expands."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.cluster import (
    ClusterSettings,
    broker_environment,
    cluster_env,
    haproxy_config,
    plan,
)
from deploy.processes import CLUSTER_ENDPOINTS
from tests.deploy.deploy_files import endpoint_variables
from tests.deploy.test_haproxy import haproxy_check

SETTINGS = ClusterSettings(
    rasa_replicas=3,
    action_replicas=2,
    rasa_port=15005,
    action_port=15055,
    tracker_db_url="postgresql://postgres@127.0.0.1:5432/ki_conversations",
    redis_url="redis://:s3cret@127.0.0.1:6380/2",
    rabbitmq_url="amqp://ki:p%40ss@127.0.0.1:5673/%2F",
)


def test_the_written_haproxy_config_is_valid(tmp_path: Path) -> None:
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(haproxy_config(SETTINGS, [16001, 16002, 16003], [16101, 16102]))
    result = haproxy_check(cfg)
    assert result.returncode == 0, result.stdout + result.stderr
    text = cfg.read_text()
    assert text.count("server rasa") == 3 and text.count("server actions") == 2
    assert "bind 127.0.0.1:15005" in text and "bind 127.0.0.1:15055" in text


def test_replicas_get_every_variable_the_cluster_endpoints_need() -> None:
    env = cluster_env(SETTINGS, {})
    assert endpoint_variables(CLUSTER_ENDPOINTS) <= env.keys()
    assert env["LOCK_STORE_TYPE"] == "redis"
    assert (env["LOCK_STORE_HOST"], env["LOCK_STORE_PORT"], env["LOCK_STORE_DB"]) == (
        "127.0.0.1",
        "6380",
        "2",
    )
    assert env["LOCK_STORE_PASSWORD"] == "s3cret"
    assert env["ACTION_SERVER_URL"] == "http://127.0.0.1:15055/webhook"  # through HAProxy
    assert env["RASA_URL"] == "http://127.0.0.1:15005"  # channels through HAProxy


def test_broker_settings_come_from_the_amqp_url() -> None:
    assert broker_environment("amqp://ki:p%40ss@mq:5673/%2F") == {
        "EVENT_BROKER_HOST": "mq",
        "EVENT_BROKER_PORT": "5673",
        "EVENT_BROKER_USERNAME": "ki",
        "EVENT_BROKER_PASSWORD": "p@ss",
    }
    with pytest.raises(SystemExit):
        broker_environment("http://mq:5672/")


def test_every_rasa_replica_runs_on_the_cluster_endpoints(tmp_path: Path) -> None:
    members = plan(SETTINGS, [16001, 16002, 16003], [16101, 16102], tmp_path / "h.cfg")
    rasas = [m for m in members if m.name.startswith("rasa")]
    assert len(rasas) == 3
    for member in rasas:
        assert member.cmd[member.cmd.index("--endpoints") + 1] == str(CLUSTER_ENDPOINTS)
    assert [m.name for m in members][-1] == "haproxy"


def test_replica_counts_come_from_the_environment() -> None:
    settings = ClusterSettings.from_env({"RASA_REPLICAS": "3", "ACTION_REPLICAS": "1"})
    assert (settings.rasa_replicas, settings.action_replicas) == (3, 1)
    assert ClusterSettings.from_env({}).rasa_replicas == 2
    with pytest.raises(SystemExit):
        ClusterSettings.from_env({"RASA_REPLICAS": "0"})
