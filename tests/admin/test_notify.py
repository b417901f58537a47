"""The new-ticket e-mail reaches a real (local) SMTP server and carries no message content."""

from __future__ import annotations

import datetime as dt

import pytest

from deploy.processes import free_port
from staff_desk.notify import MailSettings, notify_new_ticket
from staff_desk.tickets import TicketView
from staff_desk.vocabulary import Channel, TicketStatus
from tests.local_smtp import Inbox

USER_TEXT = "Ich brauche dringend einen Kitaplatz für meine Tochter Amina"


def ticket() -> TicketView:
    return TicketView(
        id=42,
        sender="web-4f3a9c",
        channel=Channel.WEB,
        chat_id=None,
        language="ar",
        topic="kita",
        municipality="Wegberg",
        summary=f"Sucht Kita in Wegberg: {USER_TEXT}",
        status=TicketStatus.OPEN,
        created_at=dt.datetime.now(dt.UTC),
        closed_at=None,
        staff_chat_id=None,
        staff_message_id=None,
    )


def test_a_new_ticket_mails_language_and_topic_but_no_content(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = MailSettings.from_env(
        {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "ADMIN_NOTIFY_EMAIL": "ki-team@example.org",
            "ADMIN_PUBLIC_URL": "https://admin.example.org/admin/",
        }
    )
    assert notify_new_ticket(ticket(), settings) is True
    assert len(inbox.mails) == 1
    mail_from, recipients, mail = inbox.mails[0]
    assert recipients == ["ki-team@example.org"]
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "'ar'" in body and "'kita'" in body
    assert "https://admin.example.org/admin/ticket/details/42" in body
    everything = mail.as_string() + body
    for secret in (USER_TEXT, "Amina", "Wegberg", "web-4f3a9c", "Sucht Kita"):
        assert secret not in everything


def test_no_mail_settings_means_no_mail_and_a_dead_server_no_error(
    smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    assert MailSettings.from_env({"SMTP_HOST": "127.0.0.1"}) is None
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.delenv("ADMIN_NOTIFY_EMAIL", raising=False)
    assert notify_new_ticket(ticket()) is False  # no recipient configured
    monkeypatch.setenv("ADMIN_NOTIFY_EMAIL", "ki-team@example.org")
    assert notify_new_ticket(ticket()) is True  # from the environment
    assert len(inbox.mails) == 1
    dead = MailSettings(host="127.0.0.1", port=free_port(), recipient="x@example.org")
    assert notify_new_ticket(ticket(), dead) is False
