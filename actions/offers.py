"""Finding offers: asks for what a topic needs, then answers from the offer database.

A form implemented as one action (rather than a Rasa form): it must cope with answers that
arrive in any order, with buttons and free text mixed, and with the user switching topic or
municipality at any time; keeping that in Python keeps it deterministic and unit-tested.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions import offer_rendering as render
from actions.awaiting import Awaiting, pending, unsure_of_level
from actions.base import DomainDict, LocalizedAction, Reply, latest_entity, latest_metadata
from actions.buttons import language_button, payload
from actions.feedback import ask_for_feedback
from actions.knowledge import answer_general_question
from actions.list_pick import picked_offer
from actions.offer_store import offer_lookup
from actions.topics import ANY_LEVEL, has_procedure, level_buttons, topic_buttons
from actions.wishes import MUNICIPALITIES, Wishes, shared_location
from contract.messages import TYPE_KEY, PayloadType
from offer_db.models import LocalProcedure
from offer_db.search import OfferQuery, SearchResult, get_offer, get_procedure, search_offers
from offer_db.vocabulary import LEVELS

PAGE_SIZE = 5
# Any CEFR level, also one no course here teaches ("C2"): worth naming in the answer.
CEFR_LEVEL = re.compile(r"[ABC][12]")


def ask(reply: Reply, detail: Awaiting, wishes: Wishes) -> None:
    """Asks for one missing detail, with buttons where the answers are a short list."""
    if detail is Awaiting.TOPIC:
        reply.say("ask.topic", buttons=topic_buttons(reply))
    elif detail is Awaiting.MUNICIPALITY:
        buttons = [
            {"title": m, "payload": payload("inform", municipality=m)} for m in MUNICIPALITIES
        ]
        reply.say("ask.municipality", buttons=buttons, topic=reply.text(f"topic.{wishes.topic}"))
        # Channels that can (Telegram) add a "share my location" button to this question.
        reply.custom({TYPE_KEY: PayloadType.REQUEST_LOCATION})
    elif detail is Awaiting.CHILD_AGE:
        reply.say("ask.child_age")
    elif detail is Awaiting.COURSE_LEVEL:
        reply.say("ask.course_level", buttons=level_buttons(reply))


class ActionFindOffers(LocalizedAction):
    """Answers ask_* questions and the details the user gives (inform, buttons)."""

    action_name = "action_find_offers"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offer_ref = latest_entity(tracker, "offer_ref") or picked_offer(tracker)
        if offer_ref:
            show_details(reply, offer_ref)
            return []
        if unsure_of_level(tracker):
            return self.search_any_level(reply, tracker, domain)
        answered = answer_general_question(reply, tracker)  # "Is school compulsory?": no town first
        if answered is not None:
            return answered
        wishes = Wishes.from_tracker(tracker)
        page = latest_entity(tracker, "page")
        if page == "change_municipality":
            ask(reply, Awaiting.MUNICIPALITY, wishes)
            return [pending(Awaiting.MUNICIPALITY), SlotSet("municipality", None)]

        events: list[EventType] = [SlotSet("topic", wishes.topic), SlotSet("failed_turns", 0)]
        shared = shared_location(latest_metadata(tracker).get("location"))
        if shared:
            # A location shared now replaces the town: "nearest to me".
            wishes = dataclasses.replace(wishes, municipality=None, near=shared)
            events += [
                SlotSet("location", {"lat": shared[0], "lon": shared[1]}),
                SlotSet("municipality", None),
            ]
        elif latest_entity(tracker, "municipality"):
            wishes = dataclasses.replace(wishes, near=None)
            events.append(SlotSet("location", None))
        invalid = ask_again_for_invalid(reply, tracker, wishes)
        if invalid is not None:
            return [*events, SlotSet(invalid, None), pending(invalid)]
        missing = wishes.missing()
        if missing is not None:
            ask(reply, missing, wishes)
            return [*events, pending(missing)]

        offset = 0
        if page == "next":
            offset = int(tracker.get_slot("results_offset") or 0) + PAGE_SIZE
        first_answer = tracker.get_slot("language") is None
        found = answer_search(reply, wishes, offset, offer_language_choice=first_answer)
        if found is not None and offset == 0:
            events.append(SlotSet("search_outcome", search_outcome(wishes, found)))
        return [*events, pending(None), SlotSet("results_offset", offset)]

    def search_any_level(
        self, reply: Reply, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The search for courses of every level: "no", "I don't know" to the level question."""
        with_any_level = copy.copy(tracker)
        # The level question is answered: nothing is pending in the search below.
        with_any_level.slots = {**tracker.slots, "course_level": ANY_LEVEL, "awaiting": None}
        return [SlotSet("course_level", ANY_LEVEL), *self.respond(reply, with_any_level, domain)]


