"""Feedback on answers (👍/👎) and the questions the assistant could not answer (issue 12).

The flow, all by buttons (`/feedback{"feedback": <code>}`):

1. after an answer with offers: "Did this help?" 👍 / 👎 (`ask_for_feedback`);
2. 👍 is stored and thanked; 👎 is stored and asks what was missing (the `Reason` buttons);
3. a reason is stored and asks for consent: may the team keep the question (and a note)?
4. yes: the question's text is kept with the unanswered questions, and the next message is the
   user's note (`Awaiting.FEEDBACK_NOTE`, taken by `take_note` whatever its intent); no: the
   unanswered question is kept without any text.

Feedback carries the pseudonymous sender so that erasing the conversation erases it;
unanswered questions carry no sender at all, and a text only with the user's consent, with
e-mail addresses, phone numbers and links replaced first.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions import feedback_store as store
from actions.awaiting import Awaiting, pending
from actions.base import DomainDict, LocalizedAction, Reply, latest_entity
from actions.buttons import payload
from actions.feedback_records import Source, is_payload, record_safely, scrub
from staff_desk.vocabulary import Score

INTENT = "feedback"
ENTITY = "feedback"


class Reason(StrEnum):
    """What was missing in an answer (the buttons after a 👎, in this order)."""

    WRONG_PLACE = "wrong_place"
    WRONG_TOPIC = "wrong_topic"
    OUTDATED = "outdated"
    NOT_UNDERSTOOD = "not_understood"
    OTHER = "other"


class Consent(StrEnum):
    """The answers to "may the team keep your question?"."""

    YES = "keep_text"
    NO = "no_text"


def feedback_buttons(reply: Reply) -> list[dict[str, str]]:
    return [
        reply.button("feedback.button_up", payload(INTENT, feedback=Score.UP)),
        reply.button("feedback.button_down", payload(INTENT, feedback=Score.DOWN)),
    ]


def ask_for_feedback(reply: Reply) -> None:
    """ "Did this help?" with 👍/👎, after an answer with offers."""
    reply.say("feedback.ask", buttons=feedback_buttons(reply))


def last_question(tracker: Tracker) -> dict[str, Any] | None:
    """The latest user message before this one that the user wrote (not a button's payload)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    for event in reversed(users[:-1]):
        text = str(event.get("text") or "")
        if text and not is_payload(text):
            return event
    return None


def context_of(
    tracker: Tracker, language: str, question: dict[str, Any] | None
) -> store.AnswerContext:
    """The intent, language and town an answer was about."""
    intent = ((question or {}).get("parse_data") or {}).get("intent") or {}
    return store.AnswerContext(
        intent=intent.get("name"),
        language=language,
        municipality=tracker.get_slot("municipality"),
    )


class ActionFeedback(LocalizedAction):
    """The feedback buttons: 👍, 👎, what was missing, and the consent to keep the text."""

    action_name = "action_feedback"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        code = latest_entity(tracker, ENTITY) or ""
        question = last_question(tracker)
        about = context_of(tracker, reply.language, question)
        sender = tracker.sender_id
        if code == Score.UP:
            record_safely(reply, store.record_score, sender, Score.UP, about)
            reply.say("feedback.thanks")
        elif code == Score.DOWN:
            record_safely(reply, store.record_score, sender, Score.DOWN, about)
            buttons = [
                reply.button(f"feedback.reason.{r.value}", payload(INTENT, feedback=r.value))
                for r in Reason
            ]
            reply.say("feedback.ask_reason", buttons=buttons)
        elif code in set(Reason):
            record_safely(reply, store.record_reason, sender, code)
            buttons = [
                reply.button("feedback.button_keep_text", payload(INTENT, feedback=Consent.YES)),
                reply.button("feedback.button_no_text", payload(INTENT, feedback=Consent.NO)),
            ]
            reply.say("feedback.ask_consent", buttons=buttons)
        elif code == Consent.YES:
            text = scrub(str(question.get("text"))) if question else None
            record_safely(reply, store.record_unanswered, about, Source.FEEDBACK, None, text)
            reply.say("feedback.ask_note")
            return [pending(Awaiting.FEEDBACK_NOTE)]
        elif code == Consent.NO:
            record_safely(reply, store.record_unanswered, about, Source.FEEDBACK)
            reply.say("feedback.thanks_down")
        else:  # an unknown code: an old button; ask again rather than guess
            reply.say("feedback.ask", buttons=feedback_buttons(reply))
        return [pending(None)]
