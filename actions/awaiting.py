"""What the assistant asked and now waits for: the values of the `awaiting` slot.

The slot decides how the next short message is read: "4" after "How old is the child?" is an
age, "yes" after "Delete your data?" confirms. Whoever asks sets it; whoever answers clears it
(None), so a stale question never captures a later message.
"""

from __future__ import annotations

from enum import StrEnum

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

SLOT = "awaiting"


class Awaiting(StrEnum):
    """The questions the assistant can leave pending, named as the detail they ask for.

    The details (municipality, child_age, course_level) are also the names of the slots and
    entities that answer them.
    """

    TOPIC = "topic"  # "What are you looking for?" with the topic buttons
    MUNICIPALITY = "municipality"  # town buttons and "share my location"
    CHILD_AGE = "child_age"  # an age in years, 0 to 18
    COURSE_LEVEL = "course_level"  # the levels taught, and "not sure"
    DELETE_CONFIRMATION = "delete_confirmation"  # "yes" erases the conversation, "no" keeps it
    HANDOFF_CONFIRMATION = "handoff_confirmation"  # "yes" opens a ticket for a person
    FEEDBACK_NOTE = "feedback_note"  # after a 👎 and consent: the next text is the user's note


def awaiting(tracker: Tracker) -> Awaiting | None:
    """The pending question of the conversation, None when nothing (or nothing known) is."""
    try:
        return Awaiting(tracker.get_slot(SLOT))
    except ValueError:
        return None


def pending(question: Awaiting | None) -> EventType:
    """The event that leaves `question` pending (None: nothing is pending any more)."""
    return SlotSet(SLOT, question)


def unsure_of_level(tracker: Tracker) -> bool:
    """An "I don't know" to the level question ("keine Ahnung", "idk", "نمی دانم"): any level.
    "not sure, maybe A1" names a level after all."""
    entities = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    return (
        awaiting(tracker) is Awaiting.COURSE_LEVEL
        and "unsure" in entities
        and "course_level" not in entities
    )
