"""A conversation survives a restart of Rasa, on SQLite (the embedded default) and PostgreSQL.

Real servers: the action server and Rasa are started, stopped and started again against the same
tracker store. Afterwards the channel core's erasure leaves no row of the conversation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract.messages import PayloadType, payload_type, read_turn
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from deploy.processes import MODEL, running_assistant
from tests.conftest import BACKENDS, fresh_database
from tests.running_assistant import new_sender, seed_database
from tests.tracker_rows import TrackerRows

pytestmark = pytest.mark.rasa


@pytest.fixture(params=BACKENDS)
def tracker_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty tracker store database, written as an operator writes TRACKER_DB_URL."""
    with fresh_database(request.param, tmp_path) as url:
        yield url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(scope="module")
def offers_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('offers') / 'offers.sqlite3'}"
    seed_database(url)
    return url


def say(rasa_url: str, sender: str, text: str) -> list[dict[str, Any]]:
    r = httpx.post(
        f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    r.raise_for_status()
    return r.json()


def test_a_conversation_continues_after_rasa_restarts_and_erasure_leaves_nothing(
    tracker_db_url: str, offers_url: str, tmp_path: Path
) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it) first")
    sender = new_sender()
    with running_assistant(offers_url, tmp_path / "first", tracker_db_url=tracker_db_url) as first:
        # Arabic, a Kita question without a town: the assistant asks where.
        asked = read_turn(say(first.rasa_url, sender, "أحتاج روضة لابنتي عمرها ٣ سنوات"))
        assert asked.language == "ar"
        assert not any(
            payload_type(m.get("custom")) is PayloadType.OFFER_LIST for m in asked.messages
        )

    rows = TrackerRows(tracker_db_url)
    try:
        stored = rows.count(sender)
        assert stored > 0  # on disk / in the database, not in Rasa's memory
        with running_assistant(
            offers_url, tmp_path / "second", tracker_db_url=tracker_db_url
        ) as second:
            # Only the town: the question in progress (Kita, age 3) and the language go on.
            answer = read_turn(say(second.rasa_url, sender, "Wegberg"))
            assert answer.language == "ar"
            [offer_list] = [
                m["custom"]
                for m in answer.messages
                if payload_type(m.get("custom")) is PayloadType.OFFER_LIST
            ]
            assert offer_list["topic"] == "kita"
            assert {o["municipality"] for o in offer_list["offers"]} == {"Wegberg"}
            assert rows.count(sender) > stored

        store = ConversationStore(ConversationStoreSettings(tracker_db_url))
        try:
            store.erase([sender])
        finally:
            store.dispose()
        assert rows.count(sender) == 0
    finally:
        rows.dispose()
