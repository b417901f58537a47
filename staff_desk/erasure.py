"""Erasure and retention of the staff desk's personal data.

`erase(senders)`: "delete my data" and `conversations erase` remove the conversation's tickets
(with their messages and the Telegram chat id) and its feedback; the unanswered questions carry
no sender, so nothing leads back to the person.

`purge(days)`: the retention job removes tickets without activity for `days` and takes the
sender (and any consented text) off older feedback, which then stays only as an anonymous count
for the demand report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, func, select, update
from sqlalchemy.orm import Session

from staff_desk.models import Feedback, Ticket, TicketMessage, utcnow


@dataclass(frozen=True)
class ErasureResult:
    tickets: int
    feedback: int


def erase(engine: Engine, senders: Sequence[str]) -> ErasureResult:
    """Deletes every ticket (with its messages) and all feedback of `senders`."""
    if not senders:
        return ErasureResult(0, 0)
    with Session(engine) as session, session.begin():
        ids = list(session.scalars(select(Ticket.id).where(Ticket.sender.in_(list(senders)))))
        if ids:
            # Explicitly, not by the foreign key's cascade: SQLite without the pragma ignores it.
            session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
            session.execute(delete(Ticket).where(Ticket.id.in_(ids)))
        feedback = cast(
            CursorResult[Any],
            session.execute(delete(Feedback).where(Feedback.sender.in_(list(senders)))),
        )
        return ErasureResult(len(ids), feedback.rowcount or 0)


def remaining(engine: Engine, senders: Sequence[str]) -> int:
    """How many tickets and feedback rows of `senders` are left (0 after a working erasure)."""
    with Session(engine) as session:
        tickets = session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.sender.in_(list(senders)))
        )
        feedback = session.scalar(
            select(func.count()).select_from(Feedback).where(Feedback.sender.in_(list(senders)))
        )
        return int(tickets or 0) + int(feedback or 0)


def purge(engine: Engine, older_than_days: int, now: dt.datetime | None = None) -> ErasureResult:
    """Retention: tickets idle longer than `older_than_days` go; older feedback is anonymised."""
    cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
    with Session(engine) as session, session.begin():
        last_activity = (
            select(TicketMessage.ticket_id, func.max(TicketMessage.created_at).label("last"))
            .group_by(TicketMessage.ticket_id)
            .subquery()
        )
        ids = list(
            session.scalars(
                select(Ticket.id)
                .outerjoin(last_activity, last_activity.c.ticket_id == Ticket.id)
                .where(Ticket.created_at < cutoff)
                .where((last_activity.c.last.is_(None)) | (last_activity.c.last < cutoff))
            )
        )
        if ids:
            session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
            session.execute(delete(Ticket).where(Ticket.id.in_(ids)))
        anonymised = cast(
            CursorResult[Any],
            session.execute(
                update(Feedback)
                .where(Feedback.created_at < cutoff, Feedback.sender.is_not(None))
                .values(sender=None, text=None)
            ),
        )
        return ErasureResult(len(ids), anonymised.rowcount or 0)
