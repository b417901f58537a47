"""Reading Rasa's `events` table as turns: one user message and what the assistant did.

Only what a turn was about is read (intent, actions, a few slots: language, town, topic, the
search's outcome): never the texts. The sender id is used only to keep the events of one
conversation together while reading; it leaves this module in no form.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Connection, Float, Integer, MetaData, String, Table, Text, select

_metadata = MetaData()
EVENTS = Table(  # the columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent we read
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
TRACKED_SLOTS = ("language", "municipality", "topic")


@dataclass
class Turn:
    """One user message and the assistant's answer to it, as the report needs them."""

    timestamp: float
    intent: str | None
    first: bool = False  # the first turn of its conversation
    feedback: str | None = None  # the feedback button's code, if this was one
    actions: set[str] = field(default_factory=set)
    slots: dict[str, Any] = field(default_factory=dict)  # state after the turn
    search: dict[str, Any] | None = None  # the search_outcome slot set in this turn


def _data(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _feedback_code(data: dict[str, Any]) -> str | None:
    entities = (data.get("parse_data") or {}).get("entities") or []
    for entity in entities:
        if isinstance(entity, dict) and entity.get("entity") == "feedback":
            return str(entity.get("value"))
    return None


def read_turns(connection: Connection) -> Iterator[Turn]:
    """Every turn of every conversation, conversation by conversation (all of them: the
    report's `--since` filters whole weeks afterwards, see demand_report/figures.py)."""
    query = select(
        EVENTS.c.sender_id,
        EVENTS.c.type_name,
        EVENTS.c.timestamp,
        EVENTS.c.intent_name,
        EVENTS.c.action_name,
        EVENTS.c.data,
    ).order_by(EVENTS.c.sender_id, EVENTS.c.id)
    current_sender: str | None = None
    state: dict[str, Any] = {}
    turn: Turn | None = None
    first = True

    def finished(done: Turn | None) -> Turn | None:
        """The turn with the conversation's state after it."""
        if done is None:
            return None
        done.slots = dict(state)
        return done

    for row in connection.execute(query).yield_per(2000):
        if row.sender_id != current_sender:
            if (last := finished(turn)) is not None:
                yield last
            current_sender, state, turn = row.sender_id, {}, None
            first = True
        if row.type_name == "user":
            if (last := finished(turn)) is not None:
                yield last
            stamp = float(row.timestamp or 0)
            turn = Turn(stamp, row.intent_name, first, _feedback_code(_data(row.data)))
            first = False
        elif row.type_name == "slot":
            data = _data(row.data)
            name = data.get("name")
            if name in TRACKED_SLOTS:
                state[str(name)] = data.get("value")
            elif name == "search_outcome" and turn is not None:
                value = data.get("value")
                turn.search = value if isinstance(value, dict) else None
        elif row.type_name == "action" and turn is not None and row.action_name:
            turn.actions.add(str(row.action_name))
    if (last := finished(turn)) is not None:
        yield last
