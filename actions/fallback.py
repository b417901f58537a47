"""When the bot is unsure: "did you mean" buttons, and after two misses, the KI's contact."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.awaiting import awaiting, unsure_of_level
from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import payload
from actions.feedback_records import record_fallback
from actions.handoff import ask_to_confirm, handoff_possible
from actions.ki_contact import send_ki_contact
from actions.offers import ActionFindOffers
from actions.topics import DETAILS, TOPIC_BY_INTENT

MAX_GUESSES = 3
MIN_GUESS_CONFIDENCE = 0.08
GIVE_UP_AFTER = 2
# Intents that are not worth offering as a guess.
_NO_GUESS = {"nlu_fallback", "inform", "affirm", "deny", "out_of_scope"}


def guesses(tracker: Tracker) -> list[str]:
    """The classifier's top intents for the latest message, best first."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    names = [
        r["name"]
        for r in ranking
        if r.get("name") not in _NO_GUESS
        and float(r.get("confidence") or 0) >= MIN_GUESS_CONFIDENCE
    ]
    return names[:MAX_GUESSES]


def answers_pending_question(tracker: Tracker) -> bool:
    """True when an unsure message still carries the detail the bot asked for ("4", "Wegberg")."""
    pending = awaiting(tracker)
    found = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    # "نمی دانم" to the level question: any level, however unsure the classifier is.
    return pending in DETAILS and (pending in found or unsure_of_level(tracker))


def details_for_a_likely_topic(tracker: Tracker) -> bool:
    """True when the classifier wavers only between "a detail" and one topic question, and the
    message carries details: "روضة ... ٣ سنوات في Wegberg" is that topic's question either way."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    names = [r.get("name") for r in ranking if r.get("name") != "nlu_fallback"]
    top_two = set(names[:2])
    found = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    topic_question = bool(top_two & set(TOPIC_BY_INTENT))
    return "inform" in top_two and topic_question and bool(found & set(DETAILS))


class ActionClarify(LocalizedAction):
    action_name = "action_clarify"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if answers_pending_question(tracker) or details_for_a_likely_topic(tracker):
            # Searched here, not by FollowupAction: after a follow-up no rule applies, Rasa's
            # core fallback ran this action again, and the offers came five times until the
            # circuit breaker stopped the turn.
            return ActionFindOffers().respond(reply, tracker, domain)
        # Staff see what people ask that the assistant cannot answer (without the text).
        record_fallback(reply, tracker)
        failed = int(tracker.get_slot("failed_turns") or 0) + 1
        options = guesses(tracker)
        if failed >= GIVE_UP_AFTER:
            reply.say("clarify.give_up")
            send_ki_contact(reply)
            if handoff_possible(tracker):
                # Two misses in a row: offer a person of the team (the user confirms first).
                return [SlotSet("failed_turns", 0), ask_to_confirm(reply)]
            return [SlotSet("failed_turns", 0)]
        entities = {
            e["entity"]: str(e["value"])
            for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") in DETAILS
        }
        buttons = [reply.button(f"intent.{name}", payload(name, **entities)) for name in options]
        buttons.append(reply.button("button.help", payload("help")))
        reply.say("clarify.did_you_mean", buttons=buttons)
        return [SlotSet("failed_turns", failed)]


class ActionDefaultFallback(ActionClarify):
    """Rasa's core fallback (no rule applies) behaves like an unsure NLU result."""

    action_name = "action_default_fallback"
