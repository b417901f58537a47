"""Fault tests with the real servers: parts go down mid-conversation, users get an answer in their
language, and everything recovers when the part is back (issue 9).

One assistant of its own (action server + Rasa on a SQLite tracker store), driven through the
real web chat host (in-process) as a browser would: the widget's message ids and retries.
"""

from __future__ import annotations

import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaConnection
from bot.webchat.app import create_app
from bot.webchat.chat import SENDER_PREFIX
from bot.webchat.settings import WebchatSettings
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore, ErasureFailed
from deploy.processes import (
    MODEL,
    ROOT,
    action_server_command,
    running_assistant,
    wait_until_up,
)
from locales.catalog import default_catalog
from tests.running_assistant import seed_database
from tests.tracker_rows import TrackerRows

pytestmark = pytest.mark.rasa
T = default_catalog().text
KEY = b"fault-test-key"
ORIGIN = "http://localhost:8080"


@dataclass
class Servers:
    rasa_url: str
    action_port: int
    actions: subprocess.Popen[bytes]
    tracker_db_url: str
    logs: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it) first")
    tmp = tmp_path_factory.mktemp("faults")
    offers = f"sqlite:///{tmp / 'offers.sqlite3'}"
    seed_database(offers)
    with running_assistant(offers, tmp / "logs") as running:
        actions = running.processes[0]
        port = int(running.action_url.rsplit(":", 1)[1])
        env = {"DATABASE_URL": offers, "PYTHONPATH": str(ROOT)}
        servers = Servers(
            running.rasa_url, port, actions, running.tracker_db_url, tmp / "logs", env
        )
        try:
            yield servers
        finally:
            # An action server the tests started again is not among running_assistant's own.
            if servers.actions.poll() is None:
                servers.actions.kill()
                servers.actions.wait()


def web_host(rasa_url: str, tracker_db_url: str, timeout_s: float) -> TestClient:
    """The web chat host in front of Rasa at `rasa_url`, with the servers' conversation store."""
    settings = WebchatSettings(rasa=RasaConnection(rasa_url, timeout_s=timeout_s))
    app = create_app(
        settings,
        rasa=settings.rasa.client(),
        pseudonyms=Pseudonyms(KEY, SENDER_PREFIX),
        store=ConversationStore(ConversationStoreSettings(tracker_db_url)),
        key=KEY,
    )
    return TestClient(app, base_url=ORIGIN)


@pytest.fixture
def web(servers: Servers) -> Iterator[TestClient]:
    with web_host(servers.rasa_url, servers.tracker_db_url, timeout_s=60) as client:
        yield client


def post(client: TestClient, session: str, message_id: str, text: str, language: str) -> Any:
    body = {"session": session, "id": message_id, "message": text, "language": language}
    return client.post("/api/messages", json=body, headers={"Origin": ORIGIN})


def restart_actions(servers: Servers) -> None:
    import os

    env = {**os.environ, **servers.env, "SANIC_HOST": "127.0.0.1"}
    out = (servers.logs / "actions-restarted.log").open("ab")
    servers.actions = subprocess.Popen(
        action_server_command(servers.action_port), cwd=ROOT, env=env, stdout=out, stderr=out
    )
    wait_until_up(f"http://127.0.0.1:{servers.action_port}/health", 120, [servers.actions])


def test_action_server_killed_mid_conversation_is_said_and_the_retry_is_answered(
    servers: Servers, web: TestClient
) -> None:
    session = "a" * 32
    first = post(web, session, "m-1", "أحتاج روضة لابنتي عمرها ٣ سنوات", "ar")
    assert first.status_code == 200 and first.json()["language"] == "ar"

    servers.actions.kill()
    servers.actions.wait()
    down = post(web, session, "m-2", "Wegberg", "ar")
    assert down.status_code == 503
    assert down.json()["message"] == T("ar", "webchat.error.unavailable")
    assert down.headers["Retry-After"]

    restart_actions(servers)
    # The widget sends the same message (same id) again: now it is answered, in Arabic, and
    # the question in progress (Kita) goes on.
    again = post(web, session, "m-2", "Wegberg", "ar")
    assert again.status_code == 200
    answer = again.json()
    assert answer["language"] == "ar"
    kinds = [m.get("custom", {}).get("type") for m in answer["messages"]]
    assert "offer_list" in kinds, answer["messages"]


def test_rasa_down_is_said_in_the_users_language_and_the_host_keeps_answering(
    servers: Servers, web: TestClient, tmp_path: Path
) -> None:
    """Rasa unreachable (here: the host pointed at a closed port, as when Rasa restarts)."""
    with web_host("http://127.0.0.1:9", servers.tracker_db_url, timeout_s=5) as down_host:
        for language in ("fa", "uk"):
            r = post(down_host, "b" * 32, f"m-{language}", "سلام", language)
            assert r.status_code == 503
            assert r.json()["message"] == T(language, "webchat.error.unavailable")
        assert down_host.get("/healthz").status_code == 200
    # The real host still answers the same conversation meanwhile.
    assert post(web, "b" * 32, "m-ok", "Hallo", "de").status_code == 200


def test_offer_database_unreachable_gives_the_database_apology(
    servers: Servers, web: TestClient
) -> None:
    """The action server restarted against a PostgreSQL that does not answer."""
    servers.actions.kill()
    servers.actions.wait()
    offers = servers.env["DATABASE_URL"]
    servers.env["DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1:9/none"
    try:
        restart_actions(servers)
        r = post(web, "c" * 32, "m-1", "Kita in Wegberg, meine Tochter ist 3", "de")
        assert r.status_code == 200
        texts = "\n".join(m.get("text", "") for m in r.json()["messages"])
        assert T("de", "error.database") in texts
    finally:
        servers.actions.kill()
        servers.actions.wait()
        servers.env["DATABASE_URL"] = offers
        restart_actions(servers)
    r = post(web, "c" * 32, "m-2", "Kita in Wegberg, meine Tochter ist 3", "de")
    kinds = [m.get("custom", {}).get("type") for m in r.json()["messages"]]
    assert "offer_list" in kinds  # recovered


def test_redis_down_makes_erasure_fail_loudly_and_a_retry_succeeds(tmp_path: Path) -> None:
    rows = TrackerRows(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    rows.add("web-x", events=3)
    down = ConversationStore(ConversationStoreSettings(rows.url, redis_url="redis://127.0.0.1:9/0"))
    try:
        with pytest.raises(ErasureFailed):
            down.erase(["web-x"])
    finally:
        down.dispose()
    up = ConversationStore(ConversationStoreSettings(rows.url))
    try:
        up.erase(["web-x"])
        assert rows.count("web-x") == 0
    finally:
        up.dispose()
        rows.dispose()


def test_health_of_the_real_servers_after_the_faults(servers: Servers) -> None:
    assert httpx.get(f"{servers.rasa_url}/", timeout=10).status_code == 200
    assert (
        httpx.get(f"http://127.0.0.1:{servers.action_port}/health", timeout=10).status_code == 200
    )
