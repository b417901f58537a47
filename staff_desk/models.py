"""The staff desk's tables: SQLAlchemy 2 typed models with their own `Base`.

Personal data is kept to the minimum the job needs and is erased with the conversation
(`staff_desk.erasure.erase`): tickets and their messages and feedback carry the pseudonymous
sender id (never a raw Telegram id or a name); a Telegram ticket also keeps the chat id, the one
thing needed to deliver a staff answer, and only while the ticket exists. Unanswered questions
carry no sender at all (collected "without personal data", issue 12); their text is stored only
when the user agreed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db_support import schema
from db_support.schema import NAMING_CONVENTION, utcnow
from staff_desk.vocabulary import Author, Channel, TicketStatus


class UTCDateTime(schema.UTCDateTime):
    """The shared timestamp type, except that an aware value read back keeps its zone (on
    PostgreSQL the session's), where the offers' timestamps are converted to UTC."""

    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


# Column types with names (one width per kind of value).
Sender = Annotated[str, mapped_column(String(64))]  # pseudonymous conversation id (keyed hash)
LanguageCode = Annotated[str, mapped_column(String(8))]
Code = Annotated[str, mapped_column(String(40))]  # topic, intent, reason code
Town = Annotated[str, mapped_column(String(60))]  # municipality code
Created = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow, index=True)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class Ticket(Base):
    """A conversation handed to a person; while open, the bot does not answer it."""

    __tablename__ = "staff_tickets"
    __table_args__ = (
        CheckConstraint(f"channel IN {tuple(c.value for c in Channel)}", name="channel"),
        CheckConstraint(f"status IN {tuple(s.value for s in TicketStatus)}", name="status"),
        Index("ix_staff_tickets_sender_status", "sender", "status"),
        Index("ix_staff_tickets_staff_message", "staff_chat_id", "staff_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender: Mapped[Sender]
    channel: Mapped[str] = mapped_column(String(16))
    # Telegram: the chat to send staff answers to (personal data: erased with the ticket).
    # Web chat: None; the widget fetches answers by its session (-> the same sender).
    chat_id: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[LanguageCode]
    topic: Mapped[Code | None]
    municipality: Mapped[Town | None]
    # A German rendering of what the assistant understood (topic, town, wishes), for staff.
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default=TicketStatus.OPEN.value)
    created_at: Mapped[Created]
    closed_at: Mapped[dt.datetime | None]
    # The ticket's post in the staff group: staff answer by replying to it.
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger)

    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="TicketMessage.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status == TicketStatus.OPEN


class TicketMessage(Base):
    """One message of a ticket: the user's, a staff member's, or the bot's (context)."""

    __tablename__ = "staff_ticket_messages"
    __table_args__ = (
        CheckConstraint(f"author IN {tuple(a.value for a in Author)}", name="author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("staff_tickets.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[Created]
    # Reached the other side: a user message once posted to the staff group; a staff answer or
    # bot notice once the user's channel has it (Telegram: sent; web chat: fetched).
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


class Feedback(Base):
    """👍/👎 on an answer. `sender` links it to the conversation so erasure can find it."""

    __tablename__ = "staff_feedback"
    __table_args__ = (CheckConstraint("score IN (-1, 1)", name="score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sender: Mapped[Sender | None] = mapped_column(index=True)
    intent: Mapped[Code | None]
    language: Mapped[LanguageCode]
    municipality: Mapped[Town | None]
    score: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[Code | None]  # what was missing (a code from the 👎 buttons)
    text: Mapped[str | None] = mapped_column(Text)  # only when the user agreed
    created_at: Mapped[Created]


class UnansweredQuestion(Base):
    """A question the assistant could not answer (fallback or 👎): no sender, no personal data.

    `text` is kept only when the user agreed to share it; otherwise staff see language, intent
    guess and town, which is enough for the demand report. Candidate training data are exported
    from the rows that have a text.
    """

    __tablename__ = "staff_unanswered"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[LanguageCode]
    intent_guess: Mapped[Code | None]
    confidence: Mapped[float | None]
    municipality: Mapped[Town | None]
    source: Mapped[Code]  # "fallback" or "feedback"
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[Created]


class StaffUser(Base):
    """An account of the staff admin; the password only as a hash (`staff_desk.passwords`)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[Created]
    last_login_at: Mapped[dt.datetime | None]
