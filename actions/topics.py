"""The topics a user can ask about: intent -> topic (an offer category) -> what it needs.

A topic is an offer category of `offer_db.vocabulary`; this module says which intent asks
for which topic, which details a search of each topic needs, in which order they are asked,
and which of them it filters on.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.awaiting import Awaiting
from actions.buttons import payload
from actions.reply import Reply
from offer_db.vocabulary import LEVELS, Category, ProcedureCategory, values

TOPIC_BY_INTENT: dict[str, Category] = {
    "ask_language_course": Category.LANGUAGE_COURSE,
    "ask_school": Category.SCHOOL,
    "ask_kita": Category.KITA,
    "ask_school_to_work": Category.SCHOOL_TO_WORK,
    "ask_counseling": Category.COUNSELING,
    "ask_volunteering": Category.VOLUNTEERING,
}
# In the order of the topic buttons.
TOPICS: tuple[Category, ...] = tuple(TOPIC_BY_INTENT.values())
# The details a search can use; each is a slot, an entity and a question of the same name.
DETAILS: tuple[Awaiting, ...] = (Awaiting.MUNICIPALITY, Awaiting.CHILD_AGE, Awaiting.COURSE_LEVEL)
# What each topic must know before searching, in the order it is asked; it filters on these.
_NEEDS: dict[Category, tuple[Awaiting, ...]] = {
    Category.KITA: (Awaiting.MUNICIPALITY, Awaiting.CHILD_AGE),
    Category.SCHOOL: (Awaiting.MUNICIPALITY, Awaiting.CHILD_AGE),
    Category.LANGUAGE_COURSE: (Awaiting.MUNICIPALITY, Awaiting.COURSE_LEVEL),
}
_NEEDS_ONLY_A_PLACE = (Awaiting.MUNICIPALITY,)
# The answer "not sure" to the level question: courses of every level.
ANY_LEVEL = "any"
# A bare detail ("inform") with no topic yet is read as the most likely topic question, when the
# classifier gave that one at least this much: "روضة ... ٣ سنوات في Wegberg" is a Kita question
# even when the town and age made it look like an answer.
TOPIC_FROM_RANKING_MIN = 0.2


def as_topic(value: Any) -> Category | None:
    """The topic named by a slot or entity value, None for anything else."""
    try:
        return Category(value)
    except ValueError:
        return None


def needs(topic: Category) -> tuple[Awaiting, ...]:
    """The details a search of `topic` needs, in the order they are asked."""
    return _NEEDS.get(topic, _NEEDS_ONLY_A_PLACE)


def has_procedure(topic: Category) -> bool:
    """Whether enrolment in `topic` follows a local procedure (school, Kita)."""
    return topic in values(ProcedureCategory)


def topic_from_ranking(tracker: Tracker) -> Category | None:
    """The best-ranked topic intent of the latest message, if it is likely enough."""
    for guess in (tracker.latest_message or {}).get("intent_ranking") or []:
        topic = TOPIC_BY_INTENT.get(guess.get("name") or "")
        if topic and float(guess.get("confidence") or 0) >= TOPIC_FROM_RANKING_MIN:
            return topic
    return None


def parse_level(value: Any) -> str | None:
    """A level the courses teach ("b1" -> "B1") or "any"; None for anything else ("C2")."""
    level = str(value).strip().upper() if value is not None else ""
    if level in LEVELS:
        return level
    return ANY_LEVEL if level == ANY_LEVEL.upper() else None


def topic_buttons(reply: Reply) -> list[dict[str, str]]:
    """One button per topic; a tap answers "What are you looking for?"."""
    return [reply.button(f"topic.{t}", payload("inform", topic=t)) for t in TOPICS]


def level_buttons(reply: Reply) -> list[dict[str, str]]:
    """The levels taught, and "not sure" (any level)."""
    buttons = [
        {"title": level, "payload": payload("inform", course_level=level)} for level in LEVELS
    ]
    buttons.append(reply.button("ask.level_any", payload("inform", course_level=ANY_LEVEL)))
    return buttons
