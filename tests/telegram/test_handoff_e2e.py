"""Handoff to a person end to end: Telegram user ↔ bridge ↔ real Rasa and action server, and the
staff group on the same fake Bot API; the staff desk on a SQLite file of the test.

An Arabic-speaking user asks about a Kita, then for a person, confirms; the ticket appears in the
staff group in German with the user's words as written; a non-member's reply is ignored, a
member's reply reaches the user; while the ticket is open the assistant stays silent; `/close`
gives the conversation back (the assistant answers again).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from locales.catalog import default_catalog
from staff_desk.engine import make_engine
from staff_desk.tickets import Tickets
from staff_desk.vocabulary import Author, TicketStatus
from tests.running_assistant import Assistant
from tests.telegram.conftest import RunningBridge, message_update, running_bridge
from tests.telegram.fake_bot_api import BOT_USER, ApiCall, FakeBotApi
from tests.telegram.test_e2e import button_for

pytestmark = pytest.mark.rasa
T = default_catalog().text
WAIT_S = 60.0
STAFF_CHAT = -1001112223334
MEMBER, OUTSIDER = 7770001, 7770002
USER = 6660001
KITA_QUESTION = "أبحث عن روضة في Wegberg لابنتي عمرها 3 سنوات"
ASK_FOR_PERSON = "أريد التحدث مع موظف من فضلك"


def staff_reply(text: str, user_id: int, post: ApiCall) -> dict[str, Any]:
    """A message in the staff group replying to the bot's post `post`."""
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 10**9,
        "date": int(time.time()),
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "KI Team"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Mitarbeiterin"},
        "text": text,
        "reply_to_message": {**post.result, "from": BOT_USER},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"message": message}


@pytest.fixture
async def desk_bridge(
    fake_api: FakeBotApi, assistant: Assistant, tmp_path: Path
) -> AsyncIterator[RunningBridge]:
    fake_api.members[(STAFF_CHAT, MEMBER)] = "member"
    async with running_bridge(
        fake_api,
        assistant.rasa_url,
        assistant.tracker_db_url,
        rasa_timeout_s=WAIT_S,
        desk_url=f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        staff_chat_id=STAFF_CHAT,
        staff_poll_s=0.5,
    ) as running:
        yield running


def to_user(api: FakeBotApi) -> list[ApiCall]:
    return [c for c in api.calls_of("sendMessage") if c.chat_id == USER]


async def test_arabic_user_hands_off_to_staff_and_gets_the_bot_back(
    desk_bridge: RunningBridge, assistant: Assistant, tmp_path: Path
) -> None:
    api = desk_bridge.api
    assert assistant.parse(ASK_FOR_PERSON)["intent"]["name"] == "request_human"

    await desk_bridge.send(message_update(KITA_QUESTION, language_code="ar", user_id=USER))
    await api.wait_for("sendMessage", where=lambda c: c.chat_id == USER, timeout=WAIT_S)
    await desk_bridge.send(message_update(ASK_FOR_PERSON, language_code="ar", user_id=USER))
    [confirm] = await api.wait_for(
        "sendMessage", where=lambda c: T("ar", "human.confirm") in c.text, timeout=WAIT_S
    )
    yes = button_for(desk_bridge, confirm, "/affirm")
    await desk_bridge.send(
        {
            "callback_query": {
                "id": "cq-handoff",
                "from": {"id": USER, "is_bot": False, "first_name": "Z", "language_code": "ar"},
                "chat_instance": "ci",
                "data": yes,
                "message": {**confirm.result, "from": BOT_USER},
            }
        }
    )
    [opened] = await api.wait_for(
        "sendMessage", where=lambda c: T("ar", "handoff.opened") in c.text, timeout=WAIT_S
    )
    assert "112" in opened.text and opened.chat_id == USER
    # The handoff is the whole answer: no "did you mean" from a policy without a prediction.
    shown = "\n".join(c.text for c in to_user(api))
    assert T("ar", "clarify.did_you_mean") not in shown
    assert T("ar", "clarify.give_up") not in shown

    # The ticket in the staff group, in German, with the user's words as written.
    [post] = await api.wait_for("sendMessage", where=lambda c: c.chat_id == STAFF_CHAT)
    for part in ("Arabisch (ar)", "Thema: Kita", "Ort: Wegberg", KITA_QUESTION, ASK_FOR_PERSON):
        assert part in post.text, (part, post.text)
    assert "Alter des Kindes: 3" in post.text

    # While open: the user's message goes to the staff group; the assistant says nothing.
    before = len(to_user(api))
    followup = "هل يوجد مكان في شهر أيلول؟"
    sent = await desk_bridge.send(message_update(followup, language_code="ar", user_id=USER))
    await api.wait_for(
        "sendMessage", where=lambda c: c.chat_id == STAFF_CHAT and followup in c.text
    )
    await api.processed(sent, settle_s=1.0)
    assert len(to_user(api)) == before

    # A non-member's reply is ignored; a member's reply reaches the user on Telegram.
    ignored = await desk_bridge.send(staff_reply("Ich bin nicht im Team", OUTSIDER, post))
    await api.processed(ignored, settle_s=1.0)
    assert not any("Ich bin nicht im Team" in c.text for c in to_user(api))
    assert api.calls_of("getChatMember")
    answer = "Guten Tag! In Wegberg gibt es freie Plätze ab September."
    await desk_bridge.send(staff_reply(answer, MEMBER, post))
    await api.wait_for(
        "sendMessage", where=lambda c: c.chat_id == USER and answer in c.text, timeout=10
    )

    # /close: the user is told in Arabic, and the assistant answers again.
    await desk_bridge.send(staff_reply("/close", MEMBER, post))
    await api.wait_for(
        "sendMessage", where=lambda c: c.chat_id == USER and c.text == T("ar", "handoff.closed")
    )
    heading = T("ar", "procedure.heading_kita", municipality="Wegberg")
    answered = len([c for c in to_user(api) if heading in c.text])
    await desk_bridge.send(message_update(KITA_QUESTION, language_code="ar", user_id=USER))
    await api.wait_for(
        "sendMessage",
        count=answered + 1,
        where=lambda c: c.chat_id == USER and heading in c.text,
        timeout=WAIT_S,
    )

    tickets = Tickets(make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}"))
    ticket = tickets.by_staff_post(STAFF_CHAT, post.result["message_id"])
    assert ticket is not None and ticket.status is TicketStatus.CLOSED
    assert ticket.language == "ar" and ticket.chat_id == str(USER)
    written = [(m.author, m.text) for m in tickets.messages(ticket.id)]
    assert (Author.USER, followup) in written and (Author.STAFF, answer) in written
    assert all("Ich bin nicht im Team" not in text for _, text in written)
