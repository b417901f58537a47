"""The web chat host's side of the handoff (fake Rasa, real staff desk on SQLite): typed text
goes to the ticket while it is open, staff answers are picked up once, closing gives the
conversation back, deleting the conversation removes the ticket."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bot.handoff import HandoffDesk
from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaConnection
from bot.webchat.app import create_app
from bot.webchat.chat import SENDER_PREFIX
from bot.webchat.settings import WebchatSettings
from contract.messages import handoff_payload, turn_payload
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from locales.catalog import default_catalog
from staff_desk.engine import make_engine
from staff_desk.tickets import Tickets
from staff_desk.vocabulary import Channel
from tests.fake_rasa import FakeRasa
from tests.tracker_rows import TrackerRows
from tests.webchat.conftest import ORIGIN, SESSION, TEST_KEY, pseudonym, signed

T = default_catalog().text


def scripted(body: dict[str, Any]) -> list[dict[str, Any]]:
    if body["message"] == "/affirm":
        payload = handoff_payload("fa", "school", None, {}, ["مدرسه برای پسرم"])
        return [{"custom": payload}, {"custom": turn_payload("fa")}]
    return [{"text": f"echo: {body['message']}"}, {"custom": turn_payload("fa")}]


@pytest.fixture
def desk_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


@pytest.fixture
def client(fake_rasa: FakeRasa, tracker_rows: TrackerRows, desk_url: str) -> Iterator[TestClient]:
    fake_rasa.reply = scripted
    settings = WebchatSettings(rasa=RasaConnection(fake_rasa.url, timeout_s=5))
    store = ConversationStore(ConversationStoreSettings(tracker_rows.url))
    desk = HandoffDesk.from_env(Channel.WEB, make_engine(desk_url))
    app = create_app(
        settings,
        rasa=settings.rasa.client(),
        pseudonyms=Pseudonyms(TEST_KEY, SENDER_PREFIX),
        store=store,
        key=TEST_KEY,
        desk=desk,
    )
    with TestClient(app, base_url="http://localhost:8080") as client:
        yield client


def say(client: TestClient, message: str) -> dict[str, Any]:
    body = {"session": SESSION, "message": message, "language": "fa"}
    response = client.post("/api/messages", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.text
    return response.json()


def replies(client: TestClient) -> dict[str, Any]:
    body = {"session": SESSION, "language": "fa"}
    response = client.post("/api/replies", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()


def test_handoff_in_the_web_chat(client: TestClient, fake_rasa: FakeRasa, desk_url: str) -> None:
    assert replies(client) == {"messages": [], "handoff_open": False}
    opened = say(client, signed("/affirm"))
    assert opened["handoff_open"] is True
    assert [m["text"] for m in opened["messages"]] == [T("fa", "handoff.opened")]

    asked = len(fake_rasa.messages())
    silent = say(client, "سلام، کسی هست؟")
    assert silent["messages"] == [] and silent["handoff_open"] is True
    assert len(fake_rasa.messages()) == asked  # the assistant never saw it

    tickets = Tickets(make_engine(desk_url))
    ticket = tickets.open_ticket_of(pseudonym(SESSION))
    assert ticket is not None and ticket.chat_id is None and ticket.language == "fa"
    assert [m.text for m in tickets.messages(ticket.id)] == ["مدرسه برای پسرم", "سلام، کسی هست؟"]
    tickets.answer(ticket.id, "Hallo, wir sind da.")
    assert replies(client) == {
        "messages": [{"text": "Hallo, wir sind da.", "author": "staff"}],
        "handoff_open": True,
    }
    assert replies(client)["messages"] == []  # given once

    tickets.close(ticket.id, T("fa", "handoff.closed"))
    closed = replies(client)
    assert closed == {
        "messages": [{"text": T("fa", "handoff.closed"), "author": "bot"}],
        "handoff_open": False,
    }
    assert say(client, "مدرسه")["messages"][0]["text"] == "echo: مدرسه"


def test_deleting_the_conversation_removes_its_ticket(client: TestClient, desk_url: str) -> None:
    say(client, signed("/affirm"))
    tickets = Tickets(make_engine(desk_url))
    assert tickets.open_ticket_of(pseudonym(SESSION)) is not None
    body = {"session": SESSION, "language": "fa"}
    response = client.request("DELETE", "/api/conversation", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert tickets.open_ticket_of(pseudonym(SESSION)) is None


def test_replies_refuse_a_bad_session(client: TestClient) -> None:
    response = client.post("/api/replies", json={"session": "x"}, headers={"Origin": ORIGIN})
    assert response.status_code == 400
