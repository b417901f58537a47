"""Storing what users say about answers, safely: one record per turn, failures only logged.

Used by the feedback action, by the fallbacks (unanswered questions) and by every action
through `take_note` (the note after a 👎 may arrive with any intent). Imports no action, so
`actions.base` can use it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions import feedback_store as store
from actions.awaiting import Awaiting, awaiting, pending
from actions.failures import log_failure
from actions.reply import Reply


class Source(StrEnum):
    """Why a question counts as unanswered."""

    FALLBACK = "fallback"
    FEEDBACK = "feedback"


# Personal details a user may type into a question; replaced before a text is kept.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"(?:https?://|www\.)[^\s,;]+", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s/().-]{5,}\d")
MAX_TEXT = 500


def scrub(text: str) -> str:
    """The text without e-mail addresses, links and phone numbers, at most MAX_TEXT long."""
    text = _EMAIL.sub("[email]", text)
    text = _LINK.sub("[link]", text)
    text = _PHONE.sub("[number]", text)
    return " ".join(text.split())[:MAX_TEXT]


def is_payload(text: str) -> bool:
    """A button's payload (`/intent{...}`): typed text never starts so, the channels strip it."""
    return text.startswith("/")


def record_safely(reply: Reply, record: Any, *args: Any) -> None:
    """Stores once per turn (not again for the volunteer mode's second language); a database
    failure is logged and costs only the record, never the answer."""
    if reply.is_echo:
        return
    try:
        record(*args)
    except Exception as error:  # feedback must never cost an answer
        log_failure(f"storing feedback ({record.__name__})", error)


def take_note(reply: Reply, tracker: Tracker) -> list[EventType] | None:
    """The user's note after a 👎 (they agreed to it), whatever the message's intent.

    None when no note is awaited, or the message is a button's payload (the user moved on):
    then the action answers as usual. Emergencies are never taken as a note.
    """
    if awaiting(tracker) is not Awaiting.FEEDBACK_NOTE:
        return None
    latest = tracker.latest_message or {}
    text = str(latest.get("text") or "")
    intent = (latest.get("intent") or {}).get("name")
    if not text or is_payload(text) or intent == "emergency":
        return None
    record_safely(reply, store.record_text, tracker.sender_id, scrub(text))
    reply.say("feedback.thanks_down")
    return [pending(None)]


def record_fallback(reply: Reply, tracker: Tracker) -> None:
    """A message the assistant did not understand, without its text (no consent was asked)."""
    latest = tracker.latest_message or {}
    ranking = [
        r for r in latest.get("intent_ranking") or [] if r.get("name") not in (None, "nlu_fallback")
    ]
    best = ranking[0] if ranking else {}
    about = store.AnswerContext(
        intent=best.get("name"),
        language=reply.language,
        municipality=tracker.get_slot("municipality"),
    )
    confidence = best.get("confidence")
    record_safely(
        reply,
        store.record_unanswered,
        about,
        Source.FALLBACK,
        float(confidence) if confidence is not None else None,
    )
