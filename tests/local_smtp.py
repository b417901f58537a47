"""A real SMTP server (aiosmtpd) on a free loopback port, keeping every mail it receives.

The staff notifications are sent over real SMTP in the tests; tests/conftest.py registers the
`smtp` fixture for every folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from deploy.processes import free_port


class Inbox:
    """aiosmtpd handler that keeps what it received: (envelope sender, recipients, message)."""

    def __init__(self) -> None:
        self.mails: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(
            (envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content))
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """The inbox of an SMTP server running for one test, and the server's port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
