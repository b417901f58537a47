"""One Rasa replica killed in the middle of the traffic: HAProxy takes it out, no conversation
loses or doubles a message, and the replica, started again, rejoins and serves.

The conversations talk through HAProxy, as the channels do. A message whose request dies with
the replica is sent again only when the tracker store does not hold it yet, as a careful channel
would; Rasa saves a message with its answer in one transaction, so it is either wholly there or
not at all. Runs after test_concurrency.py on the same cluster (it restarts the replica it kills).
"""

from __future__ import annotations

import asyncio
import csv
import io
import signal
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.cluster.conftest import Cluster
from tests.cluster.test_concurrency import TEXTS, _tracker_events

pytestmark = [pytest.mark.rasa, pytest.mark.postgres]

CONVERSATIONS = 6
MESSAGES = 8
VICTIM = "rasa1"
# A request that was on the killed replica leaves its ticket in the Redis lock store; the next
# message of that conversation waits until the ticket expires (Rasa's lock lifetime, 60 s).
REQUEST_TIMEOUT_S = 300.0


def rasa_servers(stats_socket: Path) -> dict[str, dict[str, str]]:
    """HAProxy's view of the Rasa backend's servers: name → `show stat` row."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(5)
        sock.connect(str(stats_socket))
        sock.sendall(b"show stat\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode().removeprefix("# ")
    rows = csv.DictReader(io.StringIO(text))
    return {
        r["svname"]: r
        for r in rows
        if r["pxname"] == "rasa" and r["svname"] not in {"FRONTEND", "BACKEND"}
    }


def wait_for_state(stats_socket: Path, server: str, prefix: str, timeout_s: float) -> float:
    """Waits until HAProxy reports `server` in a state starting with `prefix`; returns when."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if rasa_servers(stats_socket)[server]["status"].startswith(prefix):
            return time.monotonic()
        time.sleep(0.2)
    raise AssertionError(f"HAProxy did not report {server} {prefix} within {timeout_s} s")


@dataclass
class Traffic:
    """What the clients saw."""

    answered: int = 0
    failures: list[float] = field(default_factory=list)  # when a request failed
    resent: int = 0


async def _stored_texts(client: httpx.AsyncClient, cluster: Cluster, sender: str) -> list[str]:
    r = await client.get(
        f"{cluster.running.rasa_url}/conversations/{sender}/tracker",
        params={"token": cluster.running.api_token},
    )
    r.raise_for_status()
    return [e.get("text") for e in r.json()["events"] if e["event"] == "user"]


async def _conversation(
    client: httpx.AsyncClient, cluster: Cluster, sender: str, traffic: Traffic
) -> None:
    url = cluster.running.rasa_url
    for text in TEXTS[:MESSAGES]:
        for _ in range(5):
            try:
                r = await client.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                )
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            traffic.failures.append(time.monotonic())
            await asyncio.sleep(1)
            if text in await _stored_texts(client, cluster, sender):
                break  # it reached Rasa before the replica died: never send it twice
            traffic.resent += 1
        else:
            raise AssertionError("a message could not be delivered in five tries")
        traffic.answered += 1


async def _traffic_with_a_kill(cluster: Cluster, senders: list[str]) -> tuple[Traffic, float]:
    traffic = Traffic()
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S) as client:
        tasks = [asyncio.create_task(_conversation(client, cluster, s, traffic)) for s in senders]
        while traffic.answered < len(senders) * MESSAGES // 3:
            await asyncio.sleep(0.05)
        cluster.running.processes[VICTIM].send_signal(signal.SIGKILL)
        down_at = await asyncio.to_thread(
            wait_for_state, cluster.running.haproxy_socket, VICTIM, "DOWN", 15
        )
        await asyncio.gather(*tasks)
    return traffic, down_at


def test_a_killed_replica_is_dropped_loses_nothing_and_rejoins(cluster: Cluster) -> None:
    running = cluster.running
    assert {s["status"] for s in rasa_servers(running.haproxy_socket).values()} == {"UP"}
    senders = [f"failover-{uuid.uuid4().hex[:12]}" for _ in range(CONVERSATIONS)]
    started = time.monotonic()
    traffic, down_at = asyncio.run(_traffic_with_a_kill(cluster, senders))
    print(
        f"\n{CONVERSATIONS * MESSAGES} messages in {time.monotonic() - started:.1f} s; "
        f"{len(traffic.failures)} requests died with the replica, {traffic.resent} sent again"
    )
    assert running.processes[VICTIM].poll() is not None  # it really died
    # Once HAProxy had dropped it, no request failed: the others took them all.
    assert all(t <= down_at + 1 for t in traffic.failures)
    for sender in senders:
        events = _tracker_events(cluster.settings.tracker_db_url, sender)
        user_texts = [data["text"] for kind, data in events if kind == "user"]
        assert user_texts == TEXTS[:MESSAGES], sender  # each once, in order
        kinds = "".join("u" if k == "user" else "b" for k, _ in events if k in {"user", "bot"})
        assert all(kinds.split("u")[1:]), sender  # each answered

    # Started again, the replica rejoins: HAProxy sends it traffic.
    running.restart(VICTIM)
    wait_for_state(running.haproxy_socket, VICTIM, "UP", 30)
    before = int(rasa_servers(running.haproxy_socket)[VICTIM]["stot"])
    for i in range(6):
        r = httpx.post(
            f"{running.rasa_url}/webhooks/rest/webhook",
            json={"sender": f"rejoin-{i}-{uuid.uuid4().hex[:8]}", "message": "Hallo"},
            timeout=REQUEST_TIMEOUT_S,
        )
        assert r.status_code == 200 and r.json()
    assert int(rasa_servers(running.haproxy_socket)[VICTIM]["stot"]) > before
