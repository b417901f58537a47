"""With the real assistant: Rasa commands typed by a user get a normal answer (issue 9 #3).

Before, `/restart` and `/session_start` reset the conversation without a word, and
`/ask_kita{"child_age": "1e400"}` set a slot to a number no action could handle.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaConnection
from bot.webchat.app import create_app
from bot.webchat.chat import SENDER_PREFIX
from bot.webchat.settings import WebchatSettings
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from tests.running_assistant import Assistant
from tests.webchat.conftest import ORIGIN, TEST_KEY, TestClient

pytestmark = pytest.mark.rasa


@pytest.fixture
def real_client(assistant: Assistant, tmp_path: Path) -> Iterator[TestClient]:
    settings = WebchatSettings(rasa=RasaConnection(assistant.rasa_url, timeout_s=60))
    store = ConversationStore(ConversationStoreSettings(assistant.tracker_db_url))
    app = create_app(
        settings,
        rasa=settings.rasa.client(),
        pseudonyms=Pseudonyms(TEST_KEY, SENDER_PREFIX),
        store=store,
        key=TEST_KEY,
    )
    with TestClient(app, base_url="http://localhost:8080") as client:
        yield client


@pytest.mark.parametrize(
    "typed", ["/restart", "/session_start", '/ask_kita{"child_age": "1e400"}', "/"]
)
def test_typed_rasa_commands_get_an_answer(real_client: TestClient, typed: str) -> None:
    body = {"session": uuid.uuid4().hex, "message": typed, "language": "de"}
    r = real_client.post("/api/messages", json=body, headers={"Origin": ORIGIN})
    assert r.status_code == 200, r.text
    messages = r.json()["messages"]
    assert any(m.get("text") for m in messages), messages
