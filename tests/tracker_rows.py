"""Rasa's `events` table as its SQL tracker store creates it, for tests with a scripted Rasa.

The channel tests use a fake Rasa; erasure still has to be shown on a real store. This writes
rows exactly where and how Rasa 3.6's `SQLTrackerStore` does (same table and columns), and counts
them afterwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    insert,
    select,
    text,
)

_metadata = MetaData()
RASA_EVENTS = Table(  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def _sqlalchemy2(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


class TrackerRows:
    """Writes and counts conversation events in a tracker store database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(_sqlalchemy2(url))
        _metadata.create_all(self.engine)

    def add(self, sender: str, events: int = 3, timestamp: float | None = None) -> None:
        """A short conversation of `sender` whose events happened at `timestamp` (now)."""
        at = time.time() if timestamp is None else timestamp
        rows = [
            {
                "sender_id": sender,
                "type_name": "user",
                "timestamp": at + i * 0.001,
                "intent_name": "greet",
                "data": json.dumps({"event": "user", "text": "hallo", "timestamp": at}),
            }
            for i in range(events)
        ]
        with self.engine.begin() as conn:
            conn.execute(insert(RASA_EVENTS), rows)

    def count(self, sender: str | None = None) -> int:
        query = select(func.count()).select_from(RASA_EVENTS)
        if sender is not None:
            query = query.where(RASA_EVENTS.c.sender_id == sender)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def refusing_deletes(rows: TrackerRows, silently: bool = False) -> Iterator[None]:
    """Meanwhile the store refuses to delete events: with an error (a failing database), or,
    `silently`, by keeping the rows without an error (shows that erasure is verified by
    reading the store, not by trusting the statement). A trigger, removed afterwards.
    """
    sqlite = rows.url.startswith("sqlite")
    if sqlite:
        action = "SELECT RAISE(IGNORE);" if silently else "SELECT RAISE(ABORT, 'refused');"
        create = [f"CREATE TRIGGER refuse_delete BEFORE DELETE ON events BEGIN {action} END"]
        drop = ["DROP TRIGGER refuse_delete"]
    else:
        body = "RETURN NULL;" if silently else "RAISE EXCEPTION 'refused';"
        create = [
            "CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} END $$",
            "CREATE TRIGGER refuse_delete BEFORE DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION refuse_delete()",
        ]
        drop = ["DROP TRIGGER refuse_delete ON events", "DROP FUNCTION refuse_delete()"]
    with rows.engine.begin() as conn:
        for statement in create:
            conn.execute(text(statement))
    try:
        yield
    finally:
        with rows.engine.begin() as conn:
            for statement in drop:
                conn.execute(text(statement))
