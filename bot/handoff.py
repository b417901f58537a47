"""The channel core's side of the handoff to a person: tickets of this channel's conversations.

The core (bot/conversation.py) asks here whether a conversation is with staff, opens tickets
when the assistant sent `handoff_requested`, and files what the user writes meanwhile. The
repository (staff_desk.tickets) is synchronous: every call runs in a thread so the event loop
keeps serving other users. Listeners (`on_activity`) hear of new tickets and messages, so the
Telegram staff desk posts them at once instead of at its next poll. A new ticket is also announced
by e-mail when `ADMIN_NOTIFY_EMAIL` and `SMTP_HOST` are set (staff_desk.notify: no content), for
offices that answer in the staff admin only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine

from contract.messages import HandoffRequest
from staff_desk.engine import make_engine
from staff_desk.erasure import erase, remaining
from staff_desk.migrate import upgrade_engine
from staff_desk.notify import MailSettings, notify_new_ticket
from staff_desk.staff_texts import summary
from staff_desk.tickets import MessageView, NewTicket, Tickets, TicketView
from staff_desk.vocabulary import Channel

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


class DeskUnavailable(Exception):
    """The staff desk's database could not be used."""


@dataclass
class HandoffDesk:
    """Tickets of one channel (Telegram or web chat)."""

    tickets: Tickets
    channel: Channel
    on_activity: list[Callable[[], None]] = field(default_factory=list)
    mail: MailSettings | None = None  # the new-ticket e-mail; None: no mail
    _mailing: set[asyncio.Task[bool]] = field(default_factory=set, init=False, repr=False)

    @classmethod
    def from_env(cls, channel: Channel, engine: Engine | None = None) -> HandoffDesk:
        """The desk on `STAFF_DB_URL` / `DATABASE_URL`, its schema brought up to date; the
        new-ticket e-mail from SMTP_HOST / ADMIN_NOTIFY_EMAIL when set."""
        engine = engine or make_engine()
        upgrade_engine(engine)  # idempotent; serialised by the database's write lock
        return cls(Tickets(engine), channel, mail=MailSettings.from_env())

    async def open_ticket_of(self, sender: str) -> TicketView | None:
        return await self._run(self.tickets.open_ticket_of, sender)

    async def open(
        self, sender: str, language: str, request: HandoffRequest, chat_id: str | None
    ) -> tuple[TicketView, bool]:
        new = NewTicket(
            sender=sender,
            channel=self.channel,
            language=language,
            chat_id=chat_id if self.channel is Channel.TELEGRAM else None,
            topic=request["topic"],
            municipality=request["municipality"],
            summary=summary(request["understood"]),
            context=request["recent"],
        )
        ticket, created = await self._run(self.tickets.open, new)
        if created:
            logger.info("ticket %d opened for %s", ticket.id, sender)
            self._notify()
            self._mail(ticket)
        return ticket, created

    def _mail(self, ticket: TicketView) -> None:
        """Sends the e-mail notice in the background: the user's answer must not wait for SMTP."""
        if self.mail is None:
            return
        task = asyncio.create_task(asyncio.to_thread(notify_new_ticket, ticket, self.mail))
        self._mailing.add(task)  # keep a reference until done (asyncio holds only a weak one)
        task.add_done_callback(self._mailing.discard)

    async def file_user_message(self, ticket: TicketView, text: str) -> None:
        await self._run(self.tickets.add_user_message, ticket.id, text)
        self._notify()

    async def take_replies(self, sender: str) -> tuple[list[MessageView], bool]:
        """The web chat's pick-up of staff answers (see Tickets.take_replies)."""
        return await self._run(self.tickets.take_replies, sender)

    async def erase(self, senders: Sequence[str]) -> None:
        """Removes the conversations' tickets and feedback; checks that none is left."""
        await self._run(erase, self.tickets.engine, list(senders))
        left = await self._run(remaining, self.tickets.engine, list(senders))
        if left:
            raise DeskUnavailable(f"{left} staff desk rows left")

    def dispose(self) -> None:
        self.tickets.engine.dispose()

    def _notify(self) -> None:
        for listener in self.on_activity:
            listener()

    async def _run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except Exception as exc:  # SQLAlchemyError, OSError: the desk is down, not the bot
            logger.error("staff desk failed: %s", type(exc).__name__)
            raise DeskUnavailable(type(exc).__name__) from exc
