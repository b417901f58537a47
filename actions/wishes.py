"""What the user asked for so far, read from the conversation's slots and latest message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker

from actions.awaiting import Awaiting
from actions.base import latest_entity
from actions.topics import ANY_LEVEL, TOPIC_BY_INTENT, as_topic, needs, parse_level
from actions.topics import topic_from_ranking as likely_topic
from offer_db import reference
from offer_db.vocabulary import Category

MUNICIPALITIES = tuple(m.name for m in reference.municipalities())


@dataclass(frozen=True)
class Wishes:
    """What the user asked for so far; every detail None until known and valid."""

    topic: Category | None
    municipality: str | None
    child_age: int | None
    course_level: str | None  # a level taught, or ANY_LEVEL
    near: tuple[float, float] | None = None  # a location the user shared

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Wishes:
        """The wishes in the slots, the topic of this message's intent first."""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        topic = (
            TOPIC_BY_INTENT.get(intent or "")
            or latest_entity(tracker, "topic")
            or tracker.get_slot("topic")
            or likely_topic(tracker)
        )
        municipality = tracker.get_slot("municipality")
        return cls(
            topic=as_topic(topic),
            municipality=municipality if municipality in MUNICIPALITIES else None,
            child_age=parse_age(tracker.get_slot("child_age")),
            course_level=parse_level(tracker.get_slot("course_level")),
            near=shared_location(tracker.get_slot("location")),
        )

    def missing(self) -> Awaiting | None:
        """The first detail the topic needs that the user has not given yet."""
        if self.topic is None:
            return Awaiting.TOPIC
        for need in needs(self.topic):
            if need is Awaiting.MUNICIPALITY and self.near is not None:
                continue
            if getattr(self, need) is None:
                return need
        return None

    def uses(self, detail: Awaiting) -> bool:
        """Whether the search filters on `detail`: only the topic's own details count (a level
        from an earlier course search must not filter counselling)."""
        return self.topic is not None and detail in needs(self.topic)

    @property
    def level_filter(self) -> str | None:
        """The level to search for; None for "any level" and for topics without levels."""
        if not self.uses(Awaiting.COURSE_LEVEL) or self.course_level == ANY_LEVEL:
            return None
        return self.course_level


def shared_location(value: Any) -> tuple[float, float] | None:
    """(lat, lon) from channel metadata or the slot, when it is a plausible coordinate."""
    if not isinstance(value, dict):
        return None
    try:
        lat, lon = float(value["lat"]), float(value["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def parse_age(value: Any) -> int | None:
    """A child's age in whole years from a slot value; None when it is not a plausible age."""
    try:
        age = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None
    return age if 0 <= age <= 18 else None
