"""Turns → anonymous weekly counts: what was asked, where, in which language, with what result.

A cell is (week, metric, topic, town, language) → count; nothing in it leads back to a
conversation. Weeks start on Monday (UTC) and are named by that date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from demand_report.events import Turn
from offer_db.vocabulary import Category

NONE = ""  # a dimension that does not apply or is unknown (stored as '' so keys compare)
FALLBACK_INTENTS = frozenset({"nlu_fallback"})
FALLBACK_ACTIONS = frozenset({"action_default_fallback"})
HANDOFF_ACTION = "action_handoff"  # a ticket for a person was opened (actions/handoff.py)
FEEDBACK_INTENT = "feedback"
QUESTION_PREFIX = "ask_"  # ask_kita, ask_school ...: a question about a topic (Category)


class Metric(StrEnum):
    """What a cell counts."""

    TURN = "turn"  # every user message (the base of the unanswered rate)
    QUESTION = "question"  # a question about a topic (topic, town known so far, language)
    SEARCH = "search"  # a search for offers (topic, town searched)
    NO_OFFER = "no_offer"  # a search that found no offer in that town
    UNANSWERED = "unanswered"  # the assistant did not understand (fallback)
    HANDOFF = "handoff"  # handed to a person
    FEEDBACK_UP = "feedback_up"
    FEEDBACK_DOWN = "feedback_down"


@dataclass(frozen=True, order=True)
class Cell:
    week: str  # ISO date of the week's Monday
    metric: str
    topic: str = NONE
    municipality: str = NONE
    language: str = NONE


def week_of(timestamp: float) -> str:
    day = dt.datetime.fromtimestamp(timestamp, dt.UTC).date()
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def _topic_of_intent(intent: str | None) -> str | None:
    if not intent or not intent.startswith(QUESTION_PREFIX):
        return None
    name = intent[len(QUESTION_PREFIX) :]
    return name if name in set(Category) else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else NONE


def cells_of(turn: Turn) -> list[Cell]:
    """The cells one turn adds to (each by one)."""
    week = week_of(turn.timestamp)
    language = _text(turn.slots.get("language"))
    town = _text(turn.slots.get("municipality"))
    out = [Cell(week, Metric.TURN, language=language)]
    topic = _topic_of_intent(turn.intent)
    if topic is not None:
        out.append(Cell(week, Metric.QUESTION, topic, town, language))
    if turn.search is not None:
        searched = (_text(turn.search.get("topic")), _text(turn.search.get("municipality")))
        out.append(Cell(week, Metric.SEARCH, *searched, language))
        if turn.search.get("total") == 0:
            out.append(Cell(week, Metric.NO_OFFER, *searched, language))
    if turn.intent in FALLBACK_INTENTS or turn.actions & FALLBACK_ACTIONS:
        out.append(Cell(week, Metric.UNANSWERED, language=language))
    if HANDOFF_ACTION in turn.actions:
        out.append(Cell(week, Metric.HANDOFF, municipality=town, language=language))
    if turn.intent == FEEDBACK_INTENT and turn.feedback in ("up", "down"):
        metric = Metric.FEEDBACK_UP if turn.feedback == "up" else Metric.FEEDBACK_DOWN
        out.append(Cell(week, metric, _text(turn.slots.get("topic")), town, language))
    return out


def count(turns: Iterable[Turn]) -> Counter[Cell]:
    """All cells of `turns`, counted."""
    counts: Counter[Cell] = Counter()
    for turn in turns:
        counts.update(cells_of(turn))
    return counts
