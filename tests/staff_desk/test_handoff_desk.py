"""The channel core's desk (bot/handoff.py): a new ticket is mailed to staff without content."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.handoff import HandoffDesk
from contract.messages import HandoffRequest
from staff_desk.engine import make_engine
from staff_desk.notify import MailSettings
from staff_desk.vocabulary import Channel
from tests.local_smtp import Inbox

WORDS = "Meine Tochter Amina braucht einen Kitaplatz"


def request() -> HandoffRequest:
    return HandoffRequest(
        topic="kita", municipality="Wegberg", understood={"intent": "ask_kita"}, recent=[WORDS]
    )


async def test_a_new_ticket_is_mailed_once_without_what_the_user_wrote(
    smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "ADMIN_NOTIFY_EMAIL": "ki@example.org"}
    desk = HandoffDesk.from_env(Channel.WEB, make_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}"))
    desk.mail = MailSettings.from_env(env)
    ticket, created = await desk.open("web-1", "ar", request(), None)
    again, created_again = await desk.open("web-1", "ar", request(), None)
    assert created and not created_again and again.id == ticket.id
    deadline = time.monotonic() + 10
    while not inbox.mails and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # a second mail would have arrived by now
    assert len(inbox.mails) == 1
    _, _, mail = inbox.mails[0]
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert WORDS not in body and "Amina" not in body and "web-1" not in body
    assert "Wegberg" not in body
    desk.dispose()
