"""Turns → anonymous weekly counts: what was asked, where, in which language, with what result.

A cell is (week, metric, topic, town, language) → count; nothing in it leads back to a
conversation. Weeks start on Monday (UTC) and are named by that date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    """The cells one turn adds to (each by one); a question's cell is `question_of`'s."""
    week = week_of(turn.timestamp)
    language = _text(turn.slots.get("language"))
    town = _text(turn.slots.get("municipality"))
    out = [Cell(week, Metric.TURN, language=language)]
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


def question_of(turn: Turn) -> Cell | None:
    """The question a turn asks (topic, the town known so far, language), if it asks one."""
    topic = _topic_of_intent(turn.intent)
    if topic is None:
        return None
    town = _text(turn.slots.get("municipality"))
    language = _text(turn.slots.get("language"))
    return Cell(week_of(turn.timestamp), Metric.QUESTION, topic, town, language)


def count(turns: Iterable[Turn]) -> Counter[Cell]:
    """All cells of `turns`, counted.

    A question asked without a town ("I need a Kita") gets the town of the search that answers
    it later in the same conversation (after "Wegberg"), so questions count where people live.
    """
    counts: Counter[Cell] = Counter()
    open_question: Cell | None = None  # asked without a town, waiting for its search
    for turn in turns:
        if turn.first and open_question is not None:
            counts[open_question] += 1
            open_question = None
        counts.update(cells_of(turn))
        question = question_of(turn)
        if question is not None:
            if open_question is not None:
                counts[open_question] += 1
            open_question = None
            if question.municipality:
                counts[question] += 1
            else:
                open_question = question
        elif open_question is not None and turn.search is not None:
            town = _text(turn.search.get("municipality"))
            if turn.search.get("topic") == open_question.topic and town:
                open_question = replace(open_question, municipality=town)
            counts[open_question] += 1
            open_question = None
    if open_question is not None:
        counts[open_question] += 1
    return counts
