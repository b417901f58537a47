"""The tickets' repository: what channels, the Telegram staff desk and the admin do with tickets.

Synchronous and short: each call is one unit of work in its own session (channels run them in
a thread so the event loop keeps serving others). Callers get plain frozen views, never ORM
objects bound to a closed session.

Message flow (the `delivered` flag means "reached the other side"):
- a user message (author user) is delivered once it is posted to the Telegram staff group;
- a staff answer or a bot notice (author staff/bot) once the user's channel has it (Telegram:
  sent; web chat: fetched by the widget).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, Select, select, update
from sqlalchemy.orm import Session, sessionmaker

from staff_desk.engine import make_session_factory
from staff_desk.models import Ticket, TicketMessage, utcnow
from staff_desk.vocabulary import Author, Channel, TicketStatus


@dataclass(frozen=True)
class MessageView:
    id: int
    ticket_id: int
    author: Author
    text: str
    created_at: dt.datetime
    delivered: bool


@dataclass(frozen=True)
class TicketView:
    id: int
    sender: str
    channel: Channel
    chat_id: str | None
    language: str
    topic: str | None
    municipality: str | None
    summary: str | None
    status: TicketStatus
    created_at: dt.datetime
    closed_at: dt.datetime | None
    staff_chat_id: int | None
    staff_message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.status is TicketStatus.OPEN


@dataclass(frozen=True)
class NewTicket:
    """What a channel knows when the user confirmed the handoff."""

    sender: str
    channel: Channel
    language: str
    chat_id: str | None = None  # Telegram only: where staff answers go
    topic: str | None = None
    municipality: str | None = None
    summary: str | None = None  # German rendering of what the assistant understood
    context: Sequence[str] = ()  # the user's last messages before the handoff, as written


def ticket_view(ticket: Ticket) -> TicketView:
    return TicketView(
        id=ticket.id,
        sender=ticket.sender,
        channel=Channel(ticket.channel),
        chat_id=ticket.chat_id,
        language=ticket.language,
        topic=ticket.topic,
        municipality=ticket.municipality,
        summary=ticket.summary,
        status=TicketStatus(ticket.status),
        created_at=ticket.created_at,
        closed_at=ticket.closed_at,
        staff_chat_id=ticket.staff_chat_id,
        staff_message_id=ticket.staff_message_id,
    )


def message_view(message: TicketMessage) -> MessageView:
    return MessageView(
        id=message.id,
        ticket_id=message.ticket_id,
        author=Author(message.author),
        text=message.text,
        created_at=message.created_at,
        delivered=message.delivered,
    )


class Tickets:
    """Tickets and their messages on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions: sessionmaker[Session] = make_session_factory(engine)

    # --- the user's side (channels) -------------------------------------------------------

    def open_ticket_of(self, sender: str) -> TicketView | None:
        """The conversation's open ticket, if any (at most one is open at a time)."""
        with self._sessions() as session:
            ticket = session.scalars(_open_of(sender)).first()
            return ticket_view(ticket) if ticket else None

    def open(self, new: NewTicket) -> tuple[TicketView, bool]:
        """Opens a ticket for the conversation, or returns the one already open.

        Returns:
            The ticket and whether it was created now.
        """
        with self._sessions.begin() as session:
            existing = session.scalars(_open_of(new.sender)).first()
            if existing is not None:
                return ticket_view(existing), False
            ticket = Ticket(
                sender=new.sender,
                channel=new.channel.value,
                chat_id=new.chat_id,
                language=new.language,
                topic=new.topic,
                municipality=new.municipality,
                summary=new.summary,
                status=TicketStatus.OPEN.value,
            )
            # The context is already in the ticket's post: it need not be forwarded again.
            ticket.messages = [
                TicketMessage(author=Author.USER.value, text=text, delivered=True)
                for text in new.context
                if text.strip()
            ]
            session.add(ticket)
            session.flush()
            return ticket_view(ticket), True

    def add_user_message(self, ticket_id: int, text: str) -> MessageView:
        """A message the user wrote while the ticket is open (to be forwarded to staff)."""
        return self._add(ticket_id, Author.USER, text)

    def take_replies(self, sender: str) -> tuple[list[MessageView], bool]:
        """The web chat's pick-up: undelivered staff answers and notices of the conversation,
        marked delivered, and whether a ticket is still open."""
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(TicketMessage)
                .join(Ticket)
                .where(
                    Ticket.sender == sender,
                    TicketMessage.author.in_([Author.STAFF.value, Author.BOT.value]),
                    TicketMessage.delivered.is_(False),
                )
                .order_by(TicketMessage.id)
            ).all()
            for row in rows:
                row.delivered = True
            still_open = session.scalars(_open_of(sender)).first() is not None
            return [message_view(r) for r in rows], still_open

    # --- the staff's side (Telegram staff group, admin) -----------------------------------

    def get(self, ticket_id: int) -> TicketView | None:
        with self._sessions() as session:
            ticket = session.get(Ticket, ticket_id)
            return ticket_view(ticket) if ticket else None

    def messages(self, ticket_id: int) -> list[MessageView]:
        with self._sessions() as session:
            rows = session.scalars(
                select(TicketMessage)
                .where(TicketMessage.ticket_id == ticket_id)
                .order_by(TicketMessage.id)
            )
            return [message_view(r) for r in rows]

    def answer(self, ticket_id: int, text: str) -> MessageView | None:
        """A staff answer to an open ticket (None when it is closed or gone)."""
        ticket = self.get(ticket_id)
        if ticket is None or not ticket.is_open:
            return None
        return self._add(ticket_id, Author.STAFF, text)

    def close(self, ticket_id: int, notice: str | None = None) -> TicketView | None:
        """Closes an open ticket; `notice` (in the user's language) is queued for delivery.

        Returns None when the ticket was not open (already closed or erased).
        """
        with self._sessions.begin() as session:
            ticket = session.get(Ticket, ticket_id, with_for_update=True)
            if ticket is None or ticket.status != TicketStatus.OPEN.value:
                return None
            ticket.status = TicketStatus.CLOSED.value
            ticket.closed_at = utcnow()
            if notice:
                ticket.messages.append(TicketMessage(author=Author.BOT.value, text=notice))
            session.flush()
            return ticket_view(ticket)

    def by_staff_post(self, staff_chat_id: int, staff_message_id: int) -> TicketView | None:
        """The ticket whose post in the staff group is that message."""
        with self._sessions() as session:
            ticket = session.scalars(
                select(Ticket).where(
                    Ticket.staff_chat_id == staff_chat_id,
                    Ticket.staff_message_id == staff_message_id,
                )
            ).first()
            return ticket_view(ticket) if ticket else None

    def set_staff_post(self, ticket_id: int, staff_chat_id: int, staff_message_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id)
                .values(staff_chat_id=staff_chat_id, staff_message_id=staff_message_id)
            )

    def unposted(self) -> list[TicketView]:
        """Open tickets not yet posted to the staff group, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Ticket)
                .where(
                    Ticket.status == TicketStatus.OPEN.value,
                    Ticket.staff_message_id.is_(None),
                )
                .order_by(Ticket.id)
            )
            return [ticket_view(t) for t in rows]

    def unforwarded(self) -> list[tuple[TicketView, MessageView]]:
        """User messages of posted tickets not yet forwarded to the staff group."""
        return self._pending(
            [Author.USER], Ticket.staff_message_id.is_not(None), Ticket.staff_chat_id.is_not(None)
        )

    def undelivered(self, channel: Channel) -> list[tuple[TicketView, MessageView]]:
        """Staff answers and notices not yet delivered to users of `channel`."""
        return self._pending([Author.STAFF, Author.BOT], Ticket.channel == channel.value)

    def mark_delivered(self, message_ids: Sequence[int]) -> None:
        if not message_ids:
            return
        with self._sessions.begin() as session:
            session.execute(
                update(TicketMessage)
                .where(TicketMessage.id.in_(list(message_ids)))
                .values(delivered=True)
            )

    # --- helpers ----------------------------------------------------------------------------

    def _add(self, ticket_id: int, author: Author, text: str) -> MessageView:
        with self._sessions.begin() as session:
            message = TicketMessage(ticket_id=ticket_id, author=author.value, text=text)
            session.add(message)
            session.flush()
            return message_view(message)

    def _pending(
        self, authors: list[Author], *where: object
    ) -> list[tuple[TicketView, MessageView]]:
        with self._sessions() as session:
            rows = session.execute(
                select(Ticket, TicketMessage)
                .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
                .where(
                    TicketMessage.author.in_([a.value for a in authors]),
                    TicketMessage.delivered.is_(False),
                    *where,  # type: ignore[arg-type]
                )
                .order_by(TicketMessage.id)
            ).all()
            return [(ticket_view(t), message_view(m)) for t, m in rows]


def _open_of(sender: str) -> Select[Ticket]:
    return (
        select(Ticket)
        .where(Ticket.sender == sender, Ticket.status == TicketStatus.OPEN.value)
        .order_by(Ticket.id.desc())
    )
