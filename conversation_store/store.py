"""Erasing and ageing out conversations in Rasa's SQL tracker store and Redis lock store.

One class used by both channels ("delete my data") and by the retention job. Every erasure is
checked by reading the store afterwards: the caller is told "erased" only when no row of that
conversation is left.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass

import redis
from sqlalchemy import Column, Engine, Float, MetaData, String, Table, create_engine, func, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import SQLAlchemyError

from conversation_store.rasa_lock import LOCK_KEY_PREFIX, turns_of
from conversation_store.settings import ConversationStoreSettings

logger = logging.getLogger(__name__)

# The columns of Rasa's `events` table that erasure and retention need (Rasa creates the table).
_metadata = MetaData()
EVENTS = Table(
    "events",
    _metadata,
    Column("sender_id", String(255), nullable=False, index=True),
    Column("timestamp", Float),
)
RASA_LOCK_KEY_PREFIX = LOCK_KEY_PREFIX  # the name the channels and tests know
CONNECT_TIMEOUT_S = 5
PURGE_BATCH = 500


class ErasureFailed(Exception):
    """The conversation could not be (verifiably) erased; nothing may be reported as deleted."""


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int
    busy: int = 0  # idle ones with a turn in flight: left for the next run


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # Rasa writes the same file: wait for its short transactions instead of failing.
        return create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_S})
    if url.startswith("postgresql"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    return create_engine(url)


class ConversationStore:
    """The stored conversations: count, erase one, purge the idle ones."""

    def __init__(self, settings: ConversationStoreSettings) -> None:
        self.settings = settings
        self._engine = _engine(settings.tracker_db_url)
        self._redis = (
            redis.Redis.from_url(
                settings.redis_url,
                socket_timeout=CONNECT_TIMEOUT_S,
                socket_connect_timeout=CONNECT_TIMEOUT_S,
            )
            if settings.redis_url
            else None
        )

    @classmethod
    def from_env(cls) -> ConversationStore:
        return cls(ConversationStoreSettings.from_env())

    def _has_events_table(self) -> bool:
        # Rasa creates the table when it first starts; before that nothing is stored.
        with self._engine.connect() as conn:
            return self._engine.dialect.has_table(conn, EVENTS.name)

    def count_events(self, sender: str) -> int:
        """How many events of `sender` the tracker store holds."""
        if not self._has_events_table():
            return 0
        with self._engine.connect() as conn:
            query = select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender)
            return int(conn.execute(query).scalar_one())

    def erase(self, senders: Sequence[str]) -> None:
        """Removes every event and the lock of each of `senders`, then checks that none is left.

        Raises:
            ErasureFailed: the store was unreachable or rows remained.
        """
        try:
            if self._has_events_table():
                with self._engine.begin() as conn:
                    conn.execute(sql_delete(EVENTS).where(EVENTS.c.sender_id.in_(list(senders))))
            if self._redis is not None:
                self._redis.delete(*(RASA_LOCK_KEY_PREFIX + s for s in senders))
            left = sum(self.count_events(s) for s in senders)
        except (SQLAlchemyError, redis.RedisError, OSError) as exc:
            logger.error("erasure failed: %s", type(exc).__name__)
            raise ErasureFailed(type(exc).__name__) from exc
        if left:
            logger.error("erasure left %d events behind", left)
            raise ErasureFailed(f"{left} events left")

    def idle_senders(self, older_than_days: int, now: float | None = None) -> list[str]:
        """Conversations whose newest event is older than `older_than_days`."""
        if not self._has_events_table():
            return []
        cutoff = (time.time() if now is None else now) - older_than_days * 86400
        query = (
            select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < cutoff)
        )
        with self._engine.connect() as conn:
            return [row[0] for row in conn.execute(query)]

    def purge_idle(
        self, older_than_days: int | None = None, now: float | None = None
    ) -> PurgeResult:
        """Erases every conversation idle for longer than the retention period.

        Each batch re-checks "still idle" inside its transaction, so a conversation that
        became active meanwhile is kept. With the Redis lock store the job holds each
        conversation's turn in Rasa's lock while it erases (conversation_store.rasa_lock): a
        conversation with a turn in flight is left for the next run, and a message that comes
        while it is erased waits and starts a fresh conversation (Rasa would otherwise write the
        whole old conversation back when it saves that turn).
        """
        days = self.settings.retention_days if older_than_days is None else older_than_days
        cutoff = (time.time() if now is None else now) - days * 86400
        candidates = self.idle_senders(days, now)
        conversations = events = busy = 0
        for start in range(0, len(candidates), PURGE_BATCH):
            batch = candidates[start : start + PURGE_BATCH]
            turns = turns_of(self._redis, batch) if self._redis is not None else nullcontext(batch)
            with turns as ours:
                busy += len(batch) - len(ours)
                if not ours:
                    continue
                still_idle = (
                    select(EVENTS.c.sender_id)
                    .where(EVENTS.c.sender_id.in_(ours))
                    .group_by(EVENTS.c.sender_id)
                    .having(func.max(EVENTS.c.timestamp) < cutoff)
                )
                with self._engine.begin() as conn:
                    senders = list(conn.execute(still_idle).scalars())
                    if not senders:
                        continue
                    result = conn.execute(sql_delete(EVENTS).where(EVENTS.c.sender_id.in_(senders)))
            conversations += len(senders)
            events += result.rowcount or 0
        logger.info(
            "retention: %d conversations (%d events) idle for over %d days erased, %d busy left",
            conversations,
            events,
            days,
            busy,
        )
        return PurgeResult(conversations, events, busy)

    def dispose(self) -> None:
        self._engine.dispose()
        if self._redis is not None:
            self._redis.close()
