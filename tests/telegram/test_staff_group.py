"""The staff desk in Telegram against the fake Bot API and a scripted Rasa (fast, no model).

The assistant's side is scripted: `/affirm` answers with the contract's `handoff_requested`.
Everything else is real: the bridge, the channel core, the staff desk on a SQLite file.
The same flow with the real assistant: tests/telegram/test_handoff_e2e.py.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from contract.messages import handoff_payload, turn_payload
from locales.catalog import default_catalog
from staff_desk.engine import make_engine
from staff_desk.tickets import Tickets
from staff_desk.vocabulary import Author, TicketStatus
from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import (
    RunningBridge,
    callback_update,
    message_update,
    running_bridge,
)
from tests.telegram.fake_bot_api import BOT_USER, ApiCall, FakeBotApi
from tests.tracker_rows import TrackerRows

T = default_catalog().text
STAFF_CHAT = -1009876543210
STAFF_MEMBER = 5550001
OUTSIDER = 5550002
USER = 4440001


def scripted(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The assistant: "/affirm" confirms the handoff; anything else is echoed in Arabic."""
    if body["message"] == "/affirm":
        payload = handoff_payload("ar", "kita", "Wegberg", {"intent": "ask_kita"}, ["أريد روضة"])
        return [{"custom": payload}, {"custom": turn_payload("ar")}]
    return [{"text": f"echo: {body['message']}"}, {"custom": turn_payload("ar")}]


def staff_update(text: str, user_id: int, replied: dict[str, Any] | None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 10**9,
        "date": int(time.time()),
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "KI Team"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Mitarbeiterin"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    if replied is not None:
        message["reply_to_message"] = replied
    return {"message": message}


def as_message(call: ApiCall) -> dict[str, Any]:
    """The message the fake answered for a sendMessage (what a staff member replies to)."""
    return {**call.result, "from": BOT_USER}


@pytest.fixture
async def desk_bridge(
    fake_api: FakeBotApi, fake_rasa: FakeRasa, tracker_rows: TrackerRows, tmp_path: Path
) -> AsyncIterator[RunningBridge]:
    fake_rasa.reply = scripted
    fake_api.members[(STAFF_CHAT, STAFF_MEMBER)] = "member"
    desk_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    async with running_bridge(
        fake_api,
        fake_rasa.url,
        tracker_rows.url,
        desk_url=desk_url,
        staff_chat_id=STAFF_CHAT,
        staff_poll_s=0.3,
    ) as running:
        yield running


def to_user(api: FakeBotApi) -> list[str]:
    return [c.text for c in api.calls_of("sendMessage") if c.chat_id == USER]


async def test_staff_reply_reaches_the_user_and_close_gives_the_conversation_back(
    desk_bridge: RunningBridge, fake_rasa: FakeRasa
) -> None:
    api = desk_bridge.api
    await desk_bridge.send(message_update("أريد روضة", language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: c.chat_id == USER)
    data = desk_bridge.button("/affirm", USER)
    await desk_bridge.send(callback_update(data, language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: T("ar", "handoff.opened") in c.text)
    [post] = await api.wait_for("sendMessage", where=lambda c: c.chat_id == STAFF_CHAT)
    assert "Arabisch (ar)" in post.text and "Thema: Kita" in post.text
    assert "أريد روضة" in post.text and "Ort: Wegberg" in post.text

    # While the ticket is open, typed text goes to the staff group, not to the assistant.
    asked = len(fake_rasa.messages())
    before = len(to_user(api))
    update = await desk_bridge.send(message_update("هل من جديد؟", language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: "» هل من جديد؟" in c.text)
    await api.processed(update, settle_s=0.5)
    assert len(fake_rasa.messages()) == asked and len(to_user(api)) == before

    # An outsider's reply is ignored; a member's reply reaches the user.
    outsider = await desk_bridge.send(staff_update("Hallo von außen", OUTSIDER, as_message(post)))
    await api.processed(outsider, settle_s=0.5)
    assert not any("Hallo von außen" in t for t in to_user(api))
    await desk_bridge.send(staff_update("Wir helfen Ihnen gern.", STAFF_MEMBER, as_message(post)))
    await api.wait_for("sendMessage", where=lambda c: c.chat_id == USER and "Wir helfen" in c.text)
    await api.wait_for("sendMessage", where=lambda c: "Zugestellt" in c.text)

    # An edited answer is not sent again.
    edited = staff_update("Wir helfen Ihnen sehr gern.", STAFF_MEMBER, as_message(post))
    edit_id = await desk_bridge.send({"edited_message": edited["message"]})
    await api.processed(edit_id, settle_s=0.5)
    assert not any("sehr gern" in t for t in to_user(api))

    await desk_bridge.send(staff_update("/close", STAFF_MEMBER, as_message(post)))
    await api.wait_for("sendMessage", where=lambda c: T("ar", "handoff.closed") == c.text)
    await desk_bridge.send(message_update("شكرا", language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: c.text == "echo: شكرا")

    tickets = Tickets(desk_bridge.bridge.core.desk.tickets.engine)  # type: ignore[union-attr]
    ticket = tickets.by_staff_post(STAFF_CHAT, post.result["message_id"])
    assert ticket is not None and ticket.status is TicketStatus.CLOSED
    authors = [(m.author, m.text) for m in tickets.messages(ticket.id)]
    assert (Author.STAFF, "Hallo von außen") not in authors
    assert (Author.STAFF, "Wir helfen Ihnen gern.") in authors


async def test_nothing_else_in_the_staff_group_reaches_the_assistant(
    desk_bridge: RunningBridge, fake_rasa: FakeRasa
) -> None:
    api = desk_bridge.api
    updates = [
        await desk_bridge.send(staff_update("/start", STAFF_MEMBER, None)),
        await desk_bridge.send(staff_update("Guten Morgen", STAFF_MEMBER, None)),
        await desk_bridge.send(
            staff_update("#1 ist das?", STAFF_MEMBER, {**staff_update("#1", 1, None)["message"]})
        ),
    ]
    await api.processed(updates[-1], settle_s=0.5)
    assert fake_rasa.messages() == []
    assert [c for c in api.calls_of("sendMessage") if c.chat_id == STAFF_CHAT] == []


async def test_erasing_the_conversation_removes_its_ticket(
    desk_bridge: RunningBridge, tmp_path: Path
) -> None:
    api = desk_bridge.api
    data = desk_bridge.button("/affirm", USER)
    await desk_bridge.send(callback_update(data, language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: c.chat_id == STAFF_CHAT)
    sender = desk_bridge.sender(USER)
    tickets = Tickets(make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}"))
    assert tickets.open_ticket_of(sender) is not None
    assert await desk_bridge.bridge.forget([sender])
    assert tickets.open_ticket_of(sender) is None


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        ("creator", True),
        ("administrator", True),
        ("member", True),
        ("restricted", True),
        ("left", False),
        ("kicked", False),
    ],
)
async def test_who_counts_as_a_member_of_the_staff_group(
    fake_api: FakeBotApi, tmp_path: Path, status: str, counts: bool
) -> None:
    from telegram import Bot

    from bot.telegram.staff_group import StaffGroup
    from staff_desk.migrate import upgrade
    from tests.telegram.fake_bot_api import TOKEN

    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(url)
    staff = StaffGroup(Tickets(make_engine(url)), STAFF_CHAT, default_catalog())
    fake_api.members[(STAFF_CHAT, 99)] = status
    async with Bot(TOKEN, base_url=fake_api.base_url) as bot:
        assert await staff.is_member(bot, 99) is counts
        assert await staff.is_member(bot, 100) is False  # nobody told the fake about 100
