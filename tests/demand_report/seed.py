"""A seeded event history in Rasa's `events` table (the rows Rasa 3.6's SQL tracker store
writes for user messages, actions and slots), and the figures it must give."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert

from tests.tracker_rows import RASA_EVENTS, TrackerRows

# The report is made on Monday 7 December 2026, noon: the weeks of 23 and 30 November are
# finished, the week of 7 December is not.
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
WEEK_1 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # Tuesday of the week of 23 Nov
WEEK_2 = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)  # Wednesday of the week of 30 Nov
WEEK_3 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # this morning

_ids = itertools.count(1)


@dataclass
class Conversation:
    """Events of one conversation, a second apart, as Rasa writes them."""

    sender: str
    start: dt.datetime
    rows: list[dict[str, Any]] = field(default_factory=list)

    def _row(self, type_name: str, data: dict[str, Any], **columns: Any) -> Conversation:
        at = self.start.timestamp() + len(self.rows)
        self.rows.append(
            {
                "sender_id": self.sender,
                "type_name": type_name,
                "timestamp": at,
                "intent_name": columns.get("intent_name"),
                "action_name": columns.get("action_name"),
                "data": json.dumps({"event": type_name, "timestamp": at, **data}),
            }
        )
        return self

    def user(self, text: str, intent: str, **entities: str) -> Conversation:
        parse = {
            "intent": {"name": intent, "confidence": 1.0},
            "entities": [{"entity": k, "value": v} for k, v in entities.items()],
        }
        return self._row("user", {"text": text, "parse_data": parse}, intent_name=intent)

    def action(self, name: str) -> Conversation:
        return self._row("action", {"name": name}, action_name=name)

    def slot(self, name: str, value: Any) -> Conversation:
        return self._row("slot", {"name": name, "value": value})

    def search(self, intent: str, topic: str, town: str, language: str, total: int) -> Conversation:
        """A question about `topic` in `town`, answered with `total` offers."""
        return (
            self.user(f"{topic} {town}", intent)
            .action("action_find_offers")
            .slot("language", language)
            .slot("topic", topic)
            .slot("municipality", town)
            .slot("search_outcome", {"topic": topic, "municipality": town, "total": total})
            .action("action_listen")
        )


def seed_history(rows: TrackerRows) -> list[str]:
    """Writes the history; returns the senders of the first week (for the retention test)."""
    conversations: list[Conversation] = []

    def new(start: dt.datetime) -> Conversation:
        conversation = Conversation(f"sender-{next(_ids):04d}", start)
        conversations.append(conversation)
        return conversation

    # Week 1: 4 Arabic Kita questions in Wegberg (found offers, the town given in a second
    # message), 3 German language-course
    # searches in Erkelenz that found none, 2 Ukrainian messages not understood, 1 Turkish
    # handoff from Hückelhoven.
    # The Kita questions come without a town first; the town follows as an answer.
    for i in range(4):
        new(WEEK_1 + dt.timedelta(minutes=i)).user("روضة", "ask_kita").action(
            "action_find_offers"
        ).slot("language", "ar").slot("topic", "kita").slot("awaiting", "municipality").action(
            "action_listen"
        ).search("inform", "kita", "Wegberg", "ar", 5)
    for i in range(3):
        new(WEEK_1 + dt.timedelta(hours=1, minutes=i)).search(
            "ask_language_course", "language_course", "Erkelenz", "de", 0
        )
    new(WEEK_1 + dt.timedelta(hours=2)).slot("language", "uk").user("???", "nlu_fallback").action(
        "action_clarify"
    ).slot("language", "uk").action("action_listen").user("!!!", "nlu_fallback").action(
        "action_clarify"
    ).action("action_listen")
    new(WEEK_1 + dt.timedelta(hours=3)).slot("municipality", "Hückelhoven").slot(
        "language", "tr"
    ).user("insan", "request_human").action("action_request_human").action("action_listen").user(
        "evet", "affirm"
    ).action("action_affirm").action("action_handoff").action("action_listen")
    first_week = [c.sender for c in conversations]

    # Week 2: 3 Arabic Kita questions in Wegberg, rated 👍 👍 👎; 1 Persian school question in
    # Heinsberg (a cell of one: shown as "< 3").
    for i, rating in enumerate(["up", "up", "down"]):
        new(WEEK_2 + dt.timedelta(minutes=i)).search("ask_kita", "kita", "Wegberg", "ar", 5).user(
            f'/feedback{{"feedback":"{rating}"}}', "feedback", feedback=rating
        ).action("action_feedback").action("action_listen")
    new(WEEK_2 + dt.timedelta(hours=1)).search("ask_school", "school", "Heinsberg", "fa", 2)

    # Week 3 (not finished): 2 German Kita questions in Wegberg.
    for i in range(2):
        new(WEEK_3 + dt.timedelta(minutes=i)).search("ask_kita", "kita", "Wegberg", "de", 5)

    with rows.engine.begin() as conn:
        conn.execute(insert(RASA_EVENTS), [r for c in conversations for r in c.rows])
    return first_week
