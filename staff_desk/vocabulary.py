"""Codes of the staff desk, named once (every other module imports them from here)."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """Where a conversation takes place, i.e. how a staff answer is delivered."""

    TELEGRAM = "telegram"  # sent at once by the Telegram bridge to the ticket's chat
    WEB = "web"  # picked up by the widget (GET /api/messages) while open or on the next visit


class TicketStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Author(StrEnum):
    """Who wrote a ticket message."""

    USER = "user"
    STAFF = "staff"
    BOT = "bot"  # what the assistant said before the handoff (context for staff)


class Score(StrEnum):
    """Feedback on an answer; stored as +1 / -1."""

    UP = "up"
    DOWN = "down"


SCORE_VALUES = {Score.UP: 1, Score.DOWN: -1}