def search_outcome(wishes: Wishes, found: Found) -> dict[str, object]:
    """What a new search found, for the demand report: topic, town (None near a shared
    location) and the number of offers; no wish beyond these (age, level) is recorded."""
    return {
        "topic": wishes.topic,
        "municipality": None if wishes.near else wishes.municipality,
        "total": found.result.total,
    }


def ask_again_for_invalid(reply: Reply, tracker: Tracker, wishes: Wishes) -> Awaiting | None:
    """Asks again for a detail given in a form the search cannot use; None when all are fine.

    An impossible age ("40") or a level no course teaches ("C2", named with the levels on
    offer) would otherwise fail the search or find nothing without saying why.
    """
    if tracker.get_slot("child_age") is not None and wishes.child_age is None:
        reply.say("ask.child_age_invalid")
        return Awaiting.CHILD_AGE
    level = tracker.get_slot("course_level")
    if level is not None and wishes.course_level is None and wishes.uses(Awaiting.COURSE_LEVEL):
        asked_for = str(level).strip().upper()
        if CEFR_LEVEL.fullmatch(asked_for):
            reply.say(
                "ask.level_unavailable", level=asked_for, lowest=LEVELS[0], highest=LEVELS[-1]
            )
        ask(reply, Awaiting.COURSE_LEVEL, wishes)
        return Awaiting.COURSE_LEVEL
    return None


@dataclass(frozen=True)
class Found:
    """What one search found: a page of offers, and the local procedure when it applies."""

    result: SearchResult
    procedure: LocalProcedure | None


def search_query(wishes: Wishes, offset: int) -> OfferQuery:
    """The database query for `wishes`: a shared location replaces the town."""
    return OfferQuery(
        category=wishes.topic,
        municipality=None if wishes.near else wishes.municipality,
        near=wishes.near,
        level=wishes.level_filter,
        child_age=wishes.child_age if wishes.uses(Awaiting.CHILD_AGE) else None,
        limit=PAGE_SIZE,
        offset=offset,
    )


def find(session: Session, wishes: Wishes, offset: int) -> Found:
    """Searches (inside the session); the first page of a town's school or Kita search also
    brings the town's enrolment procedure."""
    result = search_offers(session, search_query(wishes, offset))
    procedure = None
    topic, town = wishes.topic, wishes.municipality
    if topic and has_procedure(topic) and town and not wishes.near and offset == 0:
        procedure = get_procedure(session, town, topic)
    return Found(result, procedure)


def answer_search(
    reply: Reply, wishes: Wishes, offset: int, offer_language_choice: bool = False
) -> Found | None:
    """Searches, then sends the procedure (school, Kita), the short list and its buttons.

    Returns what was found; None when the database did not answer (the user has been told).
    """
    found: Found | None = None
    with offer_lookup(reply, "offer search") as session:
        found = find(session, wishes, offset)
    if found is not None:
        present(reply, wishes, found, offset, offer_language_choice)
    return found


def present(
    reply: Reply, wishes: Wishes, found: Found, offset: int, offer_language_choice: bool
) -> None:
    """Renders what `find` returned (outside the database session)."""
    result = found.result
    topic_label = reply.text(f"topic.{wishes.topic}")
    if found.procedure is not None:
        reply.send(render.procedure(reply, found.procedure))
    if not result.hits:
        reply.say(
            "results.none", topic=topic_label, municipality=wishes.municipality or "Kreis Heinsberg"
        )
        reply.say(
            "results.ask_ki", buttons=[reply.button("button.contact", payload("ask_contact"))]
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
    # Without a shared location the search measures from the town's centre: shown only where
    # it helps (offers in other towns), and saying from where.
    from_user = wishes.near is not None
    centre_of = None if from_user else wishes.municipality
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
            "button.details", payload("inform", offer_ref=hit.offer.external_id), number=start + i
        )
        for i, hit in enumerate(result.hits)
    ]
    if end < result.total:
        buttons.append(reply.button("button.more", payload("inform", page="next")))
    buttons.append(
        reply.button("button.other_municipality", payload("inform", page="change_municipality"))
    )
    if offer_language_choice:
        buttons.append(language_button(reply))
    reply.send("\n\n".join(lines), buttons)
    cards = [
        render.offer_card(reply, hit.offer, hit.distance_km if from_user else None)
        for hit in result.hits
    ]
    reply.custom({TYPE_KEY: PayloadType.OFFER_LIST, "topic": wishes.topic, "offers": cards})
    ask_for_feedback(reply)


def show_details(reply: Reply, external_id: str) -> None:
    """The full details of one offer (a tapped "details" button)."""
    with offer_lookup(reply, "offer details") as session:
        offer = get_offer(session, external_id)
        if offer is None:
            reply.say("details.not_found")
            return
        reply.send(render.details(reply, offer))
        card = render.offer_card(reply, offer, None)
        reply.custom({TYPE_KEY: PayloadType.OFFER_DETAILS, "offer": card})
