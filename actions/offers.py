"""Finding offers: asks for what a topic needs, then answers from the offer database.

A form implemented as one action (rather than a Rasa form): it must cope with answers that
arrive in any order, with buttons and free text mixed, and with the user switching topic or
municipality at any time; keeping that in Python keeps it deterministic and unit-tested.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.exc import SQLAlchemyError

from actions import offer_rendering as render
from actions.base import DomainDict, LocalizedAction, Reply, latest_entity, latest_metadata
from actions.buttons import language_button, payload
from actions.offer_store import offer_session
from contract.messages import TYPE_KEY, PayloadType
from offer_db import reference
from offer_db.search import OfferQuery, get_offer, get_procedure, search_offers
from offer_db.vocabulary import LEVELS

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
MUNICIPALITIES = tuple(m.name for m in reference.municipalities())
TOPIC_BY_INTENT = {
    "ask_language_course": "language_course",
    "ask_school": "school",
    "ask_kita": "kita",
    "ask_school_to_work": "school_to_work",
    "ask_counseling": "counseling",
    "ask_volunteering": "volunteering",
}
TOPICS = tuple(TOPIC_BY_INTENT.values())
# What each topic must know before searching, in the order it is asked.
NEEDS: dict[str, tuple[str, ...]] = {
    "kita": ("municipality", "child_age"),
    "school": ("municipality", "child_age"),
    "language_course": ("municipality", "course_level"),
}
ANY_LEVEL = "any"
# Any CEFR level, also one no course here teaches ("C2"): worth naming in the answer.
CEFR_LEVEL = re.compile(r"[ABC][12]")
# A bare detail ("inform") with no topic yet is read as the most likely topic question, when the
# classifier gave that one at least this much: "روضة ... ٣ سنوات في Wegberg" is a Kita question
# even when the town and age made it look like an answer.
TOPIC_FROM_RANKING_MIN = 0.2


@dataclass(frozen=True)
class Wishes:
    """What the user asked for so far."""

    topic: str | None
    municipality: str | None
    child_age: int | None
    course_level: str | None
    near: tuple[float, float] | None = None  # a location the user shared


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
    except (TypeError, ValueError):
        return None
    return age if 0 <= age <= 18 else None


def parse_level(value: Any) -> str | None:
    """A level the courses teach ("b1" -> "B1") or "any"; None for anything else ("C2")."""
    level = str(value).strip().upper() if value is not None else ""
    if level in LEVELS:
        return level
    return ANY_LEVEL if level == ANY_LEVEL.upper() else None


def missing_detail(wishes: Wishes) -> str | None:
    """The first detail the topic needs that the user has not given yet."""
    if wishes.topic is None:
        return "topic"
    for need in NEEDS.get(wishes.topic, ("municipality",)):
        if need == "municipality" and wishes.near is not None:
            continue
        if getattr(wishes, need) is None:
            return need
    return None


def topic_buttons(reply: Reply) -> list[dict[str, str]]:
    return [reply.button(f"topic.{t}", payload("inform", topic=t)) for t in TOPICS]


def ask(reply: Reply, detail: str, wishes: Wishes) -> None:
    """Asks for one missing detail, with buttons where the answers are a short list."""
    if detail == "topic":
        reply.say("ask.topic", buttons=topic_buttons(reply))
    elif detail == "municipality":
        buttons = [
            {"title": m, "payload": payload("inform", municipality=m)} for m in MUNICIPALITIES
        ]
        reply.say("ask.municipality", buttons=buttons, topic=reply.text(f"topic.{wishes.topic}"))
        # Channels that can (Telegram) add a "share my location" button to this question.
        reply.custom({TYPE_KEY: PayloadType.REQUEST_LOCATION})
    elif detail == "child_age":
        reply.say("ask.child_age")
    elif detail == "course_level":
        buttons = [{"title": lv, "payload": payload("inform", course_level=lv)} for lv in LEVELS]
        buttons.append(reply.button("ask.level_any", payload("inform", course_level=ANY_LEVEL)))
        reply.say("ask.course_level", buttons=buttons)


class ActionFindOffers(LocalizedAction):
    """Answers ask_* questions and the details the user gives (inform, buttons)."""

    action_name = "action_find_offers"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        offer_ref = latest_entity(tracker, "offer_ref")
        if offer_ref:
            return show_details(reply, offer_ref)
        page = latest_entity(tracker, "page")
        if page == "change_municipality":
            ask(reply, "municipality", self._wishes(tracker, intent))
            return [SlotSet("awaiting", "municipality"), SlotSet("municipality", None)]

        wishes = self._wishes(tracker, intent)
        events: list[EventType] = [SlotSet("topic", wishes.topic), SlotSet("failed_turns", 0)]
        shared = shared_location(latest_metadata(tracker).get("location"))
        if shared:
            # A location shared now replaces the town: "nearest to me".
            wishes = Wishes(wishes.topic, None, wishes.child_age, wishes.course_level, shared)
            events += [
                SlotSet("location", {"lat": shared[0], "lon": shared[1]}),
                SlotSet("municipality", None),
            ]
        elif latest_entity(tracker, "municipality"):
            wishes = Wishes(
                wishes.topic, wishes.municipality, wishes.child_age, wishes.course_level, None
            )
            events.append(SlotSet("location", None))
        raw_age = tracker.get_slot("child_age")
        if raw_age is not None and wishes.child_age is None:
            events.append(SlotSet("child_age", None))
            reply.say("ask.child_age_invalid")
            return [*events, SlotSet("awaiting", "child_age")]
        raw_level = tracker.get_slot("course_level")
        if wishes.topic == "language_course" and raw_level is not None and not wishes.course_level:
            events.append(SlotSet("course_level", None))
            asked_for = str(raw_level).strip().upper()
            if CEFR_LEVEL.fullmatch(asked_for):
                reply.say(
                    "ask.level_unavailable", level=asked_for, lowest=LEVELS[0], highest=LEVELS[-1]
                )
            ask(reply, "course_level", wishes)
            return [*events, SlotSet("awaiting", "course_level")]
        missing = missing_detail(wishes)
        if missing:
            ask(reply, missing, wishes)
            return [*events, SlotSet("awaiting", missing)]

        offset = 0
        if page == "next":
            offset = int(tracker.get_slot("results_offset") or 0) + PAGE_SIZE
        first_answer = tracker.get_slot("language") is None
        answer_search(reply, wishes, offset, offer_language_choice=first_answer)
        return [*events, SlotSet("awaiting", None), SlotSet("results_offset", offset)]

    @staticmethod
    def _wishes(tracker: Tracker, intent: str | None) -> Wishes:
        topic = (
            TOPIC_BY_INTENT.get(intent or "")
            or latest_entity(tracker, "topic")
            or tracker.get_slot("topic")
            or topic_from_ranking(tracker)
        )
        municipality = tracker.get_slot("municipality")
        return Wishes(
            topic=topic if topic in TOPICS else None,
            municipality=municipality if municipality in MUNICIPALITIES else None,
            child_age=parse_age(tracker.get_slot("child_age")),
            course_level=parse_level(tracker.get_slot("course_level")),
            near=shared_location(tracker.get_slot("location")),
        )


def topic_from_ranking(tracker: Tracker) -> str | None:
    """The best-ranked topic intent of the latest message, if it is likely enough."""
    for guess in (tracker.latest_message or {}).get("intent_ranking") or []:
        topic = TOPIC_BY_INTENT.get(guess.get("name") or "")
        if topic and float(guess.get("confidence") or 0) >= TOPIC_FROM_RANKING_MIN:
            return topic
    return None


def answer_search(
    reply: Reply, wishes: Wishes, offset: int, offer_language_choice: bool = False
) -> None:
    """Searches and sends the procedure (school, Kita), the short list and its buttons."""
    # A detail counts only for the topics that ask for it: a level from an earlier course
    # search must not filter counselling.
    needs = NEEDS.get(wishes.topic or "", ())
    level = wishes.course_level if "course_level" in needs else None
    query = OfferQuery(
        category=wishes.topic,
        municipality=None if wishes.near else wishes.municipality,
        near=wishes.near,
        level=None if level == ANY_LEVEL else level,
        child_age=wishes.child_age if wishes.topic in ("kita", "school") else None,
        limit=PAGE_SIZE,
        offset=offset,
    )
    topic_label = reply.text(f"topic.{wishes.topic}")
    try:
        with offer_session() as session:
            result = search_offers(session, query)
            proc = (
                get_procedure(session, wishes.municipality, wishes.topic)
                if wishes.topic in ("kita", "school")
                and wishes.municipality
                and not wishes.near
                and offset == 0
                else None
            )
            if proc is not None:
                reply.send(render.procedure(reply, proc))
            if not result.hits:
                reply.say(
                    "results.none",
                    topic=topic_label,
                    municipality=wishes.municipality or "Kreis Heinsberg",
                )
                reply.say(
                    "results.ask_ki",
                    buttons=[reply.button("button.contact", payload("ask_contact"))],
                )
                return
            start, end = offset + 1, offset + len(result.hits)
            key = (
                "results.near"
                if wishes.near
                else "results.fallback"
                if result.fallback
                else "results.intro"
            )
            lines = [
                reply.text(
                    key,
                    topic=topic_label,
                    municipality=wishes.municipality,
                    start=start,
                    end=end,
                    total=result.total,
                )
            ]
            if any(hit.offer.is_sample for hit in result.hits):
                lines.append(reply.text("results.sample_notice"))
            # The search measures from the town's centre when no location was shared: shown
            # only where it helps (offers in other towns) and saying from where.
            centre_of = None if wishes.near else wishes.municipality
            from_user = wishes.near is not None
            lines += [
                render.summary(
                    reply,
                    start + i,
                    hit.offer,
                    hit.distance_km if from_user or result.fallback else None,
                    centre_of,
                )
                for i, hit in enumerate(result.hits)
            ]
            buttons = [
                reply.button(
                    "button.details",
                    payload("inform", offer_ref=hit.offer.external_id),
                    number=start + i,
                )
                for i, hit in enumerate(result.hits)
            ]
            cards = [
                render.offer_card(reply, hit.offer, hit.distance_km if from_user else None)
                for hit in result.hits
            ]
    except SQLAlchemyError:
        logger.exception("offer search failed")
        reply.say("error.database")
        return
    if end < result.total:
        buttons.append(reply.button("button.more", payload("inform", page="next")))
    buttons.append(
        reply.button("button.other_municipality", payload("inform", page="change_municipality"))
    )
    if offer_language_choice:
        buttons.append(language_button(reply))
    reply.send("\n\n".join(lines), buttons)
    reply.custom({TYPE_KEY: PayloadType.OFFER_LIST, "topic": wishes.topic, "offers": cards})


def show_details(reply: Reply, external_id: str) -> list[EventType]:
    """The full details of one offer (a tapped "details" button)."""
    try:
        with offer_session() as session:
            offer = get_offer(session, external_id)
            if offer is None:
                reply.say("details.not_found")
                return []
            reply.send(render.details(reply, offer))
            reply.custom(
                {
                    TYPE_KEY: PayloadType.OFFER_DETAILS,
                    "offer": render.offer_card(reply, offer, None),
                }
            )
    except SQLAlchemyError:
        logger.exception("offer lookup failed")
        reply.say("error.database")
    return []
