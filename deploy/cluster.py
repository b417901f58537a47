"""`make run-cluster`: the assistant as it scales out, on this machine's real services.

RASA_REPLICAS (2) Rasa replicas and ACTION_REPLICAS (2) action servers behind HAProxy, the SQL
tracker store on PostgreSQL (TRACKER_DB_URL), Rasa's lock store on Redis (REDIS_URL), Rasa's
Pika event broker on RabbitMQ (RABBITMQ_URL), the offer database on PostgreSQL (DATABASE_URL);
the channels and the retention job as in `make run`, talking to the load balancer. This is what
deploy/compose.yml runs in containers; the endpoints are the same file
(deploy/endpoints.cluster.yml). `running_cluster` starts the same plan for tests and benchmarks.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conversation_store.settings import ConversationStoreSettings
from deploy.processes import (
    APP_PYTHON,
    CLUSTER_ENDPOINTS,
    ROOT,
    ServerSettings,
    action_server_command,
    child_env,
    free_port,
    rasa_command,
    rasa_environment,
    stop_processes,
    wait_until_up,
)
from deploy.processes import (
    api_token as load_api_token,
)

logger = logging.getLogger("cluster")

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ki_offers"
DEFAULT_TRACKER_DB_URL = "postgresql://postgres@127.0.0.1:5432/ki_conversations"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
HAPROXY = "/usr/sbin/haproxy"
RASA_START_TIMEOUT_S = 600.0  # replicas load their models at the same time on two cores


@dataclass(frozen=True)
class ClusterSettings:
    """How many of each and where the shared services are; `from_env` reads it."""

    rasa_replicas: int = 2
    action_replicas: int = 2
    rasa_port: int = 5005  # HAProxy's front for Rasa: what the channels call
    action_port: int = 5055  # HAProxy's front for the action servers: what Rasa calls
    database_url: str = DEFAULT_DATABASE_URL
    tracker_db_url: str = DEFAULT_TRACKER_DB_URL
    redis_url: str = DEFAULT_REDIS_URL
    rabbitmq_url: str = DEFAULT_RABBITMQ_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClusterSettings:
        env = os.environ if environ is None else environ
        replicas = {k: int(env.get(k) or 2) for k in ("RASA_REPLICAS", "ACTION_REPLICAS")}
        if min(replicas.values()) < 1:
            raise SystemExit("RASA_REPLICAS and ACTION_REPLICAS must be at least 1")
        return cls(
            rasa_replicas=replicas["RASA_REPLICAS"],
            action_replicas=replicas["ACTION_REPLICAS"],
            rasa_port=int(env.get("RASA_PORT") or 5005),
            action_port=int(env.get("ACTION_PORT") or 5055),
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            tracker_db_url=env.get("TRACKER_DB_URL") or DEFAULT_TRACKER_DB_URL,
            redis_url=env.get("REDIS_URL") or DEFAULT_REDIS_URL,
            rabbitmq_url=env.get("RABBITMQ_URL") or DEFAULT_RABBITMQ_URL,
        )

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"


@dataclass(frozen=True)
class Member:
    """One process of the cluster: its name, command and the URL that says it is up."""

    name: str
    cmd: list[str]
    health_url: str | None
    required: bool = True
    holds_api_token: bool = False  # only Rasa gets its HTTP API token


def member_env(member: Member, env: Mapping[str, str], token: str | None) -> dict[str, str]:
    """A member's environment: Rasa's with its API token (deploy/rasa_server.py reads it)."""
    return rasa_environment(env, token) if member.holds_api_token else dict(env)


def broker_environment(rabbitmq_url: str) -> dict[str, str]:
    """The event broker variables of deploy/endpoints.cluster.yml from an amqp:// URL."""
    parts = urlsplit(rabbitmq_url)
    if parts.scheme != "amqp" or not parts.hostname:
        raise SystemExit("RABBITMQ_URL must look like amqp://user:password@host[:port]/vhost")
    return {
        "EVENT_BROKER_HOST": parts.hostname,
        "EVENT_BROKER_PORT": str(parts.port or 5672),
        "EVENT_BROKER_USERNAME": unquote(parts.username or "guest"),
        "EVENT_BROKER_PASSWORD": unquote(parts.password or "guest"),
    }


