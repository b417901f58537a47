"""Handoff to a person: asks to confirm, then asks the channel to open a ticket.

Actions never write channel data: on "yes" the action sends the contract payload
`handoff_requested` with what the assistant knows (language, topic, town, the codes it
understood, the user's last messages as written); the channel core opens the ticket in the staff
desk and tells the user when staff answer (contract/README.md). In a group chat (volunteers'
groups) there is no handoff: the KI's contact instead, as before.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.awaiting import Awaiting, pending
from actions.base import DomainDict, LocalizedAction, Reply, latest_metadata
from actions.buttons import payload
from actions.ki_contact import send_ki_contact
from contract.messages import MAX_HANDOFF_CONTEXT, handoff_payload

# Chats in which a ticket can reach the user again: a private Telegram chat, the web chat.
HANDOFF_CHATS = frozenset({"private", "web"})
# Slots that say what the assistant understood, rendered in German for staff.
UNDERSTOOD_SLOTS = ("child_age", "course_level")


def handoff_possible(tracker: Tracker) -> bool:
    return str(latest_metadata(tracker).get("chat_type") or "private") in HANDOFF_CHATS


def ask_to_confirm(reply: Reply) -> EventType:
    """The question "write with a person?" with yes/no buttons; leaves it pending."""
    buttons = [
        reply.button("human.yes", payload("affirm")),
        reply.button("human.no", payload("deny")),
    ]
    reply.say("human.confirm", buttons=buttons)
    return pending(Awaiting.HANDOFF_CONFIRMATION)


def recent_user_texts(tracker: Tracker, limit: int = MAX_HANDOFF_CONTEXT) -> list[str]:
    """The user's last typed messages, as written (button and command payloads left out)."""
    texts: list[str] = []
    for event in reversed(tracker.events or []):
        if event.get("event") != "user":
            continue
        text = str(event.get("text") or "").strip()
        if text and not text.startswith("/"):
            texts.append(text)
        if len(texts) >= limit:
            break
    return list(reversed(texts))


def last_understood_intent(tracker: Tracker) -> str | None:
    """The last intent that was a question (not a detail, yes/no, small talk, the handoff)."""
    skip = {
        "affirm",
        "deny",
        "inform",
        "greet",
        "goodbye",
        "thank",
        "help",
        "change_language",
        "request_human",
        "nlu_fallback",
    }
    for event in reversed(tracker.events or []):
        if event.get("event") != "user":
            continue
        name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if name and name not in skip:
            return str(name)
    return None


def understood(tracker: Tracker) -> dict[str, str]:
    found: dict[str, Any] = {"intent": last_understood_intent(tracker)}
    for slot in UNDERSTOOD_SLOTS:
        found[slot] = tracker.get_slot(slot)
    return {k: _code(v) for k, v in found.items() if v not in (None, "")}


def _code(value: Any) -> str:
    # A float slot (child_age 3.0) reads as "3" for staff.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ActionRequestHuman(LocalizedAction):
    """ "I want to talk to a person" (intent, /human, the widget's button): asks to confirm."""

    action_name = "action_request_human"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not handoff_possible(tracker):
            reply.say("human.reach_team")
            send_ki_contact(reply)
            return []
        return [ask_to_confirm(reply)]


def hand_off(reply: Reply, tracker: Tracker) -> list[EventType]:
    """The user confirmed: asks the channel to open a ticket (no text; the channel answers).

    Called by `action_affirm` itself, not through a FollowupAction: the rules know "yes →
    action_affirm → listen", and an action run after it would leave the rule policy without a
    prediction (it then loops through the core fallback).
    """
    reply.custom(
        handoff_payload(
            reply.language,
            topic=_text(tracker.get_slot("topic")),
            municipality=_text(tracker.get_slot("municipality")),
            understood=understood(tracker),
            recent=recent_user_texts(tracker),
        )
    )
    return [pending(None)]


class ActionHandoff(LocalizedAction):
    """The handoff as an action of its own (for stories and rules that want one)."""

    action_name = "action_handoff"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return hand_off(reply, tracker)


def _text(value: Any) -> str | None:
    return str(value) if value else None
