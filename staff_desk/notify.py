"""E-mail notice of a new ticket to the staff's address: never the message's content.

Called where a ticket is created (`notify_new_ticket(ticket)` after `Tickets.open` returned
`created=True`), in a thread or background task: it talks to the SMTP server synchronously.

The mail says only that a ticket arrived, in which language and about which topic, and where to
answer it (the admin); the conversation itself stays in the admin behind its login. Settings:
SMTP_HOST, SMTP_PORT (25), SMTP_USER / SMTP_PASSWORD (optional, then STARTTLS is required),
SMTP_STARTTLS (true when a user is set), ADMIN_NOTIFY_EMAIL (the recipient), ADMIN_NOTIFY_FROM,
ADMIN_PUBLIC_URL (the admin's address in the mail).
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from staff_desk.tickets import TicketView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    recipient: str
    sender: str = "ki-assistent@localhost"
    admin_url: str = "http://127.0.0.1:8090/admin/"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_s: float = 10.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MailSettings | None:
        """The settings, or None when SMTP_HOST or ADMIN_NOTIFY_EMAIL is not set (no mail)."""
        env = os.environ if environ is None else environ
        host, recipient = env.get("SMTP_HOST"), env.get("ADMIN_NOTIFY_EMAIL")
        if not host or not recipient:
            return None
        user = env.get("SMTP_USER") or None
        return cls(
            host=host,
            port=int(env.get("SMTP_PORT", "25")),
            recipient=recipient,
            sender=env.get("ADMIN_NOTIFY_FROM", cls.sender),
            admin_url=env.get("ADMIN_PUBLIC_URL", cls.admin_url),
            user=user,
            password=env.get("SMTP_PASSWORD") or None,
            # A password is never sent in clear text: with a user, STARTTLS is on by default.
            starttls=env.get("SMTP_STARTTLS", "true" if user else "false").lower() == "true",
        )


def notice(
    language: str, topic: str | None, ticket_id: int, settings: MailSettings
) -> EmailMessage:
    """The mail: language, topic and the ticket's number only, in German (staff's language)."""
    message = EmailMessage()
    message["Subject"] = f"Neue Anfrage #{ticket_id} ({language})"
    message["From"] = settings.sender
    message["To"] = settings.recipient
    message.set_content(
        f"Eine neue Anfrage in der Sprache '{language}' zum Thema '{topic or 'unbekannt'}'.\n"
        f"Bitte im Verwaltungsbereich beantworten: {settings.admin_url}ticket/details/{ticket_id}\n"
        "\n"
        f"A new ticket in '{language}' about '{topic or 'unknown'}', see the admin.\n"
    )
    return message


def notify_new_ticket(ticket: TicketView, settings: MailSettings | None = None) -> bool:
    """Sends the notice (settings default: from the environment); False (logged, never raised)
    when mail is off or the server fails: a ticket must never be lost because of a mail."""
    settings = settings or MailSettings.from_env()
    if settings is None:
        return False
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            smtp.send_message(notice(ticket.language, ticket.topic, ticket.id, settings))
    except (OSError, smtplib.SMTPException) as e:
        log.warning("new-ticket e-mail not sent: %s", type(e).__name__)
        return False
    return True