def cluster_env(
    settings: ClusterSettings, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of every member: `make run`'s, with the shared stores and the balancer."""
    if not settings.redis_url:
        raise SystemExit("several Rasa replicas need REDIS_URL: their lock store")
    store = ConversationStoreSettings(
        tracker_db_url=settings.tracker_db_url,
        redis_url=settings.redis_url,
        retention_days=ConversationStoreSettings.from_env(environ).retention_days,
    )
    env = child_env(settings.action_port, store, environ)
    env.update(broker_environment(settings.rabbitmq_url))
    env["DATABASE_URL"] = settings.database_url
    env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{settings.action_port}/webhook"
    env["RASA_URL"] = settings.rasa_url
    # The channels use the REST channel, which needs no token; only Rasa holds it.
    env.pop("RASA_TOKEN", None)
    return env


def haproxy_config(
    settings: ClusterSettings,
    rasa_ports: Sequence[int],
    action_ports: Sequence[int],
    stats_socket: Path | None = None,
) -> str:
    """HAProxy on loopback in front of the replicas; the same rules as deploy/haproxy.cfg.

    `stats_socket`: a Unix socket where HAProxy tells each server's state (`show stat`).
    """

    def servers(name: str, ports: Sequence[int]) -> str:
        return "".join(f"    server {name}{i} 127.0.0.1:{p}\n" for i, p in enumerate(ports, 1))

    stats = f"    stats socket {stats_socket} mode 600 level user\n" if stats_socket else ""
    return (
        "# Written by deploy/cluster.py for this run; see deploy/haproxy.cfg for the reasons.\n"
        f"global\n    maxconn 4096\n{stats}\n"
        "defaults\n    mode http\n    timeout connect 5s\n    timeout client 90s\n"
        "    timeout server 90s\n    timeout http-request 60s\n    timeout check 10s\n"
        "    retries 2\n    retry-on conn-failure\n    option redispatch\n\n"
        f"frontend rasa_api\n    bind 127.0.0.1:{settings.rasa_port}\n    default_backend rasa\n\n"
        f"frontend action_api\n    bind 127.0.0.1:{settings.action_port}\n"
        "    default_backend actions\n\n"
        "backend rasa\n    balance leastconn\n    option httpchk GET /\n"
        "    http-check expect status 200\n    default-server check inter 2s fall 3 rise 1\n"
        f"{servers('rasa', rasa_ports)}\n"
        "backend actions\n    balance leastconn\n    option httpchk GET /health\n"
        "    http-check expect status 200\n    default-server check inter 2s fall 3 rise 1\n"
        f"{servers('actions', action_ports)}"
    )


def plan(
    settings: ClusterSettings,
    rasa_ports: Sequence[int],
    action_ports: Sequence[int],
    haproxy_cfg: Path,
    endpoints: Path = CLUSTER_ENDPOINTS,
) -> list[Member]:
    """The cluster's processes in start order: action servers, Rasa replicas, the balancer."""
    members = [
        Member(f"actions{i}", action_server_command(p), f"http://127.0.0.1:{p}/health")
        for i, p in enumerate(action_ports, 1)
    ]
    members += [
        Member(
            f"rasa{i}",
            rasa_command(ServerSettings(rasa_port=p), endpoints=endpoints),
            f"http://127.0.0.1:{p}/",
            holds_api_token=True,
        )
        for i, p in enumerate(rasa_ports, 1)
    ]
    # -db: stay in the foreground, so the supervisor sees it exit.
    members.append(Member("haproxy", [HAPROXY, "-db", "-f", str(haproxy_cfg)], None))
    return members


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database of `url` when it does not exist yet."""
    target = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    if not target.drivername.startswith("postgresql") or not target.database:
        return
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def seed_offers(env: Mapping[str, str]) -> None:
    """Migrates the offer database and loads the sample offers into it when it is empty (a
    database that already holds data is left alone: `offers seed --if-safe`)."""
    command = [APP_PYTHON, "-m", "offer_db", "seed", "--if-safe"]
    subprocess.run(command, cwd=ROOT, env=dict(env), check=True)


@dataclass
class RunningCluster:
    """What `running_cluster` started: the balancer's URL, each replica's own URL, and the
    processes by member name (`restart` starts a stopped member again)."""

    rasa_url: str
    rasa_replica_urls: tuple[str, ...]
    action_urls: tuple[str, ...]
    processes: dict[str, subprocess.Popen[bytes]]
    members: dict[str, Member]
    env: dict[str, str]
    logs: Path
    api_token: str | None = None  # Rasa's HTTP API token (`?token=`)

    @property
    def haproxy_socket(self) -> Path:
        return self.logs / "haproxy.sock"

    def start(self, name: str) -> None:
        member = self.members[name]
        out = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            member.cmd,
            cwd=ROOT,
            env=member_env(member, self.env, self.api_token),
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def restart(self, name: str, timeout_s: float = RASA_START_TIMEOUT_S) -> None:
        """Starts member `name` again (after it died or was killed) and waits until it is up."""
        old = self.processes[name]
        if old.poll() is None:
            raise RuntimeError(f"{name} is still running")
        self.start(name)
        health = self.members[name].health_url
        if health:
            wait_until_up(health, timeout_s, [self.processes[name]])


@contextmanager
def running_cluster(
    settings: ClusterSettings,
    logs: Path,
    endpoints: Path = CLUSTER_ENDPOINTS,
    api_token: str | None = None,
) -> Iterator[RunningCluster]:
    """Action servers, Rasa replicas and HAProxy on free loopback ports; stopped on exit.

    `settings` names the shared services and the balancer's ports. Output goes to
    `logs/<member>.log`. For tests and benchmarks; `make run-cluster` supervises the same plan.
    """
    logs.mkdir(parents=True, exist_ok=True)
    rasa_ports = [free_port() for _ in range(settings.rasa_replicas)]
    action_ports = [free_port() for _ in range(settings.action_replicas)]
    cfg = logs / "haproxy.cfg"
    members = plan(settings, rasa_ports, action_ports, cfg, endpoints)
    cluster = RunningCluster(
        settings.rasa_url,
        tuple(f"http://127.0.0.1:{p}" for p in rasa_ports),
        tuple(f"http://127.0.0.1:{p}" for p in action_ports),
        {},
        {m.name: m for m in members},
        cluster_env(settings),
        logs,
        api_token,
    )
    config = haproxy_config(settings, rasa_ports, action_ports, cluster.haproxy_socket)
    cfg.write_text(config, encoding="utf-8")
    try:
        for member in members:
            cluster.start(member.name)
        for member in members:
            if member.health_url:
                timeout = RASA_START_TIMEOUT_S if member.name.startswith("rasa") else 120
                wait_until_up(member.health_url, timeout, list(cluster.processes.values()))
        wait_until_up(f"{settings.rasa_url}/", 60, list(cluster.processes.values()))
        yield cluster
    finally:
        stop_processes(list(cluster.processes.values()))


def main(argv: Sequence[str] | None = None) -> int:
    """`make run-cluster`: prepares the databases, then supervises the cluster and channels."""
    # the launcher's restart rules and its start of the channels, reused
    from deploy.launch import Service, Supervisor, start_channels_and_watch

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = ClusterSettings.from_env()
    for url in (settings.database_url, settings.tracker_db_url):
        ensure_database(url)
    env = cluster_env(settings)
    token = load_api_token()
    seed_offers(env)
    # Fixed replica ports beside the balancer's, so a developer can reach one replica directly.
    rasa_ports = [settings.rasa_port + 100 + i for i in range(settings.rasa_replicas)]
    action_ports = [settings.action_port + 100 + i for i in range(settings.action_replicas)]
    run_dir = ROOT / "var" / "cluster"
    run_dir.mkdir(parents=True, exist_ok=True)
    cfg = run_dir / "haproxy.cfg"
    cfg.write_text(haproxy_config(settings, rasa_ports, action_ports), encoding="utf-8")

    supervisor = Supervisor(env)
    signal.signal(signal.SIGTERM, lambda *_: supervisor.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: supervisor.stopping.set())
    status = 1
    try:
        members = plan(settings, rasa_ports, action_ports, cfg)
        services = [
            Service(m.name, m.cmd, True, m.health_url, env=member_env(m, env, token))
            for m in members
        ]
        for service in services:
            supervisor.start(service)
        for service in services:
            if service.health_url:
                procs = [s.process for s in supervisor.services if s.process is not None]
                wait_until_up(service.health_url, RASA_START_TIMEOUT_S, procs)
        status = start_channels_and_watch(
            supervisor,
            env,
            f"cluster ready: {settings.rasa_replicas} Rasa replicas and "
            f"{settings.action_replicas} action servers behind HAProxy; REST channel "
            f"{settings.rasa_url}/webhooks/rest/webhook",
        )
    except (RuntimeError, TimeoutError) as exc:
        logger.error("the cluster did not start: %s", exc)
    finally:
        supervisor.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
